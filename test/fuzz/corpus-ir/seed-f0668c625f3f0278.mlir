attn.variant @apply_scores_as_mask(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %m = "attn.apply_mask"(%s, %s) {fill = 0 : i32} : (!attn.scores<logits, 8>, !attn.scores<logits, 8>) -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
