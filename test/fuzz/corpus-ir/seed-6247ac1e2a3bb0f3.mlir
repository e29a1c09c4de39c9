attn.variant @head_rmsnorm_zero_eps(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  %n = attn.head_rmsnorm %o eps 0.0 : tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}
