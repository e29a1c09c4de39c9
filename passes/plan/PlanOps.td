//===- PlanOps.td - the kernel-plan dialect ---------------------*- tablegen -*-===//
//
// IR level 2 (docs/planning.md): one `attn_plan.kernel` per kernel launch,
// carrying the chosen family and schedule as attributes and the fused
// per-element code (the attn ops of one reduction) as its region.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_PASSES_PLAN_PLANOPS_TD
#define ATTNC_PASSES_PLAN_PLANOPS_TD

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

class Plan_Op<string mnemonic, list<Trait> traits = []>
    : Op<Plan_Dialect, mnemonic, traits>;

def Plan_KernelOp : Plan_Op<"kernel", [SingleBlock, RecursiveMemoryEffects]> {
  let summary = "One planned kernel launch";
  let description = [{
    The region holds the attn ops of one reduction, in order, ending with
    `attn_plan.yield` of the kernel's outputs (the `pv` result, then the
    `lse` result when the kernel also writes one). Values of the enclosing
    variant (inputs, masks, sizes) are used directly.

    Attributes:
    * `family`: `quadratic_online`, `quadratic_stateless`,
      `quadratic_two_pass`, `quadratic_stencil` or `linear_chunked`;
    * `target`: what the schedule was chosen for (`cpu`, `sm_80`, `sm_90a`);
    * `tile_q`, `tile_k`: query rows and keys per tile; `chunk`: the chunk
      length of `linear_chunked`;
    * `head_block`: query heads one tile computes together (head mixing);
    * `halo`: extra rows above/below and keys left/right a tile of the
      final scores reads (stencils), `[top, bottom, left, right]`;
    * `stages`, `warps`: the GPU pipeline depth and warps per CTA;
    * `log2_domain`: scores up to the normaliser are in units of log2(e)
      (folded into the scale), so the softmax uses exp2;
    * `sparsity`: how tiles are skipped: the masks that remove entries and
      whether they are classified statically (closed forms, interval
      evaluation) or by a pre-kernel over run-time data.
  }];
  let arguments = (ins
    StrAttr:$name,
    StrAttr:$family,
    StrAttr:$target,
    I64Attr:$tile_q,
    I64Attr:$tile_k,
    I64Attr:$head_block,
    OptionalAttr<I64Attr>:$chunk,
    DenseI64ArrayAttr:$halo,
    I64Attr:$stages,
    I64Attr:$warps,
    UnitAttr:$log2_domain,
    StrAttr:$sparsity
  );
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $name attr-dict-with-keyword (`->` type($results)^)? $body
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The reduction the kernel computes (its `attn.pv`), or null for a
    /// kernel that only computes an LSE.
    ::mlir::Operation *getPV();
  }];
}

def Plan_YieldOp : Plan_Op<"yield", [Pure, Terminator, ReturnLike,
    HasParent<"KernelOp">]> {
  let summary = "The outputs of a planned kernel";
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // ATTNC_PASSES_PLAN_PLANOPS_TD
