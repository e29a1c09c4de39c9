// RUN: attn-opt %s -split-input-file -verify-diagnostics

// Building, combining and applying masks.

// A window that keeps no key.
attn.variant @window_zero(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.window' op window must keep at least one key, got size 0}}
  %w = attn.window 0
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A negative window size.
attn.variant @window_negative(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.window' op window must keep at least one key, got size -4096}}
  %w = attn.window -4096
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Document ids for the queries without the batch dimension.
attn.variant @document_q_rank(%q: tensor<2x8x16x64xf16>, %qdoc: tensor<16xi32>,
                              %kdoc: tensor<2x32xi32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.document' op q_doc must be a rank-2 tensor [B, N], got 'tensor<16xi32>'}}
  %d = attn.document %qdoc, %kdoc : tensor<16xi32>, tensor<2x32xi32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Document ids for the keys with a spurious head dimension.
attn.variant @document_k_rank(%q: tensor<2x8x16x64xf16>, %qdoc: tensor<2x16xi32>,
                              %kdoc: tensor<2x1x32xi32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.document' op k_doc must be a rank-2 tensor [B, M], got 'tensor<2x1x32xi32>'}}
  %d = attn.document %qdoc, %kdoc : tensor<2x16xi32>, tensor<2x1x32xi32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Query and key document ids from different batches.
attn.variant @document_batch(%q: tensor<2x8x16x64xf16>, %qdoc: tensor<2x16xi32>,
                             %kdoc: tensor<1x32xi32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.document' op q_doc and k_doc disagree on batch: 2 vs 1}}
  %d = attn.document %qdoc, %kdoc : tensor<2x16xi32>, tensor<1x32xi32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: document ids are integers, not floats.
attn.variant @document_float_ids(%q: tensor<2x8x16x64xf16>, %qdoc: tensor<2x16xf32>,
                                 %kdoc: tensor<2x32xi32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.document' op operand #0 must be ranked tensor of signless integer values, but got 'tensor<2x16xf32>'}}
  %d = attn.document %qdoc, %kdoc : tensor<2x16xf32>, tensor<2x32xi32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.prefix with neither a constant length nor a lengths tensor.
attn.variant @prefix_neither(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.prefix' op needs exactly one of a constant length or a [B] tensor}}
  %p = attn.prefix
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.prefix with both a constant length and a lengths tensor.
attn.variant @prefix_both(%q: tensor<2x8x16x64xf16>, %len: tensor<2xi32>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.prefix' op needs exactly one of a constant length or a [B] tensor}}
  %p = attn.prefix 4 lengths(%len : tensor<2xi32>)
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.prefix with a negative constant length.
attn.variant @prefix_negative(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.prefix' op length must be >= 0, got -1}}
  %p = attn.prefix -1
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.prefix with per-(batch, head) lengths instead of per-batch.
attn.variant @prefix_lengths_rank(%q: tensor<2x8x16x64xf16>, %len: tensor<2x8xi32>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.prefix' op lengths must be a rank-1 tensor [B], got 'tensor<2x8xi32>'}}
  %p = attn.prefix lengths(%len : tensor<2x8xi32>)
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.predicate region with an extra argument.
attn.variant @predicate_arg_count(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.predicate' op region must take 4 index arguments (b, h, i, j), got 5 arguments}}
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %lt = arith.cmpi ult, %j, %i : index
    attn.yield %lt : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.predicate region taking the key index as i64.
attn.variant @predicate_arg_type(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.predicate' op region argument #3 must be 'index', got 'i64'}}
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: i64):
    %t = arith.constant true
    attn.yield %t : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.predicate region yielding nothing (generic form: the custom form needs
// a value).
attn.variant @predicate_yield_nothing(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    // expected-error @+1 {{'attn.yield' op must yield one 'i1', got 0 values}}
    "attn.yield"() : () -> ()
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.block_predicate with a block size per dimension of [B, H, N, M].
attn.variant @block_predicate_count(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.block_predicate' op block must have 2 sizes [query rows, key columns], got 3}}
  %m = attn.block_predicate block [64, 64, 64] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %eq = arith.cmpi eq, %qb, %kb : index
    attn.yield %eq : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.block_predicate with an empty key block.
attn.variant @block_predicate_zero(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.block_predicate' op block sizes must be positive, got [64, 0]}}
  %m = attn.block_predicate block [64, 0] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %eq = arith.cmpi eq, %qb, %kb : index
    attn.yield %eq : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.block_predicate region without the key-block index.
attn.variant @block_predicate_arg_count(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.block_predicate' op region must take 4 index arguments (b, h, qb, kb), got 3 arguments}}
  %m = attn.block_predicate block [64, 64] {
  ^bb0(%b: index, %h: index, %qb: index):
    %t = arith.constant true
    attn.yield %t : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.block_predicate region taking the batch index as f32.
attn.variant @block_predicate_arg_type(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.block_predicate' op region argument #0 must be 'index', got 'f32'}}
  %m = attn.block_predicate block [64, 64] {
  ^bb0(%b: f32, %h: index, %qb: index, %kb: index):
    %eq = arith.cmpi eq, %qb, %kb : index
    attn.yield %eq : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.block_predicate region yielding an f32 instead of an i1.
attn.variant @block_predicate_yield(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.block_predicate block [64, 64] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %one = arith.constant 1.0 : f32
    // expected-error @+1 {{'attn.yield' op must yield one 'i1', got 'f32'}}
    attn.yield %one : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A block map without the head dimension.
attn.variant @block_mask_rank(%q: tensor<2x8x16x64xf16>, %bm: tensor<2x1x1xi8>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.block_mask' op block map must be a rank-4 tensor [B, H, N blocks, M blocks], got 'tensor<2x1x1xi8>'}}
  %m = attn.block_mask %bm block [128, 128] : tensor<2x1x1xi8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A block mask with a single block size.
attn.variant @block_mask_count(%q: tensor<2x8x16x64xf16>, %bm: tensor<2x8x1x1xi8>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.block_mask' op block must have 2 sizes [query rows, key columns], got 1}}
  %m = attn.block_mask %bm block [128] : tensor<2x8x1x1xi8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A block mask with a negative query block.
attn.variant @block_mask_negative(%q: tensor<2x8x16x64xf16>, %bm: tensor<2x8x1x1xi8>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.block_mask' op block sizes must be positive, got [-128, 128]}}
  %m = attn.block_mask %bm block [-128, 128] : tensor<2x8x1x1xi8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.mask_and of a single mask: nothing to intersect.
attn.variant @mask_and_one(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  // expected-error @+1 {{'attn.mask_and' op needs at least two masks, got 1}}
  %m = attn.mask_and %c
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.mask_and of no masks.
attn.variant @mask_and_none(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.mask_and' op needs at least two masks, got 0}}
  %m = attn.mask_and
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.mask_or of a single mask: nothing to unite.
attn.variant @mask_or_one(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  // expected-error @+1 {{'attn.mask_or' op needs at least two masks, got 1}}
  %m = attn.mask_or %c
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Filling masked probs with -inf: probs are weights, a masked weight is 0.
attn.variant @apply_mask_probs_neg_inf(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %c = attn.causal
  // expected-error @+1 {{'attn.apply_mask' op cannot fill probs with -inf: masked probs are 0, use 'fill zero' or mask the logits}}
  %m = attn.apply_mask %p, %c fill neg_inf : !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: a mask passed where the scores are expected.
attn.variant @apply_mask_to_mask(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  %w = attn.window 128
  // expected-error @+1 {{'attn.apply_mask' op operand #0 must be a virtual [B, H, N, M] matrix of scores, but got '!attn.mask'}}
  %m = attn.apply_mask %c, %w fill zero : !attn.mask
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: scores passed where the mask is expected (generic form: the custom
// form fixes the mask's type).
attn.variant @apply_scores_as_mask(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.apply_mask' op operand #1 must be a virtual [B, H, N, M] boolean matrix of allowed pairs, but got '!attn.scores<logits, 8>'}}
  %m = "attn.apply_mask"(%s, %s) {fill = 0 : i32} : (!attn.scores<logits, 8>, !attn.scores<logits, 8>) -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
