attn.variant @return_too_few(%q: tensor<2x8x16x64xf16>, %lse: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf16>, tensor<2x8x16xf32>) {
  attn.return %q : tensor<2x8x16x64xf16>
}
