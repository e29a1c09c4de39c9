attn.variant @alibi(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                    %v: tensor<?x32x?x128xbf16>, %slopes: tensor<32xf32>)
    -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  %nq = attn.dim %q[2] : tensor<?x32x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x32x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 32> -> !attn.scores<logits, 32> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %ipos = arith.addi %i, %delta : index
    %dist = arith.subi %ipos, %j : index
    %dist_i64 = arith.index_cast %dist : index to i64
    %dist_f32 = arith.sitofp %dist_i64 : i64 to f32
    %slope = attn.load %slopes[%h] : tensor<32xf32>
    %bias = arith.mulf %slope, %dist_f32 : f32
    %y = arith.subf %x, %bias : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %biased, %causal fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
