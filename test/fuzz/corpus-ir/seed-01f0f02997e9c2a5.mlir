attn.variant @feature_slice_input_rank(%g: tensor<2x16x64xf16>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %v = attn.feature_slice %g offset 0 size 32 : tensor<2x16x64xf16> -> tensor<2x1x16x32xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}
