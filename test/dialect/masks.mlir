// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// Round trip of the mask ops: constructors (causal, window, document, prefix,
// predicate, block_predicate, block_mask), combinators (mask_and, mask_or,
// mask_not) and attn.apply_mask.

// attn.causal applied to logits with fill neg_inf (the canonical variant).
// CHECK-LABEL: attn.variant @causal(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[V:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] :
// CHECK-NEXT:    %[[C:[a-z0-9_]+]] = attn.causal{{$}}
// CHECK-NEXT:    %[[M:[a-z0-9_]+]] = attn.apply_mask %[[S]], %[[C]] fill neg_inf : !attn.scores<logits, ?>{{$}}
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[M]] : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
// CHECK-NEXT:    %[[O:[a-z0-9_]+]] = attn.pv %[[P]], %[[V]] :
// CHECK-NEXT:    attn.return %[[O]] : tensor<?x?x?x64xbf16>
attn.variant @causal(%q: tensor<?x?x?x64xbf16>, %k: tensor<?x?x?x64xbf16>,
                     %v: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, ?>
  %p = attn.softmax %m : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %v : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

// attn.apply_mask with fill zero, on logits (MTA's Mask_0) and on probs.
// CHECK-LABEL: attn.variant @apply_mask_zero(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    %[[C:[a-z0-9_]+]] = attn.causal{{$}}
// CHECK-NEXT:    %[[Z:[a-z0-9_]+]] = attn.apply_mask %[[S]], %[[C]] fill zero : !attn.scores<logits, 8>{{$}}
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[Z]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
// CHECK-NEXT:    %[[PZ:[a-z0-9_]+]] = attn.apply_mask %[[P]], %[[C]] fill zero : !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    attn.pv %[[PZ]], %[[Q]] :
attn.variant @apply_mask_zero(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %c = attn.causal
  %z = attn.apply_mask %s, %c fill zero : !attn.scores<logits, 8>
  %p = attn.softmax %z : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %pz = attn.apply_mask %p, %c fill zero : !attn.scores<probs, 8>
  %o = attn.pv %pz, %q : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16>
  attn.return %o : tensor<?x8x?x64xbf16>
}

// attn.window of 4096 keys and of a single key (size 1).
// CHECK-LABEL: attn.variant @window(
// CHECK-NEXT:    attn.window 4096{{$}}
// CHECK-NEXT:    attn.window 1{{$}}
attn.variant @window(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = attn.window 4096
  %one = attn.window 1
  attn.return %x : tensor<4xf32>
}

// attn.document with dynamic i32 ids, with mixed integer widths and static
// shapes (N != M).
// CHECK-LABEL: attn.variant @document(
// CHECK-SAME:    %[[QD:[a-z0-9_]+]]: tensor<?x?xi32>, %[[KD:[a-z0-9_]+]]: tensor<?x?xi32>, %[[QS:[a-z0-9_]+]]: tensor<2x16xi64>, %[[KS:[a-z0-9_]+]]: tensor<2x48xi16>)
// CHECK-NEXT:    attn.document %[[QD]], %[[KD]] : tensor<?x?xi32>, tensor<?x?xi32>{{$}}
// CHECK-NEXT:    attn.document %[[QS]], %[[KS]] : tensor<2x16xi64>, tensor<2x48xi16>{{$}}
attn.variant @document(%qdoc: tensor<?x?xi32>, %kdoc: tensor<?x?xi32>,
                       %qs: tensor<2x16xi64>, %ks: tensor<2x48xi16>) -> tensor<?x?xi32> {
  %d = attn.document %qdoc, %kdoc : tensor<?x?xi32>, tensor<?x?xi32>
  %e = attn.document %qs, %ks : tensor<2x16xi64>, tensor<2x48xi16>
  attn.return %qdoc : tensor<?x?xi32>
}

// attn.prefix with a per-batch length tensor, dynamic and static, combined
// with attn.causal by attn.mask_or (prefix-LM).
// CHECK-LABEL: attn.variant @prefix_tensor(
// CHECK-SAME:    %[[L:[a-z0-9_]+]]: tensor<?xi32>, %[[L2:[a-z0-9_]+]]: tensor<4xi64>)
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.prefix lengths(%[[L]] : tensor<?xi32>){{$}}
// CHECK-NEXT:    attn.prefix lengths(%[[L2]] : tensor<4xi64>){{$}}
// CHECK-NEXT:    %[[C:[a-z0-9_]+]] = attn.causal{{$}}
// CHECK-NEXT:    attn.mask_or %[[C]], %[[P]]{{$}}
attn.variant @prefix_tensor(%len: tensor<?xi32>, %len2: tensor<4xi64>) -> tensor<?xi32> {
  %p = attn.prefix lengths(%len : tensor<?xi32>)
  %p2 = attn.prefix lengths(%len2 : tensor<4xi64>)
  %c = attn.causal
  %m = attn.mask_or %c, %p
  attn.return %len : tensor<?xi32>
}

// attn.prefix with a constant length (StreamingLLM's sink tokens), followed by
// ops that use it, and a length of 0 (no key allowed).
// CHECK-LABEL: attn.variant @prefix_constant(
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.prefix 4{{$}}
// CHECK-NEXT:    %[[Z:[a-z0-9_]+]] = attn.prefix 0{{$}}
// CHECK-NEXT:    %[[W:[a-z0-9_]+]] = attn.window 16{{$}}
// CHECK-NEXT:    attn.mask_or %[[P]], %[[Z]], %[[W]]{{$}}
// CHECK-NEXT:    attn.return
attn.variant @prefix_constant(%x: tensor<4xf32>) -> tensor<4xf32> {
  %p = attn.prefix 4
  %z = attn.prefix 0
  %w = attn.window 16
  %m = attn.mask_or %p, %z, %w
  attn.return %x : tensor<4xf32>
}

// attn.predicate reading document ids with attn.load (an i32 comparison).
// CHECK-LABEL: attn.variant @predicate_load(
// CHECK-SAME:    %[[IDS:[a-z0-9_]+]]: tensor<?x?xi32>)
// CHECK-NEXT:    attn.predicate {
// CHECK-NEXT:    ^bb0(%[[B:[a-z0-9_]+]]: index, %{{[a-z0-9_]+}}: index, %[[I:[a-z0-9_]+]]: index, %[[J:[a-z0-9_]+]]: index):
// CHECK-NEXT:      %[[X:[a-z0-9_]+]] = attn.load %[[IDS]][%[[B]], %[[I]]] : tensor<?x?xi32>{{$}}
// CHECK-NEXT:      %[[Y:[a-z0-9_]+]] = attn.load %[[IDS]][%[[B]], %[[J]]] : tensor<?x?xi32>{{$}}
// CHECK-NEXT:      %[[EQ:[a-z0-9_]+]] = arith.cmpi eq, %[[X]], %[[Y]] : i32
// CHECK-NEXT:      attn.yield %[[EQ]] : i1
// CHECK-NEXT:    }
attn.variant @predicate_load(%ids: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %x = attn.load %ids[%b, %i] : tensor<?x?xi32>
    %y = attn.load %ids[%b, %j] : tensor<?x?xi32>
    %eq = arith.cmpi eq, %x, %y : i32
    attn.yield %eq : i1
  }
  attn.return %ids : tensor<?x?xi32>
}

// attn.predicate on indices only (strictly causal), the op's example.
// CHECK-LABEL: attn.variant @predicate_indices(
// CHECK-NEXT:    attn.predicate {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[I:[a-z0-9_]+]]: index, %[[J:[a-z0-9_]+]]: index):
// CHECK-NEXT:      %[[LT:[a-z0-9_]+]] = arith.cmpi ult, %[[J]], %[[I]] : index
// CHECK-NEXT:      attn.yield %[[LT]] : i1
// CHECK-NEXT:    }
attn.variant @predicate_indices(%x: tensor<4xf32>) -> tensor<4xf32> {
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %lt = arith.cmpi ult, %j, %i : index
    attn.yield %lt : i1
  }
  attn.return %x : tensor<4xf32>
}

// attn.block_predicate with non-square blocks [64, 128] (block diagonal).
// CHECK-LABEL: attn.variant @block_predicate(
// CHECK-NEXT:    attn.block_predicate block [64, 128] {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[QB:[a-z0-9_]+]]: index, %[[KB:[a-z0-9_]+]]: index):
// CHECK-NEXT:      %[[EQ:[a-z0-9_]+]] = arith.cmpi eq, %[[QB]], %[[KB]] : index
// CHECK-NEXT:      attn.yield %[[EQ]] : i1
// CHECK-NEXT:    }
attn.variant @block_predicate(%x: tensor<4xf32>) -> tensor<4xf32> {
  %m = attn.block_predicate block [64, 128] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %eq = arith.cmpi eq, %qb, %kb : index
    attn.yield %eq : i1
  }
  attn.return %x : tensor<4xf32>
}

// attn.block_mask: a dynamic i8 map, and a static i1 map shared across heads (H = 1).
// CHECK-LABEL: attn.variant @block_mask(
// CHECK-SAME:    %[[BM:[a-z0-9_]+]]: tensor<?x?x?x?xi8>, %[[BS:[a-z0-9_]+]]: tensor<2x1x4x8xi1>)
// CHECK-NEXT:    attn.block_mask %[[BM]] block [128, 128] : tensor<?x?x?x?xi8>{{$}}
// CHECK-NEXT:    attn.block_mask %[[BS]] block [16, 64] : tensor<2x1x4x8xi1>{{$}}
attn.variant @block_mask(%bm: tensor<?x?x?x?xi8>, %bs: tensor<2x1x4x8xi1>) -> tensor<?x?x?x?xi8> {
  %m = attn.block_mask %bm block [128, 128] : tensor<?x?x?x?xi8>
  %n = attn.block_mask %bs block [16, 64] : tensor<2x1x4x8xi1>
  attn.return %bm : tensor<?x?x?x?xi8>
}

// attn.mask_and of two and of three masks, attn.mask_or, attn.mask_not, and a
// combined mask applied to logits.
// CHECK-LABEL: attn.variant @combinators(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[QD:[a-z0-9_]+]]: tensor<?x?xi32>, %[[KD:[a-z0-9_]+]]: tensor<?x?xi32>)
// CHECK-NEXT:    %[[C:[a-z0-9_]+]] = attn.causal{{$}}
// CHECK-NEXT:    %[[D:[a-z0-9_]+]] = attn.document %[[QD]], %[[KD]] : tensor<?x?xi32>, tensor<?x?xi32>
// CHECK-NEXT:    %[[W:[a-z0-9_]+]] = attn.window 256{{$}}
// CHECK-NEXT:    %[[A2:[a-z0-9_]+]] = attn.mask_and %[[C]], %[[D]]{{$}}
// CHECK-NEXT:    %[[A3:[a-z0-9_]+]] = attn.mask_and %[[C]], %[[D]], %[[W]]{{$}}
// CHECK-NEXT:    %[[N:[a-z0-9_]+]] = attn.mask_not %[[W]]{{$}}
// CHECK-NEXT:    %[[O:[a-z0-9_]+]] = attn.mask_or %[[A2]], %[[N]], %[[A3]]{{$}}
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    attn.apply_mask %[[S]], %[[O]] fill neg_inf : !attn.scores<logits, 8>{{$}}
attn.variant @combinators(%q: tensor<?x8x?x64xbf16>, %qdoc: tensor<?x?xi32>,
                          %kdoc: tensor<?x?xi32>) -> tensor<?x8x?x64xbf16> {
  %c = attn.causal
  %d = attn.document %qdoc, %kdoc : tensor<?x?xi32>, tensor<?x?xi32>
  %w = attn.window 256
  %a2 = attn.mask_and %c, %d
  %a3 = attn.mask_and %c, %d, %w
  %n = attn.mask_not %w
  %o = attn.mask_or %a2, %n, %a3
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %m = attn.apply_mask %s, %o fill neg_inf : !attn.scores<logits, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}
