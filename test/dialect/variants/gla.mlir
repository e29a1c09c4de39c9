// Gated Linear Attention, GLA (Yang, Wang, Shen, Panda, Kim 2024, arXiv
// 2312.06635); VARIANTS.md 4.5, in quadratic form.
//
//   S_t = diag(alpha_t) S_{t-1} + k_t v_t^T,  o_t = S_t^T (tau q_t)
//   <=> o_i = sum_{j <= i'} tau sum_d q_id k_jd exp(sum_{t=j+1..i'} g_td) v_j
//
// g = log alpha = logsigmoid(x W_a1 W_a2 + b) / 16 <= 0 is a per-channel,
// per-token log-decay [B, H, M, Dqk] (qk's decay of rank 4); tau = 1/sqrt(dk)
// is the default scale. No normaliser (identity map to probs after the causal
// mask). The output norm and swish gate of the layer follow outside.
// GLA-1.3B shapes: 4 heads, dk = 256, dv = 512.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @gla(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x4x?x256xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x4x?x256xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x4x?x512xbf16>,
// CHECK-SAME:      %[[G:[a-zA-Z0-9_]+]]: tensor<?x4x?x256xf32>) -> tensor<?x4x?x512xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<?x4x?x256xf32>) : tensor<?x4x?x256xbf16>, tensor<?x4x?x256xbf16> -> !attn.scores<logits, 4>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 4>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.map %[[SM]] : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     attn.yield %[[X]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 4>, tensor<?x4x?x512xbf16> -> tensor<?x4x?x512xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x4x?x512xbf16>
// CHECK-NEXT: }
attn.variant @gla(%q: tensor<?x4x?x256xbf16>, %k: tensor<?x4x?x256xbf16>,
                  %v: tensor<?x4x?x512xbf16>, %g: tensor<?x4x?x256xf32>)
    -> tensor<?x4x?x512xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<?x4x?x256xf32>)
         : tensor<?x4x?x256xbf16>, tensor<?x4x?x256xbf16> -> !attn.scores<logits, 4>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 4>
  %p = attn.map %sm : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x512xbf16>
         -> tensor<?x4x?x512xbf16>
  attn.return %o : tensor<?x4x?x512xbf16>
}
