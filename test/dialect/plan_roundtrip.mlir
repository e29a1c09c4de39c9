// attn_plan.kernel and attn_plan.yield print and parse back to the same IR,
// in the custom and the generic form; attn-plan's output parses back too.

// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s
// RUN: attn-opt %s --pass-pipeline='builtin.module(attn-plan{target=sm_80})' | attn-opt | FileCheck %s --check-prefix=PLANNED

// A softmax kernel completed for sm_80 (mainloop and geometry) with a fused
// lse: two results, log2_domain (a unit
// attribute), in-region attn ops reading the variant's values.
// CHECK-LABEL: attn.variant @online_with_lse(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>, %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>)
// CHECK-NEXT:    %[[C:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:    %[[R:[a-zA-Z0-9_]+]]:2 = attn_plan.kernel "online_k0" quadratic_online for sm_80 sparsity static "causal" mainloop mma_sync attributes {dv_slice = 64 : i64, gqa_pack = 1 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 49152 : i64, stages = 2 : i64, threads = 256 : i64, tile_k = 128 : i64, tile_q = 128 : i64, warps = 8 : i64} -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32> {
// CHECK-NEXT:      %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] scale 0.18033688011112042 : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
// CHECK-NEXT:      %[[M:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[C]] fill neg_inf : !attn.scores<logits, 8>
// CHECK-NEXT:      %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[M]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
// CHECK-NEXT:      %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32>
// CHECK-NEXT:      %[[L:[a-zA-Z0-9_]+]] = attn.lse %[[M]] : !attn.scores<logits, 8> -> tensor<?x8x?xf32>
// CHECK-NEXT:      attn_plan.yield %[[O]], %[[L]] : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[R]]#0, %[[R]]#1 : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
// CHECK-NEXT:  }
attn.variant @online_with_lse(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                              %v: tensor<?x8x?x64xbf16>)
    -> (tensor<?x8x?x64xf32>, tensor<?x8x?xf32>) {
  %c = attn.causal
  %r:2 = attn_plan.kernel "online_k0" quadratic_online for sm_80
      sparsity static "causal" mainloop mma_sync attributes {
      tile_q = 128 : i64, tile_k = 128 : i64, head_block = 1 : i64,
      halo = array<i64: 0, 0, 0, 0>, log2_domain, stages = 2 : i64,
      warps = 8 : i64, threads = 256 : i64, gqa_pack = 1 : i64,
      dv_slice = 64 : i64, smem = 49152 : i64}
      -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32> {
    %s = attn.qk %q, %k scale 0.18033688011112042 : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
    %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 8>
    %p = attn.softmax %m : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
    %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32>
    %l = attn.lse %m : !attn.scores<logits, 8> -> tensor<?x8x?xf32>
    attn_plan.yield %o, %l : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
  }
  attn.return %r#0, %r#1 : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
}

// A linear kernel: the optional chunk attribute, no log2_domain; planned but
// not completed (no mainloop), which attn-plan then completes.
// CHECK-LABEL: attn.variant @linear(
// CHECK:         attn_plan.kernel "linear_k0" linear_chunked for sm_90a sparsity static "causal" attributes {chunk = 16 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 128 : i64} -> tensor<?x4x?x32xf32> {
// CHECK-NEXT:      attn.qk %{{.*}}, %{{.*}} decay(%{{.*}} : tensor<4xf32>) scale 1.000000e+00 :
// CHECK-NEXT:      attn.apply_mask
// CHECK-NEXT:      attn.map
// CHECK-NEXT:      ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:        attn.yield %[[X]] : f32
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[O:[a-zA-Z0-9_]+]] = attn.pv
// CHECK-NEXT:      attn_plan.yield %[[O]] : tensor<?x4x?x32xf32>
attn.variant @linear(%q: tensor<?x4x?x32xf32>, %k: tensor<?x4x?x32xf32>,
                     %v: tensor<?x4x?x32xf32>, %g: tensor<4xf32>) -> tensor<?x4x?x32xf32> {
  %c = attn.causal
  %r = attn_plan.kernel "linear_k0" linear_chunked for sm_90a sparsity static "causal" attributes {chunk = 16 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 128 : i64} -> tensor<?x4x?x32xf32> {
    %s = attn.qk %q, %k decay(%g : tensor<4xf32>) scale 1.0 : tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32> -> !attn.scores<logits, 4>
    %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 4>
    %p = attn.map %m : !attn.scores<logits, 4> -> !attn.scores<probs, 4> {
    ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
      attn.yield %x : f32
    }
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x32xf32> -> tensor<?x4x?x32xf32>
    attn_plan.yield %o : tensor<?x4x?x32xf32>
  }
  attn.return %r : tensor<?x4x?x32xf32>
}

// A stencil kernel with a halo and a head block, and a kernel with no
// results (the optional `-> types` and yield operands).
// CHECK-LABEL: attn.variant @stencil_and_empty(
// CHECK:         %[[R:[a-zA-Z0-9_]+]] = attn_plan.kernel "stencil_k0" quadratic_stencil for cpu sparsity dense attributes {halo = array<i64: 5, 0, 5, 5>, head_block = 16 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x16x?x64xf32> {
// CHECK:           attn.stencil %{{.*}}, %{{.*}} pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>
// CHECK:           attn.head_mix %{{.*}}, %{{.*}} : !attn.scores<logits, 16>, tensor<1x16x16xf32>
// CHECK:         }
// CHECK-NEXT:    attn_plan.kernel "empty_k1" quadratic_stateless for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} {
// CHECK-NEXT:      attn_plan.yield{{$}}
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[R]] : tensor<?x16x?x64xf32>
attn.variant @stencil_and_empty(%q: tensor<?x16x?x64xbf16>, %k: tensor<?x16x?x64xbf16>,
                                %v: tensor<?x16x?x64xbf16>, %theta: tensor<16x6x11xf32>,
                                %w: tensor<1x16x16xf32>) -> tensor<?x16x?x64xf32> {
  %r = attn_plan.kernel "stencil_k0" quadratic_stencil for cpu sparsity dense attributes {halo = array<i64: 5, 0, 5, 5>, head_block = 16 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x16x?x64xf32> {
    %s = attn.qk %q, %k scale 0.125 : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
    %t = attn.stencil %s, %theta pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>
    %x = attn.head_mix %t, %w : !attn.scores<logits, 16>, tensor<1x16x16xf32>
    %p = attn.softmax %x : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
    %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x64xbf16> -> tensor<?x16x?x64xf32>
    attn_plan.yield %o : tensor<?x16x?x64xf32>
  }
  attn_plan.kernel "empty_k1" quadratic_stateless for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} {
    attn_plan.yield
  }
  attn.return %r : tensor<?x16x?x64xf32>
}

// attn-plan leaves kernels alone: the planned variants print and re-parse
// with the same attributes, and planning does not add kernels (no attn.pv
// is left outside one).
// PLANNED-LABEL: attn.variant @online_with_lse(
// PLANNED:         attn_plan.kernel "online_k0" quadratic_online for sm_80 sparsity static "causal" mainloop mma_sync attributes {dv_slice = 64 : i64, gqa_pack = 1 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, log2_domain, smem = 49152 : i64, stages = 2 : i64, threads = 256 : i64, tile_k = 128 : i64, tile_q = 128 : i64, warps = 8 : i64}
// PLANNED-NOT:     attn_plan.kernel "online_with_lse_k
// PLANNED-LABEL: attn.variant @linear(
// PLANNED:         attn_plan.kernel "linear_k0" linear_chunked for sm_90a sparsity static "causal" mainloop linear_scalar attributes {chunk = 16 : i64, dv_slice = 32 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 9344 : i64, stages = 1 : i64, threads = 256 : i64, tile_k = 64 : i64, tile_q = 128 : i64, warps = 8 : i64}
// PLANNED-NOT:     attn_plan.kernel "linear_k
