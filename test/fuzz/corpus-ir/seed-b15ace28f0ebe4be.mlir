attn.variant @feature_slice_element_type(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x1x16x512xf32>
  attn.return %k : tensor<2x1x16x576xbf16>
}
