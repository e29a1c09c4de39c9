attn.variant @feature_map_arg_type(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f16):
    %y = arith.extf %x : f16 to f32
    attn.yield %y : f32
  }
  attn.return %f : tensor<2x8x16x64xf16>
}
