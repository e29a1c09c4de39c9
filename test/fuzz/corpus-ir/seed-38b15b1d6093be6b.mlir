attn.variant @empty_name(%q: tensor<2x8x16x64xf16> {attn.name = "q"},
                         %k: tensor<2x8x16x64xf16> {attn.name = ""})
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}
