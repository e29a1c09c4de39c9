// Grouped-query attention, GQA (Ainslie et al. 2023, arXiv 2305.13245);
// VARIANTS.md 1.10 and section 0.
//
//   s_ij^h = q_i^h . k_j^(g(h)) / sqrt(d),  g(h) = floor(h / G),  G = Hq / Hkv
//   causal mask, o_i^h = sum_j softmax_j(s_ij^h) v_j^(g(h))
//
// The head grouping is carried by the types: q has Hq = 32 heads, k and v have
// Hkv = 8 (G = 4); qk and pv read kv head h / G. Llama-3-8B shapes, dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @gqa(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @gqa(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                  %v: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 32>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
