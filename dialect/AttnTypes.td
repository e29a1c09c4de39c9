//===- AttnTypes.td - types of the attn dialect -----------------*- tablegen -*-===//

#ifndef ATTNC_DIALECT_ATTNTYPES_TD
#define ATTNC_DIALECT_ATTNTYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "dialect/AttnDialect.td"
include "dialect/AttnEnums.td"

class Attn_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Attn_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Attn_ScoresType : Attn_Type<"Scores", "scores"> {
  let summary = "a virtual [B, H, N, M] matrix of scores";
  let description = [{
    The score matrix of every query against every key, per batch and query
    head. It is never materialised. `kind` says what it holds:

    * `logits`: pre-normalisation scores. A masked entry is removed from the
      row (it acts as -inf).
    * `probs`: the weights that multiply V. A masked entry is 0.

    `heads` is the number of query heads H, or `?` when only known at run time.

    ```mlir
    !attn.scores<logits, 8>
    !attn.scores<probs, ?>
    ```
  }];
  let parameters = (ins "::attnc::attn::ScoreKind":$kind, "int64_t":$heads);
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    bool isLogits() const { return getKind() == ScoreKind::Logits; }
    bool isProbs() const { return getKind() == ScoreKind::Probs; }
    bool hasStaticHeads() const { return !::mlir::ShapedType::isDynamic(getHeads()); }
  }];
  let genVerifyDecl = 1;
}

def Attn_MaskType : Attn_Type<"Mask", "mask"> {
  let summary = "a virtual [B, H, N, M] boolean matrix of allowed pairs";
  let description = [{
    True where query i may attend to key j. Built from mask constructors
    (`attn.causal`, `attn.window`, ...) and combined with `attn.mask_and`,
    `attn.mask_or` and `attn.mask_not`; applied with `attn.apply_mask`.
  }];
}

#endif // ATTNC_DIALECT_ATTNTYPES_TD
