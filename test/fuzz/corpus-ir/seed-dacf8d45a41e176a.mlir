attn.variant @unranked_result(%q: tensor<2x8x16x64xf16>) -> tensor<*xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}
