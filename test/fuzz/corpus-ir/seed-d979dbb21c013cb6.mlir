attn.variant @t5_encoder(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                         %v: tensor<?x12x?x64xbf16>, %table: tensor<32x12xf32>)
    -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k scale 1.0 : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  %nq = attn.dim %q[2] : tensor<?x12x?x64xbf16>
  %mk = attn.dim %k[2] : tensor<?x12x?x64xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 12> -> !attn.scores<logits, 12> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %c0 = arith.constant 0 : i64
    %c8 = arith.constant 8 : i64
    %c15 = arith.constant 15 : i64
    %c16 = arith.constant 16 : i64
    %c8f = arith.constant 8.000000e+00 : f32
    %log16 = arith.constant 2.77258873 : f32
    %ipos = arith.addi %i, %delta : index
    %ipos_i64 = arith.index_cast %ipos : index to i64
    %j_i64 = arith.index_cast %j : index to i64
    %rel = arith.subi %j_i64, %ipos_i64 : i64
    %is_after = arith.cmpi sgt, %rel, %c0 : i64
    %off = arith.select %is_after, %c16, %c0 : i64
    %a = math.absi %rel : i64
    %is_small = arith.cmpi slt, %a, %c8 : i64
    %a_big = arith.maxsi %a, %c8 : i64
    %a_f = arith.sitofp %a_big : i64 to f32
    %ratio = arith.divf %a_f, %c8f : f32
    %lg = math.log %ratio : f32
    %frac = arith.divf %lg, %log16 : f32
    %steps = arith.mulf %frac, %c8f : f32
    %steps_i = arith.fptosi %steps : f32 to i64
    %large_raw = arith.addi %c8, %steps_i : i64
    %large = arith.minsi %large_raw, %c15 : i64
    %in_sign = arith.select %is_small, %a, %large : i64
    %bucket = arith.addi %off, %in_sign : i64
    %bucket_idx = arith.index_cast %bucket : i64 to index
    %bias = attn.load %table[%bucket_idx, %h] : tensor<32x12xf32>
    %y = arith.addf %x, %bias : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %biased : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
  %o = attn.pv %p, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16>
         -> tensor<?x12x?x64xbf16>
  attn.return %o : tensor<?x12x?x64xbf16>
}

attn.variant @t5_decoder(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                         %v: tensor<?x12x?x64xbf16>, %table: tensor<32x12xf32>)
    -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k scale 1.0 : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  %nq = attn.dim %q[2] : tensor<?x12x?x64xbf16>
  %mk = attn.dim %k[2] : tensor<?x12x?x64xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 12> -> !attn.scores<logits, 12> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %c0 = arith.constant 0 : i64
    %c16 = arith.constant 16 : i64
    %c31 = arith.constant 31 : i64
    %c16f = arith.constant 1.600000e+01 : f32
    %log8 = arith.constant 2.07944155 : f32
    %ipos = arith.addi %i, %delta : index
    %ipos_i64 = arith.index_cast %ipos : index to i64
    %j_i64 = arith.index_cast %j : index to i64
    %back = arith.subi %ipos_i64, %j_i64 : i64
    %a = arith.maxsi %back, %c0 : i64
    %is_small = arith.cmpi slt, %a, %c16 : i64
    %a_big = arith.maxsi %a, %c16 : i64
    %a_f = arith.sitofp %a_big : i64 to f32
    %ratio = arith.divf %a_f, %c16f : f32
    %lg = math.log %ratio : f32
    %frac = arith.divf %lg, %log8 : f32
    %steps = arith.mulf %frac, %c16f : f32
    %steps_i = arith.fptosi %steps : f32 to i64
    %large_raw = arith.addi %c16, %steps_i : i64
    %large = arith.minsi %large_raw, %c31 : i64
    %bucket = arith.select %is_small, %a, %large : i64
    %bucket_idx = arith.index_cast %bucket : i64 to index
    %bias = attn.load %table[%bucket_idx, %h] : tensor<32x12xf32>
    %y = arith.addf %x, %bias : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %biased, %causal fill neg_inf : !attn.scores<logits, 12>
  %p = attn.softmax %sm : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
  %o = attn.pv %p, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16>
         -> tensor<?x12x?x64xbf16>
  attn.return %o : tensor<?x12x?x64xbf16>
}
