attn.variant @output_map_arg_count(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  %r = attn.output_map %o : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%x: f32):
    attn.yield %x : f32
  }
  attn.return %r : tensor<2x8x16x64xf32>
}
