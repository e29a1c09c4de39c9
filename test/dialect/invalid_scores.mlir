// RUN: attn-opt %s -split-input-file -verify-diagnostics

// Building and modifying scores: attn.qk, attn.map, attn.stencil,
// attn.head_mix.

//===----------------------------------------------------------------------===//
// attn.qk
//===----------------------------------------------------------------------===//

// q without the head dimension.
attn.variant @qk_q_rank(%q: tensor<2x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                        %o: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op q must be a rank-4 tensor [B, Hq, N, Dqk], got 'tensor<2x16x64xf16>'}}
  %s = attn.qk %q, %k : tensor<2x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %o : tensor<2x8x16x64xf16>
}

// -----

// k without the head dimension.
attn.variant @qk_k_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op k must be a rank-4 tensor [B, Hkv, M, Dqk], got 'tensor<2x32x64xf16>'}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// q and k stored in different element types.
attn.variant @qk_element_types(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xbf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op q and k must have the same element type, got 'f16' and 'bf16'}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xbf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// q and k from different batches.
attn.variant @qk_batch(%q: tensor<2x8x16x64xf16>, %k: tensor<3x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op q and k disagree on batch: 2 vs 3}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<3x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// q and k with different head dims: no dot product.
attn.variant @qk_head_dim(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x128xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op q and k disagree on the head dim Dqk: 64 vs 128}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x128xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// GQA with 8 query heads over 3 kv heads: the groups are not whole.
attn.variant @qk_grouped_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x3x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op query heads (8) are not a multiple of kv heads (3)}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x3x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// k with zero heads (was a division by zero in the grouping check).
attn.variant @qk_zero_kv_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x0x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op needs at least one kv head, got 0}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x0x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// q with zero heads: no score matrix can have zero heads.
attn.variant @qk_zero_q_heads(%q: tensor<2x0x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                              %o: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op needs at least one query head, got 0}}
  %s = attn.qk %q, %k : tensor<2x0x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, ?>
  attn.return %o : tensor<2x8x16x64xf16>
}

// -----

// attn.qk produces logits, never probs.
attn.variant @qk_probs(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op result must be logits, got probs}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Scores with the kv head count instead of the query head count.
attn.variant @qk_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op scores have 2 heads but q has 8}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 2>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A zero scale makes every score 0.
attn.variant @qk_zero_scale(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op scale must be finite and non-zero, got 0.000000e+00}}
  %s = attn.qk %q, %k scale 0.0 : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// An infinite scale (0x7FF0000000000000 is +inf as an f64).
attn.variant @qk_inf_scale(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op scale must be finite and non-zero, got INF}}
  %s = attn.qk %q, %k scale 0x7FF0000000000000 : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A per-head decay [H] with the kv head count instead of the query heads.
attn.variant @qk_decay_heads_per_head(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                      %g: tensor<2xf32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op the decay has 2 heads but q has 8}}
  %s = attn.qk %q, %k decay(%g : tensor<2xf32>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A per-token decay [B, H, M] from another batch.
attn.variant @qk_decay_batch(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                             %g: tensor<4x8x32xf32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op q and decay disagree on batch: 2 vs 4}}
  %s = attn.qk %q, %k decay(%g : tensor<4x8x32xf32>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A per-token decay [B, H, M] with the wrong head count.
attn.variant @qk_decay_heads_per_token(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                       %g: tensor<2x4x32xf32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op the decay has 4 heads but q has 8}}
  %s = attn.qk %q, %k decay(%g : tensor<2x4x32xf32>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A per-token decay over the query length N (16) instead of the key length M (32).
attn.variant @qk_decay_key_length(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                  %g: tensor<2x8x16xf32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op k and decay disagree on the key length M: 32 vs 16}}
  %s = attn.qk %q, %k decay(%g : tensor<2x8x16xf32>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A per-channel decay [B, H, M, Dqk] with the wrong channel count.
attn.variant @qk_decay_channels(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                %g: tensor<2x8x32x32xf32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op q and decay disagree on the head dim Dqk: 64 vs 32}}
  %s = attn.qk %q, %k decay(%g : tensor<2x8x32x32xf32>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A rank-2 decay fits none of the three decay layouts.
attn.variant @qk_decay_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                            %g: tensor<2x8xf32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op decay must be [H] (per head), [B, H, M] (per token) or [B, H, M, Dqk] (per channel), got 'tensor<2x8xf32>'}}
  %s = attn.qk %q, %k decay(%g : tensor<2x8xf32>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: the decay is an f32 tensor.
attn.variant @qk_decay_f16(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                           %g: tensor<8xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op operand #2 must be ranked tensor of 32-bit float values, but got 'tensor<8xf16>'}}
  %s = attn.qk %q, %k decay(%g : tensor<8xf16>) : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: attn.qk produces scores, not a mask.
attn.variant @qk_mask_result(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op result #0 must be a virtual [B, H, N, M] matrix of scores, but got '!attn.mask'}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.mask
  attn.return %q : tensor<2x8x16x64xf16>
}

//===----------------------------------------------------------------------===//
// attn.map
//===----------------------------------------------------------------------===//

// -----

// attn.map of nothing (generic form: the custom form needs an input).
attn.variant @map_no_inputs(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.map' op needs at least one score input}}
  %s = "attn.map"() ({
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %c = arith.constant 1.0 : f32
    attn.yield %c : f32
  }) : () -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.map combining logits with probs.
attn.variant @map_mixed_kinds(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.map' op inputs mix logits and probs (input #1 is probs)}}
  %m = attn.map %s, %p : !attn.scores<logits, 8>, !attn.scores<probs, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32, %y: f32):
    %z = arith.addf %x, %y : f32
    attn.yield %z : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.map whose second input has a different head count than the result.
attn.variant @map_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                        %q4: tensor<2x4x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %t = attn.qk %q4, %k : tensor<2x4x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 4>
  // expected-error @+1 {{'attn.map' op input #1 has 4 heads but 8 are expected}}
  %m = attn.map %s, %t : !attn.scores<logits, 8>, !attn.scores<logits, 4> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32, %y: f32):
    %z = arith.addf %x, %y : f32
    attn.yield %z : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.map turning probs back into logits.
attn.variant @map_probs_to_logits(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.map' op cannot turn probs back into logits}}
  %m = attn.map %p : !attn.scores<probs, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = math.log %x : f32
    attn.yield %y : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.map over two inputs whose region takes only one value.
attn.variant @map_arg_count(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.map' op region must take 4 index arguments (b, h, i, j) and 2 'f32' values, got 5 arguments}}
  %m = attn.map %s, %s : !attn.scores<logits, 8>, !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.map region taking the head index as i32 instead of index.
attn.variant @map_arg_type(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.map' op region argument #1 must be 'index', got 'i32'}}
  %m = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: i32, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.map region yielding two values.
attn.variant @map_yield_two(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %m = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    // expected-error @+1 {{'attn.yield' op must yield one 'f32', got 2 values}}
    attn.yield %x, %x : f32, f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: attn.map takes scores, not masks.
attn.variant @map_of_mask(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  // expected-error @+1 {{'attn.map' op operand #0 must be variadic of a virtual [B, H, N, M] matrix of scores, but got '!attn.mask'}}
  %m = attn.map %c : !attn.mask -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

//===----------------------------------------------------------------------===//
// attn.stencil
//===----------------------------------------------------------------------===//

// -----

// Stencil weights without the head dimension.
attn.variant @stencil_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                           %w: tensor<3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op weights must be a rank-3 tensor [H, cq, ck], got 'tensor<3x3xf32>'}}
  %c = attn.stencil %s, %w pad [2, 0, 1, 1] : !attn.scores<logits, 8>, tensor<3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Stencil weights with a dynamic kernel size.
attn.variant @stencil_dynamic(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                              %w: tensor<8x?x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op weights must have a static shape [H, cq, ck], got 'tensor<8x?x3xf32>'}}
  %c = attn.stencil %s, %w pad [2, 0, 1, 1] : !attn.scores<logits, 8>, tensor<8x?x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Stencil weights for 4 heads applied to 8-head scores.
attn.variant @stencil_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                            %w: tensor<4x3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op scores have 8 heads but the weights has 4}}
  %c = attn.stencil %s, %w pad [2, 0, 1, 1] : !attn.scores<logits, 8>, tensor<4x3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Stencil padding with 3 entries instead of 4.
attn.variant @stencil_pad_count(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                %w: tensor<8x3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op pad must have 4 entries [q_before, q_after, k_before, k_after], got 3}}
  %c = attn.stencil %s, %w pad [2, 0, 2] : !attn.scores<logits, 8>, tensor<8x3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Negative stencil padding (cropping), even though the sums add up.
attn.variant @stencil_pad_negative(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                   %w: tensor<8x3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op padding must be non-negative}}
  %c = attn.stencil %s, %w pad [3, -1, 1, 1] : !attn.scores<logits, 8>, tensor<8x3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Query padding that does not keep the number of query rows.
attn.variant @stencil_pad_query(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                %w: tensor<8x3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op query padding 1 + 0 must equal the query kernel size 3 minus 1}}
  %c = attn.stencil %s, %w pad [1, 0, 1, 1] : !attn.scores<logits, 8>, tensor<8x3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Key padding that does not keep the number of key columns.
attn.variant @stencil_pad_key(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                              %w: tensor<8x3x5xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op key padding 1 + 1 must equal the key kernel size 5 minus 1}}
  %c = attn.stencil %s, %w pad [2, 0, 1, 1] : !attn.scores<logits, 8>, tensor<8x3x5xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A NaN pad value (0x7FF8000000000000 is a quiet NaN as an f64).
attn.variant @stencil_pad_value(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                %w: tensor<8x3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op pad_value must be finite}}
  %c = attn.stencil %s, %w pad [2, 0, 1, 1] pad_value 0x7FF8000000000000 : !attn.scores<logits, 8>, tensor<8x3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

//===----------------------------------------------------------------------===//
// attn.head_mix
//===----------------------------------------------------------------------===//

// -----

// Head-mixing weights without the group dimension.
attn.variant @head_mix_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                            %w: tensor<8x8xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.head_mix' op weights must be a rank-3 tensor [G, c, c], got 'tensor<8x8xf32>'}}
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<8x8xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Head-mixing weights with a dynamic group count.
attn.variant @head_mix_dynamic(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                               %w: tensor<?x4x4xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.head_mix' op weights must have a static shape [G, c, c], got 'tensor<?x4x4xf32>'}}
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<?x4x4xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Head-mixing weights with groups of zero heads (was a division by zero).
attn.variant @head_mix_empty(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                             %w: tensor<1x0x0xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.head_mix' op weights need at least one group of one head, got 'tensor<1x0x0xf32>'}}
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<1x0x0xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Head-mixing weights with zero groups.
attn.variant @head_mix_no_groups(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                 %w: tensor<0x4x4xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.head_mix' op weights need at least one group of one head, got 'tensor<0x4x4xf32>'}}
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<0x4x4xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Head-mixing weights that are not square per group.
attn.variant @head_mix_square(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                              %w: tensor<2x4x2xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.head_mix' op weights must be square per group [G, c, c], got 'tensor<2x4x2xf32>'}}
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<2x4x2xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Groups of 3 heads cannot tile 8 heads.
attn.variant @head_mix_group_size(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                  %w: tensor<2x3x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.head_mix' op scores have 8 heads, which do not divide into groups of 3}}
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<2x3x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// One group of 4 heads leaves 4 of the 8 heads unmixed.
attn.variant @head_mix_group_count(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                   %w: tensor<1x4x4xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.head_mix' op scores have 8 heads but the weights mix 1 group(s) of 4}}
  %x = attn.head_mix %s, %w : !attn.scores<logits, 8>, tensor<1x4x4xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.map over inputs with 8 and 4 heads into a result of unknown heads:
// the inputs disagree with each other.
attn.variant @map_inputs_disagree(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                  %q4: tensor<2x4x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %t = attn.qk %q4, %k : tensor<2x4x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 4>
  // expected-error @+1 {{'attn.map' op input #1 has 4 heads but 8 are expected}}
  %m = attn.map %s, %t : !attn.scores<logits, 8>, !attn.scores<logits, 4> -> !attn.scores<logits, ?> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32, %y: f32):
    %z = arith.addf %x, %y : f32
    attn.yield %z : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A per-head decay checked against q's heads when the result's are unknown.
attn.variant @qk_decay_heads_dynamic_result(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x32x64xf16>,
                                            %g: tensor<3xf32>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op the decay has 3 heads but q has 8}}
  %s = attn.qk %q, %k decay(%g : tensor<3xf32>) : tensor<2x8x16x64xf16>, tensor<2x8x32x64xf16> -> !attn.scores<logits, ?>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// q's heads are dynamic; the result claims 6 heads, not a multiple of k's 4.
attn.variant @qk_result_heads_not_grouped(%q: tensor<2x?x16x64xf16>, %k: tensor<2x4x32x64xf16>) -> tensor<2x?x16x64xf16> {
  // expected-error @+1 {{'attn.qk' op query heads (6) are not a multiple of kv heads (4)}}
  %s = attn.qk %q, %k : tensor<2x?x16x64xf16>, tensor<2x4x32x64xf16> -> !attn.scores<logits, 6>
  attn.return %q : tensor<2x?x16x64xf16>
}

// -----

// A stencil with an empty kernel.
attn.variant @stencil_empty_kernel(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>,
                                   %w: tensor<8x0x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op kernel must be at least 1x1, got 0x3}}
  %c = attn.stencil %s, %w pad [0, 0, 1, 1] : !attn.scores<logits, 8>, tensor<8x0x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A stencil padding larger than the kernel (would overflow the size check).
attn.variant @stencil_pad_huge(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>,
                               %w: tensor<8x2x3xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.stencil' op padding must be smaller than the kernel}}
  %c = attn.stencil %s, %w pad [9223372036854775807, 9223372036854775807, 1, 1] : !attn.scores<logits, 8>, tensor<8x2x3xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}
