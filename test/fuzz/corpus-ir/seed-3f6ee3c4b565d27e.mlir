attn.variant @relu(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                   %v: tensor<?x12x?x64xbf16>) -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  %len = attn.dim %k[2] : tensor<?x12x?x64xbf16>
  %len_i64 = arith.index_cast %len : index to i64
  %len_f32 = arith.sitofp %len_i64 : i64 to f32
  %p = attn.map %s : !attn.scores<logits, 12> -> !attn.scores<probs, 12> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %r = arith.maximumf %x, %zero : f32
    %y = arith.divf %r, %len_f32 : f32
    attn.yield %y : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16>
         -> tensor<?x12x?x64xbf16>
  attn.return %o : tensor<?x12x?x64xbf16>
}
