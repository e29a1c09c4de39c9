attn.variant @dim_negative(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %d = attn.dim %q[-1] : tensor<2x8x16x64xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}
