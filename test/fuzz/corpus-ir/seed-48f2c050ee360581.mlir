attn.variant @feature_slice_overflow(%k: tensor<2x1x16x64xbf16>) -> tensor<2x1x16x64xbf16> {
  %v = attn.feature_slice %k offset 9223372036854775807 size 1 : tensor<2x1x16x64xbf16> -> tensor<2x1x16x1xbf16>
  attn.return %k : tensor<2x1x16x64xbf16>
}
