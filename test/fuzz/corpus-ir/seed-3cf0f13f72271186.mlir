attn.variant @qwen_gate(%q: tensor<?x16x?x256xbf16>, %k: tensor<?x2x?x256xbf16>,
                        %v: tensor<?x2x?x256xbf16>, %gate: tensor<?x16x?x256xbf16>)
    -> tensor<?x16x?x256xbf16> {
  %s = attn.qk %q, %k : tensor<?x16x?x256xbf16>, tensor<?x2x?x256xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x2x?x256xbf16>
         -> tensor<?x16x?x256xf32>
  %y = attn.output_map %o, %gate : tensor<?x16x?x256xf32>, tensor<?x16x?x256xbf16>
         -> tensor<?x16x?x256xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32, %g: f32):
    %one = arith.constant 1.000000e+00 : f32
    %ng = arith.negf %g : f32
    %e = math.exp %ng : f32
    %den = arith.addf %one, %e : f32
    %sig = arith.divf %one, %den : f32
    %r = arith.mulf %x, %sig : f32
    attn.yield %r : f32
  }
  attn.return %y : tensor<?x16x?x256xbf16>
}
