attn.variant @qk_zero_q_heads(%q: tensor<2x0x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                              %o: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x0x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, ?>
  attn.return %o : tensor<2x8x16x64xf16>
}
