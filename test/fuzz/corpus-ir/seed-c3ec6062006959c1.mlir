attn.variant @infini_attention(%q: tensor<?x8x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                               %v: tensor<?x8x?x128xbf16>, %beta: tensor<8xf32>)
    -> tensor<?x8x?x128xbf16> {
  %nq = attn.dim %q[2] : tensor<?x8x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x8x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %seg = arith.constant 2048 : index

  %s = attn.qk %q, %k : tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 8>
  %same_seg = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %si = arith.divui %ipos, %seg : index
    %sj = arith.divui %j, %seg : index
    %eq = arith.cmpi eq, %si, %sj : index
    attn.yield %eq : i1
  }
  %causal = attn.causal
  %local = attn.mask_and %causal, %same_seg
  %m_dot = attn.apply_mask %s, %local fill neg_inf : !attn.scores<logits, 8>
  %p_dot = attn.softmax %m_dot : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o_dot = attn.pv %p_dot, %v : !attn.scores<probs, 8>, tensor<?x8x?x128xbf16>
             -> tensor<?x8x?x128xf32>

  %fq = attn.feature_map %q : tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %fk = attn.feature_map %k : tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %s_mem = attn.qk %fq, %fk scale 1.0 : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
             -> !attn.scores<logits, 8>
  %earlier = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %si = arith.divui %ipos, %seg : index
    %sj = arith.divui %j, %seg : index
    %lt = arith.cmpi ult, %sj, %si : index
    attn.yield %lt : i1
  }
  %m_mem = attn.apply_mask %s_mem, %earlier fill neg_inf : !attn.scores<logits, 8>
  %a_mem = attn.map %m_mem : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %p_mem = attn.row_normalize %a_mem kind sum eps 1.0e-06 : !attn.scores<probs, 8>
  %o_mem = attn.pv %p_mem, %v : !attn.scores<probs, 8>, tensor<?x8x?x128xbf16>
             -> tensor<?x8x?x128xf32>

  %o = attn.output_map %o_mem, %o_dot : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
         -> tensor<?x8x?x128xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %xm: f32, %xd: f32):
    %one = arith.constant 1.000000e+00 : f32
    %bh = attn.load %beta[%h] : tensor<8xf32>
    %nb = arith.negf %bh : f32
    %e = math.exp %nb : f32
    %den = arith.addf %one, %e : f32
    %w = arith.divf %one, %den : f32
    %wm = arith.mulf %w, %xm : f32
    %wd0 = arith.subf %one, %w : f32
    %wd = arith.mulf %wd0, %xd : f32
    %r = arith.addf %wm, %wd : f32
    attn.yield %r : f32
  }
  attn.return %o : tensor<?x8x?x128xbf16>
}
