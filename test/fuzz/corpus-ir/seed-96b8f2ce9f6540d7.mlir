attn.variant @output_map_arg_type(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  %r = attn.output_map %o : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f64):
    %y = arith.truncf %x : f64 to f32
    attn.yield %y : f32
  }
  attn.return %r : tensor<2x8x16x64xf32>
}
