attn.variant @qk_inf_scale(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k scale 0x7FF0000000000000 : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
