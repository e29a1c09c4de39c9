//===- AttnEnums.td - enums of the attn dialect -----------------*- tablegen -*-===//

#ifndef ATTNC_DIALECT_ATTNENUMS_TD
#define ATTNC_DIALECT_ATTNENUMS_TD

include "mlir/IR/EnumAttr.td"
include "dialect/AttnDialect.td"

def Attn_ScoreKind : I32EnumAttr<"ScoreKind", "what a score matrix holds", [
    I32EnumAttrCase<"Logits", 0, "logits">,
    I32EnumAttrCase<"Probs", 1, "probs">]> {
  let cppNamespace = "::attnc::attn";
  let genSpecializedAttr = 0;
}

def Attn_MaskFillAttr : I32EnumAttr<"MaskFill",
    "what a masked entry becomes", [
    I32EnumAttrCase<"NegInf", 0, "neg_inf">,
    I32EnumAttrCase<"Zero", 1, "zero">]> {
  let cppNamespace = "::attnc::attn";
}

def Attn_RowNormKindAttr : I32EnumAttr<"RowNormKind",
    "the denominator of a row normalisation", [
    I32EnumAttrCase<"Sum", 0, "sum">,
    I32EnumAttrCase<"AbsSum", 1, "abs_sum">,
    I32EnumAttrCase<"SumAbs", 2, "sum_abs">]> {
  let cppNamespace = "::attnc::attn";
}

#endif // ATTNC_DIALECT_ATTNENUMS_TD
