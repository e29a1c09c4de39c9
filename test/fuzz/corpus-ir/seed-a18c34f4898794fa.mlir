attn.variant @block_predicate_arg_type(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.block_predicate block [64, 64] {
  ^bb0(%b: f32, %h: index, %qb: index, %kb: index):
    %eq = arith.cmpi eq, %qb, %kb : index
    attn.yield %eq : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
