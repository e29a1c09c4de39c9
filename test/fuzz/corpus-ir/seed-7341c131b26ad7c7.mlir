attn.variant @qk_result_heads_not_grouped(%q: tensor<2x?x16x64xf16>, %k: tensor<2x4x32x64xf16>) -> tensor<2x?x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x?x16x64xf16>, tensor<2x4x32x64xf16> -> !attn.scores<logits, 6>
  attn.return %q : tensor<2x?x16x64xf16>
}
