attn.variant @feature_slice_heads(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x8x16x512xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}
