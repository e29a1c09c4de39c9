//===- Passes.td - attnc passes ---------------------------------*- tablegen -*-===//

#ifndef ATTNC_PASSES_PASSES_TD
#define ATTNC_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

def AttnClassify : Pass<"attn-classify", "::mlir::ModuleOp"> {
  let summary = "Choose the kernel family of every attention reduction";
  let description = [{
    Annotates every `attn.pv` with `attn.family`, the algorithm its kernel
    will use, decided from the chain of ops that computes its weights:

    * `linear_chunked`: no nonlinear normaliser and a score that factors as
      phi(q_i) . psi(k_j) . exp(c_i - c_j): a `qk` of (feature-mapped)
      inputs, optionally decayed, optionally masked causally, used as
      weights directly or through `row_normalize kind sum`;
    * `quadratic_two_pass`: a `stencil` or `head_mix` on probabilities
      (post-softmax MTA): LSE first, then normalised tiles;
    * `quadratic_stencil`: a `stencil` or `head_mix` on logits (pre-softmax
      MTA): score tiles with a halo, then an online softmax;
    * `quadratic_online`: a `softmax` or `softpick` (running max and sum);
    * `quadratic_stateless`: anything else (sigmoid, ReLU: no row state).

    `attn.family_reason` says which op decided it.
  }];
}

def AttnTileStats : Pass<"attn-tile-stats", "::mlir::ModuleOp"> {
  let summary = "Count the tiles each mask skips, keeps whole or splits";
  let description = [{
    For run-time lengths `n`, `m` and tiles of `tile-q` x `tile-k`, annotates
    every `attn.apply_mask` with `attn.tiles = {full, partial, skip}`: how
    many tiles the kernel skips, computes without a per-element mask, or
    masks element by element (passes/TileClasses.cpp). A tool to see and
    test the mask analysis; the planner uses the same classification.
  }];
  let options = [
    Option<"n", "n", "int64_t", "128", "query length N">,
    Option<"m", "m", "int64_t", "128", "key length M">,
    Option<"tileQ", "tile-q", "int64_t", "64", "query rows per tile">,
    Option<"tileK", "tile-k", "int64_t", "64", "keys per tile">,
  ];
}

def AttnFoldScores : Pass<"attn-fold-scores", "::mlir::ModuleOp"> {
  let summary = "Fold constant score scalings into the dot product";
  let description = [{
    Canonicalises score chains: a `map` whose region multiplies (or divides)
    the score of a `qk` by a constant, and uses the score nowhere else, has
    the constant folded into the `qk`'s scale (`scale` is applied before any
    score modification, so `(s * a) -> qk scale * a`). The map stays as the
    identity (or whatever else it computes); canonicalize removes nothing
    else. Runs first in `attn-plan`.
  }];
}

def AttnPlanKernels : Pass<"attn-plan-kernels", "::mlir::ModuleOp"> {
  let summary = "Plan every attention reduction into an attn_plan.kernel";
  let description = [{
    For every `attn.pv` (and every `attn.lse` no `pv` shares logits with)
    moves the ops that compute it into one `attn_plan.kernel` and records its
    family, tiles, head block, halo, chunk, stages, warps, log2 folding and
    block sparsity (docs/planning.md, "Tiling" for the cost model). An
    `attn.lse` of the logits a kernel's softmax normalises becomes a second
    output of that kernel.
  }];
  let options = [
    Option<"target", "target", "std::string", "\"cpu\"",
           "cpu, sm_80 or sm_90a: what the schedule is chosen for">,
    Option<"tileQ", "tile-q", "int64_t", "0",
           "force query rows per tile (0: the cost model decides)">,
    Option<"tileK", "tile-k", "int64_t", "0",
           "force keys per tile (0: the cost model decides)">,
    Option<"chunk", "chunk", "int64_t", "0",
           "force the chunk length of linear kernels (0: the cost model)">,
  ];
  let dependentDialects = ["::attnc::plan::PlanDialect"];
}

def AttnCompletePlan : Pass<"attn-complete-plan", "::mlir::ModuleOp"> {
  let summary = "Complete every kernel plan for its target";
  let description = [{
    Writes into every `attn_plan.kernel` what its target's model
    (passes/TargetModel.h) implies for the planned family and tiles: the
    mainloop to instantiate, warps and threads per block, pipeline stages,
    packed GQA heads, value columns per block and shared memory. Emitters
    print these attributes; device libraries assert them. Runs last in
    `attn-plan`; a kernel that is already complete is left alone.
  }];
}

#endif // ATTNC_PASSES_PASSES_TD
