attn.variant @apply_mask_probs_neg_inf(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %c = attn.causal
  %m = attn.apply_mask %p, %c fill neg_inf : !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
