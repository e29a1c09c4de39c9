attn.variant @document(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                       %v: tensor<?x8x?x128xbf16>, %q_doc: tensor<?x?xi32>,
                       %k_doc: tensor<?x?xi32>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 32>
  %causal = attn.causal
  %doc = attn.document %q_doc, %k_doc : tensor<?x?xi32>, tensor<?x?xi32>
  %allowed = attn.mask_and %causal, %doc
  %sm = attn.apply_mask %s, %allowed fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x8x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
