// Mixture of Block Attention, MoBA (Lu et al. 2025, Moonshot AI, arXiv
// 2502.13189; fla fla/ops/moba/parallel.py); VARIANTS.md 6b (MoBA) and the
// LSE merge rule of section 1.
//
//   blocks of 512 keys; query t attends to its own block (causal inside it)
//   and to the top-(k-1) strictly past blocks chosen by s_{t,b} = q_t.mean(K_b);
//   one softmax over the union of the two key sets.
//   Two-pass form (fla): o = merge(o_cur, lse_cur; o_sel, lse_sel),
//   lse = log(exp(lse_cur) + exp(lse_sel)),  o = sum_c o_c exp(lse_c - lse)
//
// The gate and top-k run outside; the selection arrives as a per-token block
// map sel [B, H, N, ceil(M / 512)] (attn.block_mask with blocks [1, 512]),
// and-ed with "strictly past block" (blk(j) < blk(i'), i' = i + (M - N)).
//
// @moba_merge: the two partial attentions (current block; selected past
// blocks), each with its LSE, combined by attn.merge. The key sets are
// disjoint, so the merge is the exact softmax over their union.
// @moba: the same function as one softmax over the union mask cur | selected.
// 32 heads of dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @moba(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[SEL:[a-zA-Z0-9_]+]]: tensor<?x32x?x?xi8>) -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>) {
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[BLK:[a-zA-Z0-9_]+]] = arith.constant 512 : index
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[SAME_BLK:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[BI:[a-zA-Z0-9_]+]] = arith.divui %[[IPOS]], %[[BLK]] : index
// CHECK-NEXT:     %[[BJ:[a-zA-Z0-9_]+]] = arith.divui %[[J]], %[[BLK]] : index
// CHECK-NEXT:     %[[EQ:[a-zA-Z0-9_]+]] = arith.cmpi eq, %[[BI]], %[[BJ]] : index
// CHECK-NEXT:     attn.yield %[[EQ]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[CUR:[a-zA-Z0-9_]+]] = attn.mask_and %[[CAUSAL]], %[[SAME_BLK]]
// CHECK-NEXT:   %[[PICKED:[a-zA-Z0-9_]+]] = attn.block_mask %[[SEL]] block [1, 512] : tensor<?x32x?x?xi8>
// CHECK-NEXT:   %[[PAST_BLK:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[BI:[a-zA-Z0-9_]+]] = arith.divui %[[IPOS]], %[[BLK]] : index
// CHECK-NEXT:     %[[BJ:[a-zA-Z0-9_]+]] = arith.divui %[[J]], %[[BLK]] : index
// CHECK-NEXT:     %[[LT:[a-zA-Z0-9_]+]] = arith.cmpi ult, %[[BJ]], %[[BI]] : index
// CHECK-NEXT:     attn.yield %[[LT]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[SELECTED:[a-zA-Z0-9_]+]] = attn.mask_and %[[PICKED]], %[[PAST_BLK]]
// CHECK-NEXT:   %[[UNION:[a-zA-Z0-9_]+]] = attn.mask_or %[[CUR]], %[[SELECTED]]
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[UNION]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[LSE:[a-zA-Z0-9_]+]] = attn.lse %[[SM]] : !attn.scores<logits, 32> -> tensor<?x32x?xf32>
// CHECK-NEXT:   attn.return %[[O]], %[[LSE]] : tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
// CHECK-NEXT: }
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


// CHECK-LABEL: attn.variant @moba_merge(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[SEL:[a-zA-Z0-9_]+]]: tensor<?x32x?x?xi8>) -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>) {
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[BLK:[a-zA-Z0-9_]+]] = arith.constant 512 : index
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[SAME_BLK:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[BI:[a-zA-Z0-9_]+]] = arith.divui %[[IPOS]], %[[BLK]] : index
// CHECK-NEXT:     %[[BJ:[a-zA-Z0-9_]+]] = arith.divui %[[J]], %[[BLK]] : index
// CHECK-NEXT:     %[[EQ:[a-zA-Z0-9_]+]] = arith.cmpi eq, %[[BI]], %[[BJ]] : index
// CHECK-NEXT:     attn.yield %[[EQ]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[CUR:[a-zA-Z0-9_]+]] = attn.mask_and %[[CAUSAL]], %[[SAME_BLK]]
// CHECK-NEXT:   %[[M_CUR:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CUR]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P_CUR:[a-zA-Z0-9_]+]] = attn.softmax %[[M_CUR]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O_CUR:[a-zA-Z0-9_]+]] = attn.pv %[[P_CUR]], %[[V]] : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16> -> tensor<?x32x?x128xf32>
// CHECK-NEXT:   %[[LSE_CUR:[a-zA-Z0-9_]+]] = attn.lse %[[M_CUR]] : !attn.scores<logits, 32> -> tensor<?x32x?xf32>
// CHECK-NEXT:   %[[PICKED:[a-zA-Z0-9_]+]] = attn.block_mask %[[SEL]] block [1, 512] : tensor<?x32x?x?xi8>
// CHECK-NEXT:   %[[PAST_BLK:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[BI:[a-zA-Z0-9_]+]] = arith.divui %[[IPOS]], %[[BLK]] : index
// CHECK-NEXT:     %[[BJ:[a-zA-Z0-9_]+]] = arith.divui %[[J]], %[[BLK]] : index
// CHECK-NEXT:     %[[LT:[a-zA-Z0-9_]+]] = arith.cmpi ult, %[[BJ]], %[[BI]] : index
// CHECK-NEXT:     attn.yield %[[LT]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[SELECTED:[a-zA-Z0-9_]+]] = attn.mask_and %[[PICKED]], %[[PAST_BLK]]
// CHECK-NEXT:   %[[M_SEL:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[SELECTED]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P_SEL:[a-zA-Z0-9_]+]] = attn.softmax %[[M_SEL]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O_SEL:[a-zA-Z0-9_]+]] = attn.pv %[[P_SEL]], %[[V]] : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16> -> tensor<?x32x?x128xf32>
// CHECK-NEXT:   %[[LSE_SEL:[a-zA-Z0-9_]+]] = attn.lse %[[M_SEL]] : !attn.scores<logits, 32> -> tensor<?x32x?xf32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]], %[[LSE:[a-zA-Z0-9_]+]] = attn.merge %[[O_CUR]], %[[O_SEL]] lse %[[LSE_CUR]], %[[LSE_SEL]] : (tensor<?x32x?x128xf32>, tensor<?x32x?x128xf32>), (tensor<?x32x?xf32>, tensor<?x32x?xf32>) -> tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
// CHECK-NEXT:   attn.return %[[O]], %[[LSE]] : tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>
// CHECK-NEXT: }
attn.variant @moba_merge(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                         %v: tensor<?x32x?x128xbf16>, %sel: tensor<?x32x?x?xi8>)
    -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xf32>) {
  %nq = attn.dim %q[2] : tensor<?x32x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x32x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %blk = arith.constant 512 : index
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>

  // Current block, causal inside it.
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

  // Selected strictly-past blocks.
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
