// Document (packed-sequence) causal attention: several documents packed in one
// row, no attention across documents (FlexAttention document_mask,
// FlashAttention varlen / cu_seqlens); VARIANTS.md 1.7.
//
//   allowed(i, j) = doc(i) == doc(j) and j <= i + (M - N)
//   o_i = sum_j softmax_j(s_ij) v_j over the allowed keys
//
// q_doc [B, N] and k_doc [B, M] are int32 document ids per token.
// 32 query heads, 8 kv heads, dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @document(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[Q_DOC:[a-zA-Z0-9_]+]]: tensor<?x?xi32>,
// CHECK-SAME:      %[[K_DOC:[a-zA-Z0-9_]+]]: tensor<?x?xi32>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[DOC:[a-zA-Z0-9_]+]] = attn.document %[[Q_DOC]], %[[K_DOC]] : tensor<?x?xi32>, tensor<?x?xi32>
// CHECK-NEXT:   %[[ALLOWED:[a-zA-Z0-9_]+]] = attn.mask_and %[[CAUSAL]], %[[DOC]]
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[ALLOWED]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @document(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                       %v: tensor<?x8x?x128xbf16>, %q_doc: tensor<?x?xi32>,
                       %k_doc: tensor<?x?xi32>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 32>
  %causal = attn.causal
  %doc = attn.document %q_doc, %k_doc : tensor<?x?xi32>, tensor<?x?xi32>
  %allowed = attn.mask_and %causal, %doc
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
