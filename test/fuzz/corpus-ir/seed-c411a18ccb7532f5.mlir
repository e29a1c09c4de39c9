attn.variant @duplicate_name(%q: tensor<2x8x16x64xf16> {attn.name = "k"},
                             %k: tensor<2x8x16x64xf16>,
                             %v: tensor<2x8x16x64xf16> {attn.name = "k"})
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}
