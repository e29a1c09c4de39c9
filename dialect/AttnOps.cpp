//===- AttnOps.cpp - ops of the attn dialect: verifiers, folders ----------===//
//
// Every verifier error names the operand and the sizes involved, so that a
// diagnostic located at the op says what to fix. Dynamic sizes (`?`) are
// compatible with anything here; the runtime checks them at launch.
//
//===----------------------------------------------------------------------===//

#include "dialect/AttnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

#include <cmath>

using namespace mlir;
using namespace attnc::attn;

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

namespace {

bool isStatic(int64_t size) { return !ShapedType::isDynamic(size); }

/// Two sizes agree unless both are static and differ.
bool compatible(int64_t a, int64_t b) {
  return !isStatic(a) || !isStatic(b) || a == b;
}

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Checks that `value` is a tensor of rank `rank`; `layout` names its dims,
/// e.g. "[B, Hq, N, Dqk]".
LogicalResult expectRank(Operation *op, Value value, int64_t rank,
                         StringRef what, StringRef layout) {
  RankedTensorType type = tensorType(value);
  if (type.getRank() != rank)
    return op->emitOpError() << what << " must be a rank-" << rank << " tensor "
                             << layout << ", got " << type;
  return success();
}

/// Checks that dimension `dimA` of `a` and `dimB` of `b` agree.
LogicalResult expectSameDim(Operation *op, Value a, int64_t dimA, Value b,
                            int64_t dimB, StringRef whatA, StringRef whatB,
                            StringRef dimName) {
  int64_t sa = tensorType(a).getDimSize(dimA);
  int64_t sb = tensorType(b).getDimSize(dimB);
  if (!compatible(sa, sb))
    return op->emitOpError() << whatA << " and " << whatB << " disagree on "
                             << dimName << ": " << sa << " vs " << sb;
  return success();
}

/// Checks the region of an elementwise op: `numIndices` index arguments named
/// by `indexNames`, then `numValues` arguments of type `valueType`, ended by
/// an `attn.yield` of one `yieldType`.
LogicalResult verifyElementwiseRegion(Operation *op, Region &region,
                                      StringRef indexNames, unsigned numValues,
                                      Type valueType, Type yieldType) {
  const unsigned numIndices = 4;
  Block &block = region.front();
  if (block.getNumArguments() != numIndices + numValues) {
    InFlightDiagnostic diag = op->emitOpError()
                              << "region must take " << numIndices
                              << " index arguments " << indexNames;
    if (numValues)
      diag << " and " << numValues << " " << valueType << " value"
           << (numValues == 1 ? "" : "s");
    return diag << ", got " << block.getNumArguments() << " arguments";
  }
  for (auto [idx, arg] : llvm::enumerate(block.getArguments())) {
    Type expected =
        idx < numIndices ? IndexType::get(op->getContext()) : valueType;
    if (arg.getType() != expected)
      return op->emitOpError() << "region argument #" << idx << " must be "
                               << expected << ", got " << arg.getType();
  }
  // attn.yield is the only terminator allowed in these regions (its
  // ParentOneOf trait), so the terminator is a yield here.
  auto yield = cast<YieldOp>(block.getTerminator());
  if (yield.getValues().size() != 1)
    return yield.emitOpError() << "must yield one " << yieldType << ", got "
                               << yield.getValues().size() << " values";
  if (yield.getValues().front().getType() != yieldType)
    return yield.emitOpError() << "must yield one " << yieldType << ", got "
                               << yield.getValues().front().getType();
  return success();
}

/// Names an elementwise region's arguments in printed IR: the index names,
/// then `x` for every value (printed as x, x_0, x_1, ...).
void nameRegionArguments(Region &region, ArrayRef<StringRef> indexNames,
                         OpAsmSetValueNameFn setNameFn) {
  if (region.empty())
    return;
  for (BlockArgument arg : region.front().getArguments())
    setNameFn(arg, arg.getArgNumber() < indexNames.size()
                       ? indexNames[arg.getArgNumber()]
                       : StringRef("x"));
}

/// Checks that a score matrix has `heads` query heads (when both are known).
LogicalResult expectHeads(Operation *op, ScoresType scores, int64_t heads,
                          StringRef what) {
  if (scores.hasStaticHeads() && isStatic(heads) && scores.getHeads() != heads)
    return op->emitOpError() << "scores have " << scores.getHeads()
                             << " heads but " << what << " has " << heads;
  return success();
}

LogicalResult expectKind(Operation *op, ScoresType scores, ScoreKind kind,
                         StringRef what) {
  if (scores.getKind() != kind)
    return op->emitOpError()
           << what << " must be " << stringifyScoreKind(kind) << ", got "
           << stringifyScoreKind(scores.getKind());
  return success();
}

/// Checks that query heads split evenly over kv heads (GQA/MQA).
LogicalResult expectGroupedHeads(Operation *op, int64_t qHeads, int64_t kvHeads,
                                 StringRef kvWhat) {
  if (isStatic(qHeads) && qHeads <= 0)
    return op->emitOpError() << "needs at least one query head, got " << qHeads;
  if (isStatic(kvHeads) && kvHeads <= 0)
    return op->emitOpError()
           << "needs at least one " << kvWhat << " head, got " << kvHeads;
  if (isStatic(qHeads) && isStatic(kvHeads) && qHeads % kvHeads != 0)
    return op->emitOpError()
           << "query heads (" << qHeads << ") are not a multiple of " << kvWhat
           << " heads (" << kvHeads << ")";
  return success();
}

/// A sink is one f32 logit per query head.
LogicalResult verifySink(Operation *op, Value sink, ScoresType scores) {
  if (!sink)
    return success();
  if (failed(expectRank(op, sink, 1, "sink", "[H]")))
    return failure();
  return expectHeads(op, scores, tensorType(sink).getDimSize(0), "sink");
}

LogicalResult expectNonNegative(Operation *op, double value, StringRef what) {
  if (!(value >= 0.0) || std::isinf(value))
    return op->emitOpError()
           << what << " must be finite and >= 0, got " << value;
  return success();
}

LogicalResult verifyBlockSizes(Operation *op, ArrayRef<int64_t> block) {
  if (block.size() != 2)
    return op->emitOpError()
           << "block must have 2 sizes [query rows, key columns], got "
           << block.size();
  if (block[0] <= 0 || block[1] <= 0)
    return op->emitOpError() << "block sizes must be positive, got ["
                             << block[0] << ", " << block[1] << "]";
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// VariantOp
//===----------------------------------------------------------------------===//

void VariantOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      FunctionType type) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  Region *body = state.addRegion();
  Block *entry = new Block();
  body->push_back(entry);
  for (Type input : type.getInputs())
    entry->addArgument(input, state.location);
}

ParseResult VariantOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildType = [](Builder &builder, ArrayRef<Type> inputs,
                      ArrayRef<Type> results,
                      function_interface_impl::VariadicFlag, std::string &) {
    return builder.getFunctionType(inputs, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void VariantOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(
      printer, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

StringRef VariantOp::getArgName(unsigned index) {
  if (auto name = getArgAttrOfType<StringAttr>(index, getArgNameAttrName()))
    return name.getValue();
  return {};
}

SmallVector<StringRef> VariantOp::getArgDimNames(unsigned index) {
  auto type = cast<RankedTensorType>(getArgumentTypes()[index]);
  SmallVector<StringRef> names(type.getRank(), "");
  if (auto dims = getArgAttrOfType<ArrayAttr>(index, getArgDimsAttrName()))
    for (auto [d, name] : llvm::enumerate(dims))
      if (d < names.size())
        if (auto str = dyn_cast<StringAttr>(name))
          names[d] = str.getValue();
  return names;
}

void VariantOp::getAsmBlockArgumentNames(Region &region,
                                         OpAsmSetValueNameFn setNameFn) {
  if (&region != &getBody())
    return;
  for (BlockArgument arg : region.getArguments()) {
    StringRef name = getArgName(arg.getArgNumber());
    if (!name.empty())
      setNameFn(arg, name);
  }
}

LogicalResult VariantOp::verify() {
  llvm::StringMap<unsigned> names;
  for (auto [idx, type] : llvm::enumerate(getArgumentTypes())) {
    if (!isa<RankedTensorType>(type))
      return emitOpError() << "argument #" << idx
                           << " must be a ranked tensor, got " << type;
    if (Attribute dims = getArgAttr(idx, getArgDimsAttrName())) {
      auto array = dyn_cast<ArrayAttr>(dims);
      auto tensor = cast<RankedTensorType>(type);
      if (!array || static_cast<int64_t>(array.size()) != tensor.getRank() ||
          !llvm::all_of(array, [](Attribute a) { return isa<StringAttr>(a); }))
        return emitOpError()
               << "argument #" << idx << "'s " << getArgDimsAttrName()
               << " must be one string per dimension";
      for (auto [d, name] : llvm::enumerate(array))
        if (!cast<StringAttr>(name).getValue().empty() &&
            !ShapedType::isDynamic(tensor.getDimSize(d)))
          return emitOpError() << "argument #" << idx << " names its static "
                               << "dimension " << d;
    }
    Attribute name = getArgAttr(idx, getArgNameAttrName());
    if (!name)
      continue;
    auto str = dyn_cast<StringAttr>(name);
    if (!str || str.getValue().empty())
      return emitOpError() << "argument #" << idx << "'s "
                           << getArgNameAttrName()
                           << " must be a non-empty string";
    auto [it, inserted] = names.try_emplace(str.getValue(), idx);
    if (!inserted)
      return emitOpError() << "arguments #" << it->second << " and #" << idx
                           << " are both named '" << str.getValue() << "'";
  }
  if (getResultTypes().empty())
    return emitOpError() << "must return at least one output";
  for (auto [idx, type] : llvm::enumerate(getResultTypes()))
    if (!isa<RankedTensorType>(type))
      return emitOpError() << "result #" << idx
                           << " must be a ranked tensor, got " << type;
  return success();
}

LogicalResult ReturnOp::verify() {
  auto variant = cast<VariantOp>((*this)->getParentOp());
  ArrayRef<Type> results = variant.getResultTypes();
  if (getOperands().size() != results.size())
    return emitOpError() << "returns " << getOperands().size()
                         << " value(s) but the variant has " << results.size()
                         << " result(s)";
  for (auto [idx, pair] : llvm::enumerate(llvm::zip(getOperands(), results)))
    if (std::get<0>(pair).getType() != std::get<1>(pair))
      return emitOpError() << "operand #" << idx << " has type "
                           << std::get<0>(pair).getType()
                           << " but the variant's result #" << idx << " is "
                           << std::get<1>(pair);
  return success();
}

//===----------------------------------------------------------------------===//
// DimOp, LoadOp
//===----------------------------------------------------------------------===//

LogicalResult DimOp::verify() {
  int64_t rank = getSource().getType().getRank();
  int64_t index = getIndexAttr().getInt();
  if (index < 0 || index >= rank)
    return emitOpError() << "dimension " << index
                         << " is out of range for a rank-" << rank << " tensor";
  return success();
}

OpFoldResult DimOp::fold(FoldAdaptor) {
  int64_t size = getSource().getType().getDimSize(getIndex());
  if (!isStatic(size))
    return {};
  return IntegerAttr::get(IndexType::get(getContext()), size);
}

LogicalResult LoadOp::verify() {
  int64_t rank = getSource().getType().getRank();
  if (static_cast<int64_t>(getIndices().size()) != rank)
    return emitOpError() << "needs " << rank << " indices for a rank-" << rank
                         << " tensor, got " << getIndices().size();
  return success();
}

//===----------------------------------------------------------------------===//
// Tensor-level preprocessing
//===----------------------------------------------------------------------===//

LogicalResult FeatureMapOp::verify() {
  if (failed(expectRank(*this, getInput(), 4, "input", "[B, H, T, D]")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (out.size() != in.size() || !llvm::all_of(llvm::zip(in, out), [](auto p) {
        return compatible(std::get<0>(p), std::get<1>(p));
      }))
    return emitOpError() << "result shape must match the input shape, got "
                         << getResult().getType() << " for "
                         << getInput().getType();
  return success();
}

void FeatureMapOp::getAsmBlockArgumentNames(Region &region,
                                            OpAsmSetValueNameFn setNameFn) {
  nameRegionArguments(region, {"b", "h", "t", "d"}, setNameFn);
}

LogicalResult FeatureMapOp::verifyRegions() {
  Type f32 = Float32Type::get(getContext());
  return verifyElementwiseRegion(*this, getBody(), "(b, h, t, d)", 1, f32, f32);
}

LogicalResult FeatureSliceOp::verify() {
  if (failed(expectRank(*this, getInput(), 4, "input", "[B, H, T, D]")) ||
      failed(expectRank(*this, getResult(), 4, "result", "[B, H, T, size]")))
    return failure();
  int64_t offset = getOffsetAttr().getInt(), size = getSizeAttr().getInt();
  if (offset < 0 || size <= 0)
    return emitOpError() << "needs offset >= 0 and size > 0, got offset "
                         << offset << " and size " << size;
  int64_t width = getInput().getType().getDimSize(3);
  if (isStatic(width) && (size > width || offset > width - size))
    return emitOpError() << size << " features from offset " << offset
                         << " exceed the input's " << width;
  int64_t resultWidth = getResult().getType().getDimSize(3);
  if (isStatic(resultWidth) && resultWidth != size)
    return emitOpError() << "result has " << resultWidth
                         << " features but the slice has " << size;
  for (int64_t d = 0; d < 3; ++d)
    if (failed(expectSameDim(*this, getInput(), d, getResult(), d, "input",
                             "result", "dimension " + std::to_string(d))))
      return failure();
  if (getInput().getType().getElementType() !=
      getResult().getType().getElementType())
    return emitOpError() << "result element type must match the input's";
  return success();
}

LogicalResult CumsumOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (rank != 3 && rank != 4)
    return emitOpError()
           << "input must be a rank-3 [B, H, T] or rank-4 [B, H, T, D] "
              "tensor, got "
           << getInput().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// Scores
//===----------------------------------------------------------------------===//

std::optional<double> QKOp::getEffectiveScale() {
  if (std::optional<APFloat> scale = getScale())
    return scale->convertToDouble();
  int64_t dim = getQ().getType().getDimSize(3);
  if (!isStatic(dim))
    return std::nullopt;
  return 1.0 / std::sqrt(static_cast<double>(dim));
}

LogicalResult QKOp::verify() {
  if (failed(expectRank(*this, getQ(), 4, "q", "[B, Hq, N, Dqk]")) ||
      failed(expectRank(*this, getK(), 4, "k", "[B, Hkv, M, Dqk]")))
    return failure();
  RankedTensorType q = getQ().getType(), k = getK().getType();
  if (q.getElementType() != k.getElementType())
    return emitOpError() << "q and k must have the same element type, got "
                         << q.getElementType() << " and " << k.getElementType();
  if (failed(expectSameDim(*this, getQ(), 0, getK(), 0, "q", "k", "batch")) ||
      failed(expectSameDim(*this, getQ(), 3, getK(), 3, "q", "k",
                           "the head dim Dqk")) ||
      failed(expectGroupedHeads(*this, q.getDimSize(1), k.getDimSize(1), "kv")))
    return failure();
  ScoresType scores = getScores().getType();
  if (failed(expectKind(*this, scores, ScoreKind::Logits, "result")) ||
      failed(expectHeads(*this, scores, q.getDimSize(1), "q")) ||
      failed(
          expectGroupedHeads(*this, scores.getHeads(), k.getDimSize(1), "kv")))
    return failure();
  // The query-head count, from q or else from the result type.
  int64_t heads =
      isStatic(q.getDimSize(1)) ? q.getDimSize(1) : scores.getHeads();
  if (std::optional<APFloat> scale = getScale()) {
    double s = scale->convertToDouble();
    if (!std::isfinite(s) || s == 0.0)
      return emitOpError() << "scale must be finite and non-zero, got " << s;
    // Kernels multiply by the scale in f32.
    if (std::fabs(s) > 3.4028234663852886e38 ||
        std::fabs(s) < 1.1754943508222875e-38)
      return emitOpError() << "scale must be a normal f32 number (between "
                              "1.2e-38 and 3.4e38 in magnitude), got "
                           << s;
  }
  if (Value decay = getDecay()) {
    RankedTensorType g = tensorType(decay);
    switch (g.getRank()) {
    case 1:
      if (!compatible(heads, g.getDimSize(0)))
        return emitOpError() << "the decay has " << g.getDimSize(0)
                             << " heads but q has " << heads;
      return success();
    case 3:
    case 4:
      if (failed(
              expectSameDim(*this, getQ(), 0, decay, 0, "q", "decay", "batch")))
        return failure();
      if (!compatible(heads, g.getDimSize(1)))
        return emitOpError() << "the decay has " << g.getDimSize(1)
                             << " heads but q has " << heads;
      if (failed(expectSameDim(*this, getK(), 2, decay, 2, "k", "decay",
                               "the key length M")))
        return failure();
      if (g.getRank() == 4)
        return expectSameDim(*this, getQ(), 3, decay, 3, "q", "decay",
                             "the head dim Dqk");
      return success();
    default:
      return emitOpError()
             << "decay must be [H] (per head), [B, H, M] (per token) or "
                "[B, H, M, Dqk] (per channel), got "
             << g;
    }
  }
  return success();
}

LogicalResult MapOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one score input";
  ScoresType result = getResult().getType();
  ScoresType first = cast<ScoresType>(getInputs().front().getType());
  int64_t heads = result.getHeads();
  for (auto [idx, input] : llvm::enumerate(getInputs())) {
    auto type = cast<ScoresType>(input.getType());
    if (type.getKind() != first.getKind())
      return emitOpError() << "inputs mix logits and probs (input #" << idx
                           << " is " << stringifyScoreKind(type.getKind())
                           << ")";
    if (!compatible(heads, type.getHeads()))
      return emitOpError() << "input #" << idx << " has " << type.getHeads()
                           << " heads but " << heads << " are expected";
    if (!isStatic(heads))
      heads = type.getHeads();
  }
  if (first.isProbs() && result.isLogits())
    return emitOpError() << "cannot turn probs back into logits";
  return success();
}

void MapOp::getAsmBlockArgumentNames(Region &region,
                                     OpAsmSetValueNameFn setNameFn) {
  nameRegionArguments(region, {"b", "h", "i", "j"}, setNameFn);
}

LogicalResult MapOp::verifyRegions() {
  Type f32 = Float32Type::get(getContext());
  return verifyElementwiseRegion(*this, getBody(), "(b, h, i, j)",
                                 getInputs().size(), f32, f32);
}

LogicalResult StencilOp::verify() {
  if (failed(expectRank(*this, getWeights(), 3, "weights", "[H, cq, ck]")))
    return failure();
  RankedTensorType w = getWeights().getType();
  if (!w.hasStaticShape())
    return emitOpError() << "weights must have a static shape [H, cq, ck], got "
                         << w;
  if (failed(expectHeads(*this, getScores().getType(), w.getDimSize(0),
                         "the weights")))
    return failure();
  ArrayRef<int64_t> pad = getPad();
  if (pad.size() != 4)
    return emitOpError() << "pad must have 4 entries [q_before, q_after, "
                            "k_before, k_after], got "
                         << pad.size();
  int64_t cq = w.getDimSize(1), ck = w.getDimSize(2);
  if (cq < 1 || ck < 1)
    return emitOpError() << "kernel must be at least 1x1, got " << cq << "x"
                         << ck;
  if (llvm::any_of(pad, [](int64_t p) { return p < 0; }))
    return emitOpError() << "padding must be non-negative";
  if (llvm::any_of(pad, [&](int64_t p) { return p >= std::max(cq, ck); }))
    return emitOpError() << "padding must be smaller than the kernel";
  if (pad[0] + pad[1] != cq - 1)
    return emitOpError() << "query padding " << pad[0] << " + " << pad[1]
                         << " must equal the query kernel size " << cq
                         << " minus 1";
  if (pad[2] + pad[3] != ck - 1)
    return emitOpError() << "key padding " << pad[2] << " + " << pad[3]
                         << " must equal the key kernel size " << ck
                         << " minus 1";
  if (!std::isfinite(getPadValue().convertToDouble()))
    return emitOpError() << "pad_value must be finite";
  return success();
}

LogicalResult HeadMixOp::verify() {
  if (failed(expectRank(*this, getWeights(), 3, "weights", "[G, c, c]")))
    return failure();
  RankedTensorType w = getWeights().getType();
  if (!w.hasStaticShape())
    return emitOpError() << "weights must have a static shape [G, c, c], got "
                         << w;
  int64_t groups = w.getDimSize(0), size = w.getDimSize(1);
  if (groups <= 0 || size <= 0)
    return emitOpError() << "weights need at least one group of one head, got "
                         << w;
  if (w.getDimSize(2) != size)
    return emitOpError() << "weights must be square per group [G, c, c], got "
                         << w;
  ScoresType scores = getScores().getType();
  if (!scores.hasStaticHeads())
    return success();
  int64_t heads = scores.getHeads();
  if (heads % size != 0)
    return emitOpError() << "scores have " << heads
                         << " heads, which do not divide into groups of "
                         << size;
  if (heads != groups * size)
    return emitOpError() << "scores have " << heads << " heads but the weights"
                         << " mix " << groups << " group(s) of " << size;
  return success();
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

LogicalResult WindowOp::verify() {
  if (getSizeAttr().getInt() < 1)
    return emitOpError() << "window must keep at least one key, got size "
                         << getSizeAttr().getInt();
  return success();
}

LogicalResult DocumentOp::verify() {
  if (failed(expectRank(*this, getQDoc(), 2, "q_doc", "[B, N]")) ||
      failed(expectRank(*this, getKDoc(), 2, "k_doc", "[B, M]")))
    return failure();
  return expectSameDim(*this, getQDoc(), 0, getKDoc(), 0, "q_doc", "k_doc",
                       "batch");
}

LogicalResult PrefixOp::verify() {
  bool hasConst = static_cast<bool>(getLengthAttr());
  bool hasTensor = static_cast<bool>(getLengths());
  if (hasConst == hasTensor)
    return emitOpError()
           << "needs exactly one of a constant length or a [B] tensor";
  if (hasConst && getLengthAttr().getInt() < 0)
    return emitOpError() << "length must be >= 0, got "
                         << getLengthAttr().getInt();
  if (hasTensor)
    return expectRank(*this, getLengths(), 1, "lengths", "[B]");
  return success();
}

void PredicateOp::getAsmBlockArgumentNames(Region &region,
                                           OpAsmSetValueNameFn setNameFn) {
  nameRegionArguments(region, {"b", "h", "i", "j"}, setNameFn);
}

LogicalResult PredicateOp::verifyRegions() {
  return verifyElementwiseRegion(*this, getBody(), "(b, h, i, j)", 0, Type(),
                                 IntegerType::get(getContext(), 1));
}

LogicalResult BlockPredicateOp::verify() {
  return verifyBlockSizes(*this, getBlock());
}

void BlockPredicateOp::getAsmBlockArgumentNames(Region &region,
                                                OpAsmSetValueNameFn setNameFn) {
  nameRegionArguments(region, {"b", "h", "qb", "kb"}, setNameFn);
}

LogicalResult BlockPredicateOp::verifyRegions() {
  return verifyElementwiseRegion(*this, getBody(), "(b, h, qb, kb)", 0, Type(),
                                 IntegerType::get(getContext(), 1));
}

LogicalResult BlockMaskOp::verify() {
  if (failed(expectRank(*this, getBlockMap(), 4, "block map",
                        "[B, H, N blocks, M blocks]")))
    return failure();
  return verifyBlockSizes(*this, getBlock());
}

LogicalResult MaskAndOp::verify() {
  if (getMasks().size() < 2)
    return emitOpError() << "needs at least two masks, got "
                         << getMasks().size();
  return success();
}

/// and/or of one mask repeated is that mask.
static Value foldRepeatedMask(OperandRange masks) {
  if (masks.empty() || !llvm::all_equal(masks))
    return {};
  return masks.front();
}

OpFoldResult MaskAndOp::fold(FoldAdaptor) {
  return foldRepeatedMask(getMasks());
}

OpFoldResult MaskOrOp::fold(FoldAdaptor) {
  return foldRepeatedMask(getMasks());
}

OpFoldResult MaskNotOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<MaskNotOp>())
    return inner.getInput();
  return {};
}

LogicalResult MaskOrOp::verify() {
  if (getMasks().size() < 2)
    return emitOpError() << "needs at least two masks, got "
                         << getMasks().size();
  return success();
}

OpFoldResult ApplyMaskOp::fold(FoldAdaptor) {
  auto inner = getScores().getDefiningOp<ApplyMaskOp>();
  if (inner && inner.getMask() == getMask() && inner.getFill() == getFill())
    return inner.getResult();
  return {};
}

LogicalResult ApplyMaskOp::verify() {
  if (getScores().getType().isProbs() && getFill() == MaskFill::NegInf)
    return emitOpError() << "cannot fill probs with -inf: masked probs are 0, "
                            "use 'fill zero' or mask the logits";
  return success();
}

//===----------------------------------------------------------------------===//
// Normalisers
//===----------------------------------------------------------------------===//

/// A normaliser turns logits into probs with the same heads.
static LogicalResult verifyNormalizer(Operation *op, ScoresType input,
                                      ScoresType result) {
  if (failed(expectKind(op, input, ScoreKind::Logits, "input")) ||
      failed(expectKind(op, result, ScoreKind::Probs, "result")))
    return failure();
  if (!compatible(input.getHeads(), result.getHeads()))
    return op->emitOpError()
           << "input has " << input.getHeads() << " heads but the result has "
           << result.getHeads();
  return success();
}

LogicalResult SoftmaxOp::verify() {
  if (failed(verifyNormalizer(*this, getScores().getType(),
                              getResult().getType())))
    return failure();
  return verifySink(*this, getSink(), getScores().getType());
}

LogicalResult SoftpickOp::verify() {
  if (failed(verifyNormalizer(*this, getScores().getType(),
                              getResult().getType())))
    return failure();
  return expectNonNegative(*this, getEps().convertToDouble(), "eps");
}

LogicalResult RowNormalizeOp::verify() {
  if (failed(
          expectKind(*this, getScores().getType(), ScoreKind::Probs, "input")))
    return failure();
  if (failed(expectNonNegative(*this, getEps().convertToDouble(), "eps")))
    return failure();
  if (std::optional<APFloat> floor = getFloor())
    if (!std::isfinite(floor->convertToDouble()))
      return emitOpError() << "floor must be finite";
  return success();
}

LogicalResult LseOp::verify() {
  ScoresType scores = getScores().getType();
  if (failed(expectKind(*this, scores, ScoreKind::Logits, "input")) ||
      failed(expectRank(*this, getResult(), 3, "result", "[B, H, N]")) ||
      failed(expectHeads(*this, scores, getResult().getType().getDimSize(1),
                         "the result")))
    return failure();
  return verifySink(*this, getSink(), scores);
}

//===----------------------------------------------------------------------===//
// Outputs
//===----------------------------------------------------------------------===//

LogicalResult PVOp::verify() {
  ScoresType probs = getProbs().getType();
  if (probs.isLogits())
    return emitOpError() << "needs probs, got logits: normalise them first "
                            "(attn.softmax, ...) or map them to probs";
  if (failed(expectRank(*this, getV(), 4, "v", "[B, Hkv, M, Dv]")) ||
      failed(expectRank(*this, getResult(), 4, "result", "[B, H, N, Dv]")))
    return failure();
  RankedTensorType out = getResult().getType();
  int64_t heads =
      isStatic(out.getDimSize(1)) ? out.getDimSize(1) : probs.getHeads();
  if (failed(expectHeads(*this, probs, out.getDimSize(1), "the result")) ||
      failed(expectGroupedHeads(*this, heads, getV().getType().getDimSize(1),
                                "v")) ||
      failed(expectSameDim(*this, getV(), 0, getResult(), 0, "v", "result",
                           "batch")) ||
      failed(expectSameDim(*this, getV(), 3, getResult(), 3, "v", "result",
                           "the head dim Dv")))
    return failure();
  return success();
}

/// Outputs combined elementwise must agree on every dimension.
static LogicalResult expectSameShape(Operation *op, Value a, Value b,
                                     StringRef whatA, StringRef whatB) {
  RankedTensorType ta = tensorType(a), tb = tensorType(b);
  if (ta.getRank() != tb.getRank() ||
      !llvm::all_of(llvm::zip(ta.getShape(), tb.getShape()), [](auto p) {
        return compatible(std::get<0>(p), std::get<1>(p));
      }))
    return op->emitOpError()
           << whatA << " and " << whatB << " have different shapes: " << ta
           << " vs " << tb;
  return success();
}

LogicalResult OutputMapOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  if (failed(expectRank(*this, getResult(), 4, "result", "[B, H, N, Dv]")))
    return failure();
  for (auto [idx, input] : llvm::enumerate(getInputs()))
    if (failed(expectSameShape(*this, input, getResult(),
                               "input #" + std::to_string(idx), "result")))
      return failure();
  return success();
}

void OutputMapOp::getAsmBlockArgumentNames(Region &region,
                                           OpAsmSetValueNameFn setNameFn) {
  nameRegionArguments(region, {"b", "h", "i", "d"}, setNameFn);
}

LogicalResult OutputMapOp::verifyRegions() {
  Type f32 = Float32Type::get(getContext());
  return verifyElementwiseRegion(*this, getBody(), "(b, h, i, d)",
                                 getInputs().size(), f32, f32);
}

LogicalResult MergeOp::verify() {
  if (getOutputs().size() < 2)
    return emitOpError() << "needs at least two partial outputs, got "
                         << getOutputs().size();
  if (getOutputs().size() != getLses().size())
    return emitOpError() << "needs one lse per output, got "
                         << getOutputs().size() << " outputs and "
                         << getLses().size() << " lses";
  if (failed(expectRank(*this, getOutput(), 4, "output", "[B, H, N, Dv]")) ||
      failed(expectRank(*this, getLse(), 3, "lse", "[B, H, N]")))
    return failure();
  for (auto [idx, pair] : llvm::enumerate(llvm::zip(getOutputs(), getLses()))) {
    std::string name = "#" + std::to_string(idx);
    if (failed(expectSameShape(*this, std::get<0>(pair), getOutput(),
                               "output " + name, "the merged output")) ||
        failed(expectSameShape(*this, std::get<1>(pair), getLse(),
                               "lse " + name, "the merged lse")))
      return failure();
  }
  for (int64_t d = 0; d < 3; ++d)
    if (failed(expectSameDim(*this, getOutput(), d, getLse(), d, "output",
                             "lse", "dimension " + std::to_string(d))))
      return failure();
  return success();
}

/// A per-head parameter is `[D]` (shared by all heads) or `[H, D]`.
static LogicalResult verifyPerHeadVector(Operation *op, Value param,
                                         Value output, StringRef what) {
  RankedTensorType type = tensorType(param);
  RankedTensorType out = tensorType(output);
  if (type.getRank() == 1)
    return expectSameDim(op, param, 0, output, 3, what, "the output",
                         "the head dim Dv");
  if (type.getRank() == 2) {
    if (failed(expectSameDim(op, param, 0, output, 1, what, "the output",
                             "the number of heads")))
      return failure();
    return expectSameDim(op, param, 1, output, 3, what, "the output",
                         "the head dim Dv");
  }
  return op->emitOpError() << what << " must be [Dv] or [H, Dv], got " << type
                           << " for an output " << out;
}

LogicalResult HeadRMSNormOp::verify() {
  if (failed(expectRank(*this, getInput(), 4, "input", "[B, H, N, Dv]")) ||
      failed(
          expectSameShape(*this, getInput(), getResult(), "input", "result")))
    return failure();
  if (!(getEps().convertToDouble() > 0.0) ||
      std::isinf(getEps().convertToDouble()))
    return emitOpError() << "eps must be finite and > 0, got "
                         << getEps().convertToDouble();
  if (Value weight = getWeight())
    return verifyPerHeadVector(*this, weight, getInput(), "weight");
  return success();
}

LogicalResult HeadGateOp::verify() {
  if (failed(expectRank(*this, getInput(), 4, "input", "[B, H, N, Dv]")) ||
      failed(
          expectSameShape(*this, getInput(), getResult(), "input", "result")) ||
      failed(verifyPerHeadVector(*this, getWeight(), getInput(), "weight")) ||
      failed(expectRank(*this, getBias(), 1, "bias", "[H] or [1]")))
    return failure();
  int64_t biasSize = getBias().getType().getDimSize(0);
  int64_t heads = getInput().getType().getDimSize(1);
  if (isStatic(biasSize) && biasSize != 1 && !compatible(biasSize, heads))
    return emitOpError() << "bias has " << biasSize
                         << " entries but the output has " << heads
                         << " heads (use [H] or [1])";
  return success();
}

#define GET_OP_CLASSES
#include "dialect/AttnOps.cpp.inc"
