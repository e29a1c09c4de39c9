attn.variant @integer_name(%q: tensor<2x8x16x64xf16> {attn.name = 0 : i64})
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}
