attn.variant @simple_gla(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                         %v: tensor<?x16x?x128xbf16>, %g: tensor<?x16x?xf32>)
    -> tensor<?x16x?x128xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<?x16x?xf32>)
         : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.map %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}

attn.variant @mamba2_ssd(%c: tensor<?x24x?x128xbf16>, %bm: tensor<?x24x?x128xbf16>,
                         %dtx: tensor<?x24x?x64xbf16>, %x: tensor<?x24x?x64xbf16>,
                         %dta: tensor<?x24x?xf32>, %skip: tensor<24xf32>)
    -> tensor<?x24x?x64xf32> {
  %s = attn.qk %c, %bm decay(%dta : tensor<?x24x?xf32>) scale 1.0
         : tensor<?x24x?x128xbf16>, tensor<?x24x?x128xbf16> -> !attn.scores<logits, 24>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 24>
  %p = attn.map %sm : !attn.scores<logits, 24> -> !attn.scores<probs, 24> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %e: f32):
    attn.yield %e : f32
  }
  %o = attn.pv %p, %dtx : !attn.scores<probs, 24>, tensor<?x24x?x64xbf16>
         -> tensor<?x24x?x64xf32>
  %y = attn.output_map %o, %x : tensor<?x24x?x64xf32>, tensor<?x24x?x64xbf16>
         -> tensor<?x24x?x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %ov: f32, %xv: f32):
    %dh = attn.load %skip[%h] : tensor<24xf32>
    %dx = arith.mulf %dh, %xv : f32
    %r = arith.addf %ov, %dx : f32
    attn.yield %r : f32
  }
  attn.return %y : tensor<?x24x?x64xf32>
}
