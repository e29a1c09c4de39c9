attn.variant @identity(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @two_outputs(%o: tensor<2x4x16x32xf16>, %l: tensor<2x4x16xf32>)
    -> (tensor<2x4x16x32xf16>, tensor<2x4x16xf32>) {
  attn.return %o, %l : tensor<2x4x16x32xf16>, tensor<2x4x16xf32>
}
