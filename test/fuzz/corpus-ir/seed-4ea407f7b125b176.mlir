attn.variant @head_rmsnorm_weight_heads(%o: tensor<2x8x16x64xf32>, %w: tensor<4x64xf32>)
    -> tensor<2x8x16x64xf32> {
  %n = attn.head_rmsnorm %o weight(%w : tensor<4x64xf32>) : tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}
