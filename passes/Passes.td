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

#endif // ATTNC_PASSES_PASSES_TD
