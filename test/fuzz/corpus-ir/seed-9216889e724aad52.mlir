attn.variant @qk_decay_heads_per_token(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                       %g: tensor<2x4x32xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k decay(%g : tensor<2x4x32xf32>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
