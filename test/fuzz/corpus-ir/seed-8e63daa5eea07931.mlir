attn.variant @mask_or_one(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  %m = attn.mask_or %c
  attn.return %q : tensor<2x8x16x64xf16>
}
