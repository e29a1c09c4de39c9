// The CUDA emitter on hand-written plan IR (tools/attn-translate): each case
// pins one decision the emitter takes from the completed plan, with no
// lowering or planning in between.
// RUN: not attn-translate --attn-to-cuda %s -split-input-file > %t 2> %t.err
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=ERR < %t.err

// The geometry is the plan's, printed as it is: dv_slice 64 of Dv 128 gives
// two output slices per row tile (grid x * 2) and K::DVS = 64; gqa_pack 2
// packs two query heads per row tile (64 / 2 = 32 queries, grid y = H / 2);
// threads and smem go to the launch line and K::NT / K::SMEM, which the
// mainloop asserts against its own rules; the unit's arch is the plan's
// target.
// CHECK: //@ arch sm_80
// CHECK: //@ kernel attnc_k0 slices_k0 grid t0.2/32*2*s0 t0.1/2 t0.0 threads 128 smem 24576 split 0
// CHECK: //@ kernel attnc_k1 slices_k0.combine grid t0.2/8 t0.1 t0.0 threads 256 smem 0 if s0
// CHECK: static constexpr int D = 64, DV = 128, DVS = 64, BQ = 64, BK = 64, W = 4, G = 2;
// CHECK-NEXT: static constexpr int NT = 128, SMEM = 24576;
// CHECK: attention<K0>(a);
attn.variant @slices(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x2x?x64xbf16>, %v: tensor<?x2x?x128xbf16>) -> tensor<?x8x?x128xbf16> {
  %r = attn_plan.kernel "slices_k0" quadratic_online for sm_80 sparsity dense mainloop mma_sync attributes {dv_slice = 64 : i64, gqa_pack = 2 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 24576 : i64, stages = 2 : i64, threads = 128 : i64, tile_k = 64 : i64, tile_q = 64 : i64, warps = 4 : i64} -> tensor<?x8x?x128xbf16> {
    %s = attn.qk %q, %k scale 0.18033688011112042 : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
    %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
    %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x2x?x128xbf16> -> tensor<?x8x?x128xbf16>
    attn_plan.yield %o : tensor<?x8x?x128xbf16>
  }
  attn.return %r : tensor<?x8x?x128xbf16>
}

// -----

// A kernel planned for sm_90a makes an sm_90a unit (with the mma_sync loop
// until sm_90a has its own).
// CHECK: //@ arch sm_90a
// CHECK: attention<K0>(a);
attn.variant @hopper(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "hopper_k0" quadratic_online for sm_90a sparsity dense mainloop mma_sync attributes {dv_slice = 64 : i64, gqa_pack = 1 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 24576 : i64, stages = 2 : i64, threads = 128 : i64, tile_k = 64 : i64, tile_q = 64 : i64, warps = 4 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}

// -----

// The emitter prints completed plans only.
// ERR: translate.mlir:{{[0-9]+}} offset :6:8: attn_plan.kernel: the CUDA backend needs a plan completed for its target (attn-complete-plan)
attn.variant @uncompleted(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "uncompleted_k0" quadratic_online for sm_80 sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 64 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}

// -----

// Shared memory is checked against the target model (163 KiB on sm_80).
// ERR: translate.mlir:{{[0-9]+}} offset :6:8: attn_plan.kernel: the CUDA backend needs 200000 bytes of shared memory, over the 163 KiB sm_80 offers
attn.variant @too_big(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "too_big_k0" quadratic_online for sm_80 sparsity dense mainloop mma_sync attributes {dv_slice = 64 : i64, gqa_pack = 1 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 200000 : i64, stages = 2 : i64, threads = 128 : i64, tile_k = 64 : i64, tile_q = 64 : i64, warps = 4 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}

// -----

// A CPU plan has no CUDA unit.
// ERR: the CUDA backend emits for sm_80 or sm_90a, not 'cpu'
attn.variant @cpu(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "cpu_k0" quadratic_online for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64, warps = 1 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}
