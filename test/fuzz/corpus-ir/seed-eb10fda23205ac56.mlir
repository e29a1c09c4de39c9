attn.variant @block_sparse(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                           %v: tensor<?x12x?x64xbf16>) -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  %mk = attn.dim %k[2] : tensor<?x12x?x64xbf16>
  %c64 = arith.constant 64 : index
  %nkb = arith.ceildivui %mk, %c64 : index
  %pattern = attn.block_predicate block [64, 64] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c5 = arith.constant 5 : index
    %c7 = arith.constant 7 : index
    %c13 = arith.constant 13 : index
    %kb_next = arith.addi %kb, %c1 : index
    %qb_next = arith.addi %qb, %c1 : index
    %win_lo = arith.cmpi uge, %kb_next, %qb : index
    %win_hi = arith.cmpi ule, %kb, %qb_next : index
    %window = arith.andi %win_lo, %win_hi : i1
    %gq = arith.cmpi eq, %qb, %c0 : index
    %gk = arith.cmpi eq, %kb, %c0 : index
    %global = arith.ori %gq, %gk : i1
    %r0 = arith.muli %qb, %c7 : index
    %r1 = arith.muli %h, %c13 : index
    %r2 = arith.addi %r0, %r1 : index
    %r3 = arith.addi %r2, %c5 : index
    %rkb = arith.remui %r3, %nkb : index
    %random = arith.cmpi eq, %kb, %rkb : index
    %wg = arith.ori %window, %global : i1
    %allowed = arith.ori %wg, %random : i1
    attn.yield %allowed : i1
  }
  %sm = attn.apply_mask %s, %pattern fill neg_inf : !attn.scores<logits, 12>
  %p = attn.softmax %sm : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
  %o = attn.pv %p, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16>
         -> tensor<?x12x?x64xbf16>
  attn.return %o : tensor<?x12x?x64xbf16>
}
