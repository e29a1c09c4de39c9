attn.variant @stencil_pad_value(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                %w: tensor<8x3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %c = attn.stencil %s, %w pad [2, 0, 1, 1] pad_value 0x7FF8000000000000 : !attn.scores<logits, 8>, tensor<8x3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}
