attn.variant @return_wrong_type(%q: tensor<2x8x16x64xf16>, %lse: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf16>, tensor<2x8x16xf16>) {
  attn.return %q, %lse : tensor<2x8x16x64xf16>, tensor<2x8x16xf32>
}
