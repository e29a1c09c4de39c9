attn.variant @pv_of_mask(%v: tensor<2x2x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  %o = attn.pv %c, %v : !attn.mask, tensor<2x2x32x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}
