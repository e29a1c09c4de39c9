attn.variant @return_in_region(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    attn.return %q : tensor<2x8x16x64xf16>
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
