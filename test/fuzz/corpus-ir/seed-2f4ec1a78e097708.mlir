attn.variant @prefix_lengths_rank(%q: tensor<2x8x16x64xf16>, %len: tensor<2x8xi32>)
    -> tensor<2x8x16x64xf16> {
  %p = attn.prefix lengths(%len : tensor<2x8xi32>)
  attn.return %q : tensor<2x8x16x64xf16>
}
