// RUN: attn-opt %s -canonicalize | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt -canonicalize | FileCheck %s

// attn.dim folds to an arith.constant of type index when the dimension is
// static, and stays when it is dynamic. The loads keep the dims alive (a
// feature_map's region must yield), so canonicalization cannot just erase them.

// attn.dim of static dimensions (rank 4 and rank 2) at the variant's top level,
// used inside a region: folds to index constants in the variant's entry block.
// CHECK-LABEL: attn.variant @dim_static_top_level(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[TAB:[a-z0-9_]+]]: tensor<8x4xf32>)
// CHECK-NOT:     attn.dim
// CHECK-DAG:     %[[C8:[a-z0-9_]+]] = arith.constant 8 : index
// CHECK-DAG:     %[[C4:[a-z0-9_]+]] = arith.constant 4 : index
// CHECK-NOT:     attn.dim
// CHECK:         attn.feature_map %[[Q]] : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
// CHECK-NOT:     attn.dim
// CHECK:           %[[A:[a-z0-9_]+]] = attn.load %[[TAB]][%[[C8]], %[[C4]]] : tensor<8x4xf32>
// CHECK-NEXT:      attn.yield %[[A]] : f32
// CHECK-NEXT:    }
attn.variant @dim_static_top_level(%q: tensor<?x8x?x64xbf16>, %tab: tensor<8x4xf32>)
    -> tensor<?x8x?x64xbf16> {
  %H = attn.dim %q[1] : tensor<?x8x?x64xbf16>
  %C = attn.dim %tab[1] : tensor<8x4xf32>
  %f = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %a = attn.load %tab[%H, %C] : tensor<8x4xf32>
    attn.yield %a : f32
  }
  attn.return %f : tensor<?x8x?x64xbf16>
}

// attn.dim of a static dimension inside a region folds (the constant is
// hoisted to the variant's entry block); the dynamic one next to it stays.
// CHECK-LABEL: attn.variant @dim_in_region(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[TAB:[a-z0-9_]+]]: tensor<16x?xf32>)
// CHECK-NEXT:    %[[C16:[a-z0-9_]+]] = arith.constant 16 : index
// CHECK-NEXT:    attn.feature_map %[[Q]] : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
// CHECK-NEXT:    ^bb0(
// CHECK-NEXT:      %[[N:[a-z0-9_]+]] = attn.dim %[[TAB]][1] : tensor<16x?xf32>
// CHECK-NEXT:      %[[A:[a-z0-9_]+]] = attn.load %[[TAB]][%[[C16]], %[[N]]] : tensor<16x?xf32>
// CHECK-NEXT:      attn.yield %[[A]] : f32
// CHECK-NEXT:    }
attn.variant @dim_in_region(%q: tensor<?x8x?x64xbf16>, %tab: tensor<16x?xf32>)
    -> tensor<?x8x?x64xbf16> {
  %f = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %R = attn.dim %tab[0] : tensor<16x?xf32>
    %N = attn.dim %tab[1] : tensor<16x?xf32>
    %a = attn.load %tab[%R, %N] : tensor<16x?xf32>
    attn.yield %a : f32
  }
  attn.return %f : tensor<?x8x?x64xbf16>
}

// attn.dim of dynamic dimensions does not fold (only dead ones are erased).
// CHECK-LABEL: attn.variant @dim_dynamic(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[TAB:[a-z0-9_]+]]: tensor<?x?xf32>)
// CHECK-NOT:     arith.constant
// CHECK:         attn.feature_map
// CHECK-NEXT:    ^bb0(
// CHECK-NEXT:      %[[B:[a-z0-9_]+]] = attn.dim %[[Q]][0] : tensor<?x8x?x64xbf16>
// CHECK-NEXT:      %[[T:[a-z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x8x?x64xbf16>
// CHECK-NEXT:      %[[A:[a-z0-9_]+]] = attn.load %[[TAB]][%[[B]], %[[T]]] : tensor<?x?xf32>
// CHECK-NEXT:      attn.yield %[[A]] : f32
attn.variant @dim_dynamic(%q: tensor<?x8x?x64xbf16>, %tab: tensor<?x?xf32>)
    -> tensor<?x8x?x64xbf16> {
  %f = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %B = attn.dim %q[0] : tensor<?x8x?x64xbf16>
    %T = attn.dim %q[2] : tensor<?x8x?x64xbf16>
    %a = attn.load %tab[%B, %T] : tensor<?x?xf32>
    attn.yield %a : f32
  }
  attn.return %f : tensor<?x8x?x64xbf16>
}
