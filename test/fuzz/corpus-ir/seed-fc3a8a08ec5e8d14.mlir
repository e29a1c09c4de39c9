attn.variant @streaming_sinks(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                              %v: tensor<?x32x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  %sinks = attn.prefix 4
  %recent = attn.window 1020
  %a_shape = attn.mask_or %sinks, %recent
  %causal = attn.causal
  %allowed = attn.mask_and %causal, %a_shape
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
