// Multi-head latent attention (MLA) decode in absorbed form, DeepSeek-V2 / V3
// (DeepSeek-AI 2024, arXiv 2405.04434 and 2412.19437); VARIANTS.md 1.11.
//
//   q~_h = [(W_h^UK)^T q_h^C ; q_h^R] (576),  kv cache row j = [c_j ; k_j^R] (576)
//   s_hj = tau q~_h . [c_j ; k_j^R],  tau = 1/sqrt(128 + 64) = 1/sqrt(192)
//   o_h^lat = sum_j softmax_j(s_hj) c_j  (512);  o_h = W_h^UV o_h^lat outside
//
// MQA (Hkv = 1) with Dqk = 576 and Dv = 512, V aliased to the first 512
// features of the K cache (attn.feature_slice). The scale is NOT the default
// 1/sqrt(576). 128 query heads; N = 1 (or 1 + MTP draft tokens, causal among
// themselves: bottom-right causal). Returns the LSE too, for split-KV merging.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @mla_decode(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x128x?x576xbf16>,
// CHECK-SAME:      %[[KV:[a-zA-Z0-9_]+]]: tensor<?x1x?x576xbf16>) -> (tensor<?x128x?x512xbf16>, tensor<?x128x?xf32>) {
// CHECK-NEXT:   %[[V:[a-zA-Z0-9_]+]] = attn.feature_slice %[[KV]] offset 0 size 512 : tensor<?x1x?x576xbf16> -> tensor<?x1x?x512xbf16>
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[KV]] scale 0.072168783648703216 : tensor<?x128x?x576xbf16>, tensor<?x1x?x576xbf16> -> !attn.scores<logits, 128>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 128>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 128> -> !attn.scores<probs, 128>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 128>, tensor<?x1x?x512xbf16> -> tensor<?x128x?x512xbf16>
// CHECK-NEXT:   %[[LSE:[a-zA-Z0-9_]+]] = attn.lse %[[SM]] : !attn.scores<logits, 128> -> tensor<?x128x?xf32>
// CHECK-NEXT:   attn.return %[[O]], %[[LSE]] : tensor<?x128x?x512xbf16>, tensor<?x128x?xf32>
// CHECK-NEXT: }
attn.variant @mla_decode(%q: tensor<?x128x?x576xbf16>, %kv: tensor<?x1x?x576xbf16>)
    -> (tensor<?x128x?x512xbf16>, tensor<?x128x?xf32>) {
  %v = attn.feature_slice %kv offset 0 size 512
         : tensor<?x1x?x576xbf16> -> tensor<?x1x?x512xbf16>
  // 1/sqrt(192)
  %s = attn.qk %q, %kv scale 0.07216878364870322
         : tensor<?x128x?x576xbf16>, tensor<?x1x?x576xbf16> -> !attn.scores<logits, 128>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 128>
  %p = attn.softmax %sm : !attn.scores<logits, 128> -> !attn.scores<probs, 128>
  %o = attn.pv %p, %v : !attn.scores<probs, 128>, tensor<?x1x?x512xbf16>
         -> tensor<?x128x?x512xbf16>
  %lse = attn.lse %sm : !attn.scores<logits, 128> -> tensor<?x128x?xf32>
  attn.return %o, %lse : tensor<?x128x?x512xbf16>, tensor<?x128x?xf32>
}
