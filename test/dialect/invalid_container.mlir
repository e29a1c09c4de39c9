// RUN: attn-opt %s -split-input-file -verify-diagnostics

// attn.variant, attn.return and the parent of attn.yield.

// An unranked tensor argument: every input must have a known rank.
// expected-error @+1 {{'attn.variant' op argument #1 must be a ranked tensor, got 'tensor<*xf16>'}}
attn.variant @unranked_argument(%q: tensor<2x8x16x64xf16>, %k: tensor<*xf16>)
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A scalar argument: parameters are passed as tensors, even a single value.
// expected-error @+1 {{'attn.variant' op argument #0 must be a ranked tensor, got 'f32'}}
attn.variant @scalar_argument(%scale: f32, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// An empty input name: users bind inputs by a non-empty attn.name.
// expected-error @+1 {{'attn.variant' op argument #1's attn.name must be a non-empty string}}
attn.variant @empty_name(%q: tensor<2x8x16x64xf16> {attn.name = "q"},
                         %k: tensor<2x8x16x64xf16> {attn.name = ""})
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// An input name that is not a string.
// expected-error @+1 {{'attn.variant' op argument #0's attn.name must be a non-empty string}}
attn.variant @integer_name(%q: tensor<2x8x16x64xf16> {attn.name = 0 : i64})
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Two inputs with the same name cannot be bound apart.
// expected-error @+1 {{'attn.variant' op arguments #0 and #2 are both named 'k'}}
attn.variant @duplicate_name(%q: tensor<2x8x16x64xf16> {attn.name = "k"},
                             %k: tensor<2x8x16x64xf16>,
                             %v: tensor<2x8x16x64xf16> {attn.name = "k"})
    -> tensor<2x8x16x64xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A variant without results computes nothing.
// expected-error @+1 {{'attn.variant' op must return at least one output}}
attn.variant @no_results(%q: tensor<2x8x16x64xf16>) {
  attn.return
}

// -----

// A non-tensor result: outputs are ranked tensors.
// expected-error @+1 {{'attn.variant' op result #1 must be a ranked tensor, got '!attn.mask'}}
attn.variant @mask_result(%q: tensor<2x8x16x64xf16>)
    -> (tensor<2x8x16x64xf16>, !attn.mask) {
  %c = attn.causal
  "attn.return"(%q, %c) : (tensor<2x8x16x64xf16>, !attn.mask) -> ()
}

// -----

// An unranked result (the attn.return cannot match it: no op produces an
// unranked tensor; the variant's own check fires first).
// expected-error @+1 {{'attn.variant' op result #0 must be a ranked tensor, got 'tensor<*xf16>'}}
attn.variant @unranked_result(%q: tensor<2x8x16x64xf16>) -> tensor<*xf16> {
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS region constraint: a variant must have a body (no declarations).
// expected-error @+1 {{'attn.variant' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
attn.variant @no_body(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16>

// -----

// attn.return with more values than the variant has results.
attn.variant @return_too_many(%q: tensor<2x8x16x64xf16>, %lse: tensor<2x8x16xf32>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.return' op returns 2 value(s) but the variant has 1 result(s)}}
  attn.return %q, %lse : tensor<2x8x16x64xf16>, tensor<2x8x16xf32>
}

// -----

// attn.return with fewer values than the variant has results.
attn.variant @return_too_few(%q: tensor<2x8x16x64xf16>, %lse: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf16>, tensor<2x8x16xf32>) {
  // expected-error @+1 {{'attn.return' op returns 1 value(s) but the variant has 2 result(s)}}
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.return of a value whose type differs from the declared result.
attn.variant @return_wrong_type(%q: tensor<2x8x16x64xf16>, %lse: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf16>, tensor<2x8x16xf16>) {
  // expected-error @+1 {{'attn.return' op operand #1 has type 'tensor<2x8x16xf32>' but the variant's result #1 is 'tensor<2x8x16xf16>'}}
  attn.return %q, %lse : tensor<2x8x16x64xf16>, tensor<2x8x16xf32>
}

// -----

// ODS: attn.return only ends an attn.variant, not an elementwise region.
attn.variant @return_in_region(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    // expected-error @+1 {{'attn.return' op expects parent op 'attn.variant'}}
    attn.return %q : tensor<2x8x16x64xf16>
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: attn.yield ends elementwise regions, not the variant.
attn.variant @yield_in_variant(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.yield' op expects parent op to be one of 'attn.map, attn.predicate, attn.block_predicate, attn.feature_map, attn.output_map'}}
  attn.yield %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: attn.return only takes tensors.
attn.variant @return_mask(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %c = attn.causal
  // expected-error @+1 {{'attn.return' op operand #0 must be variadic of ranked tensor of any type values, but got '!attn.mask'}}
  "attn.return"(%c) : (!attn.mask) -> ()
}

// -----

// attn.dims with one name too few.
// expected-error @+1 {{'attn.variant' op argument #0's attn.dims must be one string per dimension}}
attn.variant @dims_count(%q: tensor<?x8x?x64xbf16> {attn.dims = ["B", "", "N"]}) -> tensor<?x8x?x64xbf16> {
  attn.return %q : tensor<?x8x?x64xbf16>
}

// -----

// attn.dims naming a static dimension.
// expected-error @+1 {{'attn.variant' op argument #0 names its static dimension 3}}
attn.variant @dims_static(%q: tensor<?x8x?x64xbf16> {attn.dims = ["B", "", "N", "D"]}) -> tensor<?x8x?x64xbf16> {
  attn.return %q : tensor<?x8x?x64xbf16>
}
