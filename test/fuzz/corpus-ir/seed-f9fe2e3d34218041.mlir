attn.variant @output_map_shapes(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x32xf32>)
    -> tensor<2x8x16x64xf32> {
  %r = attn.output_map %o1, %o2 : tensor<2x8x16x64xf32>, tensor<2x8x16x32xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32, %y: f32):
    %z = arith.subf %x, %y : f32
    attn.yield %z : f32
  }
  attn.return %r : tensor<2x8x16x64xf32>
}
