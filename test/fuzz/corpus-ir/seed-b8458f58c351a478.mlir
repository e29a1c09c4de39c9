attn.variant @no_body(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16>
