attn.variant @head_gate_rank(%o: tensor<8x16x64xf32>, %w: tensor<8x64xf32>,
                             %bias: tensor<8xf32>) -> tensor<8x16x64xf32> {
  %g = attn.head_gate %o, %w, %bias : tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<8xf32>
  attn.return %g : tensor<8x16x64xf32>
}
