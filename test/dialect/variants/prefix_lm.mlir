// Prefix-LM attention: bidirectional over a prefix, causal after it (Raffel et
// al. 2020, T5 "prefix LM", arXiv 1910.10683; PaLI, UniLM); VARIANTS.md 1.8.
//
//   allowed(i, j) = j <= i + (M - N)  or  j < P_b
//   o_i = sum_j softmax_j(s_ij) v_j over the allowed keys
//
// P_b is a per-batch prefix length, tensor<B x i32> (attn.prefix lengths(...)). 16 heads of dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @prefix_lm(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[PREFIX_LEN:[a-zA-Z0-9_]+]]: tensor<?xi32>) -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[PREFIX:[a-zA-Z0-9_]+]] = attn.prefix lengths(%[[PREFIX_LEN]] : tensor<?xi32>)
// CHECK-NEXT:   %[[ALLOWED:[a-zA-Z0-9_]+]] = attn.mask_or %[[CAUSAL]], %[[PREFIX]]
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[ALLOWED]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16> -> tensor<?x16x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x16x?x128xbf16>
// CHECK-NEXT: }
attn.variant @prefix_lm(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                        %v: tensor<?x16x?x128xbf16>, %prefix_len: tensor<?xi32>)
    -> tensor<?x16x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %prefix = attn.prefix lengths(%prefix_len : tensor<?xi32>)
  %allowed = attn.mask_or %causal, %prefix
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}
