attn.variant @block_predicate_zero(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.block_predicate block [64, 0] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %eq = arith.cmpi eq, %qb, %kb : index
    attn.yield %eq : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
