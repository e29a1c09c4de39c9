attn.variant @prefix_both(%q: tensor<2x8x16x64xf16>, %len: tensor<2xi32>)
    -> tensor<2x8x16x64xf16> {
  %p = attn.prefix 4 lengths(%len : tensor<2xi32>)
  attn.return %q : tensor<2x8x16x64xf16>
}
