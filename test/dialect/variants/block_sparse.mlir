// Static block-sparse attention, BigBird-ITC-like (Zaheer et al. 2020, "Big
// Bird: Transformers for Longer Sequences", arXiv 2007.14062); VARIANTS.md 6a
// (BigBird) and 6c.
//
//   blocks of 64 x 64; query block qb may see key block kb iff
//     |qb - kb| <= 1                    (3 window blocks)
//     or qb == 0 or kb == 0             (first block global, both directions)
//     or kb == (7 qb + 13 h + 5) mod ceil(M / 64)   (one fixed pseudo-random
//                                        block per query block and head)
//   o_i = sum_j softmax_j(s_ij) v_j over the allowed keys (bidirectional).
//
// Written with attn.block_predicate, so mask analysis sees block granularity.
// This is an encoder (N = M). BigBird-base shapes: 12 heads of dim 64.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @block_sparse(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>) -> tensor<?x12x?x64xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16> -> !attn.scores<logits, 12>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x12x?x64xbf16>
// CHECK-NEXT:   %[[C64:[a-zA-Z0-9_]+]] = arith.constant 64 : index
// CHECK-NEXT:   %[[NKB:[a-zA-Z0-9_]+]] = arith.ceildivui %[[MK]], %[[C64]] : index
// CHECK-NEXT:   %[[PATTERN:[a-zA-Z0-9_]+]] = attn.block_predicate block [64, 64] {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[QB:[a-zA-Z0-9_]+]]: index, %[[KB:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[C0:[a-zA-Z0-9_]+]] = arith.constant 0 : index
// CHECK-NEXT:     %[[C1:[a-zA-Z0-9_]+]] = arith.constant 1 : index
// CHECK-NEXT:     %[[C5:[a-zA-Z0-9_]+]] = arith.constant 5 : index
// CHECK-NEXT:     %[[C7:[a-zA-Z0-9_]+]] = arith.constant 7 : index
// CHECK-NEXT:     %[[C13:[a-zA-Z0-9_]+]] = arith.constant 13 : index
// CHECK-NEXT:     %[[KB_NEXT:[a-zA-Z0-9_]+]] = arith.addi %[[KB]], %[[C1]] : index
// CHECK-NEXT:     %[[QB_NEXT:[a-zA-Z0-9_]+]] = arith.addi %[[QB]], %[[C1]] : index
// CHECK-NEXT:     %[[WIN_LO:[a-zA-Z0-9_]+]] = arith.cmpi uge, %[[KB_NEXT]], %[[QB]] : index
// CHECK-NEXT:     %[[WIN_HI:[a-zA-Z0-9_]+]] = arith.cmpi ule, %[[KB]], %[[QB_NEXT]] : index
// CHECK-NEXT:     %[[WINDOW:[a-zA-Z0-9_]+]] = arith.andi %[[WIN_LO]], %[[WIN_HI]] : i1
// CHECK-NEXT:     %[[GQ:[a-zA-Z0-9_]+]] = arith.cmpi eq, %[[QB]], %[[C0]] : index
// CHECK-NEXT:     %[[GK:[a-zA-Z0-9_]+]] = arith.cmpi eq, %[[KB]], %[[C0]] : index
// CHECK-NEXT:     %[[GLOBAL:[a-zA-Z0-9_]+]] = arith.ori %[[GQ]], %[[GK]] : i1
// CHECK-NEXT:     %[[R0:[a-zA-Z0-9_]+]] = arith.muli %[[QB]], %[[C7]] : index
// CHECK-NEXT:     %[[R1:[a-zA-Z0-9_]+]] = arith.muli %[[H]], %[[C13]] : index
// CHECK-NEXT:     %[[R2:[a-zA-Z0-9_]+]] = arith.addi %[[R0]], %[[R1]] : index
// CHECK-NEXT:     %[[R3:[a-zA-Z0-9_]+]] = arith.addi %[[R2]], %[[C5]] : index
// CHECK-NEXT:     %[[RKB:[a-zA-Z0-9_]+]] = arith.remui %[[R3]], %[[NKB]] : index
// CHECK-NEXT:     %[[RANDOM:[a-zA-Z0-9_]+]] = arith.cmpi eq, %[[KB]], %[[RKB]] : index
// CHECK-NEXT:     %[[WG:[a-zA-Z0-9_]+]] = arith.ori %[[WINDOW]], %[[GLOBAL]] : i1
// CHECK-NEXT:     %[[ALLOWED:[a-zA-Z0-9_]+]] = arith.ori %[[WG]], %[[RANDOM]] : i1
// CHECK-NEXT:     attn.yield %[[ALLOWED]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[PATTERN]] fill neg_inf : !attn.scores<logits, 12>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16> -> tensor<?x12x?x64xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x12x?x64xbf16>
// CHECK-NEXT: }
attn.variant @block_sparse(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                           %v: tensor<?x12x?x64xbf16>) -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  // Number of key blocks, ceil(M / 64).
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
    // Window: qb - 1 <= kb <= qb + 1.
    %kb_next = arith.addi %kb, %c1 : index
    %qb_next = arith.addi %qb, %c1 : index
    %win_lo = arith.cmpi uge, %kb_next, %qb : index
    %win_hi = arith.cmpi ule, %kb, %qb_next : index
    %window = arith.andi %win_lo, %win_hi : i1
    // Global: the first block row and column.
    %gq = arith.cmpi eq, %qb, %c0 : index
    %gk = arith.cmpi eq, %kb, %c0 : index
    %global = arith.ori %gq, %gk : i1
    // Random: one key block per (head, query block).
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
