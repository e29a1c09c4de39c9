attn.variant @mask_result(%q: tensor<2x8x16x64xf16>)
    -> (tensor<2x8x16x64xf16>, !attn.mask) {
  %c = attn.causal
  "attn.return"(%q, %c) : (tensor<2x8x16x64xf16>, !attn.mask) -> ()
}
