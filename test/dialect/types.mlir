// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Round trip of the dialect's types: !attn.scores<kind, heads> and !attn.mask.
// Types are checked where the custom forms print them (op result / operand
// types) and, standalone, as type attributes in an op's attribute dictionary.
// The GENERIC prefix checks the result types that custom forms leave implicit.

!logits8 = !attn.scores<logits, 8>

// !attn.scores<logits, N> (static heads) and <probs, N>, as op types.
// CHECK-LABEL: attn.variant @scores_static_heads(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x8x16x64xf16>, %[[K:[a-z0-9_]+]]: tensor<2x8x16x64xf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>{{$}}
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    attn.pv %[[P]], %[[K]] : !attn.scores<probs, 8>, tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16>{{$}}
// GENERIC-LABEL: sym_name = "scores_static_heads"
// GENERIC:         "attn.qk"({{.*}}) : (tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16>) -> !attn.scores<logits, 8>
// GENERIC:         "attn.softmax"({{.*}}) : (!attn.scores<logits, 8>) -> !attn.scores<probs, 8>
attn.variant @scores_static_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %k : !attn.scores<probs, 8>, tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}

// !attn.scores<logits, ?> and <probs, ?> (heads known only at run time).
// CHECK-LABEL: attn.variant @scores_dynamic_heads(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>{{$}}
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] : !attn.scores<logits, ?> -> !attn.scores<probs, ?>{{$}}
// CHECK-NEXT:    attn.pv %[[P]], %[[K]] : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>{{$}}
// GENERIC-LABEL: sym_name = "scores_dynamic_heads"
// GENERIC:         "attn.softmax"({{.*}}) : (!attn.scores<logits, ?>) -> !attn.scores<probs, ?>
attn.variant @scores_dynamic_heads(%q: tensor<?x?x?x64xbf16>, %k: tensor<?x?x?x64xbf16>)
    -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %k : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

// !attn.mask as the (implicit in the custom form) result type of mask ops.
// CHECK-LABEL: attn.variant @mask_type(
// CHECK-NEXT:    %[[C:[a-z0-9_]+]] = attn.causal{{$}}
// CHECK-NEXT:    %[[W:[a-z0-9_]+]] = attn.window 128{{$}}
// CHECK-NEXT:    attn.mask_and %[[C]], %[[W]]{{$}}
// GENERIC-LABEL: sym_name = "mask_type"
// GENERIC:         "attn.causal"() : () -> !attn.mask
// GENERIC:         "attn.window"() <{size = 128 : i64}> : () -> !attn.mask
// GENERIC:         "attn.mask_and"(%{{.*}}, %{{.*}}) : (!attn.mask, !attn.mask) -> !attn.mask
attn.variant @mask_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = attn.causal
  %w = attn.window 128
  %m = attn.mask_and %c, %w
  attn.return %x : tensor<4xf32>
}

// Every type spelling as a standalone type attribute: both kinds, static,
// dynamic and large head counts, and !attn.mask.
// CHECK-LABEL: attn.variant @type_attrs(
// CHECK-NEXT:    attn.causal {ty.logits_dyn = !attn.scores<logits, ?>, ty.logits_one = !attn.scores<logits, 1>, ty.mask = !attn.mask, ty.probs_big = !attn.scores<probs, 1024>, ty.probs_dyn = !attn.scores<probs, ?>, ty.probs_static = !attn.scores<probs, 16>}{{$}}
attn.variant @type_attrs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = attn.causal {ty.logits_one = !attn.scores<logits, 1>,
                    ty.logits_dyn = !attn.scores<logits, ?>,
                    ty.probs_static = !attn.scores<probs, 16>,
                    ty.probs_dyn = !attn.scores<probs, ?>,
                    ty.probs_big = !attn.scores<probs, 1024>,
                    ty.mask = !attn.mask}
  attn.return %x : tensor<4xf32>
}

// Non-canonical spellings (no / extra whitespace, a type alias, the
// `!attn<...>` form) parse and print in the canonical form.
// CHECK-LABEL: attn.variant @type_spellings(
// CHECK-NEXT:    attn.causal {a = !attn.scores<logits, 8>, b = !attn.scores<probs, ?>, c = !attn.scores<logits, 8>, d = !attn.scores<probs, 2>, e = !attn.mask}{{$}}
attn.variant @type_spellings(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = attn.causal {a = !attn.scores<logits,8>,
                    b = !attn.scores< probs , ? >,
                    c = !logits8,
                    d = !attn<scores<probs, 2>>,
                    e = !attn<mask>}
  attn.return %x : tensor<4xf32>
}
