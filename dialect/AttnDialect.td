//===- AttnDialect.td - the attn dialect ------------------------*- tablegen -*-===//
//
// The `attn` dialect: attention as composable score / mask / normalize /
// reduce operations (IR level 1 of docs/architecture.md).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_DIALECT_ATTNDIALECT_TD
#define ATTNC_DIALECT_ATTNDIALECT_TD

include "mlir/IR/OpBase.td"

def Attn_Dialect : Dialect {
  let name = "attn";
  let cppNamespace = "::attnc::attn";
  let summary = "Attention variants as composable score, mask, normalize and reduce ops";
  let description = [{
    The `attn` dialect expresses one attention variant per `attn.variant` op.
    Values of type `!attn.scores` stand for the `[B, H, N, M]` score matrix of
    queries against keys, which is never materialised by a kernel; ops build,
    modify, mask and normalise it, and `attn.pv` reduces it against values.
    Values of type `!attn.mask` stand for a boolean `[B, H, N, M]` matrix of
    allowed (query, key) pairs.

    Conventions (pinned by the reference evaluator and every backend):
    * q `[B, Hq, N, Dqk]`, k `[B, Hkv, M, Dqk]`, v `[B, Hkv, M, Dv]`; query head
      h reads kv head `h / (Hq / Hkv)`.
    * Region index arguments `(b, h, i, j)` are the batch, query head, query
      row `0 <= i < N` and key column `0 <= j < M`. Built-in masks align
      queries bottom-right: query row i sits at absolute position
      `i' = i + (M - N)`.
    * All arithmetic is f32 or wider; tensors' element types are the storage
      types.
  }];
  let useDefaultTypePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let extraClassDeclaration = [{
    void registerTypes();
  }];
}

class Attn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Attn_Dialect, mnemonic, traits>;

#endif // ATTNC_DIALECT_ATTNDIALECT_TD
