// RUN: attn-opt %s -split-input-file -verify-diagnostics

// Outputs: attn.pv, attn.output_map, attn.merge, attn.head_rmsnorm,
// attn.head_gate. attn.merge is written in generic form, so that its cases
// pin the verifier rather than the custom syntax of its type lists.

//===----------------------------------------------------------------------===//
// attn.pv
//===----------------------------------------------------------------------===//

// attn.pv of unnormalised logits.
attn.variant @pv_logits(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                        %v: tensor<2x2x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.pv' op needs probs, got logits: normalise them first (attn.softmax, ...) or map them to probs}}
  %o = attn.pv %s, %v : !attn.scores<logits, 8>, tensor<2x2x32x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}

// -----

// v without the head dimension.
attn.variant @pv_v_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                        %v: tensor<2x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op v must be a rank-4 tensor [B, Hkv, M, Dv], got 'tensor<2x32x64xf16>'}}
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<2x32x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}

// -----

// The output with heads and rows flattened together.
attn.variant @pv_result_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                             %v: tensor<2x2x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op result must be a rank-4 tensor [B, H, N, Dv], got 'tensor<2x128x64xf16>'}}
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<2x2x32x64xf16> -> tensor<2x128x64xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// The output with the kv head count instead of the query head count.
attn.variant @pv_result_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                              %v: tensor<2x2x32x64xf16>) -> tensor<2x2x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op scores have 8 heads but the result has 2}}
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<2x2x32x64xf16> -> tensor<2x2x16x64xf16>
  attn.return %o : tensor<2x2x16x64xf16>
}

// -----

// 8 query heads over 3 value heads: the groups are not whole.
attn.variant @pv_grouped_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                               %v: tensor<2x3x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op query heads (8) are not a multiple of v heads (3)}}
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<2x3x32x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}

// -----

// v with zero heads (was a division by zero in the grouping check).
attn.variant @pv_zero_v_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                              %v: tensor<2x0x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op needs at least one v head, got 0}}
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<2x0x32x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}

// -----

// v and the output from different batches.
attn.variant @pv_batch(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                       %v: tensor<2x2x32x64xf16>) -> tensor<3x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op v and result disagree on batch: 2 vs 3}}
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<2x2x32x64xf16> -> tensor<3x8x16x64xf16>
  attn.return %o : tensor<3x8x16x64xf16>
}

// -----

// The output wider than v's rows.
attn.variant @pv_head_dim(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                          %v: tensor<2x2x32x64xf16>) -> tensor<2x8x16x128xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op v and result disagree on the head dim Dv: 64 vs 128}}
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<2x2x32x64xf16> -> tensor<2x8x16x128xf16>
  attn.return %o : tensor<2x8x16x128xf16>
}

// -----

// ODS: a mask passed where the probs are expected.
attn.variant @pv_of_mask(%v: tensor<2x2x32x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  // expected-error @+1 {{'attn.pv' op operand #0 must be a virtual [B, H, N, M] matrix of scores, but got '!attn.mask'}}
  %o = attn.pv %c, %v : !attn.mask, tensor<2x2x32x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}

//===----------------------------------------------------------------------===//
// attn.output_map
//===----------------------------------------------------------------------===//

// -----

// attn.output_map of nothing (generic form: the custom form needs an input).
attn.variant @output_map_no_inputs(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.output_map' op needs at least one input}}
  %r = "attn.output_map"() ({
  ^bb0(%b: index, %h: index, %i: index, %d: index):
    %c = arith.constant 1.0 : f32
    attn.yield %c : f32
  }) : () -> tensor<2x8x16x64xf32>
  attn.return %r : tensor<2x8x16x64xf32>
}

// -----

// attn.output_map on row statistics [B, H, N] rather than outputs.
attn.variant @output_map_rank(%l: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  // expected-error @+1 {{'attn.output_map' op result must be a rank-4 tensor [B, H, N, Dv], got 'tensor<2x8x16xf32>'}}
  %r = attn.output_map %l : tensor<2x8x16xf32> -> tensor<2x8x16xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %r : tensor<2x8x16xf32>
}

// -----

// attn.output_map combining outputs of different head dims.
attn.variant @output_map_shapes(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x32xf32>)
    -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.output_map' op input #1 and result have different shapes: 'tensor<2x8x16x32xf32>' vs 'tensor<2x8x16x64xf32>'}}
  %r = attn.output_map %o1, %o2 : tensor<2x8x16x64xf32>, tensor<2x8x16x32xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32, %y: f32):
    %z = arith.subf %x, %y : f32
    attn.yield %z : f32
  }
  attn.return %r : tensor<2x8x16x64xf32>
}

// -----

// attn.output_map region that forgot the index arguments.
attn.variant @output_map_arg_count(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.output_map' op region must take 4 index arguments (b, h, i, d) and 1 'f32' value, got 1 arguments}}
  %r = attn.output_map %o : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%x: f32):
    attn.yield %x : f32
  }
  attn.return %r : tensor<2x8x16x64xf32>
}

// -----

// attn.output_map region receiving the element as f64.
attn.variant @output_map_arg_type(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.output_map' op region argument #4 must be 'f32', got 'f64'}}
  %r = attn.output_map %o : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f64):
    %y = arith.truncf %x : f64 to f32
    attn.yield %y : f32
  }
  attn.return %r : tensor<2x8x16x64xf32>
}

// -----

// attn.output_map region yielding an index.
attn.variant @output_map_yield(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  %r = attn.output_map %o : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    // expected-error @+1 {{'attn.yield' op must yield one 'f32', got 'index'}}
    attn.yield %d : index
  }
  attn.return %r : tensor<2x8x16x64xf32>
}

//===----------------------------------------------------------------------===//
// attn.merge
//===----------------------------------------------------------------------===//

// -----

// attn.merge of a single partial output.
attn.variant @merge_one(%o1: tensor<2x8x16x64xf32>, %l1: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) {
  // expected-error @+1 {{'attn.merge' op needs at least two partial outputs, got 1}}
  %o, %l = "attn.merge"(%o1, %l1) {operandSegmentSizes = array<i32: 1, 1>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x16xf32>
}

// -----

// attn.merge of two outputs with one LSE.
attn.variant @merge_lse_count(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                              %l1: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) {
  // expected-error @+1 {{'attn.merge' op needs one lse per output, got 2 outputs and 1 lses}}
  %o, %l = "attn.merge"(%o1, %o2, %l1) {operandSegmentSizes = array<i32: 2, 1>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x16xf32>
}

// -----

// attn.merge producing a rank-3 output.
attn.variant @merge_output_rank(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                                %l1: tensor<2x8x16xf32>, %l2: tensor<2x8x16xf32>)
    -> (tensor<2x8x1024xf32>, tensor<2x8x16xf32>) {
  // expected-error @+1 {{'attn.merge' op output must be a rank-4 tensor [B, H, N, Dv], got 'tensor<2x8x1024xf32>'}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>)
      -> (tensor<2x8x1024xf32>, tensor<2x8x16xf32>)
  attn.return %o, %l : tensor<2x8x1024xf32>, tensor<2x8x16xf32>
}

// -----

// attn.merge producing a rank-4 LSE.
attn.variant @merge_lse_rank(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                             %l1: tensor<2x8x16xf32>, %l2: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16x1xf32>) {
  // expected-error @+1 {{'attn.merge' op lse must be a rank-3 tensor [B, H, N], got 'tensor<2x8x16x1xf32>'}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x16x1xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x16x1xf32>
}

// -----

// attn.merge of partial outputs with different row counts.
attn.variant @merge_output_shapes(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x32x64xf32>,
                                  %l1: tensor<2x8x16xf32>, %l2: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) {
  // expected-error @+1 {{'attn.merge' op output #1 and the merged output have different shapes: 'tensor<2x8x32x64xf32>' vs 'tensor<2x8x16x64xf32>'}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x16xf32>
}

// -----

// attn.merge with a partial LSE of a different rank.
attn.variant @merge_lse_shapes(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                               %l1: tensor<2x8x16x1xf32>, %l2: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) {
  // expected-error @+1 {{'attn.merge' op lse #0 and the merged lse have different shapes: 'tensor<2x8x16x1xf32>' vs 'tensor<2x8x16xf32>'}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x1xf32>, tensor<2x8x16xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x16xf32>
}

// -----

// attn.merge whose output and LSE disagree on the head count (dimension 1).
attn.variant @merge_output_lse(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                               %l1: tensor<2x4x16xf32>, %l2: tensor<2x4x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x4x16xf32>) {
  // expected-error @+1 {{'attn.merge' op output and lse disagree on dimension 1: 8 vs 4}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x4x16xf32>, tensor<2x4x16xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x4x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x4x16xf32>
}

// -----

// attn.merge whose output and LSE disagree on the batch.
attn.variant @merge_output_lse_batch(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                                     %l1: tensor<3x8x16xf32>, %l2: tensor<3x8x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<3x8x16xf32>) {
  // expected-error @+1 {{'attn.merge' op output and lse disagree on dimension 0: 2 vs 3}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<3x8x16xf32>, tensor<3x8x16xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<3x8x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<3x8x16xf32>
}

// -----

// attn.merge whose output and LSE disagree on the query length.
attn.variant @merge_output_lse_rows(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                                    %l1: tensor<2x8x32xf32>, %l2: tensor<2x8x32xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x32xf32>) {
  // expected-error @+1 {{'attn.merge' op output and lse disagree on dimension 2: 16 vs 32}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x32xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x32xf32>
}

// -----

// ODS: partial LSEs are f32.
attn.variant @merge_lse_f16(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                            %l1: tensor<2x8x16xf16>, %l2: tensor<2x8x16xf16>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) {
  // expected-error @+1 {{'attn.merge' op operand #2 must be variadic of ranked tensor of 32-bit float values, but got 'tensor<2x8x16xf16>'}}
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16xf16>, tensor<2x8x16xf16>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x16xf32>
}

//===----------------------------------------------------------------------===//
// attn.head_rmsnorm
//===----------------------------------------------------------------------===//

// -----

// attn.head_rmsnorm of a rank-3 tensor.
attn.variant @head_rmsnorm_rank(%o: tensor<2x16x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'attn.head_rmsnorm' op input must be a rank-4 tensor [B, H, N, Dv], got 'tensor<2x16x64xf32>'}}
  %n = attn.head_rmsnorm %o : tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  attn.return %n : tensor<2x16x64xf32>
}

// -----

// attn.head_rmsnorm with eps 0 (a zero row divides by zero).
attn.variant @head_rmsnorm_zero_eps(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_rmsnorm' op eps must be finite and > 0, got 0.000000e+00}}
  %n = attn.head_rmsnorm %o eps 0.0 : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}

// -----

// attn.head_rmsnorm with an infinite eps (0x7FF0000000000000 is +inf).
attn.variant @head_rmsnorm_inf_eps(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_rmsnorm' op eps must be finite and > 0, got INF}}
  %n = attn.head_rmsnorm %o eps 0x7FF0000000000000 : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}

// -----

// A shared [Dv] weight of the wrong width.
attn.variant @head_rmsnorm_weight_dv(%o: tensor<2x8x16x64xf32>, %w: tensor<32xf32>)
    -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_rmsnorm' op weight and the output disagree on the head dim Dv: 32 vs 64}}
  %n = attn.head_rmsnorm %o weight(%w : tensor<32xf32>) : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}

// -----

// A per-head [H, Dv] weight for 4 of the 8 heads.
attn.variant @head_rmsnorm_weight_heads(%o: tensor<2x8x16x64xf32>, %w: tensor<4x64xf32>)
    -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_rmsnorm' op weight and the output disagree on the number of heads: 4 vs 8}}
  %n = attn.head_rmsnorm %o weight(%w : tensor<4x64xf32>) : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}

// -----

// A per-head [H, Dv] weight of the wrong width.
attn.variant @head_rmsnorm_weight_heads_dv(%o: tensor<2x8x16x64xf32>, %w: tensor<8x128xf32>)
    -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_rmsnorm' op weight and the output disagree on the head dim Dv: 128 vs 64}}
  %n = attn.head_rmsnorm %o weight(%w : tensor<8x128xf32>) : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}

// -----

// A per-(batch, head) weight: only [Dv] and [H, Dv] exist.
attn.variant @head_rmsnorm_weight_rank(%o: tensor<2x8x16x64xf32>, %w: tensor<2x8x64xf32>)
    -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_rmsnorm' op weight must be [Dv] or [H, Dv], got 'tensor<2x8x64xf32>' for an output 'tensor<2x8x16x64xf32>'}}
  %n = attn.head_rmsnorm %o weight(%w : tensor<2x8x64xf32>) : tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32>
  attn.return %n : tensor<2x8x16x64xf32>
}

//===----------------------------------------------------------------------===//
// attn.head_gate
//===----------------------------------------------------------------------===//

// -----

// attn.head_gate of a rank-3 tensor.
attn.variant @head_gate_rank(%o: tensor<8x16x64xf32>, %w: tensor<8x64xf32>,
                             %bias: tensor<8xf32>) -> tensor<8x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op input must be a rank-4 tensor [B, H, N, Dv], got 'tensor<8x16x64xf32>'}}
  %g = attn.head_gate %o, %w, %bias : tensor<8x16x64xf32>, tensor<8x64xf32>, tensor<8xf32> -> tensor<8x16x64xf32>
  attn.return %g : tensor<8x16x64xf32>
}

// -----

// A shared [Dv] gate weight of the wrong width.
attn.variant @head_gate_weight_dv(%o: tensor<2x8x16x64xf32>, %w: tensor<128xf32>,
                                  %bias: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op weight and the output disagree on the head dim Dv: 128 vs 64}}
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<128xf32>, tensor<8xf32> -> tensor<2x8x16x64xf32>
  attn.return %g : tensor<2x8x16x64xf32>
}

// -----

// A per-head [H, Dv] gate weight for 16 heads on an 8-head output.
attn.variant @head_gate_weight_heads(%o: tensor<2x8x16x64xf32>, %w: tensor<16x64xf32>,
                                     %bias: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op weight and the output disagree on the number of heads: 16 vs 8}}
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<16x64xf32>, tensor<8xf32> -> tensor<2x8x16x64xf32>
  attn.return %g : tensor<2x8x16x64xf32>
}

// -----

// A per-head [H, Dv] gate weight of the wrong width.
attn.variant @head_gate_weight_heads_dv(%o: tensor<2x8x16x64xf32>, %w: tensor<8x32xf32>,
                                        %bias: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op weight and the output disagree on the head dim Dv: 32 vs 64}}
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<8x32xf32>, tensor<8xf32> -> tensor<2x8x16x64xf32>
  attn.return %g : tensor<2x8x16x64xf32>
}

// -----

// A scalar (rank-0) gate weight.
attn.variant @head_gate_weight_rank(%o: tensor<2x8x16x64xf32>, %w: tensor<f32>,
                                    %bias: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op weight must be [Dv] or [H, Dv], got 'tensor<f32>' for an output 'tensor<2x8x16x64xf32>'}}
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<f32>, tensor<8xf32> -> tensor<2x8x16x64xf32>
  attn.return %g : tensor<2x8x16x64xf32>
}

// -----

// A scalar (rank-0) gate bias: it is [H] or [1].
attn.variant @head_gate_bias_rank(%o: tensor<2x8x16x64xf32>, %w: tensor<8x64xf32>,
                                  %bias: tensor<f32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op bias must be a rank-1 tensor [H] or [1], got 'tensor<f32>'}}
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<8x64xf32>, tensor<f32> -> tensor<2x8x16x64xf32>
  attn.return %g : tensor<2x8x16x64xf32>
}

// -----

// A gate bias for 4 heads on an 8-head output.
attn.variant @head_gate_bias_heads(%o: tensor<2x8x16x64xf32>, %w: tensor<8x64xf32>,
                                   %bias: tensor<4xf32>) -> tensor<2x8x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op bias has 4 entries but the output has 8 heads (use [H] or [1])}}
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<8x64xf32>, tensor<4xf32> -> tensor<2x8x16x64xf32>
  attn.return %g : tensor<2x8x16x64xf32>
}

// -----

// pv with probs of 8 heads, v with 3 heads and a result of unknown heads.
attn.variant @pv_grouped_heads_dynamic_result(%p: tensor<2x8x16x64xf16>, %v: tensor<2x3x32x64xf16>) -> tensor<2x?x16x64xf16> {
  %s = attn.qk %p, %p : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %q = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.pv' op query heads (8) are not a multiple of v heads (3)}}
  %o = attn.pv %q, %v : !attn.scores<probs, 8>, tensor<2x3x32x64xf16> -> tensor<2x?x16x64xf16>
  attn.return %o : tensor<2x?x16x64xf16>
}

// -----

// attn.head_rmsnorm whose result shape differs from its input.
attn.variant @head_rmsnorm_result_shape(%o: tensor<2x8x16x64xf32>) -> tensor<2x8x16x32xbf16> {
  // expected-error @+1 {{'attn.head_rmsnorm' op input and result have different shapes: 'tensor<2x8x16x64xf32>' vs 'tensor<2x8x16x32xbf16>'}}
  %n = attn.head_rmsnorm %o : tensor<2x8x16x64xf32> -> tensor<2x8x16x32xbf16>
  attn.return %n : tensor<2x8x16x32xbf16>
}

// -----

// attn.head_gate whose result shape differs from its input.
attn.variant @head_gate_result_shape(%o: tensor<2x8x16x64xf32>, %w: tensor<8x64xf32>,
                                     %bias: tensor<8xf32>) -> tensor<2x4x16x64xf32> {
  // expected-error @+1 {{'attn.head_gate' op input and result have different shapes: 'tensor<2x8x16x64xf32>' vs 'tensor<2x4x16x64xf32>'}}
  %g = attn.head_gate %o, %w, %bias : tensor<2x8x16x64xf32>, tensor<8x64xf32>, tensor<8xf32> -> tensor<2x4x16x64xf32>
  attn.return %g : tensor<2x4x16x64xf32>
}
