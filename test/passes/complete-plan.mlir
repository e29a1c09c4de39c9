// RUN: attn-opt %s -split-input-file --attn-complete-plan | FileCheck %s

// attn-complete-plan (passes/CompletePlan.cpp) writes what each kernel's
// target model (passes/TargetModel.cpp) implies for its family and tiles.
// The rule of each case is the comment over its CHECK group; the emitters
// print these attributes and the device libraries assert them.

// mma_sync on sm_80 (online softmax, GQA 32 query heads over 4 KV heads,
// Dqk 128, Dv 512, tiles 64x32):
//   warps = tile_q / 16 = 4 (a warp owns 16 query rows), threads = 32 x 4;
//   stages = the target's 2;
//   gqa_pack = gcd(32 / 4, 64) = 8 heads per row tile;
//   dv_slice = the largest multiple of 16 dividing 512 up to 256 = 256;
//   smem = 2 x (64 x 128 + 32 x 128 + 32 x 256) = 40960 (q, k, v tiles).
// CHECK-LABEL: attn.variant @gqa
// CHECK: attn_plan.kernel "gqa_k0" quadratic_online for sm_80 sparsity dense mainloop mma_sync attributes {dv_slice = 256 : i64, gqa_pack = 8 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 40960 : i64, stages = 2 : i64, threads = 128 : i64, tile_k = 32 : i64, tile_q = 64 : i64, warps = 4 : i64}
attn.variant @gqa(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x4x?x128xbf16>, %v: tensor<?x4x?x512xbf16>) -> tensor<?x32x?x512xbf16> {
  %r = attn_plan.kernel "gqa_k0" quadratic_online for sm_80 sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 32 : i64, tile_q = 64 : i64} -> tensor<?x32x?x512xbf16> {
    %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x4x?x128xbf16> -> !attn.scores<logits, 32>
    %p = attn.softmax %s : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
    %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x4x?x512xbf16> -> tensor<?x32x?x512xbf16>
    attn_plan.yield %o : tensor<?x32x?x512xbf16>
  }
  attn.return %r : tensor<?x32x?x512xbf16>
}

// -----

// mma_sync on sm_90a (until it has a mainloop of its own), stateless
// weights, dynamic head counts, Dqk = Dv = 96, tiles 128x64:
//   warps = 128 / 16 = 8, threads 256; stages 2;
//   gqa_pack = 1 (the head counts are not static);
//   dv_slice = 96 (it divides itself and is at most 256);
//   smem = 2 x (128 x 96 + 64 x 96 + 64 x 96) = 49152.
// CHECK-LABEL: attn.variant @stateless
// CHECK: attn_plan.kernel "stateless_k0" quadratic_stateless for sm_90a sparsity dense mainloop mma_sync attributes {dv_slice = 96 : i64, gqa_pack = 1 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 49152 : i64, stages = 2 : i64, threads = 256 : i64, tile_k = 64 : i64, tile_q = 128 : i64, warps = 8 : i64}
attn.variant @stateless(%q: tensor<?x?x?x96xf16>, %k: tensor<?x?x?x96xf16>, %v: tensor<?x?x?x96xf16>) -> tensor<?x?x?x96xf16> {
  %r = attn_plan.kernel "stateless_k0" quadratic_stateless for sm_90a sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 128 : i64} -> tensor<?x?x?x96xf16> {
    %s = attn.qk %q, %k : tensor<?x?x?x96xf16>, tensor<?x?x?x96xf16> -> !attn.scores<logits, ?>
    %p = attn.map %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?> {
    ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
      attn.yield %x : f32
    }
    %o = attn.pv %p, %v : !attn.scores<probs, ?>, tensor<?x?x?x96xf16> -> tensor<?x?x?x96xf16>
    attn_plan.yield %o : tensor<?x?x?x96xf16>
  }
  attn.return %r : tensor<?x?x?x96xf16>
}

// -----

// linear_scalar on sm_80 (linear_chunked, Dqk 256, Dv 512, chunk 64):
//   256 threads (8 warps) whatever the tiles, 1 stage;
//   dv_slice = min(512, 32) = 32 (Dqk > 128 keeps the state [256 x 32]
//   small);
//   smem = 4 x (64 x 256 + 256 x 32 + 256 + 64 x 64 + 64 x 32) = 123904
//   (decays, state, normaliser, intra-chunk matrix, chunk values; f32).
// CHECK-LABEL: attn.variant @linear
// CHECK: attn_plan.kernel "linear_k0" linear_chunked for sm_80 sparsity static "causal" mainloop linear_scalar attributes {chunk = 64 : i64, dv_slice = 32 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 123904 : i64, stages = 1 : i64, threads = 256 : i64, tile_k = 32 : i64, tile_q = 64 : i64, warps = 8 : i64}
attn.variant @linear(%q: tensor<?x4x?x256xbf16>, %k: tensor<?x4x?x256xbf16>, %v: tensor<?x4x?x512xbf16>) -> tensor<?x4x?x512xbf16> {
  %c = attn.causal
  %r = attn_plan.kernel "linear_k0" linear_chunked for sm_80 sparsity static "causal" attributes {chunk = 64 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 32 : i64, tile_q = 64 : i64} -> tensor<?x4x?x512xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x256xbf16>, tensor<?x4x?x256xbf16> -> !attn.scores<logits, 4>
    %m = attn.apply_mask %s, %c fill zero : !attn.scores<logits, 4>
    %p = attn.map %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
    ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
      attn.yield %x : f32
    }
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x512xbf16> -> tensor<?x4x?x512xbf16>
    attn_plan.yield %o : tensor<?x4x?x512xbf16>
  }
  attn.return %r : tensor<?x4x?x512xbf16>
}

// -----

// materialized on sm_80 (two-pass and stencil families): one launch per
// score op, 128 threads (4 warps) over scores in global memory, 1 stage, no
// shared memory, no packing or slices.
// CHECK-LABEL: attn.variant @two_pass
// CHECK: attn_plan.kernel "two_pass_k0" quadratic_two_pass for sm_80 sparsity dense mainloop materialized attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 128 : i64, tile_k = 64 : i64, tile_q = 64 : i64, warps = 4 : i64}
attn.variant @two_pass(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "two_pass_k0" quadratic_two_pass for sm_80 sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 64 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}

// -----

// cpu_tiles on the CPU, for every family: one thread, one stage, no shared
// memory (the CPU model's budget only sizes the tiles).
// CHECK-LABEL: attn.variant @cpu
// CHECK: attn_plan.kernel "cpu_k0" quadratic_online for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64}
attn.variant @cpu(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "cpu_k0" quadratic_online for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}

// -----

// A completed kernel is left as it is (its warps stay 2 although tile_q 64
// would give 4): completion runs once, and a hand-written plan may pin its
// geometry.
// CHECK-LABEL: attn.variant @pinned
// CHECK: attn_plan.kernel "pinned_k0" quadratic_online for sm_80 sparsity dense mainloop mma_sync attributes {dv_slice = 64 : i64, gqa_pack = 1 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 24576 : i64, stages = 2 : i64, threads = 64 : i64, tile_k = 64 : i64, tile_q = 64 : i64, warps = 2 : i64}
attn.variant @pinned(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "pinned_k0" quadratic_online for sm_80 sparsity dense mainloop mma_sync attributes {dv_slice = 64 : i64, gqa_pack = 1 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 24576 : i64, stages = 2 : i64, threads = 64 : i64, tile_k = 64 : i64, tile_q = 64 : i64, warps = 2 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}
