attn.variant @head_gate_bias_rank(%o: tensor<2x8x16x64xf32>, %w: tensor<8x64xf32>,
                                  %bias: tensor<f32>) -> tensor<2x8x16x64xf32> {
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<8x64xf32>, tensor<f32>
  attn.return %g : tensor<2x8x16x64xf32>
}
