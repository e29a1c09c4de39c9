attn.variant @mask_and_one(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  %m = attn.mask_and %c
  attn.return %q : tensor<2x8x16x64xf16>
}
