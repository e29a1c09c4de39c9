attn.variant @predicate_arg_count(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %m = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %lt = arith.cmpi ult, %j, %i : index
    attn.yield %lt : i1
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
