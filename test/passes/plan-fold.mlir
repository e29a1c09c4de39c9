// RUN: attn-opt %s --attn-fold-scores | FileCheck %s

// attn-fold-scores (passes/Plan.cpp): a `map` directly on a single-use `qk`
// whose only use of its score argument x is `x * c`, `c * x` or `x / c`, with
// c an arith.constant, gets c folded into the qk's `scale` (the scale is
// applied before any score modification, so (scale * q.k) * c ==
// (scale * c) * q.k) and the scaling op erased: the map sees the product
// directly. The constant itself stays (canonicalize removes it in attn-plan).

//===----------------------------------------------------------------------===//
// Folded
//===----------------------------------------------------------------------===//

// x * c, no scale attribute: the effective scale is 1/sqrt(64) = 0.125, so
// the new scale is 0.125 * 2.0 = 0.25; tanh now reads x itself.
// CHECK-LABEL: attn.variant @fold_x_times_c(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x4x?x64xbf16>, %[[K:[a-zA-Z0-9_]+]]: tensor<?x4x?x64xbf16>
// CHECK:         %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] scale 2.500000e-01 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
// CHECK-NEXT:    attn.map %[[S]] : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      %[[T:[a-zA-Z0-9_]+]] = math.tanh %[[X]] : f32
// CHECK-NEXT:      attn.yield %[[T]] : f32
// CHECK-NEXT:    }
// CHECK-NOT:     arith.mulf
// CHECK:         attn.return
attn.variant @fold_x_times_c(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                             %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %c = arith.constant 2.0 : f32
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %c : f32
    %t = math.tanh %y : f32
    attn.yield %t : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}

// c * x with an explicit scale 0.5 and the constant 3.0 defined inside the
// region: 0.5 * 3.0 = 1.5. The map yields x itself now.
// CHECK-LABEL: attn.variant @fold_c_times_x(
// CHECK:         %[[S:[a-zA-Z0-9_]+]] = attn.qk %{{.*}}, %{{.*}} scale 1.500000e+00 :
// CHECK-NEXT:    attn.map %[[S]]
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      arith.constant 3.000000e+00 : f32
// CHECK-NEXT:      attn.yield %[[X]] : f32
// CHECK-NEXT:    }
attn.variant @fold_c_times_x(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                             %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %s = attn.qk %q, %k scale 0.5 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %c = arith.constant 3.0 : f32
    %y = arith.mulf %c, %x : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}

// x / c (Gemma-2 soft-capping's first step): D = 128 without a scale
// attribute, effective 1/sqrt(128) = 0.08838834764831845, times 1/50:
// 0.0017677669529663686. The divf is gone; the final multiply by the cap
// stays (it multiplies tanh(x), not x).
// CHECK-LABEL: attn.variant @fold_x_div_c(
// CHECK-SAME:      %{{[a-zA-Z0-9_]+}}: tensor<?x8x?x128xbf16>
// CHECK:         %[[CAP:[a-zA-Z0-9_]+]] = arith.constant 5.000000e+01 : f32
// CHECK:         %[[S:[a-zA-Z0-9_]+]] = attn.qk %{{.*}}, %{{.*}} scale 0.0017677669529663686 :
// CHECK-NEXT:    attn.map %[[S]]
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      %[[T:[a-zA-Z0-9_]+]] = math.tanh %[[X]] : f32
// CHECK-NEXT:      %[[Y:[a-zA-Z0-9_]+]] = arith.mulf %[[T]], %[[CAP]] : f32
// CHECK-NEXT:      attn.yield %[[Y]] : f32
// CHECK-NEXT:    }
// CHECK-NOT:     arith.divf
// CHECK:         attn.return
attn.variant @fold_x_div_c(%q: tensor<?x8x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                           %v: tensor<?x8x?x128xbf16>) -> tensor<?x8x?x128xbf16> {
  %cap = arith.constant 50.0 : f32
  %s = attn.qk %q, %k : tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> !attn.scores<logits, 8>
  %m = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %d = arith.divf %x, %cap : f32
    %t = math.tanh %d : f32
    %y = arith.mulf %t, %cap : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xbf16>
  attn.return %o : tensor<?x8x?x128xbf16>
}

// A decayed qk (linear attention) folds the same way: scale 1.0 * 0.25.
// CHECK-LABEL: attn.variant @fold_decayed(
// CHECK:         attn.qk %{{.*}}, %{{.*}} decay(%{{.*}} : tensor<4xf32>) scale 2.500000e-01 :
// CHECK-NEXT:    attn.map
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      attn.yield %[[X]] : f32
attn.variant @fold_decayed(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                           %v: tensor<?x4x?x16xf32>, %g: tensor<4xf32>) -> tensor<?x4x?x16xf32> {
  %c = arith.constant 0.25 : f32
  %s = attn.qk %q, %k decay(%g : tensor<4xf32>) scale 1.0 : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> !attn.scores<logits, 4>
  %p = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %c : f32
    attn.yield %y : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  attn.return %o : tensor<?x4x?x16xf32>
}

//===----------------------------------------------------------------------===//
// Not folded
//===----------------------------------------------------------------------===//

// x has a second use (x * 2 + x): scaling q.k would change the other term.
// CHECK-LABEL: attn.variant @keep_x_used_twice(
// CHECK:         %[[C:[a-zA-Z0-9_]+]] = arith.constant 2.000000e+00 : f32
// CHECK:         attn.qk %{{.*}}, %{{.*}} : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
// CHECK-NEXT:    attn.map
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      %[[Y:[a-zA-Z0-9_]+]] = arith.mulf %[[X]], %[[C]] : f32
// CHECK-NEXT:      %[[Z:[a-zA-Z0-9_]+]] = arith.addf %[[Y]], %[[X]] : f32
// CHECK-NEXT:      attn.yield %[[Z]] : f32
attn.variant @keep_x_used_twice(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                                %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %c = arith.constant 2.0 : f32
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %c : f32
    %z = arith.addf %y, %x : f32
    attn.yield %z : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}

// The qk has two users (the map and an lse of the raw scores): its scale
// cannot change for the map alone.
// CHECK-LABEL: attn.variant @keep_qk_two_users(
// CHECK:         %[[S:[a-zA-Z0-9_]+]] = attn.qk %{{.*}}, %{{.*}} scale 5.000000e-01 :
// CHECK-NEXT:    attn.map %[[S]]
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      arith.mulf %[[X]], %{{.*}} : f32
// CHECK:         attn.lse %[[S]]
attn.variant @keep_qk_two_users(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                                %v: tensor<?x4x?x64xbf16>)
    -> (tensor<?x4x?x64xbf16>, tensor<?x4x?xf32>) {
  %c = arith.constant 2.0 : f32
  %s = attn.qk %q, %k scale 0.5 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %c : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  %l = attn.lse %s : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
  attn.return %o, %l : tensor<?x4x?x64xbf16>, tensor<?x4x?xf32>
}

// c is not a constant (a per-head load): no fold.
// CHECK-LABEL: attn.variant @keep_c_not_constant(
// CHECK:         attn.qk %{{.*}}, %{{.*}} scale 1.000000e+00 :
// CHECK-NEXT:    attn.map
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %[[H:[a-zA-Z0-9_]+]]: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      %[[C:[a-zA-Z0-9_]+]] = attn.load %{{.*}}[%[[H]]] : tensor<4xf32>
// CHECK-NEXT:      %[[Y:[a-zA-Z0-9_]+]] = arith.mulf %[[X]], %[[C]] : f32
// CHECK-NEXT:      attn.yield %[[Y]] : f32
attn.variant @keep_c_not_constant(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                                  %v: tensor<?x4x?x64xbf16>, %t: tensor<4xf32>)
    -> tensor<?x4x?x64xbf16> {
  %s = attn.qk %q, %k scale 1.0 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %c = attn.load %t[%h] : tensor<4xf32>
    %y = arith.mulf %x, %c : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}

// A dynamic head dim and no scale attribute: the scale in effect,
// 1/sqrt(D), is unknown at compile time, so there is nothing to multiply.
// CHECK-LABEL: attn.variant @keep_dynamic_head_dim(
// CHECK:         attn.qk %{{.*}}, %{{.*}} : tensor<?x4x?x?xbf16>, tensor<?x4x?x?xbf16> -> !attn.scores<logits, 4>
// CHECK-NEXT:    attn.map
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:      arith.mulf %[[X]], %{{.*}} : f32
attn.variant @keep_dynamic_head_dim(%q: tensor<?x4x?x?xbf16>, %k: tensor<?x4x?x?xbf16>,
                                    %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %c = arith.constant 2.0 : f32
  %s = attn.qk %q, %k : tensor<?x4x?x?xbf16>, tensor<?x4x?x?xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %c : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}

// The same map with an explicit scale on the dynamic-D qk does fold:
// 0.125 * 2.0 = 0.25.
// CHECK-LABEL: attn.variant @fold_dynamic_head_dim_with_scale(
// CHECK:         attn.qk %{{.*}}, %{{.*}} scale 2.500000e-01 : tensor<?x4x?x?xbf16>
// CHECK-NOT:     arith.mulf
// CHECK:         attn.return
attn.variant @fold_dynamic_head_dim_with_scale(%q: tensor<?x4x?x?xbf16>, %k: tensor<?x4x?x?xbf16>,
                                               %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %c = arith.constant 2.0 : f32
  %s = attn.qk %q, %k scale 0.125 : tensor<?x4x?x?xbf16>, tensor<?x4x?x?xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %c : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}

// c / x is a reciprocal, not a scaling; x / 0 has no finite factor.
// CHECK-LABEL: attn.variant @keep_c_div_x(
// CHECK:         attn.qk %{{.*}}, %{{.*}} scale 1.000000e+00 :
// CHECK:           arith.divf %{{.*}}, %{{.*}} : f32
// CHECK-LABEL: attn.variant @keep_x_div_zero(
// CHECK:         attn.qk %{{.*}}, %{{.*}} scale 1.000000e+00 :
// CHECK:           arith.divf %{{.*}}, %{{.*}} : f32
attn.variant @keep_c_div_x(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                           %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %c = arith.constant 2.0 : f32
  %s = attn.qk %q, %k scale 1.0 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.divf %c, %x : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}
attn.variant @keep_x_div_zero(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                              %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %c = arith.constant 0.0 : f32
  %s = attn.qk %q, %k scale 1.0 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %m = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.divf %x, %c : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}

// A mask between the qk and the map: the map is not directly on the qk.
// CHECK-LABEL: attn.variant @keep_masked_first(
// CHECK:         attn.qk %{{.*}}, %{{.*}} scale 1.000000e+00 :
// CHECK:           arith.mulf %{{.*}}, %{{.*}} : f32
attn.variant @keep_masked_first(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                                %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %c = arith.constant 2.0 : f32
  %s = attn.qk %q, %k scale 1.0 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %causal = attn.causal
  %a = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 4>
  %m = attn.map %a : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %c : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  attn.return %o : tensor<?x4x?x64xbf16>
}
