attn.variant @yield_in_variant(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  attn.yield %q : tensor<2x8x16x64xf16>
}
