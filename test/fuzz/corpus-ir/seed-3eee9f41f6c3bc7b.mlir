attn.variant @gpt_oss_sliding(%q: tensor<?x64x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                              %v: tensor<?x8x?x64xbf16>, %sinks: tensor<64xf32>)
    -> tensor<?x64x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16>
         -> !attn.scores<logits, 64>
  %win = attn.window 128
  %sm = attn.apply_mask %s, %win fill neg_inf : !attn.scores<logits, 64>
  %p = attn.softmax %sm sink(%sinks : tensor<64xf32>)
         : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o = attn.pv %p, %v : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16>
         -> tensor<?x64x?x64xbf16>
  attn.return %o : tensor<?x64x?x64xbf16>
}

attn.variant @gpt_oss_full(%q: tensor<?x64x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                           %v: tensor<?x8x?x64xbf16>, %sinks: tensor<64xf32>)
    -> tensor<?x64x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16>
         -> !attn.scores<logits, 64>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 64>
  %p = attn.softmax %sm sink(%sinks : tensor<64xf32>)
         : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o = attn.pv %p, %v : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16>
         -> tensor<?x64x?x64xbf16>
  attn.return %o : tensor<?x64x?x64xbf16>
}
