attn.variant @lse_result_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<2x2x16xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}
