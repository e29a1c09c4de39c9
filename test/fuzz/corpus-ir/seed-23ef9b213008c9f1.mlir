attn.variant @cumsum_f16(%g: tensor<2x8x16xf16>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %c = attn.cumsum %g : tensor<2x8x16xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}
