attn.variant @bad_kind(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logit, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
