attn.variant @prefix_lm(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                        %v: tensor<?x16x?x128xbf16>, %prefix_len: tensor<?xi32>)
    -> tensor<?x16x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %prefix = attn.prefix lengths(%prefix_len : tensor<?xi32>)
  %allowed = attn.mask_or %causal, %prefix
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}
