//===- TileClasses.cpp - which tiles a mask skips, keeps or splits --------===//

#include "passes/TileClasses.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <limits>
#include <optional>

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

constexpr int64_t kBig = std::numeric_limits<int32_t>::max();

/// A closed integer interval, or a tri-state boolean ([0,0] false, [1,1]
/// true, [0,1] unknown). `known` is false for values interval arithmetic
/// cannot bound (floats, loads).
struct Range {
  int64_t lo = -kBig, hi = kBig;
  bool known = false;
  static Range of(int64_t lo, int64_t hi) { return {lo, hi, true}; }
  static Range unknown() { return {}; }
  bool isPoint() const { return known && lo == hi; }
};

/// Bounds stay far from int64 overflow: anything wider is unknown.
constexpr int64_t kLimit = int64_t(1) << 40;
bool tame(Range a) { return a.known && a.lo > -kLimit && a.hi < kLimit; }

Range add(Range a, Range b) {
  if (!tame(a) || !tame(b))
    return Range::unknown();
  return Range::of(a.lo + b.lo, a.hi + b.hi);
}
Range sub(Range a, Range b) {
  if (!tame(a) || !tame(b))
    return Range::unknown();
  return Range::of(a.lo - b.hi, a.hi - b.lo);
}
Range mul(Range a, Range b) {
  // |a|, |b| < 2^40 could still overflow: require 2^31.
  if (!tame(a) || !tame(b) || std::max(-a.lo, a.hi) > kBig ||
      std::max(-b.lo, b.hi) > kBig)
    return Range::unknown();
  int64_t c[] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
  return Range::of(*std::min_element(c, c + 4), *std::max_element(c, c + 4));
}
/// Floor or truncating division by a positive constant: monotone.
Range divide(Range a, Range b, bool floor) {
  if (!a.known || !b.isPoint() || b.lo <= 0)
    return Range::unknown();
  auto f = [&](int64_t x) {
    int64_t q = x / b.lo;
    if (floor && (x % b.lo != 0) && x < 0)
      --q;
    return q;
  };
  return Range::of(f(a.lo), f(a.hi));
}
Range boolean(bool mayBeFalse, bool mayBeTrue) {
  return Range::of(mayBeFalse ? 0 : 1, mayBeTrue ? 1 : 0);
}
Range compare(arith::CmpIPredicate pred, Range a, Range b) {
  if (!a.known || !b.known)
    return boolean(true, true);
  switch (pred) {
  case arith::CmpIPredicate::slt:
  case arith::CmpIPredicate::ult:
    return boolean(a.hi >= b.lo, a.lo < b.hi);
  case arith::CmpIPredicate::sle:
  case arith::CmpIPredicate::ule:
    return boolean(a.hi > b.lo, a.lo <= b.hi);
  case arith::CmpIPredicate::sgt:
  case arith::CmpIPredicate::ugt:
    return compare(arith::CmpIPredicate::slt, b, a);
  case arith::CmpIPredicate::sge:
  case arith::CmpIPredicate::uge:
    return compare(arith::CmpIPredicate::sle, b, a);
  case arith::CmpIPredicate::eq:
    return boolean(!(a.isPoint() && b.isPoint() && a.lo == b.lo),
                   a.lo <= b.hi && b.lo <= a.hi);
  case arith::CmpIPredicate::ne: {
    Range eq = compare(arith::CmpIPredicate::eq, a, b);
    return Range::of(1 - eq.hi, 1 - eq.lo);
  }
  }
  return boolean(true, true);
}

/// Evaluates a predicate region over index ranges; returns the range of its
/// i1 result ([1,1] always true, [0,0] never, else unknown).
Range evalRegion(Region &region, ArrayRef<Range> args, SizeOf sizeOf) {
  Block &block = region.front();
  DenseMap<Value, Range> env;
  for (auto [arg, r] : llvm::zip(block.getArguments(), args))
    env[arg] = r;
  auto get = [&](Value v) -> Range {
    if (auto it = env.find(v); it != env.end())
      return it->second;
    // Captured from the variant body: sizes and constants.
    if (auto dim = v.getDefiningOp<DimOp>()) {
      if (sizeOf)
        if (std::optional<int64_t> size = sizeOf(dim))
          return Range::of(*size, *size);
      return Range::unknown();
    }
    if (auto c = v.getDefiningOp<arith::ConstantOp>())
      if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
        return Range::of(i.getValue().getSExtValue(),
                         i.getValue().getSExtValue());
    return Range::unknown();
  };
  for (Operation &op : block) {
    if (auto yield = dyn_cast<YieldOp>(op))
      return get(yield.getValues().front());
    Range r =
        llvm::TypeSwitch<Operation *, Range>(&op)
            .Case([&](arith::ConstantOp c) {
              if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
                return c.getType().isInteger(1)
                           ? Range::of(i.getValue().getBoolValue(),
                                       i.getValue().getBoolValue())
                           : Range::of(i.getValue().getSExtValue(),
                                       i.getValue().getSExtValue());
              return Range::unknown();
            })
            .Case([&](arith::AddIOp o) {
              return add(get(o.getLhs()), get(o.getRhs()));
            })
            .Case([&](arith::SubIOp o) {
              return sub(get(o.getLhs()), get(o.getRhs()));
            })
            .Case([&](arith::MulIOp o) {
              return mul(get(o.getLhs()), get(o.getRhs()));
            })
            .Case([&](arith::DivSIOp o) {
              return divide(get(o.getLhs()), get(o.getRhs()), false);
            })
            .Case([&](arith::FloorDivSIOp o) {
              return divide(get(o.getLhs()), get(o.getRhs()), true);
            })
            .Case([&](arith::IndexCastOp o) { return get(o.getIn()); })
            .Case([&](math::AbsIOp o) {
              Range a = get(o.getOperand());
              if (!a.known)
                return a;
              if (a.lo >= 0)
                return a;
              if (a.hi <= 0)
                return Range::of(-a.hi, -a.lo);
              return Range::of(0, std::max(-a.lo, a.hi));
            })
            .Case([&](arith::MinSIOp o) {
              Range a = get(o.getLhs()), b = get(o.getRhs());
              if (!a.known || !b.known)
                return Range::unknown();
              return Range::of(std::min(a.lo, b.lo), std::min(a.hi, b.hi));
            })
            .Case([&](arith::MaxSIOp o) {
              Range a = get(o.getLhs()), b = get(o.getRhs());
              if (!a.known || !b.known)
                return Range::unknown();
              return Range::of(std::max(a.lo, b.lo), std::max(a.hi, b.hi));
            })
            .Case([&](arith::CmpIOp o) {
              return compare(o.getPredicate(), get(o.getLhs()),
                             get(o.getRhs()));
            })
            .Case([&](arith::SelectOp o) {
              // The chosen range, or the hull of both (an integer `x % y`
              // selects 0 when y is 0).
              Range c = get(o.getCondition()), a = get(o.getTrueValue()),
                    b = get(o.getFalseValue());
              if (c.isPoint())
                return c.lo ? a : b;
              if (!a.known || !b.known)
                return Range::unknown();
              return Range::of(std::min(a.lo, b.lo), std::max(a.hi, b.hi));
            })
            .Case([&](arith::AndIOp o) {
              Range a = get(o.getLhs()), b = get(o.getRhs());
              if (!a.known || !b.known)
                return boolean(true, true);
              return Range::of(std::min(a.lo, b.lo), std::min(a.hi, b.hi));
            })
            .Case([&](arith::OrIOp o) {
              Range a = get(o.getLhs()), b = get(o.getRhs());
              if (!a.known || !b.known)
                return boolean(true, true);
              return Range::of(std::max(a.lo, b.lo), std::max(a.hi, b.hi));
            })
            .Case([&](arith::XOrIOp o) {
              Range a = get(o.getLhs()), b = get(o.getRhs());
              if (!a.isPoint() || !b.isPoint())
                return boolean(true, true);
              return Range::of(a.lo ^ b.lo, a.lo ^ b.lo);
            })
            .Default([](Operation *) { return Range::unknown(); });
    if (op.getNumResults() == 1) {
      if (op.getResult(0).getType().isInteger(1) && !r.known)
        r = boolean(true, true);
      env[op.getResult(0)] = r;
    }
  }
  return boolean(true, true);
}

TileClass fromRange(Range r) {
  if (r.known && r.lo == 1)
    return TileClass::Full;
  if (r.known && r.hi == 0)
    return TileClass::Skip;
  return TileClass::Partial;
}

} // namespace

TileClass attnc::classifyTile(Value mask, const Tile &t, int64_t N, int64_t M,
                              SizeOf sizeOf) {
  Operation *op = mask.getDefiningOp();
  int64_t delta = M - N; // bottom-right alignment
  if (isa<CausalOp>(op)) {
    if (t.j1 <= t.i0 + delta)
      return TileClass::Full;
    if (t.j0 > t.i1 + delta)
      return TileClass::Skip;
    return TileClass::Partial;
  }
  if (auto w = dyn_cast<WindowOp>(op)) {
    int64_t W = w.getSizeAttr().getInt();
    int64_t p0 = t.i0 + delta, p1 = t.i1 + delta;
    if (t.j1 <= p0 && t.j0 > p1 - W)
      return TileClass::Full;
    if (t.j0 > p1 || t.j1 <= p0 - W)
      return TileClass::Skip;
    return TileClass::Partial;
  }
  if (auto prefix = dyn_cast<PrefixOp>(op)) {
    IntegerAttr length = prefix.getLengthAttr();
    if (!length)
      return TileClass::Partial; // per-batch lengths: run-time data
    if (t.j1 < length.getInt())
      return TileClass::Full;
    if (t.j0 >= length.getInt())
      return TileClass::Skip;
    return TileClass::Partial;
  }
  if (auto pred = dyn_cast<PredicateOp>(op))
    return fromRange(evalRegion(pred.getBody(),
                                {Range::of(0, kBig), Range::of(0, kBig),
                                 Range::of(t.i0, t.i1), Range::of(t.j0, t.j1)},
                                sizeOf));
  if (auto blocks = dyn_cast<BlockPredicateOp>(op)) {
    ArrayRef<int64_t> size = blocks.getBlock();
    return fromRange(evalRegion(blocks.getBody(),
                                {Range::of(0, kBig), Range::of(0, kBig),
                                 Range::of(t.i0 / size[0], t.i1 / size[0]),
                                 Range::of(t.j0 / size[1], t.j1 / size[1])},
                                sizeOf));
  }
  if (auto both = dyn_cast<MaskAndOp>(op)) {
    bool allFull = true;
    for (Value m : both.getMasks()) {
      TileClass c = classifyTile(m, t, N, M, sizeOf);
      if (c == TileClass::Skip)
        return TileClass::Skip;
      allFull &= c == TileClass::Full;
    }
    return allFull ? TileClass::Full : TileClass::Partial;
  }
  if (auto either = dyn_cast<MaskOrOp>(op)) {
    bool allSkip = true;
    for (Value m : either.getMasks()) {
      TileClass c = classifyTile(m, t, N, M, sizeOf);
      if (c == TileClass::Full)
        return TileClass::Full;
      allSkip &= c == TileClass::Skip;
    }
    return allSkip ? TileClass::Skip : TileClass::Partial;
  }
  if (auto neg = dyn_cast<MaskNotOp>(op)) {
    TileClass c = classifyTile(neg.getInput(), t, N, M, sizeOf);
    return c == TileClass::Full   ? TileClass::Skip
           : c == TileClass::Skip ? TileClass::Full
                                  : TileClass::Partial;
  }
  // document, block_mask: run-time data, classified on the device.
  return TileClass::Partial;
}
