attn.variant @stencil_empty_kernel(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>,
                                   %w: tensor<8x0x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %c = attn.stencil %s, %w pad [0, 0, 1, 1] : !attn.scores<logits, 8>, tensor<8x0x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}
