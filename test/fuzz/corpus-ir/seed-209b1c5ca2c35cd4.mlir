attn.variant @feature_map_arg_count(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index):
    %c = arith.constant 1.0 : f32
    attn.yield %c : f32
  }
  attn.return %f : tensor<2x8x16x64xf16>
}
