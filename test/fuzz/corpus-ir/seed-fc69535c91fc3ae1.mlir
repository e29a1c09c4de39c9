attn.variant @feature_map_shape(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x32xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
