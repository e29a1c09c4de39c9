// StreamingLLM attention sinks, the "A-shape" mask (Xiao et al. 2024,
// "Efficient Streaming Language Models with Attention Sinks", arXiv
// 2309.17453); VARIANTS.md 1.9a.
//
//   allowed(i, j) = j <= i'  and  (j < n_sink  or  i' - j < W),  i' = i + (M - N)
//   o_i = sum_j softmax_j(s_ij) v_j over the allowed keys
//
// n_sink = 4 initial tokens plus a window of W = 1020 recent keys (a 1024-entry
// cache). attn.window is causal by itself but attn.prefix 4 is not (for the
// first three queries of a prefill it would admit future sink tokens), hence
// causal and (prefix or window). StreamingLLM's re-assignment of RoPE positions
// inside the rolling cache happens before q / k reach the kernel.
// 32 heads of dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @streaming_sinks(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[SINKS:[a-zA-Z0-9_]+]] = attn.prefix 4
// CHECK-NEXT:   %[[RECENT:[a-zA-Z0-9_]+]] = attn.window 1020
// CHECK-NEXT:   %[[A_SHAPE:[a-zA-Z0-9_]+]] = attn.mask_or %[[SINKS]], %[[RECENT]]
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[ALLOWED:[a-zA-Z0-9_]+]] = attn.mask_and %[[CAUSAL]], %[[A_SHAPE]]
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[ALLOWED]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @streaming_sinks(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                              %v: tensor<?x32x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  %sinks = attn.prefix 4
  %recent = attn.window 1020
  %a_shape = attn.mask_or %sinks, %recent
  %causal = attn.causal
  %allowed = attn.mask_and %causal, %a_shape
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
