attn.variant @linear_elu(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                         %v: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %fq = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %fk = attn.feature_map %k : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %s = attn.qk %fq, %fk scale 1.0 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
         -> !attn.scores<logits, 8>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 8>
  %a = attn.map %sm : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %p = attn.row_normalize %a kind sum eps 1.0e-06 : !attn.scores<probs, 8>
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16>
         -> tensor<?x8x?x64xbf16>
  attn.return %o : tensor<?x8x?x64xbf16>
}
