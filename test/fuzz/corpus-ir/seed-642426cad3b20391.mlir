attn.variant @load_float_index(%q: tensor<2x8x16x64xf16>, %slope: tensor<8xf32>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %a = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %m = "attn.load"(%slope, %x) : (tensor<8xf32>, f32) -> f32
    attn.yield %m : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
