attn.variant @moba(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                   %v: tensor<?x32x?x128xbf16>, %sel: tensor<?x32x?x?xi8>)
    -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>) {
  %nq = attn.dim %q[2] : tensor<?x32x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x32x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %blk = arith.constant 512 : index
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  %same_blk = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %bi = arith.divui %ipos, %blk : index
    %bj = arith.divui %j, %blk : index
    %eq = arith.cmpi eq, %bi, %bj : index
    attn.yield %eq : i1
  }
  %causal = attn.causal
  %cur = attn.mask_and %causal, %same_blk
  %picked = attn.block_mask %sel block [1, 512] : tensor<?x32x?x?xi8>
  %past_blk = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %bi = arith.divui %ipos, %blk : index
    %bj = arith.divui %j, %blk : index
    %lt = arith.cmpi ult, %bj, %bi : index
    attn.yield %lt : i1
  }
  %selected = attn.mask_and %picked, %past_blk
  %union = attn.mask_or %cur, %selected
  %sm = attn.apply_mask %s, %union fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  %lse = attn.lse %sm : !attn.scores<logits, 32> -> tensor<?x32x?xf32>
  attn.return %o, %lse : tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
}


attn.variant @moba_merge(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                         %v: tensor<?x32x?x128xbf16>, %sel: tensor<?x32x?x?xi8>)
    -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>) {
  %nq = attn.dim %q[2] : tensor<?x32x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x32x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %blk = arith.constant 512 : index
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>

  %same_blk = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %bi = arith.divui %ipos, %blk : index
    %bj = arith.divui %j, %blk : index
    %eq = arith.cmpi eq, %bi, %bj : index
    attn.yield %eq : i1
  }
  %causal = attn.causal
  %cur = attn.mask_and %causal, %same_blk
  %m_cur = attn.apply_mask %s, %cur fill neg_inf : !attn.scores<logits, 32>
  %p_cur = attn.softmax %m_cur : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o_cur = attn.pv %p_cur, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
             -> tensor<?x32x?x128xf32>
  %lse_cur = attn.lse %m_cur : !attn.scores<logits, 32> -> tensor<?x32x?xf32>

  %picked = attn.block_mask %sel block [1, 512] : tensor<?x32x?x?xi8>
  %past_blk = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %bi = arith.divui %ipos, %blk : index
    %bj = arith.divui %j, %blk : index
    %lt = arith.cmpi ult, %bj, %bi : index
    attn.yield %lt : i1
  }
  %selected = attn.mask_and %picked, %past_blk
  %m_sel = attn.apply_mask %s, %selected fill neg_inf : !attn.scores<logits, 32>
  %p_sel = attn.softmax %m_sel : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o_sel = attn.pv %p_sel, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
             -> tensor<?x32x?x128xf32>
  %lse_sel = attn.lse %m_sel : !attn.scores<logits, 32> -> tensor<?x32x?xf32>

  %o, %lse = attn.merge %o_cur, %o_sel lse %lse_cur, %lse_sel
               : (tensor<?x32x?x128xf32>, tensor<?x32x?x128xf32>),
                 (tensor<?x32x?xf32>, tensor<?x32x?xf32>)
               -> tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
  attn.return %o, %lse : tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
}
