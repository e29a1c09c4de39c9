attn.variant @block_predicate_arg_count(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.block_predicate block [64, 64] {
  ^bb0(%b: index, %h: index, %qb: index):
    %t = arith.constant true
    attn.yield %t : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
