attn.variant @softmax_sink_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                 %sink: tensor<2xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s sink(%sink : tensor<2xf32>) : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
