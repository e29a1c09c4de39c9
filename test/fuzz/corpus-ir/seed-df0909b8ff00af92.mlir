attn.variant @feature_map_yield(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %y = arith.truncf %x : f32 to f16
    attn.yield %y : f16
  }
  attn.return %f : tensor<2x8x16x64xf16>
}
