// Causal softmax attention: scaled dot-product attention (Vaswani et al. 2017,
// "Attention Is All You Need", arXiv 1706.03762) with a causal mask, the base
// of VARIANTS.md section 1 (rows 1.1 scale and 1.2 causal).
//
//   s_ij = q_i.k_j / sqrt(d),  allowed(i, j) = j <= i + (M - N)  (bottom-right)
//   o_i  = sum_j softmax_j(s_ij) v_j
//
// 32 heads of dim 128 (Llama-2-7B shapes); B, N, M are dynamic.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @softmax_causal(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @softmax_causal(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                             %v: tensor<?x32x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  // Default scale 1/sqrt(128).
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
