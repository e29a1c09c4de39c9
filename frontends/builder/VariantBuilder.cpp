//===- VariantBuilder.cpp - C++ API that builds attn IR -------------------===//

#include "frontends/builder/VariantBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

//===----------------------------------------------------------------------===//
// ElementwiseBuilder
//===----------------------------------------------------------------------===//

Value ElementwiseBuilder::f32(double value) {
  return arith::ConstantOp::create(b_, loc_, b_.getF32FloatAttr(value));
}

Value ElementwiseBuilder::integer(int64_t value) {
  return arith::ConstantIndexOp::create(b_, loc_, value);
}

Value ElementwiseBuilder::boolean(bool value) {
  return arith::ConstantOp::create(b_, loc_, b_.getBoolAttr(value));
}

Value ElementwiseBuilder::toFloat(Value v) {
  if (isFloat(v))
    return v;
  if (isBool(v))
    return arith::UIToFPOp::create(b_, loc_, b_.getF32Type(), v);
  Value wide = arith::IndexCastOp::create(b_, loc_, b_.getI64Type(), v);
  return arith::SIToFPOp::create(b_, loc_, b_.getF32Type(), wide);
}

Value ElementwiseBuilder::toInt(Value v) {
  if (isInt(v))
    return v;
  if (isBool(v))
    return arith::IndexCastUIOp::create(b_, loc_, b_.getIndexType(), v);
  Value wide = arith::FPToSIOp::create(b_, loc_, b_.getI64Type(), v);
  return arith::IndexCastOp::create(b_, loc_, b_.getIndexType(), wide);
}

Value ElementwiseBuilder::load(Value tensor, ValueRange indices) {
  Value raw = LoadOp::create(b_, loc_, tensor, indices);
  Type type = raw.getType();
  if (type.isF32())
    return raw;
  if (auto f = dyn_cast<FloatType>(type)) {
    if (f.getWidth() < 32)
      return arith::ExtFOp::create(b_, loc_, b_.getF32Type(), raw);
    return arith::TruncFOp::create(b_, loc_, b_.getF32Type(), raw);
  }
  if (type.isInteger(1))
    return raw;
  return arith::IndexCastOp::create(b_, loc_, b_.getIndexType(), raw);
}

std::pair<Value, Value> ElementwiseBuilder::promote(Value a, Value c) {
  if (isBool(a))
    a = arith::IndexCastUIOp::create(b_, loc_, b_.getIndexType(), a);
  if (isBool(c))
    c = arith::IndexCastUIOp::create(b_, loc_, b_.getIndexType(), c);
  if (isInt(a) && isInt(c))
    return {a, c};
  return {toFloat(a), toFloat(c)};
}

#define ATTNC_BINARY(NAME, INT_OP, FLOAT_OP)                                   \
  Value ElementwiseBuilder::NAME(Value a, Value c) {                           \
    auto [x, y] = promote(a, c);                                               \
    if (isInt(x))                                                              \
      return arith::INT_OP::create(b_, loc_, x, y);                            \
    return arith::FLOAT_OP::create(b_, loc_, x, y);                            \
  }
ATTNC_BINARY(add, AddIOp, AddFOp)
ATTNC_BINARY(sub, SubIOp, SubFOp)
ATTNC_BINARY(mul, MulIOp, MulFOp)
ATTNC_BINARY(div, DivSIOp, DivFOp)
ATTNC_BINARY(rem, RemSIOp, RemFOp)
ATTNC_BINARY(min, MinSIOp, MinimumFOp)
ATTNC_BINARY(max, MaxSIOp, MaximumFOp)
#undef ATTNC_BINARY

Value ElementwiseBuilder::floorDiv(Value a, Value c) {
  auto [x, y] = promote(a, c);
  if (isInt(x))
    return arith::FloorDivSIOp::create(b_, loc_, x, y);
  return floor(div(x, y));
}

Value ElementwiseBuilder::mod(Value a, Value c) {
  auto [x, y] = promote(a, c);
  Value r = sub(x, mul(y, floorDiv(x, y)));
  if (!isInt(x))
    return r;
  // An integer x % 0 is 0, as x // 0 is. `x - 0 * (x // 0)` would be x, and
  // the folder would say so for a divisor that becomes 0 only after folding
  // (`i % (j - j)`): choose 0 explicitly unless the divisor is a non-zero
  // constant.
  if (auto k = y.getDefiningOp<arith::ConstantOp>())
    if (auto i = dyn_cast<IntegerAttr>(k.getValue());
        i && !i.getValue().isZero())
      return r;
  Value zero = integer(0);
  Value isZero =
      arith::CmpIOp::create(b_, loc_, arith::CmpIPredicate::eq, y, zero);
  return arith::SelectOp::create(b_, loc_, isZero, zero, r);
}

Value ElementwiseBuilder::neg(Value a) {
  if (isFloat(a))
    return arith::NegFOp::create(b_, loc_, a);
  return sub(integer(0), a);
}

Value ElementwiseBuilder::cmp(Cmp pred, Value a, Value c) {
  auto [x, y] = promote(a, c);
  if (isInt(x)) {
    static constexpr arith::CmpIPredicate preds[] = {
        arith::CmpIPredicate::slt, arith::CmpIPredicate::sle,
        arith::CmpIPredicate::sgt, arith::CmpIPredicate::sge,
        arith::CmpIPredicate::eq,  arith::CmpIPredicate::ne};
    return arith::CmpIOp::create(b_, loc_, preds[static_cast<int>(pred)], x, y);
  }
  static constexpr arith::CmpFPredicate preds[] = {
      arith::CmpFPredicate::OLT, arith::CmpFPredicate::OLE,
      arith::CmpFPredicate::OGT, arith::CmpFPredicate::OGE,
      arith::CmpFPredicate::OEQ, arith::CmpFPredicate::UNE};
  return arith::CmpFOp::create(b_, loc_, preds[static_cast<int>(pred)], x, y);
}

Value ElementwiseBuilder::logicalAnd(Value a, Value c) {
  return arith::AndIOp::create(b_, loc_, a, c);
}
Value ElementwiseBuilder::logicalOr(Value a, Value c) {
  return arith::OrIOp::create(b_, loc_, a, c);
}
Value ElementwiseBuilder::logicalNot(Value a) {
  return arith::XOrIOp::create(b_, loc_, a, boolean(true));
}

Value ElementwiseBuilder::select(Value cond, Value a, Value c) {
  if (!(isBool(a) && isBool(c)))
    std::tie(a, c) = promote(a, c);
  return arith::SelectOp::create(b_, loc_, cond, a, c);
}

Value ElementwiseBuilder::exp(Value x) {
  return math::ExpOp::create(b_, loc_, toFloat(x));
}
Value ElementwiseBuilder::log(Value x) {
  return math::LogOp::create(b_, loc_, toFloat(x));
}
Value ElementwiseBuilder::sqrt(Value x) {
  return math::SqrtOp::create(b_, loc_, toFloat(x));
}
Value ElementwiseBuilder::tanh(Value x) {
  return math::TanhOp::create(b_, loc_, toFloat(x));
}
Value ElementwiseBuilder::floor(Value x) {
  return math::FloorOp::create(b_, loc_, toFloat(x));
}
Value ElementwiseBuilder::abs(Value x) {
  if (isInt(x))
    return math::AbsIOp::create(b_, loc_, x);
  return math::AbsFOp::create(b_, loc_, x);
}
Value ElementwiseBuilder::pow(Value x, Value y) {
  return math::PowFOp::create(b_, loc_, toFloat(x), toFloat(y));
}
Value ElementwiseBuilder::sigmoid(Value x) {
  // 1 / (1 + exp(-x)): exact at both tails in f32 (exp overflows to inf,
  // giving 0).
  Value one = f32(1.0);
  return div(one, add(one, exp(neg(toFloat(x)))));
}
Value ElementwiseBuilder::relu(Value x) { return max(toFloat(x), f32(0.0)); }
Value ElementwiseBuilder::elu(Value x) {
  Value fx = toFloat(x);
  Value negative = math::ExpM1Op::create(b_, loc_, fx);
  return select(cmp(Cmp::GT, fx, f32(0.0)), fx, negative);
}
Value ElementwiseBuilder::softplus(Value x) {
  // log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), without overflow.
  Value fx = toFloat(x);
  Value tail = math::Log1pOp::create(b_, loc_, exp(neg(abs(fx))));
  return add(relu(fx), tail);
}

//===----------------------------------------------------------------------===//
// VariantBuilder
//===----------------------------------------------------------------------===//

VariantBuilder::VariantBuilder(MLIRContext &ctx, StringRef name, Location loc)
    : builder_(&ctx), loc_(loc) {
  ctx.loadDialect<AttnDialect, arith::ArithDialect, math::MathDialect>();
  module_ = ModuleOp::create(loc);
  startVariant(name);
}

VariantBuilder::VariantBuilder(MLIRContext &ctx, StringRef name)
    : VariantBuilder(ctx, name, UnknownLoc::get(&ctx)) {}

void VariantBuilder::startVariant(StringRef name) {
  builder_.setInsertionPointToEnd(module_->getBody());
  variant_ =
      VariantOp::create(builder_, loc_, name, builder_.getFunctionType({}, {}));
  argAttrs_.clear();
  builder_.setInsertionPointToStart(&variant_.getBody().front());
}

Value VariantBuilder::input(StringRef name, Type elementType,
                            ArrayRef<int64_t> shape,
                            ArrayRef<std::string> dimNames) {
  auto type = RankedTensorType::get(shape, elementType);
  Value arg = variant_.getBody().front().addArgument(type, loc_);
  SmallVector<NamedAttribute> attrs = {builder_.getNamedAttr(
      VariantOp::getArgNameAttrName(), builder_.getStringAttr(name))};
  if (!dimNames.empty()) {
    SmallVector<StringRef> names(dimNames.begin(), dimNames.end());
    attrs.push_back(builder_.getNamedAttr(VariantOp::getArgDimsAttrName(),
                                          builder_.getStrArrayAttr(names)));
  }
  argAttrs_.push_back(builder_.getDictionaryAttr(attrs));
  return arg;
}

Value VariantBuilder::dim(Value tensor, int64_t index) {
  return DimOp::create(builder_, loc_, tensor, index);
}

ScoresType VariantBuilder::scoresLike(Value like, ScoreKind kind) {
  int64_t heads = kDyn;
  if (auto scores = dyn_cast<ScoresType>(like.getType()))
    heads = scores.getHeads();
  else if (auto tensor = dyn_cast<RankedTensorType>(like.getType());
           tensor && tensor.getRank() >= 2)
    heads = tensor.getDimSize(1);
  return ScoresType::get(getContext(), kind, heads);
}

void VariantBuilder::buildRegion(Region &region, unsigned numValues,
                                 ElementwiseFn fn) {
  OpBuilder::InsertionGuard guard(builder_);
  Block *block = builder_.createBlock(&region);
  for (unsigned n = 0; n < 4; ++n)
    block->addArgument(builder_.getIndexType(), loc_);
  for (unsigned n = 0; n < numValues; ++n)
    block->addArgument(builder_.getF32Type(), loc_);
  ElementwiseBuilder eb(builder_, loc_, *block);
  Value result = fn(eb, block->getArguments().drop_front(4));
  YieldOp::create(builder_, loc_, ValueRange{result});
}

Value VariantBuilder::featureMap(Value x, ElementwiseFn fn,
                                 Type resultElementType) {
  auto type = cast<RankedTensorType>(x.getType());
  if (!resultElementType)
    resultElementType = type.getElementType();
  auto op =
      FeatureMapOp::create(builder_, loc_, type.clone(resultElementType), x);
  buildRegion(op.getBody(), 1, fn);
  return op;
}

Value VariantBuilder::featureSlice(Value x, int64_t offset, int64_t size) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  if (!shape.empty())
    shape.back() = size;
  return FeatureSliceOp::create(builder_, loc_, type.clone(shape), x, offset,
                                size);
}

Value VariantBuilder::cumsum(Value g) {
  return CumsumOp::create(builder_, loc_, g);
}

Value VariantBuilder::qk(Value q, Value k, std::optional<double> scale,
                         Value decay) {
  FloatAttr scaleAttr = scale ? builder_.getF64FloatAttr(*scale) : FloatAttr();
  return QKOp::create(builder_, loc_, scoresLike(q, ScoreKind::Logits), q, k,
                      decay, scaleAttr);
}

Value VariantBuilder::map(ValueRange scores, ScoreKind resultKind,
                          ElementwiseFn fn) {
  auto op = MapOp::create(builder_, loc_,
                          scoresLike(scores.front(), resultKind), scores);
  buildRegion(op.getBody(), scores.size(), fn);
  return op;
}

Value VariantBuilder::stencil(Value scores, Value weights,
                              ArrayRef<int64_t> pad, double padValue) {
  return StencilOp::create(builder_, loc_, scores.getType(), scores, weights,
                           builder_.getDenseI64ArrayAttr(pad),
                           builder_.getF64FloatAttr(padValue));
}

Value VariantBuilder::headMix(Value scores, Value weights) {
  return HeadMixOp::create(builder_, loc_, scores.getType(), scores, weights);
}

Value VariantBuilder::causal() { return CausalOp::create(builder_, loc_); }

Value VariantBuilder::window(int64_t size) {
  return WindowOp::create(builder_, loc_, size);
}

Value VariantBuilder::document(Value qDoc, Value kDoc) {
  return DocumentOp::create(builder_, loc_, qDoc, kDoc);
}

Value VariantBuilder::prefix(int64_t length) {
  return PrefixOp::create(builder_, loc_, builder_.getI64IntegerAttr(length),
                          Value());
}

Value VariantBuilder::prefix(Value lengths) {
  return PrefixOp::create(builder_, loc_, IntegerAttr(), lengths);
}

Value VariantBuilder::predicate(ElementwiseFn fn) {
  auto op = PredicateOp::create(builder_, loc_);
  buildRegion(op.getBody(), 0, fn);
  return op;
}

Value VariantBuilder::blockPredicate(int64_t blockQ, int64_t blockK,
                                     ElementwiseFn fn) {
  auto op = BlockPredicateOp::create(
      builder_, loc_, builder_.getDenseI64ArrayAttr({blockQ, blockK}));
  buildRegion(op.getBody(), 0, fn);
  return op;
}

Value VariantBuilder::blockMask(Value blockMap, int64_t blockQ,
                                int64_t blockK) {
  return BlockMaskOp::create(builder_, loc_, blockMap,
                             builder_.getDenseI64ArrayAttr({blockQ, blockK}));
}

Value VariantBuilder::maskAnd(ValueRange masks) {
  return MaskAndOp::create(builder_, loc_, masks);
}

Value VariantBuilder::maskOr(ValueRange masks) {
  return MaskOrOp::create(builder_, loc_, masks);
}

Value VariantBuilder::maskNot(Value mask) {
  return MaskNotOp::create(builder_, loc_, mask);
}

Value VariantBuilder::applyMask(Value scores, Value mask, MaskFill fill) {
  return ApplyMaskOp::create(builder_, loc_, scores, mask, fill);
}

Value VariantBuilder::softmax(Value scores, Value sink) {
  return SoftmaxOp::create(builder_, loc_, scoresLike(scores, ScoreKind::Probs),
                           scores, sink);
}

Value VariantBuilder::softpick(Value scores, double eps) {
  return SoftpickOp::create(builder_, loc_,
                            scoresLike(scores, ScoreKind::Probs), scores,
                            builder_.getF64FloatAttr(eps));
}

Value VariantBuilder::rowNormalize(Value probs, RowNormKind kind, double eps,
                                   std::optional<double> floor) {
  return RowNormalizeOp::create(
      builder_, loc_, probs.getType(), probs,
      RowNormKindAttr::get(getContext(), kind), builder_.getF64FloatAttr(eps),
      floor ? builder_.getF64FloatAttr(*floor) : FloatAttr());
}

/// The queries a score matrix was computed from: every score op takes the
/// scores it modifies as operand 0, back to the `attn.qk` that made them.
/// Null when the chain does not start at a qk in this variant.
static Value queriesOf(Value scores) {
  while (Operation *def = scores.getDefiningOp()) {
    if (auto qkOp = dyn_cast<QKOp>(def))
      return qkOp.getQ();
    if (def->getNumOperands() == 0 ||
        !isa<ScoresType>(def->getOperand(0).getType()))
      return {};
    scores = def->getOperand(0);
  }
  return {};
}

/// The query length N of a score matrix, when known statically.
static int64_t rowsOf(Value scores) {
  Value q = queriesOf(scores);
  return q ? cast<RankedTensorType>(q.getType()).getDimSize(2) : kDyn;
}

/// The batch size of a score matrix, when known statically.
static int64_t batchOf(Value scores) {
  Value q = queriesOf(scores);
  return q ? cast<RankedTensorType>(q.getType()).getDimSize(0) : kDyn;
}

Value VariantBuilder::lse(Value scores, Value sink) {
  int64_t heads = cast<ScoresType>(scores.getType()).getHeads();
  auto type = RankedTensorType::get({batchOf(scores), heads, rowsOf(scores)},
                                    builder_.getF32Type());
  return LseOp::create(builder_, loc_, type, scores, sink);
}

Value VariantBuilder::pv(Value probs, Value v, Type resultElementType) {
  auto vType = cast<RankedTensorType>(v.getType());
  if (!resultElementType)
    resultElementType = vType.getElementType();
  int64_t heads = cast<ScoresType>(probs.getType()).getHeads();
  auto type = RankedTensorType::get(
      {vType.getDimSize(0), heads, rowsOf(probs), vType.getDimSize(3)},
      resultElementType);
  return PVOp::create(builder_, loc_, type, probs, v);
}

Value VariantBuilder::outputMap(ValueRange outputs, ElementwiseFn fn,
                                Type resultElementType) {
  auto type = cast<RankedTensorType>(outputs.front().getType());
  if (resultElementType)
    type = type.clone(resultElementType);
  auto op = OutputMapOp::create(builder_, loc_, type, outputs);
  buildRegion(op.getBody(), outputs.size(), fn);
  return op;
}

std::pair<Value, Value> VariantBuilder::merge(ValueRange outputs,
                                              ValueRange lses) {
  auto op = MergeOp::create(builder_, loc_, outputs.front().getType(),
                            lses.front().getType(), outputs, lses);
  return {op.getOutput(), op.getLse()};
}

Value VariantBuilder::headRMSNorm(Value output, Value weight, double eps) {
  return HeadRMSNormOp::create(builder_, loc_, output.getType(), output, weight,
                               builder_.getF64FloatAttr(eps));
}

Value VariantBuilder::headGate(Value output, Value weight, Value bias) {
  return HeadGateOp::create(builder_, loc_, output.getType(), output, weight,
                            bias);
}

VariantOp VariantBuilder::finishUnverified(ValueRange outputs) {
  ReturnOp::create(builder_, loc_, outputs);
  SmallVector<Type> inputs(variant_.getBody().getArgumentTypes());
  variant_.setFunctionTypeAttr(
      TypeAttr::get(builder_.getFunctionType(inputs, TypeRange(outputs))));
  variant_.setAllArgAttrs(argAttrs_);
  return variant_;
}

OwningOpRef<ModuleOp> VariantBuilder::finish(ValueRange outputs) {
  finishUnverified(outputs);
  if (failed(verify(*module_)))
    return nullptr;
  return std::move(module_);
}
