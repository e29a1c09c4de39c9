// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// The container: a variant is a function of tensors ending in attn.return.

// CHECK-LABEL: attn.variant @identity(
// CHECK-SAME:    %[[Q:.*]]: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16>
// CHECK:         attn.return %[[Q]] : tensor<?x8x?x64xbf16>
attn.variant @identity(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  attn.return %q : tensor<?x8x?x64xbf16>
}

// CHECK-LABEL: attn.variant @two_outputs(
// CHECK:         attn.return %{{.*}}, %{{.*}} : tensor<2x4x16x32xf16>, tensor<2x4x16xf32>
attn.variant @two_outputs(%o: tensor<2x4x16x32xf16>, %l: tensor<2x4x16xf32>)
    -> (tensor<2x4x16x32xf16>, tensor<2x4x16xf32>) {
  attn.return %o, %l : tensor<2x4x16x32xf16>, tensor<2x4x16xf32>
}
