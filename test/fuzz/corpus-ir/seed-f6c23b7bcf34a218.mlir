attn.variant @cumsum_rank(%g: tensor<2x16xf32>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %c = attn.cumsum %g : tensor<2x16xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}
