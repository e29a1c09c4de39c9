attn.variant @merge_lse_shapes(%o1: tensor<2x8x16x64xf32>, %o2: tensor<2x8x16x64xf32>,
                               %l1: tensor<2x8x16x1xf32>, %l2: tensor<2x8x16xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>) {
  %o, %l = "attn.merge"(%o1, %o2, %l1, %l2) {operandSegmentSizes = array<i32: 2, 2>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x1xf32>, tensor<2x8x16xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x16xf32>)
  attn.return %o, %l : tensor<2x8x16x64xf32>, tensor<2x8x16xf32>
}
