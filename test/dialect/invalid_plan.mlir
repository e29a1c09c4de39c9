// RUN: attn-opt %s -split-input-file -verify-diagnostics

// attn_plan.kernel's verifier (passes/plan/PlanOps.cpp): one case per
// diagnostic. Each kernel body is a minimal region (a yield of a variant
// value) unless the case needs attn ops.

// An unknown family: the typed attribute does not parse.
attn.variant @unknown_family(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'family' [quadratic_online, quadratic_stateless, quadratic_two_pass, quadratic_stencil, linear_chunked]}}
  %o = attn_plan.kernel "k" flash for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A zero query tile.
attn.variant @zero_tile_q(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op tiles and the head block must be positive, got 0x64 and 1}}
  %o = attn_plan.kernel "k" quadratic_online for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 0 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A zero key tile.
attn.variant @zero_tile_k(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op tiles and the head block must be positive, got 128x0 and 1}}
  %o = attn_plan.kernel "k" quadratic_online for sm_80 sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 0 : i64, tile_q = 128 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A zero head block.
attn.variant @zero_head_block(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op tiles and the head block must be positive, got 32x64 and 0}}
  %o = attn_plan.kernel "k" quadratic_two_pass for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 0 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A halo of 3 sizes.
attn.variant @halo_three(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op halo must be 4 sizes >= 0 [top, bottom, left, right]}}
  %o = attn_plan.kernel "k" quadratic_stencil for cpu sparsity dense attributes {halo = array<i64: 5, 0, 5>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A negative halo.
attn.variant @halo_negative(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op halo must be 4 sizes >= 0 [top, bottom, left, right]}}
  %o = attn_plan.kernel "k" quadratic_stencil for cpu sparsity dense attributes {halo = array<i64: 5, -1, 5, 5>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A chunk on a quadratic kernel.
attn.variant @chunk_on_quadratic(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op a chunk length is needed by, and only by, linear_chunked kernels}}
  %o = attn_plan.kernel "k" quadratic_online for cpu sparsity dense attributes {chunk = 64 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A linear kernel without a chunk.
attn.variant @linear_without_chunk(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op a chunk length is needed by, and only by, linear_chunked kernels}}
  %o = attn_plan.kernel "k" linear_chunked for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A zero chunk.
attn.variant @zero_chunk(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op the chunk length must be positive, got 0}}
  %o = attn_plan.kernel "k" linear_chunked for cpu sparsity dense attributes {chunk = 0 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// The yield's type differs from the result's (bf16 vs f32).
attn.variant @yield_type(%x: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op yields 1 values whose types differ from the kernel's results}}
  %o = attn_plan.kernel "k" quadratic_online for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xbf16>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// Two yielded values for one result.
attn.variant @yield_count(%x: tensor<?x4x?x64xf32>, %l: tensor<?x4x?xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op yields 2 values whose types differ from the kernel's results}}
  %o = attn_plan.kernel "k" quadratic_online for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x, %l : tensor<?x4x?x64xf32>, tensor<?x4x?xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// Results in the other order than yielded (pv, then lse).
attn.variant @yield_order(%x: tensor<?x4x?x64xf32>, %l: tensor<?x4x?xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op yields 2 values whose types differ from the kernel's results}}
  %o:2 = attn_plan.kernel "k" quadratic_online for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?xf32>, tensor<?x4x?x64xf32> {
    attn_plan.yield %x, %l : tensor<?x4x?x64xf32>, tensor<?x4x?xf32>
  }
  attn.return %o#1 : tensor<?x4x?x64xf32>
}

// -----

// Two reductions in one kernel (differential attention's two pvs): one pv
// per kernel.
attn.variant @two_pv(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                     %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op holds 2 attn.pv; one per kernel}}
  %o = attn_plan.kernel "k" quadratic_online for cpu sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o1 = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
    %o2 = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
    attn_plan.yield %o1 : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// attn_plan.yield only terminates a kernel.
attn.variant @yield_outside(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.yield' op expects parent op 'attn_plan.kernel'}}
  attn_plan.yield %x : tensor<?x4x?x64xf32>
}

// -----

// An unknown target.
attn.variant @unknown_target(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'target' [cpu, sm_80, sm_90a, gfx90a, gfx942]}}
  %o = attn_plan.kernel "k" quadratic_online for sm_70 sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// Static sparsity names its masks.
attn.variant @static_without_masks(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op names the masks that remove entries when, and only when, its sparsity is not dense}}
  %o = attn_plan.kernel "k" quadratic_online for cpu sparsity static attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A dense kernel has no masks to name.
attn.variant @dense_with_masks(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op names the masks that remove entries when, and only when, its sparsity is not dense}}
  %o = attn_plan.kernel "k" quadratic_online for cpu sparsity dense "causal" attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 32 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A mainloop without the rest of the completion.
attn.variant @partly_completed(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op a completed plan has a mainloop, stages, warps, threads and smem; this one has only some of them}}
  %o = attn_plan.kernel "k" quadratic_online for sm_80 sparsity dense mainloop mma_sync attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, stages = 2 : i64, tile_k = 64 : i64, tile_q = 64 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// Geometry without a mainloop.
attn.variant @geometry_without_mainloop(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op a completed plan has a mainloop, stages, warps, threads and smem; this one has only some of them}}
  %o = attn_plan.kernel "k" quadratic_online for sm_80 sparsity dense attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, warps = 4 : i64, tile_k = 64 : i64, tile_q = 64 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// Zero threads.
attn.variant @zero_threads(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op stages, warps and threads must be positive and smem not negative, got 0}}
  %o = attn_plan.kernel "k" quadratic_online for sm_80 sparsity dense mainloop mma_sync attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 2 : i64, threads = 0 : i64, tile_k = 64 : i64, tile_q = 64 : i64, warps = 4 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A GQA packing on a plan that is not completed.
attn.variant @gqa_pack_uncompleted(%x: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  // expected-error @+1 {{'attn_plan.kernel' op gqa_pack and dv_slice are positive and belong to completed plans}}
  %o = attn_plan.kernel "k" quadratic_online for sm_80 sparsity dense attributes {gqa_pack = 2 : i64, halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, tile_k = 64 : i64, tile_q = 64 : i64} -> tensor<?x4x?x64xf32> {
    attn_plan.yield %x : tensor<?x4x?x64xf32>
  }
  attn.return %o : tensor<?x4x?x64xf32>
}
