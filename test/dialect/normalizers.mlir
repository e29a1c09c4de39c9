// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// Round trip of the normalisers: attn.softmax, attn.softpick,
// attn.row_normalize, attn.lse.

// attn.softmax without a sink, static and dynamic heads.
// CHECK-LABEL: attn.variant @softmax(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[D:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    attn.softmax %[[S]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    %[[T:[a-z0-9_]+]] = attn.qk %[[D]], %[[D]] :
// CHECK-NEXT:    attn.softmax %[[T]] : !attn.scores<logits, ?> -> !attn.scores<probs, ?>{{$}}
attn.variant @softmax(%q: tensor<?x8x?x64xbf16>, %d: tensor<?x?x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %t = attn.qk %d, %d : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %r = attn.softmax %t : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  attn.return %q : tensor<?x8x?x64xbf16>
}

// attn.softmax with a sink (gpt-oss): a static [H] sink, and a dynamic [?]
// sink with dynamic heads.
// CHECK-LABEL: attn.variant @softmax_sink(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x64x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[SG:[a-z0-9_]+]]: tensor<64xf32>, %[[D:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[SD:[a-z0-9_]+]]: tensor<?xf32>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] sink(%[[SG]] : tensor<64xf32>) : !attn.scores<logits, 64> -> !attn.scores<probs, 64>{{$}}
// CHECK-NEXT:    %[[T:[a-z0-9_]+]] = attn.qk %[[D]], %[[D]] :
// CHECK-NEXT:    attn.softmax %[[T]] sink(%[[SD]] : tensor<?xf32>) : !attn.scores<logits, ?> -> !attn.scores<probs, ?>{{$}}
// CHECK-NEXT:    %[[O:[a-z0-9_]+]] = attn.pv %[[P]], %[[K]] : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16> -> tensor<?x64x?x64xbf16>
// CHECK-NEXT:    attn.return %[[O]] : tensor<?x64x?x64xbf16>
attn.variant @softmax_sink(%q: tensor<?x64x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                           %sigma: tensor<64xf32>, %d: tensor<?x?x?x64xbf16>,
                           %sd: tensor<?xf32>) -> tensor<?x64x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 64>
  %p = attn.softmax %s sink(%sigma : tensor<64xf32>)
         : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %t = attn.qk %d, %d : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %r = attn.softmax %t sink(%sd : tensor<?xf32>) : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %k : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16> -> tensor<?x64x?x64xbf16>
  attn.return %o : tensor<?x64x?x64xbf16>
}

// attn.softpick: eps omitted, eps equal to the default 1e-6 (printed without
// eps), a non-default eps, and eps 0.
// CHECK-LABEL: attn.variant @softpick(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    attn.softpick %[[S]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    attn.softpick %[[S]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    attn.softpick %[[S]] eps 1.000000e-03 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    attn.softpick %[[S]] eps 0.000000e+00 : !attn.scores<logits, 8> -> !attn.scores<probs, ?>{{$}}
attn.variant @softpick(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %a = attn.softpick %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %b = attn.softpick %s eps 1.0e-06 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %c = attn.softpick %s eps 1.0e-03 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %d = attn.softpick %s eps 0.0 : !attn.scores<logits, 8> -> !attn.scores<probs, ?>
  attn.return %q : tensor<?x8x?x64xbf16>
}

// attn.row_normalize: each kind (sum, abs_sum, sum_abs) without eps or floor.
// CHECK-LABEL: attn.variant @row_normalize_kinds(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
// CHECK:         }
// CHECK-NEXT:    attn.row_normalize %[[P]] kind sum : !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    attn.row_normalize %[[P]] kind abs_sum : !attn.scores<probs, 8>{{$}}
// CHECK-NEXT:    attn.row_normalize %[[P]] kind sum_abs : !attn.scores<probs, 8>{{$}}
attn.variant @row_normalize_kinds(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %p = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %a = attn.row_normalize %p kind sum : !attn.scores<probs, 8>
  %b = attn.row_normalize %p kind abs_sum : !attn.scores<probs, 8>
  %c = attn.row_normalize %p kind sum_abs : !attn.scores<probs, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

// attn.row_normalize with eps, with floor, with both, and with explicit
// defaults (eps 0.0 is elided; floor 0.0 is kept since floor has no default).
// CHECK-LABEL: attn.variant @row_normalize_eps_floor(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] :
// CHECK-NEXT:    attn.row_normalize %[[P]] kind sum eps 1.000000e-03 : !attn.scores<probs, ?>{{$}}
// CHECK-NEXT:    attn.row_normalize %[[P]] kind abs_sum floor 1.000000e+00 : !attn.scores<probs, ?>{{$}}
// CHECK-NEXT:    attn.row_normalize %[[P]] kind sum_abs eps 5.000000e-01 floor 2.000000e+00 : !attn.scores<probs, ?>{{$}}
// CHECK-NEXT:    attn.row_normalize %[[P]] kind sum floor 0.000000e+00 : !attn.scores<probs, ?>{{$}}
// CHECK-NEXT:    attn.row_normalize %[[P]] kind abs_sum eps 9.9999999999999995E-7 : !attn.scores<probs, ?>{{$}}
attn.variant @row_normalize_eps_floor(%q: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %a = attn.row_normalize %p kind sum eps 1.0e-03 : !attn.scores<probs, ?>
  %b = attn.row_normalize %p kind abs_sum floor 1.0 : !attn.scores<probs, ?>
  %c = attn.row_normalize %p kind sum_abs eps 0.5 floor 2.0 : !attn.scores<probs, ?>
  %d = attn.row_normalize %p kind sum eps 0.0 floor 0.0 : !attn.scores<probs, ?>
  %e = attn.row_normalize %p kind abs_sum eps 1.0e-06 : !attn.scores<probs, ?>
  attn.return %q : tensor<?x?x?x64xbf16>
}

// attn.lse without a sink, returned as a second output next to the attention
// output (static heads).
// CHECK-LABEL: attn.variant @lse(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x?x64xbf16>)
// CHECK-SAME:    -> (tensor<?x8x?x64xbf16>, tensor<?x8x?xf32>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] :
// CHECK-NEXT:    %[[O:[a-z0-9_]+]] = attn.pv %[[P]], %[[K]] :
// CHECK-NEXT:    %[[L:[a-z0-9_]+]] = attn.lse %[[S]] : !attn.scores<logits, 8> -> tensor<?x8x?xf32>{{$}}
// CHECK-NEXT:    attn.return %[[O]], %[[L]] : tensor<?x8x?x64xbf16>, tensor<?x8x?xf32>
attn.variant @lse(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x2x?x64xbf16>)
    -> (tensor<?x8x?x64xbf16>, tensor<?x8x?xf32>) {
  %s = attn.qk %q, %k : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %k : !attn.scores<probs, 8>, tensor<?x2x?x64xbf16> -> tensor<?x8x?x64xbf16>
  %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<?x8x?xf32>
  attn.return %o, %l : tensor<?x8x?x64xbf16>, tensor<?x8x?xf32>
}

// attn.lse with a sink: static heads and sink, and dynamic heads with a
// dynamic sink and a fully static result shape.
// CHECK-LABEL: attn.variant @lse_sink(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x8x16x64xf16>, %[[SG:[a-z0-9_]+]]: tensor<8xf32>, %[[SD:[a-z0-9_]+]]: tensor<?xf32>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    %[[L:[a-z0-9_]+]] = attn.lse %[[S]] sink(%[[SG]] : tensor<8xf32>) : !attn.scores<logits, 8> -> tensor<2x8x16xf32>{{$}}
// CHECK-NEXT:    %[[T:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    attn.lse %[[T]] sink(%[[SD]] : tensor<?xf32>) : !attn.scores<logits, ?> -> tensor<2x8x16xf32>{{$}}
// CHECK-NEXT:    attn.return %[[L]] : tensor<2x8x16xf32>
attn.variant @lse_sink(%q: tensor<2x8x16x64xf16>, %sigma: tensor<8xf32>, %sd: tensor<?xf32>)
    -> tensor<2x8x16xf32> {
  %s = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %l = attn.lse %s sink(%sigma : tensor<8xf32>) : !attn.scores<logits, 8> -> tensor<2x8x16xf32>
  %t = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, ?>
  %m = attn.lse %t sink(%sd : tensor<?xf32>) : !attn.scores<logits, ?> -> tensor<2x8x16xf32>
  attn.return %l : tensor<2x8x16xf32>
}
