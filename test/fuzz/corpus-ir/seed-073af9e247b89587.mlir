attn.variant @output_map_rank(%l: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %r = attn.output_map %l : tensor<2x8x16xf32> -> tensor<2x8x16xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %r : tensor<2x8x16xf32>
}
