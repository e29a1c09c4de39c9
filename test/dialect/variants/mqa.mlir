// Multi-query attention, MQA (Shazeer 2019, "Fast Transformer Decoding: One
// Write-Head is All You Need", arXiv 1911.02150); VARIANTS.md 1.10: GQA with
// Hkv = 1.
//
//   s_ij^h = q_i^h . k_j / sqrt(d),  causal,  o_i^h = sum_j softmax_j(s_ij^h) v_j
//
// 16 query heads share the single k / v head; dim 128 (Falcon-7B uses 71
// heads of dim 64 with one kv head; the head count here is illustrative).

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @mqa(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x1x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x1x?x128xbf16>) -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x128xbf16>, tensor<?x1x?x128xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x1x?x128xbf16> -> tensor<?x16x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x16x?x128xbf16>
// CHECK-NEXT: }
attn.variant @mqa(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x1x?x128xbf16>,
                  %v: tensor<?x1x?x128xbf16>) -> tensor<?x16x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x16x?x128xbf16>, tensor<?x1x?x128xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x1x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}
