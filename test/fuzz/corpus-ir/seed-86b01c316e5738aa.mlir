attn.variant @block_predicate_yield(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.block_predicate block [64, 64] {
  ^bb0(%b: index, %h: index, %qb: index, %kb: index):
    %one = arith.constant 1.0 : f32
    attn.yield %one : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
