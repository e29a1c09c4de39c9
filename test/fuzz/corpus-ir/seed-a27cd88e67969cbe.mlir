attn.variant @qk_batch(%q: tensor<2x8x16x64xf16>, %k: tensor<3x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<3x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
