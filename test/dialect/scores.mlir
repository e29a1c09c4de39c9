// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// Round trip of the ops that build and modify scores: attn.qk, attn.map,
// attn.stencil, attn.head_mix.

// attn.qk without decay or scale, MHA with dynamic heads.
// CHECK-LABEL: attn.variant @qk_plain_dynamic(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>{{$}}
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
// CHECK-NEXT:    attn.pv %[[P]], %[[K]] :
attn.variant @qk_plain_dynamic(%q: tensor<?x?x?x64xbf16>, %k: tensor<?x?x?x64xbf16>)
    -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %k : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

// attn.qk with an explicit scale, GQA (8 query heads over 2 kv heads).
// CHECK-LABEL: attn.variant @qk_scale_gqa(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x?x64xbf16>)
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] scale 1.250000e-01 : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>{{$}}
attn.variant @qk_scale_gqa(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x2x?x64xbf16>)
    -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %k scale 1.250000e-01
         : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

// attn.qk, MQA (one kv head), fully static f16 shapes, a result with dynamic
// heads, and scales that need full precision or are negative.
// CHECK-LABEL: attn.variant @qk_mqa_static(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x16x32x128xf16>, %[[K:[a-z0-9_]+]]: tensor<2x1x48x128xf16>)
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, 16>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, ?>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] scale 0.088388347648318447 : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, 16>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] scale -2.000000e+00 : tensor<2x16x32x128xf16>, tensor<2x1x48x128xf16> -> !attn.scores<logits, 16>{{$}}
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

// attn.qk with a per-head decay [H] (RetNet), without and with scale.
// CHECK-LABEL: attn.variant @qk_decay_per_head(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x?x64xbf16>, %[[G:[a-z0-9_]+]]: tensor<8xf32>)
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<8xf32>) : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<8xf32>) scale 1.000000e+00 : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>{{$}}
attn.variant @qk_decay_per_head(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x2x?x64xbf16>,
                                %g: tensor<8xf32>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<8xf32>)
         : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  %t = attn.qk %q, %k decay(%g : tensor<8xf32>) scale 1.0
         : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

// attn.qk with a per-token decay [B, H, M] (SimpleGLA / Mamba-2), without and
// with scale.
// CHECK-LABEL: attn.variant @qk_decay_per_token(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[G:[a-z0-9_]+]]: tensor<?x8x?xf32>)
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<?x8x?xf32>) : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<?x8x?xf32>) scale 5.000000e-01 : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>{{$}}
attn.variant @qk_decay_per_token(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                                 %g: tensor<?x8x?xf32>) -> tensor<?x8x?x64xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<?x8x?xf32>)
         : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %t = attn.qk %q, %k decay(%g : tensor<?x8x?xf32>) scale 0.5
         : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  attn.return %q : tensor<?x8x?x64xbf16>
}

// attn.qk with a per-channel decay [B, H, M, Dqk] (GLA), static shapes,
// without and with scale.
// CHECK-LABEL: attn.variant @qk_decay_per_channel(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x4x16x32xf32>, %[[K:[a-z0-9_]+]]: tensor<2x4x24x32xf32>, %[[G:[a-z0-9_]+]]: tensor<2x4x24x32xf32>)
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<2x4x24x32xf32>) : tensor<2x4x16x32xf32>, tensor<2x4x24x32xf32> -> !attn.scores<logits, 4>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<2x4x24x32xf32>) scale 2.500000e-01 : tensor<2x4x16x32xf32>, tensor<2x4x24x32xf32> -> !attn.scores<logits, 4>{{$}}
attn.variant @qk_decay_per_channel(%q: tensor<2x4x16x32xf32>, %k: tensor<2x4x24x32xf32>,
                                   %g: tensor<2x4x24x32xf32>) -> tensor<2x4x16x32xf32> {
  %s = attn.qk %q, %k decay(%g : tensor<2x4x24x32xf32>)
         : tensor<2x4x16x32xf32>, tensor<2x4x24x32xf32> -> !attn.scores<logits, 4>
  %t = attn.qk %q, %k decay(%g : tensor<2x4x24x32xf32>) scale 0.25
         : tensor<2x4x16x32xf32>, tensor<2x4x24x32xf32> -> !attn.scores<logits, 4>
  attn.return %q : tensor<2x4x16x32xf32>
}

// attn.qk with decays of all three ranks when every head count is dynamic.
// CHECK-LABEL: attn.variant @qk_decay_dynamic_heads(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x?xbf16>, %[[G1:[a-z0-9_]+]]: tensor<?xf32>, %[[G3:[a-z0-9_]+]]: tensor<?x?x?xf32>, %[[G4:[a-z0-9_]+]]: tensor<?x?x?x?xf32>)
// CHECK-NEXT:    attn.qk %[[Q]], %[[Q]] decay(%[[G1]] : tensor<?xf32>) : tensor<?x?x?x?xbf16>, tensor<?x?x?x?xbf16> -> !attn.scores<logits, ?>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[Q]] decay(%[[G3]] : tensor<?x?x?xf32>) : tensor<?x?x?x?xbf16>, tensor<?x?x?x?xbf16> -> !attn.scores<logits, ?>{{$}}
// CHECK-NEXT:    attn.qk %[[Q]], %[[Q]] decay(%[[G4]] : tensor<?x?x?x?xf32>) scale 3.000000e+00 : tensor<?x?x?x?xbf16>, tensor<?x?x?x?xbf16> -> !attn.scores<logits, ?>{{$}}
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

// attn.map of one logits input (ALiBi: slope[h] * (j - i) added to the score),
// reading a parameter with attn.load.
// CHECK-LABEL: attn.variant @map_alibi(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[SL:[a-z0-9_]+]]: tensor<8xf32>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] :
// CHECK-NEXT:    %[[A:[a-z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %[[H:[a-z0-9_]+]]: index, %[[I:[a-z0-9_]+]]: index, %[[J:[a-z0-9_]+]]: index, %[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[M:[a-z0-9_]+]] = attn.load %[[SL]][%[[H]]] : tensor<8xf32>{{$}}
// CHECK-NEXT:      %[[JI:[a-z0-9_]+]] = arith.subi %[[J]], %[[I]] : index
// CHECK-NEXT:      %[[JI64:[a-z0-9_]+]] = arith.index_cast %[[JI]] : index to i64
// CHECK-NEXT:      %[[D:[a-z0-9_]+]] = arith.sitofp %[[JI64]] : i64 to f32
// CHECK-NEXT:      %[[B:[a-z0-9_]+]] = arith.mulf %[[M]], %[[D]] : f32
// CHECK-NEXT:      %[[Y:[a-z0-9_]+]] = arith.addf %[[X]], %[[B]] : f32
// CHECK-NEXT:      attn.yield %[[Y]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.softmax %[[A]] :
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

// attn.map of two logits inputs into logits (a sum of two dot products).
// CHECK-LABEL: attn.variant @map_two_inputs(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x4x?x32xf16>, %[[K:[a-z0-9_]+]]: tensor<?x4x?x32xf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] :
// CHECK-NEXT:    %[[T:[a-z0-9_]+]] = attn.qk %[[K]], %[[Q]] :
// CHECK-NEXT:    attn.map %[[S]], %[[T]] : !attn.scores<logits, 4>, !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X:[a-z0-9_]+]]: f32, %[[Y:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[Z:[a-z0-9_]+]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      attn.yield %[[Z]] : f32
// CHECK-NEXT:    }
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

// attn.map turning logits into probs (sigmoid attention), dynamic heads on
// both sides, and a map from probs to probs.
// CHECK-LABEL: attn.variant @map_to_probs(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, ?> -> !attn.scores<probs, ?> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[Y:[a-z0-9_]+]] = math.exp %[[X]] : f32
// CHECK-NEXT:      attn.yield %[[Y]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[R:[a-z0-9_]+]] = attn.map %[[P]] : !attn.scores<probs, ?> -> !attn.scores<probs, ?> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X2:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      attn.yield %[[X2]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.pv %[[R]], %[[Q]] : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
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

// attn.stencil on logits with the default pad_value (omitted), an explicit
// non-default pad_value, and an explicit pad_value 0.0 (the default: printed
// without it).
// CHECK-LABEL: attn.variant @stencil_logits(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x16x?x64xbf16>, %[[W:[a-z0-9_]+]]: tensor<16x6x11xf32>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    attn.stencil %[[S]], %[[W]] pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>{{$}}
// CHECK-NEXT:    attn.stencil %[[S]], %[[W]] pad [5, 0, 5, 5] pad_value -1.500000e+00 : !attn.scores<logits, 16>, tensor<16x6x11xf32>{{$}}
// CHECK-NEXT:    attn.stencil %[[S]], %[[W]] pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>{{$}}
attn.variant @stencil_logits(%q: tensor<?x16x?x64xbf16>, %w: tensor<16x6x11xf32>)
    -> tensor<?x16x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
  %a = attn.stencil %s, %w pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  %b = attn.stencil %s, %w pad [5, 0, 5, 5] pad_value -1.5 : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  %c = attn.stencil %s, %w pad [5, 0, 5, 5] pad_value 0.0 : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  attn.return %q : tensor<?x16x?x64xbf16>
}

// attn.stencil on probs with dynamic heads and a 1x1 kernel (no padding), and
// a pad_value on probs.
// CHECK-LABEL: attn.variant @stencil_probs(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[W:[a-z0-9_]+]]: tensor<4x1x1xf32>, %[[W2:[a-z0-9_]+]]: tensor<4x3x2xf32>)
// CHECK:         %[[P:[a-z0-9_]+]] = attn.softmax
// CHECK-NEXT:    attn.stencil %[[P]], %[[W]] pad [0, 0, 0, 0] : !attn.scores<probs, ?>, tensor<4x1x1xf32>{{$}}
// CHECK-NEXT:    attn.stencil %[[P]], %[[W2]] pad [1, 1, 0, 1] pad_value 2.500000e-01 : !attn.scores<probs, ?>, tensor<4x3x2xf32>{{$}}
attn.variant @stencil_probs(%q: tensor<?x?x?x64xbf16>, %w: tensor<4x1x1xf32>,
                            %w2: tensor<4x3x2xf32>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %q : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %a = attn.stencil %p, %w pad [0, 0, 0, 0] : !attn.scores<probs, ?>, tensor<4x1x1xf32>
  %b = attn.stencil %p, %w2 pad [1, 1, 0, 1] pad_value 0.25 : !attn.scores<probs, ?>, tensor<4x3x2xf32>
  attn.return %q : tensor<?x?x?x64xbf16>
}

// attn.head_mix: 4 groups of 4 heads (probs), full mixing of 16 heads in one
// group (logits), and dynamic heads.
// CHECK-LABEL: attn.variant @head_mix(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x16x?x64xbf16>, %[[D:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[WG:[a-z0-9_]+]]: tensor<4x4x4xf32>, %[[WF:[a-z0-9_]+]]: tensor<1x16x16xf32>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[Q]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] :
// CHECK-NEXT:    attn.head_mix %[[P]], %[[WG]] : !attn.scores<probs, 16>, tensor<4x4x4xf32>{{$}}
// CHECK-NEXT:    attn.head_mix %[[S]], %[[WF]] : !attn.scores<logits, 16>, tensor<1x16x16xf32>{{$}}
// CHECK-NEXT:    %[[T:[a-z0-9_]+]] = attn.qk %[[D]], %[[D]] :
// CHECK-NEXT:    attn.head_mix %[[T]], %[[WG]] : !attn.scores<logits, ?>, tensor<4x4x4xf32>{{$}}
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
