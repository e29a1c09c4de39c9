// Softpick: rectified softmax (Zuhri, Fuadi, Aji 2025, "Softpick: No Attention
// Sink, No Massive Activations with Rectified Softmax", arXiv 2504.20966);
// VARIANTS.md section 3.
//
//   p_ij = relu(exp(s_ij) - 1) / (sum_{j' allowed} |exp(s_ij') - 1| + eps)
//   s_ij = q_i.k_j / sqrt(d), causal, eps = 1e-6;  o_i = sum_j p_ij v_j
//
// attn.softpick's eps defaults to 1e-6, so the printer omits it.
// 16 heads of dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @softpick(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>) -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softpick %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16> -> tensor<?x16x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x16x?x128xbf16>
// CHECK-NEXT: }
attn.variant @softpick(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                       %v: tensor<?x16x?x128xbf16>) -> tensor<?x16x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softpick %sm eps 1.0e-06 : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}
