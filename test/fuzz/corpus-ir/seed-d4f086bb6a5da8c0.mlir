attn.variant @prefix_negative(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %p = attn.prefix -1
  attn.return %q : tensor<2x8x16x64xf16>
}
