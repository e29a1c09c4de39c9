attn.variant @gla(%q: tensor<?x4x?x256xbf16>, %k: tensor<?x4x?x256xbf16>,
                  %v: tensor<?x4x?x512xbf16>, %g: tensor<?x4x?x256xf32>)
    -> tensor<?x4x?x512xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<?x4x?x256xf32>)
         : tensor<?x4x?x256xbf16>, tensor<?x4x?x256xbf16> -> !attn.scores<logits, 4>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 4>
  %p = attn.map %sm : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x512xbf16>
         -> tensor<?x4x?x512xbf16>
  attn.return %o : tensor<?x4x?x512xbf16>
}
