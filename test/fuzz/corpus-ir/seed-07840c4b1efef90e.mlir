attn.variant @head_rmsnorm_rank(%o: tensor<2x16x64xf32>) -> tensor<2x16x64xf32> {
  %n = attn.head_rmsnorm %o : tensor<2x16x64xf32>
  attn.return %n : tensor<2x16x64xf32>
}
