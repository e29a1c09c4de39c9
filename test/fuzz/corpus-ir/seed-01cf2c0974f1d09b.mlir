attn.variant @softcap(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                      %v: tensor<?x16x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k scale 0.083333333333333329
         : tensor<?x32x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 32>
  %capped = attn.map %s : !attn.scores<logits, 32> -> !attn.scores<logits, 32> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %cap = arith.constant 5.000000e+01 : f32
    %xs = arith.divf %x, %cap : f32
    %t = math.tanh %xs : f32
    %y = arith.mulf %cap, %t : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %capped, %causal fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x16x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
