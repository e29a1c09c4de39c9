// Decayed linear attention with a constant per-head decay, in its quadratic
// (parallel) form: RetNet retention (Sun et al. 2023, arXiv 2307.08621) and
// Lightning Attention (TransNormerLLM / Lightning-2, Qin et al. 2024,
// arXiv 2401.04658; MiniMax-01); VARIANTS.md 4.2, 4.3 and the general
// algorithm of section 4.
//
//   o_i = sum_{j <= i'} (tau q_i.k_j) gamma_h^(i' - j) v_j,  i' = i + (M - N)
//
// qk's decay(g : tensor<H x f32>) with g_h = log(gamma_h) <= 0 multiplies each
// score by exp(g_h (i' - j)). There is no normaliser: an identity map turns
// the causally masked logits into probs (masked entries become 0), so the
// chunked / recurrent evaluation of section 4 applies.
//
// @lightning: O = [(Q K^T) (.) M] V with M_ts = lambda^(t - s) and no scale
// (scale 1.0); fla sets log lambda_h = -(8/H)(1 - l/L) h, passed in as %g.
// @retnet: fla's retention (plain sum gamma^(n-m) q.k v, K scaled by
// d^(-1/2), i.e. the default scale; gamma_h = 1 - 2^(-5-h)). The torchscale
// row normalisations (D row norm, R normalisation) are omitted: the per-head
// GroupNorm that follows cancels them up to eps (VARIANTS.md 4.2).

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// MiniMax-01 shapes: 64 heads of dim 128.
// CHECK-LABEL: attn.variant @lightning(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x64x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x64x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x64x?x128xbf16>,
// CHECK-SAME:      %[[G:[a-zA-Z0-9_]+]]: tensor<64xf32>) -> tensor<?x64x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<64xf32>) scale 1.000000e+00 : tensor<?x64x?x128xbf16>, tensor<?x64x?x128xbf16> -> !attn.scores<logits, 64>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 64>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.map %[[SM]] : !attn.scores<logits, 64> -> !attn.scores<probs, 64> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     attn.yield %[[X]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 64>, tensor<?x64x?x128xbf16> -> tensor<?x64x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x64x?x128xbf16>
// CHECK-NEXT: }
attn.variant @lightning(%q: tensor<?x64x?x128xbf16>, %k: tensor<?x64x?x128xbf16>,
                        %v: tensor<?x64x?x128xbf16>, %g: tensor<64xf32>)
    -> tensor<?x64x?x128xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<64xf32>) scale 1.0
         : tensor<?x64x?x128xbf16>, tensor<?x64x?x128xbf16> -> !attn.scores<logits, 64>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 64>
  %p = attn.map %sm : !attn.scores<logits, 64> -> !attn.scores<probs, 64> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 64>, tensor<?x64x?x128xbf16>
         -> tensor<?x64x?x128xbf16>
  attn.return %o : tensor<?x64x?x128xbf16>
}

// RetNet: value dim twice the key dim (dk 128, dv 256), 16 heads.
// CHECK-LABEL: attn.variant @retnet(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x256xbf16>,
// CHECK-SAME:      %[[G:[a-zA-Z0-9_]+]]: tensor<16xf32>) -> tensor<?x16x?x256xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<16xf32>) : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.map %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     attn.yield %[[X]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x256xbf16> -> tensor<?x16x?x256xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x16x?x256xbf16>
// CHECK-NEXT: }
attn.variant @retnet(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                     %v: tensor<?x16x?x256xbf16>, %g: tensor<16xf32>)
    -> tensor<?x16x?x256xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<16xf32>)
         : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.map %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x256xbf16>
         -> tensor<?x16x?x256xbf16>
  attn.return %o : tensor<?x16x?x256xbf16>
}
