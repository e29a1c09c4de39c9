attn.variant @causal(%q: tensor<?x?x?x64xbf16>, %k: tensor<?x?x?x64xbf16>,
                     %v: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, ?>
  %p = attn.softmax %m : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %v : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

attn.variant @apply_mask_zero(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %c = attn.causal
  %z = attn.apply_mask %s, %c fill zero : !attn.scores<logits, 8>
  %p = attn.softmax %z : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %pz = attn.apply_mask %p, %c fill zero : !attn.scores<probs, 8>
  %o = attn.pv %pz, %q : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16>
  attn.return %o : tensor<?x8x?x64xbf16>
}

attn.variant @window(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = attn.window 4096
  %one = attn.window 1
  attn.return %x : tensor<4xf32>
}

attn.variant @document(%qdoc: tensor<?x?xi32>, %kdoc: tensor<?x?xi32>,
                       %qs: tensor<2x16xi64>, %ks: tensor<2x48xi16>) -> tensor<?x?xi32> {
  %d = attn.document %qdoc, %kdoc : tensor<?x?xi32>, tensor<?x?xi32>
  %e = attn.document %qs, %ks : tensor<2x16xi64>, tensor<2x48xi16>
  attn.return %qdoc : tensor<?x?xi32>
}

attn.variant @prefix_tensor(%len: tensor<?xi32>, %len2: tensor<4xi64>) -> tensor<?xi32> {
  %p = attn.prefix lengths(%len : tensor<?xi32>)
  %p2 = attn.prefix lengths(%len2 : tensor<4xi64>)
  %c = attn.causal
  %m = attn.mask_or %c, %p
  attn.return %len : tensor<?xi32>
}

attn.variant @prefix_constant(%x: tensor<4xf32>) -> tensor<4xf32> {
  %p = attn.prefix 4
  %z = attn.prefix 0
  %w = attn.window 16
  %m = attn.mask_or %p, %z, %w
  attn.return %x : tensor<4xf32>
}

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

attn.variant @predicate_indices(%x: tensor<4xf32>) -> tensor<4xf32> {
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %lt = arith.cmpi ult, %j, %i : index
    attn.yield %lt : i1
  }
  attn.return %x : tensor<4xf32>
}

attn.variant @block_predicate(%x: tensor<4xf32>) -> tensor<4xf32> {
  %m = attn.block_predicate block [64, 128] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %eq = arith.cmpi eq, %qb, %kb : index
    attn.yield %eq : i1
  }
  attn.return %x : tensor<4xf32>
}

attn.variant @block_mask(%bm: tensor<?x?x?x?xi8>, %bs: tensor<2x1x4x8xi1>) -> tensor<?x?x?x?xi8> {
  %m = attn.block_mask %bm block [128, 128] : tensor<?x?x?x?xi8>
  %n = attn.block_mask %bs block [16, 64] : tensor<2x1x4x8xi1>
  attn.return %bm : tensor<?x?x?x?xi8>
}

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
