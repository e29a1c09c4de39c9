attn.variant @dim_too_large(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %d = attn.dim %q[4] : tensor<2x8x16x64xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}
