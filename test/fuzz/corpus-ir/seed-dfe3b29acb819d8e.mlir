attn.variant @pv_grouped_heads_dynamic_result(%p: tensor<2x8x16x64xf16>, %v: tensor<2x3x32x64xf16>) -> tensor<2x?x16x64xf16> {
  %s = attn.qk %p, %p : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %q = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %q, %v : !attn.scores<probs, 8>, tensor<2x3x32x64xf16> -> tensor<2x?x16x64xf16>
  attn.return %o : tensor<2x?x16x64xf16>
}
