attn.variant @row_normalize_nan_eps(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %n = attn.row_normalize %p kind abs_sum eps 0x7FF8000000000000 : !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
