// RUN: attn-opt %s --attn-classify --split-input-file | FileCheck %s

// A pre-softmax stencil (MTA's key-query convolution on logits) needs score
// tiles with a halo, then an online softmax.
// CHECK-LABEL: attn.variant @pre_softmax_stencil
// CHECK: attn.pv {{.*}}attn.family = "quadratic_stencil", attn.family_reason = "attn.stencil"
attn.variant @pre_softmax_stencil(%q: tensor<?x4x?x16xbf16>, %k: tensor<?x4x?x16xbf16>,
                                  %v: tensor<?x4x?x16xbf16>, %w: tensor<4x3x3xf32>) -> tensor<?x4x?x16xbf16> {
  %s = attn.qk %q, %k : tensor<?x4x?x16xbf16>, tensor<?x4x?x16xbf16> -> !attn.scores<logits, 4>
  %c = attn.stencil %s, %w pad [2, 0, 1, 1] : !attn.scores<logits, 4>, tensor<4x3x3xf32>
  %p = attn.softmax %c : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x16xbf16> -> tensor<?x4x?x16xbf16>
  attn.return %o : tensor<?x4x?x16xbf16>
}

// -----

// A decay without a causal mask has no recurrent form (future keys would
// need growing factors): quadratic.
// CHECK-LABEL: attn.variant @decay_without_causal
// CHECK: attn.pv {{.*}}attn.family = "quadratic_stateless"
attn.variant @decay_without_causal(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                                   %v: tensor<?x4x?x16xf32>, %g: tensor<4xf32>) -> tensor<?x4x?x16xf32> {
  %s = attn.qk %q, %k decay(%g : tensor<4xf32>) scale 1.0 : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> !attn.scores<logits, 4>
  %p = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  attn.return %o : tensor<?x4x?x16xf32>
}

// -----

// Linear attention without a mask or decay (a global state) is chunked.
// CHECK-LABEL: attn.variant @linear_bidirectional
// CHECK: attn.pv {{.*}}attn.family = "linear_chunked", attn.family_reason = "attn.qk"
attn.variant @linear_bidirectional(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                                   %v: tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32> {
  %s = attn.qk %q, %k scale 1.0 : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> !attn.scores<logits, 4>
  %p = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %n = attn.row_normalize %p kind sum eps 1.0e-06 : !attn.scores<probs, 4>
  %o = attn.pv %n, %v : !attn.scores<probs, 4>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  attn.return %o : tensor<?x4x?x16xf32>
}

// -----

// RetNet's |sum| normaliser is not a linear function of the state: the
// chunked form does not apply.
// CHECK-LABEL: attn.variant @retnet_abs_sum
// CHECK: attn.pv {{.*}}attn.family = "quadratic_stateless"
attn.variant @retnet_abs_sum(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                             %v: tensor<?x4x?x16xf32>, %g: tensor<4xf32>) -> tensor<?x4x?x16xf32> {
  %s = attn.qk %q, %k decay(%g : tensor<4xf32>) scale 1.0 : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> !attn.scores<logits, 4>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 4>
  %p = attn.map %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %n = attn.row_normalize %p kind abs_sum floor 1.0 : !attn.scores<probs, 4>
  %o = attn.pv %n, %v : !attn.scores<probs, 4>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  attn.return %o : tensor<?x4x?x16xf32>
}
