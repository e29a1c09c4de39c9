attn.variant @diff_attention(%q1: tensor<?x16x?x64xbf16>, %k1: tensor<?x16x?x64xbf16>,
                             %q2: tensor<?x16x?x64xbf16>, %k2: tensor<?x16x?x64xbf16>,
                             %v: tensor<?x16x?x128xbf16>, %lambda: tensor<1xf32>,
                             %subln_w: tensor<128xf32>) -> tensor<?x16x?x128xbf16> {
  %causal = attn.causal
  %s1 = attn.qk %q1, %k1 : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16>
          -> !attn.scores<logits, 16>
  %m1 = attn.apply_mask %s1, %causal fill neg_inf : !attn.scores<logits, 16>
  %p1 = attn.softmax %m1 : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o1 = attn.pv %p1, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
          -> tensor<?x16x?x128xf32>
  %s2 = attn.qk %q2, %k2 : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16>
          -> !attn.scores<logits, 16>
  %m2 = attn.apply_mask %s2, %causal fill neg_inf : !attn.scores<logits, 16>
  %p2 = attn.softmax %m2 : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o2 = attn.pv %p2, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
          -> tensor<?x16x?x128xf32>
  %diff = attn.output_map %o1, %o2 : tensor<?x16x?x128xf32>, tensor<?x16x?x128xf32>
            -> tensor<?x16x?x128xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x1: f32, %x2: f32):
    %c0 = arith.constant 0 : index
    %lam = attn.load %lambda[%c0] : tensor<1xf32>
    %scaled = arith.mulf %lam, %x2 : f32
    %r = arith.subf %x1, %scaled : f32
    attn.yield %r : f32
  }
  %normed = attn.head_rmsnorm %diff weight(%subln_w : tensor<128xf32>) eps 1.0e-05
              : tensor<?x16x?x128xf32>
  %depth = arith.constant 5.000000e+00 : f32
  %neg03 = arith.constant -3.000000e-01 : f32
  %c08 = arith.constant 8.000000e-01 : f32
  %c06 = arith.constant 6.000000e-01 : f32
  %one = arith.constant 1.000000e+00 : f32
  %arg = arith.mulf %neg03, %depth : f32
  %decay = math.exp %arg : f32
  %sub = arith.mulf %c06, %decay : f32
  %lambda_init = arith.subf %c08, %sub : f32
  %rescale = arith.subf %one, %lambda_init : f32
  %out = attn.output_map %normed : tensor<?x16x?x128xf32> -> tensor<?x16x?x128xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    %y = arith.mulf %x, %rescale : f32
    attn.yield %y : f32
  }
  attn.return %out : tensor<?x16x?x128xbf16>
}
