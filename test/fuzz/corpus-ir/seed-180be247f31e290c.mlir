attn.variant @map_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>,
                        %q4: tensor<2x4x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 8>
  %t = attn.qk %q4, %k : tensor<2x4x16x64xf16>, tensor<2x2x32x64xf16> -> !attn.scores<logits, 4>
  %m = attn.map %s, %t : !attn.scores<logits, 8>, !attn.scores<logits, 4> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32, %y: f32):
    %z = arith.addf %x, %y : f32
    attn.yield %z : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}
