attn.variant @prefix_neither(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %p = attn.prefix
  attn.return %q : tensor<2x8x16x64xf16>
}
