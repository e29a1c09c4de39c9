// Sliding-window (local) causal softmax attention: Mistral 7B (Jiang et al.
// 2023, arXiv 2310.06825), Gemma-2 local layers, gpt-oss; VARIANTS.md 1.3 and
// the off-by-one conventions of section 0.
//
//   allowed(i, j) = causal(i, j) and i' - j < W,  i' = i + (M - N)
//   o_i = sum_j softmax_j(s_ij) v_j over the allowed keys
//
// attn.window W keeps exactly the W keys i' - W < j <= i' (own position
// included): fla's `i - j < W` and gpt-oss's window of 128. The
// FlashAttention / FlashInfer convention `window_left = W` keeps W + 1 keys
// (j >= i' - W), i.e. attn.window (W + 1); both are written below so that the
// off-by-one is pinned. The window mask is itself causal.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// Mistral-7B shapes: 32 query heads, 8 kv heads, head dim 128, W = 4096 keys.
// CHECK-LABEL: attn.variant @sliding_window(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[WIN:[a-zA-Z0-9_]+]] = attn.window 4096
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[WIN]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @sliding_window(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                             %v: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 32>
  %win = attn.window 4096
  %sm = attn.apply_mask %s, %win fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}

// FlashAttention / FlashInfer `window_left = 4096`: keys i' - 4096 <= j <= i',
// 4097 keys.
// CHECK-LABEL: attn.variant @sliding_window_fa_left(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[WIN:[a-zA-Z0-9_]+]] = attn.window 4097
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[WIN]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @sliding_window_fa_left(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                                     %v: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 32>
  %win = attn.window 4097
  %sm = attn.apply_mask %s, %win fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
