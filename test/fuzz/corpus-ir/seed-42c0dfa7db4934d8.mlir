attn.variant @window_zero(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %w = attn.window 0
  attn.return %q : tensor<2x8x16x64xf16>
}
