attn.variant @feature_map_rank(%g: tensor<2x8x16xf32>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %f = attn.feature_map %g : tensor<2x8x16xf32> -> tensor<2x8x16xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
