attn.variant @head_rmsnorm_inf_eps(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  %n = attn.head_rmsnorm %o eps 0x7FF0000000000000 : tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}
