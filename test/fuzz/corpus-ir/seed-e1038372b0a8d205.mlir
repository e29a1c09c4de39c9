attn.variant @mask_and_none(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.mask_and
  attn.return %q : tensor<2x8x16x64xf16>
}
