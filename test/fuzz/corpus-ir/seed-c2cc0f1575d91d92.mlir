attn.variant @pv_logits(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                        %v: tensor<2x2x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %o = attn.pv %s, %v : !attn.scores<logits, 8>, tensor<2x2x32x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}
