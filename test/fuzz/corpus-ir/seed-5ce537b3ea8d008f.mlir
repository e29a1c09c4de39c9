attn.variant @lightning(%q: tensor<?x64x?x128xbf16>, %k: tensor<?x64x?x128xbf16>,
                        %v: tensor<?x64x?x128xbf16>, %g: tensor<64xf32>)
    -> tensor<?x64x?x128xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<64xf32>) scale 1.0
         : tensor<?x64x?x128xbf16>, tensor<?x64x?x128xbf16> -> !attn.scores<logits, 64>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 64>
  %p = attn.map %sm : !attn.scores<logits, 64> -> !attn.scores<probs, 64> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 64>, tensor<?x64x?x128xbf16>
         -> tensor<?x64x?x128xbf16>
  attn.return %o : tensor<?x64x?x128xbf16>
}

attn.variant @retnet(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                     %v: tensor<?x16x?x256xbf16>, %g: tensor<16xf32>)
    -> tensor<?x16x?x256xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<16xf32>)
         : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.map %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x256xbf16>
         -> tensor<?x16x?x256xbf16>
  attn.return %o : tensor<?x16x?x256xbf16>
}
