attn.variant @qk_plain_dynamic(%q: tensor<?x?x?x64xbf16>, %k: tensor<?x?x?x64xbf16>)
    -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %k : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

attn.variant @qk_scale_gqa(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x2x?x64xbf16>)
    -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %k scale 1.250000e-01
         : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @qk_mqa_static(%q: tensor<2x16x32x128xf16>, %k: tensor<2x1x48x128xf16>)
    -> tensor<2x16x32x128xf16> {
  %s = attn.qk %q, %k : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, 16>
  %t = attn.qk %q, %k : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, ?>
  %u = attn.qk %q, %k scale 0.088388347648318447
         : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, 16>
  %w = attn.qk %q, %k scale -2.0
         : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, 16>
  attn.return %q : tensor<2x16x32x128xf16>
}

attn.variant @qk_decay_per_head(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x2x?x64xbf16>,
                                %g: tensor<8xf32>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<8xf32>)
         : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  %t = attn.qk %q, %k decay(%g : tensor<8xf32>) scale 1.0
         : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @qk_decay_per_token(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                                 %g: tensor<?x8x?xf32>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<?x8x?xf32>)
         : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %t = attn.qk %q, %k decay(%g : tensor<?x8x?xf32>) scale 0.5
         : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @qk_decay_per_channel(%q: tensor<2x4x16x32xf32>, %k: tensor<2x4x24x32xf32>,
                                   %g: tensor<2x4x24x32xf32>) -> tensor<2x4x16x32xf32> {
  %s = attn.qk %q, %k decay(%g : tensor<2x4x24x32xf32>)
         : tensor<2x4x16x32xf32>, tensor<2x4x24x32xf32> -> !attn.scores<logits, 4>
  %t = attn.qk %q, %k decay(%g : tensor<2x4x24x32xf32>) scale 0.25
         : tensor<2x4x16x32xf32>, tensor<2x4x24x32xf32> -> !attn.scores<logits, 4>
  attn.return %q : tensor<2x4x16x32xf32>
}

attn.variant @qk_decay_dynamic_heads(%q: tensor<?x?x?x?xbf16>, %g1: tensor<?xf32>,
                                     %g3: tensor<?x?x?xf32>, %g4: tensor<?x?x?x?xf32>)
    -> tensor<?x?x?x?xbf16> {
  %a = attn.qk %q, %q decay(%g1 : tensor<?xf32>)
         : tensor<?x?x?x?xbf16>, tensor<?x?x?x?xbf16> -> !attn.scores<logits, ?>
  %b = attn.qk %q, %q decay(%g3 : tensor<?x?x?xf32>)
         : tensor<?x?x?x?xbf16>, tensor<?x?x?x?xbf16> -> !attn.scores<logits, ?>
  %c = attn.qk %q, %q decay(%g4 : tensor<?x?x?x?xf32>) scale 3.0
         : tensor<?x?x?x?xbf16>, tensor<?x?x?x?xbf16> -> !attn.scores<logits, ?>
  attn.return %q : tensor<?x?x?x?xbf16>
}

attn.variant @map_alibi(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                        %slope: tensor<8xf32>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %a = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %m = attn.load %slope[%h] : tensor<8xf32>
    %ji = arith.subi %j, %i : index
    %ji64 = arith.index_cast %ji : index to i64
    %d = arith.sitofp %ji64 : i64 to f32
    %bias = arith.mulf %m, %d : f32
    %y = arith.addf %x, %bias : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %a : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %k : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16>
  attn.return %o : tensor<?x8x?x64xbf16>
}

attn.variant @map_two_inputs(%q: tensor<?x4x?x32xf16>, %k: tensor<?x4x?x32xf16>)
    -> tensor<?x4x?x32xf16> {
  %s = attn.qk %q, %k : tensor<?x4x?x32xf16>, tensor<?x4x?x32xf16> -> !attn.scores<logits, 4>
  %t = attn.qk %k, %q : tensor<?x4x?x32xf16>, tensor<?x4x?x32xf16> -> !attn.scores<logits, 4>
  %u = attn.map %s, %t : !attn.scores<logits, 4>, !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32, %y: f32):
    %z = arith.addf %x, %y : f32
    attn.yield %z : f32
  }
  attn.return %q : tensor<?x4x?x32xf16>
}

attn.variant @map_to_probs(%q: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.map %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = math.exp %x : f32
    attn.yield %y : f32
  }
  %r = attn.map %p : !attn.scores<probs, ?> -> !attn.scores<probs, ?> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %r, %q : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

attn.variant @stencil_logits(%q: tensor<?x16x?x64xbf16>, %w: tensor<16x6x11xf32>)
    -> tensor<?x16x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
  %a = attn.stencil %s, %w pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  %b = attn.stencil %s, %w pad [5, 0, 5, 5] pad_value -1.5 : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  %c = attn.stencil %s, %w pad [5, 0, 5, 5] pad_value 0.0 : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  attn.return %q : tensor<?x16x?x64xbf16>
}

attn.variant @stencil_probs(%q: tensor<?x?x?x64xbf16>, %w: tensor<4x1x1xf32>,
                            %w2: tensor<4x3x2xf32>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %a = attn.stencil %p, %w pad [0, 0, 0, 0] : !attn.scores<probs, ?>, tensor<4x1x1xf32>
  %b = attn.stencil %p, %w2 pad [1, 1, 0, 1] pad_value 0.25 : !attn.scores<probs, ?>, tensor<4x3x2xf32>
  attn.return %q : tensor<?x?x?x64xbf16>
}

attn.variant @head_mix(%q: tensor<?x16x?x64xbf16>, %d: tensor<?x?x?x64xbf16>,
                       %wg: tensor<4x4x4xf32>, %wf: tensor<1x16x16xf32>) -> tensor<?x16x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
  %p = attn.softmax %s : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %a = attn.head_mix %p, %wg : !attn.scores<probs, 16>, tensor<4x4x4xf32>
  %b = attn.head_mix %s, %wf : !attn.scores<logits, 16>, tensor<1x16x16xf32>
  %t = attn.qk %d, %d : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %c = attn.head_mix %t, %wg : !attn.scores<logits, ?>, tensor<4x4x4xf32>
  attn.return %q : tensor<?x16x?x64xbf16>
}
