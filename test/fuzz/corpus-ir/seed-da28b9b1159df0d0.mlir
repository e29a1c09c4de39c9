attn.variant @runtime_block_mask(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                                 %v: tensor<?x32x?x128xbf16>, %map: tensor<?x32x?x?xi8>)
    -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  %blocks = attn.block_mask %map block [128, 128] : tensor<?x32x?x?xi8>
  %causal = attn.causal
  %allowed = attn.mask_and %blocks, %causal
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
