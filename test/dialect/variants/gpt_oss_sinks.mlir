// Learned attention-sink logits, gpt-oss (OpenAI 2025, gpt-oss-120b / -20b
// model card, arXiv 2508.10925); VARIANTS.md 1.9b (and 1.3 for the window).
//
//   p_ij = exp(s_ij) / (exp(sigma_h) + sum_{j' allowed} exp(s_ij'))
//   o_i = sum_j p_ij v_j   (the sink takes weight but carries no value)
//
// sigma : tensor<Hq x f32>. gpt-oss alternates banded layers, a causal window
// of 128 keys (its mask drops j <= i - 128, so i' - 128 < j <= i': attn.window
// 128) and full causal layers. 64 query heads, 8 kv heads, head dim 64, scale
// 1/sqrt(64).

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @gpt_oss_sliding(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x64x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>,
// CHECK-SAME:      %[[SINKS:[a-zA-Z0-9_]+]]: tensor<64xf32>) -> tensor<?x64x?x64xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 64>
// CHECK-NEXT:   %[[WIN:[a-zA-Z0-9_]+]] = attn.window 128
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[WIN]] fill neg_inf : !attn.scores<logits, 64>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] sink(%[[SINKS]] : tensor<64xf32>) : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16> -> tensor<?x64x?x64xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x64x?x64xbf16>
// CHECK-NEXT: }
attn.variant @gpt_oss_sliding(%q: tensor<?x64x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                              %v: tensor<?x8x?x64xbf16>, %sinks: tensor<64xf32>)
    -> tensor<?x64x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16>
         -> !attn.scores<logits, 64>
  %win = attn.window 128
  %sm = attn.apply_mask %s, %win fill neg_inf : !attn.scores<logits, 64>
  %p = attn.softmax %sm sink(%sinks : tensor<64xf32>)
         : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o = attn.pv %p, %v : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16>
         -> tensor<?x64x?x64xbf16>
  attn.return %o : tensor<?x64x?x64xbf16>
}

// CHECK-LABEL: attn.variant @gpt_oss_full(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x64x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>,
// CHECK-SAME:      %[[SINKS:[a-zA-Z0-9_]+]]: tensor<64xf32>) -> tensor<?x64x?x64xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 64>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 64>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] sink(%[[SINKS]] : tensor<64xf32>) : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16> -> tensor<?x64x?x64xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x64x?x64xbf16>
// CHECK-NEXT: }
attn.variant @gpt_oss_full(%q: tensor<?x64x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                           %v: tensor<?x8x?x64xbf16>, %sinks: tensor<64xf32>)
    -> tensor<?x64x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16>
         -> !attn.scores<logits, 64>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 64>
  %p = attn.softmax %sm sink(%sinks : tensor<64xf32>)
         : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o = attn.pv %p, %v : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16>
         -> tensor<?x64x?x64xbf16>
  attn.return %o : tensor<?x64x?x64xbf16>
}
