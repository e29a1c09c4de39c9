attn.variant @output_map_yield(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  %r = attn.output_map %o : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    attn.yield %d : index
  }
  attn.return %r : tensor<2x8x16x64xf32>
}
