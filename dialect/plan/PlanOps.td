//===- PlanOps.td - the kernel-plan dialect ---------------------*- tablegen -*-===//
//
// IR level 2 (docs/planning.md): one `attn_plan.kernel` per kernel launch,
// carrying the chosen family and schedule as attributes and the fused
// per-element code (the attn ops of one reduction) as its region.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_DIALECT_PLAN_PLANOPS_TD
#define ATTNC_DIALECT_PLAN_PLANOPS_TD

include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Plan_Dialect : Dialect {
  let name = "attn_plan";
  let cppNamespace = "::attnc::plan";
  let summary = "Kernel plans: one op per kernel launch";
  let description = [{
    The planner (`attn-plan`) moves the ops that compute each attention
    reduction (`attn.pv`, and the `attn.lse` of the same logits) into one
    `attn_plan.kernel`, and records on it how the kernel runs: its family,
    tiles, head block, halo, chunk length, pipeline stages, warps and block
    sparsity. Emitters turn each kernel into target code; ops left outside
    kernels (feature maps, output epilogues, merges) are elementwise
    launches.
  }];
}

//===----------------------------------------------------------------------===//
// Typed plan attributes
//===----------------------------------------------------------------------===//

def Plan_Family : I32EnumAttr<"Family", "the algorithm of a kernel", [
    I32EnumAttrCase<"QuadraticOnline", 0, "quadratic_online">,
    I32EnumAttrCase<"QuadraticStateless", 1, "quadratic_stateless">,
    I32EnumAttrCase<"QuadraticTwoPass", 2, "quadratic_two_pass">,
    I32EnumAttrCase<"QuadraticStencil", 3, "quadratic_stencil">,
    I32EnumAttrCase<"LinearChunked", 4, "linear_chunked">]> {
  let cppNamespace = "::attnc::plan";
}

def Plan_Target : I32EnumAttr<"Target", "what a plan is scheduled for", [
    I32EnumAttrCase<"CPU", 0, "cpu">,
    I32EnumAttrCase<"SM80", 1, "sm_80">,
    I32EnumAttrCase<"SM90a", 2, "sm_90a">,
    I32EnumAttrCase<"GFX90a", 3, "gfx90a">,
    I32EnumAttrCase<"GFX942", 4, "gfx942">]> {
  let cppNamespace = "::attnc::plan";
}

def Plan_Sparsity : I32EnumAttr<"Sparsity",
    "how a kernel learns which tiles its masks remove", [
    // No mask removes entries: every tile is computed whole.
    I32EnumAttrCase<"Dense", 0, "dense">,
    // Tile classes from closed forms and interval evaluation of the masks.
    I32EnumAttrCase<"Static", 1, "static">,
    // A mask reads run-time data: tile classes from a pre-kernel.
    I32EnumAttrCase<"Runtime", 2, "runtime">]> {
  let cppNamespace = "::attnc::plan";
}

def Plan_Mainloop : I32EnumAttr<"Mainloop",
    "the device-library loop a kernel instantiates", [
    // The CPU backend's tile loops (codegen/cpu/lib).
    I32EnumAttrCase<"CpuTiles", 0, "cpu_tiles">,
    // Online / stateless attention on mma.sync with cp.async double
    // buffering (codegen/cuda/lib/sm80); also what sm_90a runs until it
    // has a mainloop of its own.
    I32EnumAttrCase<"MmaSync", 1, "mma_sync">,
    // Chunked linear attention, state in shared memory, fp32 on CUDA cores.
    I32EnumAttrCase<"LinearScalar", 2, "linear_scalar">,
    // One launch per score op over [B, H, N, M] scores in global memory.
    I32EnumAttrCase<"Materialized", 3, "materialized">]> {
  let cppNamespace = "::attnc::plan";
}

class Plan_Op<string mnemonic, list<Trait> traits = []>
    : Op<Plan_Dialect, mnemonic, traits>;

def Plan_KernelOp : Plan_Op<"kernel", [SingleBlock, RecursiveMemoryEffects]> {
  let summary = "One planned kernel launch";
  let description = [{
    The region holds the attn ops of one reduction, in order, ending with
    `attn_plan.yield` of the kernel's outputs (the `pv` result, then the
    `lse` result when the kernel also writes one). Values of the enclosing
    variant (inputs, masks, sizes) are used directly.

    ```mlir
    %o = attn_plan.kernel "v_k0" quadratic_online for sm_80
        sparsity static "causal" mainloop mma_sync
        attributes {tile_q = 64 : i64, tile_k = 64 : i64, ...} -> tensor<...> {
      ...
      attn_plan.yield %pv : tensor<...>
    }
    ```

    What the planner (`attn-plan-kernels`) decides:
    * `family`: `quadratic_online`, `quadratic_stateless`,
      `quadratic_two_pass`, `quadratic_stencil` or `linear_chunked`;
    * `target`: what the schedule is chosen for (`cpu`, `sm_80`, `sm_90a`,
      `gfx90a`, `gfx942`);
    * `tile_q`, `tile_k`: query rows and keys per tile; `chunk`: the chunk
      length of `linear_chunked`;
    * `head_block`: query heads one tile computes together (head mixing);
    * `halo`: extra rows above/below and keys left/right a tile of the
      final scores reads (stencils), `[top, bottom, left, right]`;
    * `log2_domain`: scores up to the normaliser are in units of log2(e)
      (folded into the scale), so the softmax uses exp2;
    * `sparsity`: how tiles are skipped (`dense`: no mask removes entries;
      `static`: tile classes from closed forms and interval evaluation;
      `runtime`: a mask reads run-time data, tile classes from a
      pre-kernel), with `masks` naming the masks that remove entries (for
      readers; no consumer parses it).

    What `attn-complete-plan` adds from the target's model
    (passes/TargetModel.h), which emitters print and device libraries
    assert:
    * `mainloop`: the device-library loop to instantiate;
    * `warps`, `threads`: warps (wavefronts) and threads per block;
    * `stages`: the pipeline depth of the key/value tiles;
    * `gqa_pack`: query heads that share a KV head packed into one row tile;
    * `dv_slice`: output (value) columns one block computes;
    * `smem`: bytes of shared memory (LDS) per block.
  }];
  let arguments = (ins
    StrAttr:$name,
    Plan_Family:$family,
    Plan_Target:$target,
    I64Attr:$tile_q,
    I64Attr:$tile_k,
    I64Attr:$head_block,
    OptionalAttr<I64Attr>:$chunk,
    DenseI64ArrayAttr:$halo,
    UnitAttr:$log2_domain,
    Plan_Sparsity:$sparsity,
    OptionalAttr<StrAttr>:$masks,
    OptionalAttr<Plan_Mainloop>:$mainloop,
    OptionalAttr<I64Attr>:$stages,
    OptionalAttr<I64Attr>:$warps,
    OptionalAttr<I64Attr>:$threads,
    OptionalAttr<I64Attr>:$gqa_pack,
    OptionalAttr<I64Attr>:$dv_slice,
    OptionalAttr<I64Attr>:$smem
  );
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $name $family `for` $target `sparsity` $sparsity ($masks^)?
    (`mainloop` $mainloop^)? attr-dict-with-keyword (`->` type($results)^)?
    $body
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The reduction the kernel computes (its `attn.pv`), or null for a
    /// kernel that only computes an LSE.
    ::mlir::Operation *getPV();
    /// Whether attn-complete-plan has run on this kernel.
    bool isCompleted() { return getMainloop().has_value(); }
  }];
}

def Plan_YieldOp : Plan_Op<"yield", [Pure, Terminator, ReturnLike,
    HasParent<"KernelOp">]> {
  let summary = "The outputs of a planned kernel";
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // ATTNC_DIALECT_PLAN_PLANOPS_TD
