attn.variant @head_mix_dynamic(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                               %w: tensor<?x4x4xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<?x4x4xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}
