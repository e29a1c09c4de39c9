attn.variant @feature_slice_empty(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  %v = attn.feature_slice %k offset 0 size 0 : tensor<2x1x16x576xbf16> -> tensor<2x1x16x0xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}
