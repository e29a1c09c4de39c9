attn.variant @softmax_of_mask(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  %p = attn.softmax %c : !attn.mask -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
