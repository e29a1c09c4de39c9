attn.variant @block_mask_negative(%q: tensor<2x8x16x64xf16>, %bm: tensor<2x8x1x1xi8>)
    -> tensor<2x8x16x64xf16> {
  %m = attn.block_mask %bm block [-128, 128] : tensor<2x8x1x1xi8>
  attn.return %q : tensor<2x8x16x64xf16>
}
