attn.variant @window_negative(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %w = attn.window -4096
  attn.return %q : tensor<2x8x16x64xf16>
}
