// Causal softmax attention that also returns the row log-sum-exp (the
// FlashAttention forward's softmax_lse, used by the backward pass, split-KV
// merging and the post-hoc sink correction); VARIANTS.md section 1 and 0.
//
//   o_i = sum_j softmax_j(s_ij) v_j,  lse_i = log sum_{j allowed} exp(s_ij)
//   s_ij = q_i.k_j / sqrt(d), causal; a fully masked row has o = 0, lse = -inf
//
// 32 query heads, 8 kv heads, dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @softmax_lse(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>) -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>) {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[LSE:[a-zA-Z0-9_]+]] = attn.lse %[[SM]] : !attn.scores<logits, 32> -> tensor<?x32x?xf32>
// CHECK-NEXT:   attn.return %[[O]], %[[LSE]] : tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
// CHECK-NEXT: }
attn.variant @softmax_lse(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                          %v: tensor<?x8x?x128xbf16>)
    -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>) {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 32>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  %lse = attn.lse %sm : !attn.scores<logits, 32> -> tensor<?x32x?xf32>
  attn.return %o, %lse : tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
}
