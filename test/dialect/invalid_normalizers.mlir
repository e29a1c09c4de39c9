// RUN: attn-opt %s -split-input-file -verify-diagnostics

// Normalisers (logits -> probs) and their relatives: attn.softmax,
// attn.softpick, attn.row_normalize, attn.lse.

// attn.softmax of probs: normalising twice.
attn.variant @softmax_of_probs(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.softmax' op input must be logits, got probs}}
  %pp = attn.softmax %p : !attn.scores<probs, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.softmax declared to produce logits.
attn.variant @softmax_to_logits(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softmax' op result must be probs, got logits}}
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.softmax changing the number of heads.
attn.variant @softmax_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softmax' op input has 8 heads but the result has 2}}
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 2>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A sink given per (batch, head) instead of per head.
attn.variant @softmax_sink_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                %sink: tensor<2x8xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softmax' op sink must be a rank-1 tensor [H], got 'tensor<2x8xf32>'}}
  %p = attn.softmax %s sink(%sink : tensor<2x8xf32>) : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A sink per kv head (2) instead of per query head (8).
attn.variant @softmax_sink_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                                 %sink: tensor<2xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softmax' op scores have 8 heads but sink has 2}}
  %p = attn.softmax %s sink(%sink : tensor<2xf32>) : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: a mask passed where the scores are expected.
attn.variant @softmax_of_mask(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  // expected-error @+1 {{'attn.softmax' op operand #0 must be a virtual [B, H, N, M] matrix of scores, but got '!attn.mask'}}
  %p = attn.softmax %c : !attn.mask -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.softpick of probs.
attn.variant @softpick_of_probs(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.softpick' op input must be logits, got probs}}
  %pp = attn.softpick %p : !attn.scores<probs, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.softpick declared to produce logits.
attn.variant @softpick_to_logits(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softpick' op result must be probs, got logits}}
  %p = attn.softpick %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.softpick changing the number of heads.
attn.variant @softpick_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softpick' op input has 8 heads but the result has 16}}
  %p = attn.softpick %s : !attn.scores<logits, 8> -> !attn.scores<probs, 16>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.softpick with a negative eps.
attn.variant @softpick_negative_eps(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softpick' op eps must be finite and >= 0, got -1.000000e-06}}
  %p = attn.softpick %s eps -1.0e-06 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.softpick with an infinite eps (0x7FF0000000000000 is +inf as an f64).
attn.variant @softpick_inf_eps(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.softpick' op eps must be finite and >= 0, got INF}}
  %p = attn.softpick %s eps 0x7FF0000000000000 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.row_normalize of logits: normalise probs, or use a softmax.
attn.variant @row_normalize_logits(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.row_normalize' op input must be probs, got logits}}
  %n = attn.row_normalize %s kind sum : !attn.scores<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.row_normalize with a NaN eps (0x7FF8000000000000 is a quiet NaN).
attn.variant @row_normalize_nan_eps(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.row_normalize' op eps must be finite and >= 0, got nan}}
  %n = attn.row_normalize %p kind abs_sum eps 0x7FF8000000000000 : !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.row_normalize with an infinite floor (0xFFF0000000000000 is -inf).
attn.variant @row_normalize_floor(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.row_normalize' op floor must be finite}}
  %n = attn.row_normalize %p kind abs_sum floor 0xFFF0000000000000 : !attn.scores<probs, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.lse of probs: the LSE is taken over logits.
attn.variant @lse_of_probs(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  // expected-error @+1 {{'attn.lse' op input must be logits, got probs}}
  %l = attn.lse %p : !attn.scores<probs, 8> -> tensor<2x8x16xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.lse with a rank-4 result: one value per row, not per element.
attn.variant @lse_result_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.lse' op result must be a rank-3 tensor [B, H, N], got 'tensor<2x8x16x1xf32>'}}
  %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<2x8x16x1xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.lse result with the kv head count.
attn.variant @lse_result_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.lse' op scores have 8 heads but the result has 2}}
  %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<2x2x16xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.lse with a scalar-per-batch sink.
attn.variant @lse_sink_rank(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                            %sink: tensor<2x8xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.lse' op sink must be a rank-1 tensor [H], got 'tensor<2x8xf32>'}}
  %l = attn.lse %s sink(%sink : tensor<2x8xf32>) : !attn.scores<logits, 8> -> tensor<2x8x16xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.lse with a sink for 4 heads.
attn.variant @lse_sink_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                             %sink: tensor<4xf32>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.lse' op scores have 8 heads but sink has 4}}
  %l = attn.lse %s sink(%sink : tensor<4xf32>) : !attn.scores<logits, 8> -> tensor<2x8x16xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: the LSE is stored in f32.
attn.variant @lse_f16(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  // expected-error @+1 {{'attn.lse' op result #0 must be ranked tensor of 32-bit float values, but got 'tensor<2x8x16xf16>'}}
  %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<2x8x16xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}
