attn.variant @softmax(%q: tensor<?x8x?x64xbf16>, %d: tensor<?x?x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %t = attn.qk %d, %d : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %r = attn.softmax %t : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @softmax_sink(%q: tensor<?x64x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                           %sigma: tensor<64xf32>, %d: tensor<?x?x?x64xbf16>,
                           %sd: tensor<?xf32>) -> tensor<?x64x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x64x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 64>
  %p = attn.softmax %s sink(%sigma : tensor<64xf32>)
         : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %t = attn.qk %d, %d : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %r = attn.softmax %t sink(%sd : tensor<?xf32>) : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %k : !attn.scores<probs, 64>, tensor<?x8x?x64xbf16> -> tensor<?x64x?x64xbf16>
  attn.return %o : tensor<?x64x?x64xbf16>
}

attn.variant @softpick(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %a = attn.softpick %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %b = attn.softpick %s eps 1.0e-06 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %c = attn.softpick %s eps 1.0e-03 : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %d = attn.softpick %s eps 0.0 : !attn.scores<logits, 8> -> !attn.scores<probs, ?>
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @row_normalize_kinds(%q: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %p = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %a = attn.row_normalize %p kind sum : !attn.scores<probs, 8>
  %b = attn.row_normalize %p kind abs_sum : !attn.scores<probs, 8>
  %c = attn.row_normalize %p kind sum_abs : !attn.scores<probs, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @row_normalize_eps_floor(%q: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %a = attn.row_normalize %p kind sum eps 1.0e-03 : !attn.scores<probs, ?>
  %b = attn.row_normalize %p kind abs_sum floor 1.0 : !attn.scores<probs, ?>
  %c = attn.row_normalize %p kind sum_abs eps 0.5 floor 2.0 : !attn.scores<probs, ?>
  %d = attn.row_normalize %p kind sum eps 0.0 floor 0.0 : !attn.scores<probs, ?>
  %e = attn.row_normalize %p kind abs_sum eps 1.0e-06 : !attn.scores<probs, ?>
  attn.return %q : tensor<?x?x?x64xbf16>
}

attn.variant @lse(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x2x?x64xbf16>)
    -> (tensor<?x8x?x64xbf16>, tensor<?x8x?xf32>) {
  %s = attn.qk %q, %k : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %k : !attn.scores<probs, 8>, tensor<?x2x?x64xbf16> -> tensor<?x8x?x64xbf16>
  %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<?x8x?xf32>
  attn.return %o, %l : tensor<?x8x?x64xbf16>, tensor<?x8x?xf32>
}

attn.variant @lse_sink(%q: tensor<2x8x16x64xf16>, %sigma: tensor<8xf32>, %sd: tensor<?xf32>)
    -> tensor<2x8x16xf32> {
  %s = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %l = attn.lse %s sink(%sigma : tensor<8xf32>) : !attn.scores<logits, 8> -> tensor<2x8x16xf32>
  %t = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, ?>
  %m = attn.lse %t sink(%sd : tensor<?xf32>) : !attn.scores<logits, ?> -> tensor<2x8x16xf32>
  attn.return %l : tensor<2x8x16xf32>
}
