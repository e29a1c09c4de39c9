!logits8 = !attn.scores<logits, 8>

attn.variant @scores_static_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %k : !attn.scores<probs, 8>, tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16>
  attn.return %o : tensor<2x8x16x64xf16>
}

attn.variant @scores_dynamic_heads(%q: tensor<?x?x?x64xbf16>, %k: tensor<?x?x?x64xbf16>)
    -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %k : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

attn.variant @mask_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = attn.causal
  %w = attn.window 128
  %m = attn.mask_and %c, %w
  attn.return %x : tensor<4xf32>
}

attn.variant @type_attrs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = attn.causal {ty.logits_one = !attn.scores<logits, 1>,
                    ty.logits_dyn = !attn.scores<logits, ?>,
                    ty.probs_static = !attn.scores<probs, 16>,
                    ty.probs_dyn = !attn.scores<probs, ?>,
                    ty.probs_big = !attn.scores<probs, 1024>,
                    ty.mask = !attn.mask}
  attn.return %x : tensor<4xf32>
}

attn.variant @type_spellings(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = attn.causal {a = !attn.scores<logits,8>,
                    b = !attn.scores< probs , ? >,
                    c = !logits8,
                    d = !attn<scores<probs, 2>>,
                    e = !attn<mask>}
  attn.return %x : tensor<4xf32>
}
