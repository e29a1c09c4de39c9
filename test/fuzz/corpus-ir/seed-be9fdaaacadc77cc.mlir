attn.variant @qk_decay_heads_dynamic_result(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x32x64xf16>,
                                            %g: tensor<3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k decay(%g : tensor<3xf32>) : tensor<2x8x16x64xf16>, tensor<2x8x32x64xf16> -> !attn.scores<logits, ?>
  attn.return %q : tensor<2x8x16x64xf16>
}
