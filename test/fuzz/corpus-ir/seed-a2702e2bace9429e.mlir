attn.variant @unranked_argument(%q: tensor<2x8x16x64xf16>, %k: tensor<*xf16>)
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}
