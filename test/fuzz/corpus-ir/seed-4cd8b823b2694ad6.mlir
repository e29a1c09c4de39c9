attn.variant @head_gate_weight_heads(%o: tensor<2x8x16x64xf32>, %w: tensor<16x64xf32>,
                                     %bias: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<16x64xf32>, tensor<8xf32>
  attn.return %g : tensor<2x8x16x64xf32>
}
