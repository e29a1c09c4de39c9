attn.variant @scalar_argument(%scale: f32, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}
