attn.variant @apply_mask_to_mask(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  %w = attn.window 128
  %m = attn.apply_mask %c, %w fill zero : !attn.mask
  attn.return %q : tensor<2x8x16x64xf16>
}
