// RUN: attn-opt %s --pass-pipeline='builtin.module(attn-plan{target=cpu})' | FileCheck %s

// attn-plan (passes/Plan.cpp) on hand-written variants: every attn.pv (with
// the attn.lse of the same logits) moves, with the score ops that compute
// it, into one attn_plan.kernel whose attributes record the decisions. On
// cpu the cost model starts from 32x64 tiles, 1 stage, 1 warp and keeps the
// working set (q tile, k/v tiles in bf16, f32 score tiles of the head block
// with the halo) under 256 KiB. Attributes print in alphabetical order.

// Online softmax (running max and sum): the family comes from the softmax
// that feeds the pv directly. The logits reach the softmax from the qk
// through a mask only, so log2(e) folds into the scale (the kernel uses
// exp2): 1/sqrt(64) * 1.4426950408889634 = 0.18033688011112042.
// Sparsity: the causal -inf mask, classified statically.
// The mask op stays outside (the kernel reads it); the original qk, mask,
// softmax and pv are gone from the variant body.
// CHECK-LABEL: attn.variant @online_causal(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>)
// CHECK-NEXT:    %[[C:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:    %[[R:[a-zA-Z0-9_]+]] = attn_plan.kernel "online_causal_k0" quadratic_online for cpu sparsity static "causal" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x8x?x64xf32> {
// CHECK-NEXT:      %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] scale 0.18033688011112042 : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
// CHECK-NEXT:      %[[M:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[C]] fill neg_inf : !attn.scores<logits, 8>
// CHECK-NEXT:      %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[M]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
// CHECK-NEXT:      %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32>
// CHECK-NEXT:      attn_plan.yield %[[O]] : tensor<?x8x?x64xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[R]] : tensor<?x8x?x64xf32>
// CHECK-NEXT:  }
attn.variant @online_causal(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                            %v: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xf32> {
  %s = attn.qk %q, %k : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 8>
  %p = attn.softmax %m : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32>
  attn.return %o : tensor<?x8x?x64xf32>
}

// Fold then plan: attn-fold-scores first moves `x * 2.0` into the scale
// (0.125 * 2 = 0.25), the map becomes the identity, and log2(e) is appended
// to the map's result (the logits reaching the softmax come from the map):
// the scale stays 0.25. Canonicalize drops the unused constant 2.0.
// CHECK-LABEL: attn.variant @fold_then_plan(
// CHECK-NOT:     arith.constant 2.000000e+00
// CHECK:         attn_plan.kernel "fold_then_plan_k0" quadratic_online for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
// CHECK-NEXT:      %[[S:[a-zA-Z0-9_]+]] = attn.qk %{{.*}}, %{{.*}} scale 2.500000e-01 :
// CHECK-NEXT:      attn.map %[[S]]
// CHECK-NEXT:      ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:        %[[L:[a-zA-Z0-9_]+]] = arith.constant 1.44269502 : f32
// CHECK-NEXT:        %[[XL:[a-zA-Z0-9_]+]] = arith.mulf %[[X]], %[[L]] : f32
// CHECK-NEXT:        attn.yield %[[XL]] : f32
// CHECK-NEXT:      }
attn.variant @fold_then_plan(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                             %v: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xf32> {
  %two = arith.constant 2.0 : f32
  %s = attn.qk %q, %k : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
  %m = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %y = arith.mulf %x, %two : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %m : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32>
  attn.return %o : tensor<?x8x?x64xf32>
}

// An attn.lse of the logits the kernel's softmax normalises is a second
// output of the same kernel (one pass gives both the output and the row
// log-sum-exp): two results, yielded pv first, then lse. D = 128:
// 1/sqrt(128) * log2(e) = 0.12751743082459868. Window mask: "window 256".
// CHECK-LABEL: attn.variant @softmax_with_lse(
// CHECK-NEXT:    %[[W:[a-zA-Z0-9_]+]] = attn.window 256
// CHECK-NEXT:    %[[R:[a-zA-Z0-9_]+]]:2 = attn_plan.kernel "softmax_with_lse_k0" quadratic_online for cpu sparsity static "window 256" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x4x?x128xbf16>, tensor<?x4x?xf32> {
// CHECK-NEXT:      %[[S:[a-zA-Z0-9_]+]] = attn.qk %{{.*}}, %{{.*}} scale 0.12751743082459868 :
// CHECK-NEXT:      %[[M:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[W]] fill neg_inf
// CHECK-NEXT:      %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[M]]
// CHECK-NEXT:      %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %{{.*}}
// CHECK-NEXT:      %[[L:[a-zA-Z0-9_]+]] = attn.lse %[[M]] : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
// CHECK-NEXT:      attn_plan.yield %[[O]], %[[L]] : tensor<?x4x?x128xbf16>, tensor<?x4x?xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[R]]#0, %[[R]]#1 : tensor<?x4x?x128xbf16>, tensor<?x4x?xf32>
// CHECK-NEXT:  }
attn.variant @softmax_with_lse(%q: tensor<?x4x?x128xbf16>, %k: tensor<?x4x?x128xbf16>,
                               %v: tensor<?x4x?x128xbf16>)
    -> (tensor<?x4x?x128xbf16>, tensor<?x4x?xf32>) {
  %s = attn.qk %q, %k : tensor<?x4x?x128xbf16>, tensor<?x4x?x128xbf16> -> !attn.scores<logits, 4>
  %w = attn.window 256
  %m = attn.apply_mask %s, %w fill neg_inf : !attn.scores<logits, 4>
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x128xbf16> -> tensor<?x4x?x128xbf16>
  %l = attn.lse %m : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
  attn.return %o, %l : tensor<?x4x?x128xbf16>, tensor<?x4x?xf32>
}

// An attn.lse whose logits no pv's softmax normalises (here the unmasked
// scores, while the pv reads masked ones) becomes its own kernel after the
// pv kernels: k0 is the pv, k1 the lse, which runs the online softmax
// (quadratic_online, log2 folded into its own copy of the qk). Each kernel
// has its own copy of the shared qk; the pv kernel's mask is causal, the lse
// kernel is dense.
// CHECK-LABEL: attn.variant @lse_of_other_logits(
// CHECK:         %[[R0:[a-zA-Z0-9_]+]] = attn_plan.kernel "lse_of_other_logits_k0" quadratic_online for cpu sparsity static "causal" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x4x?x64xf32> {
// CHECK-NEXT:      attn.qk %{{.*}}, %{{.*}} scale 0.18033688011112042 :
// CHECK-NEXT:      attn.apply_mask
// CHECK-NEXT:      attn.softmax
// CHECK-NEXT:      attn.pv
// CHECK-NEXT:      attn_plan.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[R1:[a-zA-Z0-9_]+]] = attn_plan.kernel "lse_of_other_logits_k1" quadratic_online for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x4x?xf32> {
// CHECK-NEXT:      %[[S:[a-zA-Z0-9_]+]] = attn.qk %{{.*}}, %{{.*}} scale 0.18033688011112042 :
// CHECK-NEXT:      %[[L:[a-zA-Z0-9_]+]] = attn.lse %[[S]] : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
// CHECK-NEXT:      attn_plan.yield %[[L]] : tensor<?x4x?xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[R0]], %[[R1]] : tensor<?x4x?x64xf32>, tensor<?x4x?xf32>
attn.variant @lse_of_other_logits(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                                  %v: tensor<?x4x?x64xbf16>)
    -> (tensor<?x4x?x64xf32>, tensor<?x4x?xf32>) {
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 4>
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  %l = attn.lse %s : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
  attn.return %o, %l : tensor<?x4x?x64xf32>, tensor<?x4x?xf32>
}

// A variant that only computes an LSE: one kernel, online softmax, no pv.
// CHECK-LABEL: attn.variant @lse_only(
// CHECK:         attn_plan.kernel "lse_only_k0" quadratic_online for cpu sparsity static "causal" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x4x?xf32> {
// CHECK-NOT:       attn.pv
// CHECK:           attn.lse
// CHECK-NEXT:      attn_plan.yield
attn.variant @lse_only(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>) -> tensor<?x4x?xf32> {
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 4>
  %l = attn.lse %m : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
  attn.return %l : tensor<?x4x?xf32>
}

// Sigmoid attention: no row normaliser, no row state: quadratic_stateless,
// and no log2 folding (there is no softmax; the scale stays 1/sqrt(64),
// printed as the attribute-free qk). The sparsity walk goes through the map
// to the causal mask.
// CHECK-LABEL: attn.variant @sigmoid(
// CHECK:         attn_plan.kernel "sigmoid_k0" quadratic_stateless for cpu sparsity static "causal" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x4x?x64xf32> {
// CHECK-NEXT:      attn.qk %{{.*}}, %{{.*}} : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
// CHECK-NEXT:      attn.apply_mask
// CHECK-NEXT:      attn.map
// CHECK-NOT:       arith.constant 1.44269502
// CHECK:           attn.pv
attn.variant @sigmoid(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                      %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xf32> {
  %one = arith.constant 1.0 : f32
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 4>
  %p = attn.map %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %n = arith.negf %x : f32
    %e = math.exp %n : f32
    %d = arith.addf %e, %one : f32
    %r = arith.divf %one, %d : f32
    attn.yield %r : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  attn.return %o : tensor<?x4x?x64xf32>
}

// ALiBi-like bias before the softmax: the logits come from a map, so log2(e)
// is appended as a multiply at the end of the map (bias included), the qk's
// scale stays 0.125, and the kernel is in the log2 domain.
// CHECK-LABEL: attn.variant @bias_before_softmax(
// CHECK:         attn_plan.kernel "bias_before_softmax_k0" quadratic_online for cpu sparsity static "causal" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
// CHECK-NEXT:      %[[S:[a-zA-Z0-9_]+]] = attn.qk %{{.*}}, %{{.*}} scale 1.250000e-01 :
// CHECK-NEXT:      attn.map %[[S]]
// CHECK-NEXT:      ^bb0(%{{.*}}: index, %[[H:[a-zA-Z0-9_]+]]: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:        %[[SL:[a-zA-Z0-9_]+]] = attn.load %{{.*}}[%[[H]]] : tensor<4xf32>
// CHECK-NEXT:        %[[Y:[a-zA-Z0-9_]+]] = arith.subf %[[X]], %[[SL]] : f32
// CHECK-NEXT:        %[[L:[a-zA-Z0-9_]+]] = arith.constant 1.44269502 : f32
// CHECK-NEXT:        %[[YL:[a-zA-Z0-9_]+]] = arith.mulf %[[Y]], %[[L]] : f32
// CHECK-NEXT:        attn.yield %[[YL]] : f32
// CHECK-NEXT:      }
// CHECK-NEXT:      attn.apply_mask
// CHECK-NEXT:      attn.softmax
attn.variant @bias_before_softmax(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                                  %v: tensor<?x4x?x64xbf16>, %slope: tensor<4xf32>)
    -> tensor<?x4x?x64xf32> {
  %s = attn.qk %q, %k scale 0.125 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %a = attn.map %s : !attn.scores<logits, 4> -> !attn.scores<logits, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %sl = attn.load %slope[%h] : tensor<4xf32>
    %y = arith.subf %x, %sl : f32
    attn.yield %y : f32
  }
  %c = attn.causal
  %m = attn.apply_mask %a, %c fill neg_inf : !attn.scores<logits, 4>
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  attn.return %o : tensor<?x4x?x64xf32>
}

// Softpick: online (running max, numerator and denominator) but not a
// softmax, so no log2 folding: the scale stays 0.125 and there is no
// log2_domain.
// CHECK-LABEL: attn.variant @softpick(
// CHECK:         attn_plan.kernel "softpick_k0" quadratic_online for cpu sparsity static "causal" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
// CHECK-NEXT:      attn.qk %{{.*}}, %{{.*}} scale 1.250000e-01 :
// CHECK-NEXT:      attn.apply_mask
// CHECK-NEXT:      attn.softpick
attn.variant @softpick(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                       %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xf32> {
  %s = attn.qk %q, %k scale 0.125 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %c = attn.causal
  %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 4>
  %p = attn.softpick %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  attn.return %o : tensor<?x4x?x64xf32>
}

// A stencil on logits only (pre-softmax MTA convolution): quadratic_stencil.
// Halo from weights 4x3x5 with pad [1, 1, 3, 1]: top = 1, bottom = 3-1-1 =
// 1, left = 3, right = 5-1-3 = 1. The softmax's logits come from the stencil
// (through the -inf mask), not from a qk or a map: no log2 folding. The
// stencil's input mask is fill zero, which removes nothing: the sparsity is
// the -inf causal mask after the stencil. Working set on cpu: rows 34, cols
// 68, 4*34*68 + 2*(32*64 + 64*128) = 29728 bytes: 32x64 stays.
// CHECK-LABEL: attn.variant @pre_softmax_stencil(
// CHECK:         attn_plan.kernel "pre_softmax_stencil_k0" quadratic_stencil for cpu sparsity static "causal" mainloop cpu_tiles attributes {halo = array<i64: 1, 1, 3, 1>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x4x?x64xf32> {
// CHECK-NEXT:      attn.qk %{{.*}}, %{{.*}} scale 1.250000e-01 :
// CHECK-NEXT:      attn.apply_mask %{{.*}}, %{{.*}} fill zero
// CHECK-NEXT:      attn.stencil
// CHECK-NEXT:      attn.apply_mask %{{.*}}, %{{.*}} fill neg_inf
// CHECK-NEXT:      attn.softmax
attn.variant @pre_softmax_stencil(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                                  %v: tensor<?x4x?x64xbf16>, %w: tensor<4x3x5xf32>)
    -> tensor<?x4x?x64xf32> {
  %s = attn.qk %q, %k scale 0.125 : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %c = attn.causal
  %z = attn.apply_mask %s, %c fill zero : !attn.scores<logits, 4>
  %t = attn.stencil %z, %w pad [1, 1, 3, 1] : !attn.scores<logits, 4>, tensor<4x3x5xf32>
  %m = attn.apply_mask %t, %c fill neg_inf : !attn.scores<logits, 4>
  %p = attn.softmax %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  attn.return %o : tensor<?x4x?x64xf32>
}

// Pre-softmax mixing of all 64 heads: quadratic_stencil with a head block of
// 64. The f32 score tiles of 64 heads do not fit the cpu budget (262144
// bytes) at 32x64 (2*(32*128 + 64*256) + 4*64*32*64 = 565248) nor 32x32
// (286720); the larger tile dimension halves until 32x16 fits (147456).
// CHECK-LABEL: attn.variant @head_mix_64(
// CHECK:         attn_plan.kernel "head_mix_64_k0" quadratic_stencil for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 64 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 16 : i64, tile_q = 32 : i64, warps = 1 : i64}
attn.variant @head_mix_64(%q: tensor<?x64x?x128xbf16>, %k: tensor<?x64x?x128xbf16>,
                          %v: tensor<?x64x?x128xbf16>, %w: tensor<1x64x64xf32>)
    -> tensor<?x64x?x128xf32> {
  %s = attn.qk %q, %k : tensor<?x64x?x128xbf16>, tensor<?x64x?x128xbf16> -> !attn.scores<logits, 64>
  %x = attn.head_mix %s, %w : !attn.scores<logits, 64>, tensor<1x64x64xf32>
  %p = attn.softmax %x : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o = attn.pv %p, %v : !attn.scores<probs, 64>, tensor<?x64x?x128xbf16> -> tensor<?x64x?x128xf32>
  attn.return %o : tensor<?x64x?x128xf32>
}

// Post-softmax head mixing in groups of 4 and pre-softmax in groups of 6 (12
// heads): quadratic_two_pass (the post-softmax op decides first), head
// block lcm(6, 4) = 12. The softmax reads the qk through no mask or map
// other than the head mix: no log2 folding.
// CHECK-LABEL: attn.variant @two_head_mixes(
// CHECK:         attn_plan.kernel "two_head_mixes_k0" quadratic_two_pass for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 12 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
attn.variant @two_head_mixes(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                             %v: tensor<?x12x?x64xbf16>, %w6: tensor<2x6x6xf32>,
                             %w4: tensor<3x4x4xf32>) -> tensor<?x12x?x64xf32> {
  %s = attn.qk %q, %k : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16> -> !attn.scores<logits, 12>
  %x = attn.head_mix %s, %w6 : !attn.scores<logits, 12>, tensor<2x6x6xf32>
  %p = attn.softmax %x : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
  %y = attn.head_mix %p, %w4 : !attn.scores<probs, 12>, tensor<3x4x4xf32>
  %o = attn.pv %y, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16> -> tensor<?x12x?x64xf32>
  attn.return %o : tensor<?x12x?x64xf32>
}

// Block sparsity words, nearest mask first, joined with "and" across
// apply_mask ops; static masks give the closed-form classification,
// run-time data (document ids, prefix lengths, block maps) a pre-kernel.
// A fill-zero mask on logits removes nothing and is not listed; a fill-zero
// mask on probs does remove entries and is listed.
// CHECK-LABEL: attn.variant @sparsity_words(
// CHECK:         attn_plan.kernel "sparsity_words_k0" quadratic_online for cpu sparsity static "causal and not(window 64)" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
// CHECK:         attn_plan.kernel "sparsity_words_k1" quadratic_online for cpu sparsity runtime "and(prefix lengths, causal)" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
// CHECK:         attn_plan.kernel "sparsity_words_k2" quadratic_stateless for cpu sparsity runtime "or(document, window 8) and prefix 16" mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
// CHECK:         attn_plan.kernel "sparsity_words_k3" quadratic_online for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
attn.variant @sparsity_words(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                             %v: tensor<?x4x?x64xbf16>, %len: tensor<?xi32>,
                             %qd: tensor<?x?xi32>, %kd: tensor<?x?xi32>)
    -> (tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>) {
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %c = attn.causal
  %w64 = attn.window 64
  %nw = attn.mask_not %w64
  // k0: two -inf masks in a row; the nearest to the softmax is listed first.
  %a0 = attn.apply_mask %s, %nw fill neg_inf : !attn.scores<logits, 4>
  %a1 = attn.apply_mask %a0, %c fill neg_inf : !attn.scores<logits, 4>
  %p0 = attn.softmax %a1 : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o0 = attn.pv %p0, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  // k1: prefix lengths are run-time data.
  %pl = attn.prefix lengths(%len : tensor<?xi32>)
  %and = attn.mask_and %pl, %c
  %b0 = attn.apply_mask %s, %and fill neg_inf : !attn.scores<logits, 4>
  %p1 = attn.softmax %b0 : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o1 = attn.pv %p1, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  // k2: a stateless kernel: a fill-zero mask on probs after the map, a
  // fill-zero mask on logits (ignored) and a -inf one before it.
  %doc = attn.document %qd, %kd : tensor<?x?xi32>, tensor<?x?xi32>
  %w8 = attn.window 8
  %or = attn.mask_or %doc, %w8
  %pre = attn.prefix 16
  %c0 = attn.apply_mask %s, %pre fill neg_inf : !attn.scores<logits, 4>
  %c1 = attn.apply_mask %c0, %c fill zero : !attn.scores<logits, 4>
  %sg = attn.map %c1 : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %e = math.exp %x : f32
    attn.yield %e : f32
  }
  %c2 = attn.apply_mask %sg, %or fill zero : !attn.scores<probs, 4>
  %o2 = attn.pv %c2, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  // k3: only a fill-zero mask on logits: dense.
  %d0 = attn.apply_mask %s, %c fill zero : !attn.scores<logits, 4>
  %p3 = attn.softmax %d0 : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o3 = attn.pv %p3, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  attn.return %o0, %o1, %o2, %o3 : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
}

// Ops that are no reduction stay attn ops outside the kernels (feature maps,
// output maps, merges); they read the kernel results. The pv, lse, softmax,
// apply_mask and qk ops are all inside kernels: none is left in the variant
// body.
// CHECK-LABEL: attn.variant @outside_ops(
// CHECK:         %[[FQ:[a-zA-Z0-9_]+]] = attn.feature_map %{{.*}} : tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16> {
// CHECK:         %[[C:[a-zA-Z0-9_]+]] = attn.causal
// CHECK:         %[[R0:[a-zA-Z0-9_]+]]:2 = attn_plan.kernel "outside_ops_k0"
// CHECK:           attn.qk %[[FQ]], %{{.*}} scale 0.18033688011112042
// CHECK:           attn_plan.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[R1:[a-zA-Z0-9_]+]]:2 = attn_plan.kernel "outside_ops_k1"
// CHECK:           attn_plan.yield
// CHECK-NEXT:    }
// CHECK-NOT:     attn.qk
// CHECK-NOT:     attn.apply_mask
// CHECK-NOT:     attn.softmax
// CHECK-NOT:     attn.pv
// CHECK-NOT:     attn.lse
// CHECK:         %[[O:[a-zA-Z0-9_]+]], %[[L:[a-zA-Z0-9_]+]] = attn.merge %[[R0]]#0, %[[R1]]#0 lse %[[R0]]#1, %[[R1]]#1 :
// CHECK-NEXT:    %[[G:[a-zA-Z0-9_]+]] = attn.output_map %[[O]] :
// CHECK-NOT:     attn.qk
// CHECK-NOT:     attn.apply_mask
// CHECK-NOT:     attn.softmax
// CHECK-NOT:     attn.pv
// CHECK-NOT:     attn.lse
// CHECK:         attn.return %[[G]], %[[L]] :
attn.variant @outside_ops(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                          %v: tensor<?x4x?x64xbf16>)
    -> (tensor<?x4x?x64xbf16>, tensor<?x4x?xf32>) {
  %one = arith.constant 1.0 : f32
  %fq = attn.feature_map %q : tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %y = arith.addf %x, %one : f32
    attn.yield %y : f32
  }
  %s = attn.qk %fq, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %c = attn.causal
  %w = attn.window 16
  %m0 = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 4>
  %m1 = attn.apply_mask %s, %w fill neg_inf : !attn.scores<logits, 4>
  %p0 = attn.softmax %m0 : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %p1 = attn.softmax %m1 : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o0 = attn.pv %p0, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  %o1 = attn.pv %p1, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  %l0 = attn.lse %m0 : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
  %l1 = attn.lse %m1 : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
  %o, %l = attn.merge %o0, %o1 lse %l0, %l1
      : (tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>), (tensor<?x4x?xf32>, tensor<?x4x?xf32>)
      -> tensor<?x4x?x64xf32>, tensor<?x4x?xf32>
  %g = attn.output_map %o : tensor<?x4x?x64xf32> -> tensor<?x4x?x64xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %g, %l : tensor<?x4x?x64xbf16>, tensor<?x4x?xf32>
}
