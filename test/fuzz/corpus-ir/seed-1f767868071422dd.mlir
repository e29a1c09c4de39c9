attn.variant @lse_result_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<2x8x16x1xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}
