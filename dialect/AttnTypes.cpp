//===- AttnTypes.cpp - types of the attn dialect --------------------------===//

#include "dialect/AttnTypes.h"
#include "dialect/AttnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace attnc::attn;

#include "dialect/AttnEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "dialect/AttnTypes.cpp.inc"

void AttnDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialect/AttnTypes.cpp.inc"
      >();
}

// !attn.scores<kind, heads> where heads is an integer or `?`.
Type ScoresType::parse(AsmParser &parser) {
  StringRef kindName;
  SMLoc kindLoc;
  if (parser.parseLess() || parser.getCurrentLocation(&kindLoc) ||
      parser.parseKeyword(&kindName))
    return {};
  std::optional<ScoreKind> kind = symbolizeScoreKind(kindName);
  if (!kind) {
    parser.emitError(kindLoc, "expected score kind 'logits' or 'probs', got '")
        << kindName << "'";
    return {};
  }
  int64_t heads = ShapedType::kDynamic;
  if (parser.parseComma())
    return {};
  if (failed(parser.parseOptionalQuestion())) {
    SMLoc headsLoc = parser.getCurrentLocation();
    if (parser.parseInteger(heads))
      return {};
    if (heads <= 0) {
      parser.emitError(headsLoc, "number of heads must be positive or '?'");
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  return ScoresType::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), *kind, heads);
}

void ScoresType::print(AsmPrinter &printer) const {
  printer << '<' << stringifyScoreKind(getKind()) << ", ";
  if (hasStaticHeads())
    printer << getHeads();
  else
    printer << '?';
  printer << '>';
}

LogicalResult ScoresType::verify(function_ref<InFlightDiagnostic()> emitError,
                                 ScoreKind kind, int64_t heads) {
  if (!ShapedType::isDynamic(heads) && heads <= 0)
    return emitError() << "number of heads must be positive or '?', got "
                       << heads;
  return success();
}
