attn.variant @softpick_negative_eps(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softpick %s eps -1.0e-06 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
