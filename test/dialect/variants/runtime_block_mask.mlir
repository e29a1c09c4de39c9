// Block-sparse causal attention with a block map given at run time
// (FlexAttention BlockMask.from_kv_blocks + causal mask_mod, AttentionEngine
// extern_block_mask, SeerAttention's gated block selection, Gao et al. 2024,
// arXiv 2410.13276); VARIANTS.md 6b and 6c (dense boolean block map).
//
//   allowed(i, j) = map[b, h, i / 128, j / 128] != 0  and  j <= i + (M - N)
//   o_i = sum_j softmax_j(s_ij) v_j over the allowed keys
//
// map : [B, H, ceil(N / 128), ceil(M / 128)] i8, one per query head, computed
// at run time (e.g. by SeerAttention's gate + top-k / threshold). The causal
// predicate refines the diagonal (partial) blocks. 32 heads of dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @runtime_block_mask(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[MAP:[a-zA-Z0-9_]+]]: tensor<?x32x?x?xi8>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[BLOCKS:[a-zA-Z0-9_]+]] = attn.block_mask %[[MAP]] block [128, 128] : tensor<?x32x?x?xi8>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[ALLOWED:[a-zA-Z0-9_]+]] = attn.mask_and %[[BLOCKS]], %[[CAUSAL]]
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[ALLOWED]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @runtime_block_mask(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                                 %v: tensor<?x32x?x128xbf16>, %map: tensor<?x32x?x?xi8>)
    -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  %blocks = attn.block_mask %map block [128, 128] : tensor<?x32x?x?xi8>
  %causal = attn.causal
  %allowed = attn.mask_and %blocks, %causal
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
