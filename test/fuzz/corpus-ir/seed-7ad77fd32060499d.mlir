attn.variant @mla_decode(%q: tensor<?x128x?x576xbf16>, %kv: tensor<?x1x?x576xbf16>)
    -> (tensor<?x128x?x512xbf16>, tensor<?x128x?xf32>) {
  %v = attn.feature_slice %kv offset 0 size 512
         : tensor<?x1x?x576xbf16> -> tensor<?x1x?x512xbf16>
  %s = attn.qk %q, %kv scale 0.07216878364870322
         : tensor<?x128x?x576xbf16>, tensor<?x1x?x576xbf16> -> !attn.scores<logits, 128>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 128>
  %p = attn.softmax %sm : !attn.scores<logits, 128> -> !attn.scores<probs, 128>
  %o = attn.pv %p, %v : !attn.scores<probs, 128>, tensor<?x1x?x512xbf16>
         -> tensor<?x128x?x512xbf16>
  %lse = attn.lse %sm : !attn.scores<logits, 128> -> tensor<?x128x?xf32>
  attn.return %o, %lse : tensor<?x128x?x512xbf16>, tensor<?x128x?xf32>
}
