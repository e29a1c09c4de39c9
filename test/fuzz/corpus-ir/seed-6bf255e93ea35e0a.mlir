attn.variant @fox(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                  %v: tensor<?x16x?x128xbf16>, %logf: tensor<?x16x?xf32>)
    -> tensor<?x16x?x128xbf16> {
  %c = attn.cumsum %logf : tensor<?x16x?xf32>
  %s = attn.qk %q, %k : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16>
         -> !attn.scores<logits, 16>
  %nq = attn.dim %q[2] : tensor<?x16x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x16x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 16> -> !attn.scores<logits, 16> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %ipos = arith.addi %i, %delta : index
    %ci = attn.load %c[%b, %h, %ipos] : tensor<?x16x?xf32>
    %cj = attn.load %c[%b, %h, %j] : tensor<?x16x?xf32>
    %bias = arith.subf %ci, %cj : f32
    %y = arith.addf %x, %bias : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %biased, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}
