attn.variant @block_mask_rank(%q: tensor<2x8x16x64xf16>, %bm: tensor<2x1x1xi8>)
    -> tensor<2x8x16x64xf16> {
  %m = attn.block_mask %bm block [128, 128] : tensor<2x1x1xi8>
  attn.return %q : tensor<2x8x16x64xf16>
}
