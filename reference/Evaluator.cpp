//===- Evaluator.cpp - the float64 oracle for attn IR ---------------------===//
//
// Score matrices are dense [B, H, N, M] arrays of doubles plus a "present"
// flag per entry. A removed entry (masked with -inf) of logits acts as -inf;
// of probs, as 0. Masks are evaluated lazily, entry by entry, against the
// N and M of the scores they are applied to, so that bottom-right alignment
// follows the actual lengths. Region bodies (arith, math, attn.load) are
// interpreted in double precision.
//
//===----------------------------------------------------------------------===//

#include "reference/Evaluator.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>
#include <variant>

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;
using namespace attnc::reference;

std::string Tensor::shapeString() const {
  std::string s = "[";
  for (size_t d = 0; d < shape.size(); ++d)
    s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + "]";
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// A materialised score matrix.
struct Scores {
  int64_t B = 0, H = 0, N = 0, M = 0;
  ScoreKind kind = ScoreKind::Logits;
  std::vector<double> value;
  std::vector<uint8_t> present;

  Scores() = default;
  Scores(int64_t b, int64_t h, int64_t n, int64_t m, ScoreKind k)
      : B(b), H(h), N(n), M(m), kind(k),
        value(static_cast<size_t>(b * h * n * m), 0.0),
        present(static_cast<size_t>(b * h * n * m), 1) {}
  size_t at(int64_t b, int64_t h, int64_t i, int64_t j) const {
    return ((static_cast<size_t>(b) * H + h) * N + i) * M + j;
  }
  /// The value as the next op reads it: removed logits are -inf, removed
  /// probs are 0.
  double read(size_t k) const {
    if (present[k])
      return value[k];
    return kind == ScoreKind::Logits ? -kInf : 0.0;
  }
};

/// What an SSA value holds during evaluation. Masks are kept as their
/// defining op and evaluated per entry.
using Entry = std::variant<std::monostate, Tensor, Scores, Operation *, double>;

class Evaluator {
public:
  llvm::Expected<std::vector<Tensor>> run(VariantOp variant,
                                          ArrayRef<Tensor> inputs);
  /// The coverage of the score matrices of the last run.
  Coverage coverage() const;

private:
  llvm::Error fail(Operation *op, const llvm::Twine &message) {
    std::string where;
    if (auto loc = dyn_cast<FileLineColLoc>(op->getLoc()))
      where = llvm::formatv("{0}:{1}:{2}: ", loc.getFilename().getValue(),
                            loc.getLine(), loc.getColumn())
                  .str();
    return llvm::createStringError(where + op->getName().getStringRef().str() +
                                   ": " + message.str());
  }

  llvm::Error step(Operation &op);
  const Tensor &tensor(Value v) { return std::get<Tensor>(env_[v]); }
  /// The sink tensor of a softmax or lse (null when absent), checked
  /// against the heads of the scores.
  llvm::Error sinkOf(Operation &op, Value sink, const Scores &in,
                     const Tensor *&out) {
    out = sink ? &tensor(sink) : nullptr;
    if (out && out->dim(0) != in.H)
      return fail(&op, "the sink has " + std::to_string(out->dim(0)) +
                           " logits but there are " + std::to_string(in.H) +
                           " heads");
    return llvm::Error::success();
  }
  const Scores &scores(Value v) { return std::get<Scores>(env_[v]); }

  // Region interpretation.
  llvm::Expected<double> evalRegion(Region &region, ArrayRef<double> args);
  llvm::Error evalScalarOp(Operation &op, DenseMap<Value, double> &local);

  // Masks.
  llvm::Expected<bool> allowed(Operation *mask, int64_t b, int64_t h, int64_t i,
                               int64_t j, int64_t N, int64_t M);

  DenseMap<Value, Entry> env_;
  /// Scalars of the variant body (attn.dim, constants) that regions capture.
  DenseMap<Value, double> scalars_;
  /// Names of the variant's arguments, for messages.
  DenseMap<Value, std::string> names_;
};

std::string nameOf(VariantOp variant, unsigned index) {
  StringRef name = variant.getArgName(index);
  return name.empty() ? "argument #" + std::to_string(index) : name.str();
}

} // namespace

//===----------------------------------------------------------------------===//
// Regions
//===----------------------------------------------------------------------===//

llvm::Error Evaluator::evalScalarOp(Operation &op,
                                    DenseMap<Value, double> &local) {
  auto get = [&](Value v) -> double {
    if (auto it = local.find(v); it != local.end())
      return it->second;
    return scalars_.lookup(v);
  };
  auto set = [&](double x) { local[op.getResult(0)] = x; };
  auto bin = [&](auto f) {
    set(f(get(op.getOperand(0)), get(op.getOperand(1))));
  };
  auto un = [&](auto f) { set(f(get(op.getOperand(0)))); };

  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    if (auto f = dyn_cast<FloatAttr>(c.getValue()))
      set(f.getValueAsDouble());
    else if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      set(c.getType().isInteger(1) ? double(i.getValue().getBoolValue())
                                   : double(i.getValue().getSExtValue()));
    else
      return fail(&op, "unsupported constant");
    return llvm::Error::success();
  }
  if (auto load = dyn_cast<LoadOp>(op)) {
    auto it = env_.find(load.getSource());
    if (it == env_.end() || !std::holds_alternative<Tensor>(it->second))
      return fail(&op, "reads a tensor that is not available");
    const Tensor &t = std::get<Tensor>(it->second);
    SmallVector<int64_t, 4> index;
    for (Value i : load.getIndices())
      index.push_back(static_cast<int64_t>(get(i)));
    if (!t.inBounds(index)) {
      std::string idx;
      for (int64_t i : index)
        idx += (idx.empty() ? "" : ", ") + std::to_string(i);
      std::string name = names_.count(load.getSource())
                             ? "'" + names_.lookup(load.getSource()) + "'"
                             : "a tensor";
      return fail(&op, "index [" + idx + "] is outside " + name + " of shape " +
                           t.shapeString());
    }
    set(t.at(index));
    return llvm::Error::success();
  }
  // c[.., x, ..] - c[.., y, ..] of c = cumsum(g) (FoX's c_i' - c_j): a
  // -inf in g (full forgetting) makes both -inf and the difference NaN; it
  // is then the sum of g over (y, x] (or minus that over (x, y]), read
  // directly (docs/limits.md).
  if (auto sub = dyn_cast<arith::SubFOp>(op)) {
    double x = get(sub.getLhs()) - get(sub.getRhs());
    auto a = sub.getLhs().getDefiningOp<LoadOp>(),
         b = sub.getRhs().getDefiningOp<LoadOp>();
    CumsumOp c = std::isnan(x) && a && b && a.getSource() == b.getSource()
                     ? a.getSource().getDefiningOp<CumsumOp>()
                     : CumsumOp();
    bool same = c && a.getIndices().size() == b.getIndices().size() &&
                a.getIndices().size() >= 3;
    for (size_t n = 0; same && n < a.getIndices().size(); ++n)
      same = n == 2 || a.getIndices()[n] == b.getIndices()[n];
    if (same) {
      const Tensor &g = tensor(c.getInput());
      SmallVector<int64_t, 4> index;
      for (Value i : a.getIndices())
        index.push_back(static_cast<int64_t>(get(i)));
      int64_t hi = index[2], lo = static_cast<int64_t>(get(b.getIndices()[2]));
      x = 0;
      for (int64_t t = lo + 1; t <= hi; ++t)
        index[2] = t, x += g.at(index);
      for (int64_t t = hi + 1; t <= lo; ++t)
        index[2] = t, x -= g.at(index);
    }
    set(x);
    return llvm::Error::success();
  }
  bool handled = true;
  llvm::TypeSwitch<Operation *>(&op)
      .Case(
          [&](arith::AddIOp) { bin([](double a, double b) { return a + b; }); })
      .Case(
          [&](arith::SubIOp) { bin([](double a, double b) { return a - b; }); })
      .Case(
          [&](arith::MulIOp) { bin([](double a, double b) { return a * b; }); })
      .Case([&](arith::DivSIOp) {
        bin([](double a, double b) {
          return b == 0 ? 0.0 : std::trunc(a / b);
        });
      })
      .Case([&](arith::FloorDivSIOp) {
        bin([](double a, double b) {
          return b == 0 ? 0.0 : std::floor(a / b);
        });
      })
      .Case([&](arith::RemSIOp) {
        bin([](double a, double b) { return b == 0 ? 0.0 : std::fmod(a, b); });
      })
      .Case([&](arith::MinSIOp) {
        bin([](double a, double b) { return std::min(a, b); });
      })
      .Case([&](arith::MaxSIOp) {
        bin([](double a, double b) { return std::max(a, b); });
      })
      .Case(
          [&](arith::AddFOp) { bin([](double a, double b) { return a + b; }); })
      .Case(
          [&](arith::SubFOp) { bin([](double a, double b) { return a - b; }); })
      .Case(
          [&](arith::MulFOp) { bin([](double a, double b) { return a * b; }); })
      .Case(
          [&](arith::DivFOp) { bin([](double a, double b) { return a / b; }); })
      .Case([&](arith::RemFOp) {
        bin([](double a, double b) { return std::fmod(a, b); });
      })
      .Case([&](arith::MinimumFOp) {
        bin([](double a, double b) {
          return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
        });
      })
      .Case([&](arith::MaximumFOp) {
        bin([](double a, double b) {
          return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
        });
      })
      .Case([&](arith::NegFOp) { un([](double a) { return -a; }); })
      .Case([&](arith::AndIOp) {
        bin([](double a, double b) { return double(a != 0 && b != 0); });
      })
      .Case([&](arith::OrIOp) {
        bin([](double a, double b) { return double(a != 0 || b != 0); });
      })
      .Case([&](arith::XOrIOp) {
        bin([](double a, double b) { return double((a != 0) != (b != 0)); });
      })
      .Case([&](arith::SelectOp s) {
        set(get(s.getCondition()) != 0 ? get(s.getTrueValue())
                                       : get(s.getFalseValue()));
      })
      .Case([&](arith::CmpIOp c) {
        double a = get(c.getLhs()), b = get(c.getRhs());
        bool r = false;
        switch (c.getPredicate()) {
        case arith::CmpIPredicate::eq:
          r = a == b;
          break;
        case arith::CmpIPredicate::ne:
          r = a != b;
          break;
        case arith::CmpIPredicate::slt:
        case arith::CmpIPredicate::ult:
          r = a < b;
          break;
        case arith::CmpIPredicate::sle:
        case arith::CmpIPredicate::ule:
          r = a <= b;
          break;
        case arith::CmpIPredicate::sgt:
        case arith::CmpIPredicate::ugt:
          r = a > b;
          break;
        case arith::CmpIPredicate::sge:
        case arith::CmpIPredicate::uge:
          r = a >= b;
          break;
        }
        set(r);
      })
      .Case([&](arith::CmpFOp c) {
        double a = get(c.getLhs()), b = get(c.getRhs());
        bool unordered = std::isnan(a) || std::isnan(b);
        bool r = false;
        switch (c.getPredicate()) {
        case arith::CmpFPredicate::OEQ:
          r = !unordered && a == b;
          break;
        case arith::CmpFPredicate::ONE:
          r = !unordered && a != b;
          break;
        case arith::CmpFPredicate::OLT:
          r = !unordered && a < b;
          break;
        case arith::CmpFPredicate::OLE:
          r = !unordered && a <= b;
          break;
        case arith::CmpFPredicate::OGT:
          r = !unordered && a > b;
          break;
        case arith::CmpFPredicate::OGE:
          r = !unordered && a >= b;
          break;
        case arith::CmpFPredicate::UNE:
          r = unordered || a != b;
          break;
        case arith::CmpFPredicate::UEQ:
          r = unordered || a == b;
          break;
        case arith::CmpFPredicate::ULT:
          r = unordered || a < b;
          break;
        case arith::CmpFPredicate::ULE:
          r = unordered || a <= b;
          break;
        case arith::CmpFPredicate::UGT:
          r = unordered || a > b;
          break;
        case arith::CmpFPredicate::UGE:
          r = unordered || a >= b;
          break;
        case arith::CmpFPredicate::ORD:
          r = !unordered;
          break;
        case arith::CmpFPredicate::UNO:
          r = unordered;
          break;
        case arith::CmpFPredicate::AlwaysTrue:
          r = true;
          break;
        case arith::CmpFPredicate::AlwaysFalse:
          r = false;
          break;
        }
        set(r);
      })
      // Conversions: values are exact doubles, and the oracle computes in
      // float64 throughout, so casts between widths change nothing.
      .Case<arith::IndexCastOp, arith::IndexCastUIOp, arith::SIToFPOp,
            arith::UIToFPOp, arith::ExtFOp, arith::TruncFOp, arith::FPToSIOp>(
          [&](Operation *o) {
            double x = get(o->getOperand(0));
            set(isa<arith::FPToSIOp>(o) ? std::trunc(x) : x);
          })
      .Case([&](math::ExpOp) { un([](double a) { return std::exp(a); }); })
      .Case([&](math::ExpM1Op) { un([](double a) { return std::expm1(a); }); })
      .Case([&](math::LogOp) { un([](double a) { return std::log(a); }); })
      .Case([&](math::Log1pOp) { un([](double a) { return std::log1p(a); }); })
      .Case([&](math::Log2Op) { un([](double a) { return std::log2(a); }); })
      .Case([&](math::Exp2Op) { un([](double a) { return std::exp2(a); }); })
      .Case([&](math::SqrtOp) { un([](double a) { return std::sqrt(a); }); })
      .Case([&](math::RsqrtOp) {
        un([](double a) { return 1.0 / std::sqrt(a); });
      })
      .Case([&](math::TanhOp) { un([](double a) { return std::tanh(a); }); })
      .Case([&](math::AbsFOp) { un([](double a) { return std::fabs(a); }); })
      .Case([&](math::AbsIOp) { un([](double a) { return std::fabs(a); }); })
      .Case([&](math::FloorOp) { un([](double a) { return std::floor(a); }); })
      .Case([&](math::CeilOp) { un([](double a) { return std::ceil(a); }); })
      .Case([&](math::ErfOp) { un([](double a) { return std::erf(a); }); })
      .Case([&](math::PowFOp) {
        bin([](double a, double b) { return std::pow(a, b); });
      })
      .Default([&](Operation *) { handled = false; });
  if (!handled)
    return fail(&op, "is not supported by the reference evaluator");
  return llvm::Error::success();
}

llvm::Expected<double> Evaluator::evalRegion(Region &region,
                                             ArrayRef<double> args) {
  Block &block = region.front();
  DenseMap<Value, double> local;
  for (auto [arg, x] : llvm::zip(block.getArguments(), args))
    local[arg] = x;
  for (Operation &op : block) {
    if (auto yield = dyn_cast<YieldOp>(op)) {
      Value v = yield.getValues().front();
      auto it = local.find(v);
      return it != local.end() ? it->second : scalars_.lookup(v);
    }
    if (llvm::Error err = evalScalarOp(op, local))
      return std::move(err);
  }
  return 0.0;
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

llvm::Expected<bool> Evaluator::allowed(Operation *mask, int64_t b, int64_t h,
                                        int64_t i, int64_t j, int64_t N,
                                        int64_t M) {
  int64_t pos = i + (M - N); // bottom-right alignment
  if (isa<CausalOp>(mask))
    return j <= pos;
  if (auto w = dyn_cast<WindowOp>(mask))
    return j <= pos && j > pos - w.getSizeAttr().getInt();
  if (auto doc = dyn_cast<DocumentOp>(mask)) {
    const Tensor &q = tensor(doc.getQDoc()), &k = tensor(doc.getKDoc());
    return q.at({b, i}) == k.at({b, j});
  }
  if (auto prefix = dyn_cast<PrefixOp>(mask)) {
    if (IntegerAttr length = prefix.getLengthAttr())
      return j < length.getInt();
    return j < static_cast<int64_t>(tensor(prefix.getLengths()).at({b}));
  }
  if (auto pred = dyn_cast<PredicateOp>(mask)) {
    llvm::Expected<double> r = evalRegion(
        pred.getBody(), {double(b), double(h), double(i), double(j)});
    if (!r)
      return r.takeError();
    return *r != 0;
  }
  if (auto blocks = dyn_cast<BlockPredicateOp>(mask)) {
    ArrayRef<int64_t> size = blocks.getBlock();
    llvm::Expected<double> r =
        evalRegion(blocks.getBody(), {double(b), double(h), double(i / size[0]),
                                      double(j / size[1])});
    if (!r)
      return r.takeError();
    return *r != 0;
  }
  if (auto bm = dyn_cast<BlockMaskOp>(mask)) {
    const Tensor &map = tensor(bm.getBlockMap());
    ArrayRef<int64_t> size = bm.getBlock();
    return map.at({b, map.dim(1) == 1 ? 0 : h, i / size[0], j / size[1]}) != 0;
  }
  if (auto both = dyn_cast<MaskAndOp>(mask)) {
    for (Value m : both.getMasks()) {
      llvm::Expected<bool> r = allowed(m.getDefiningOp(), b, h, i, j, N, M);
      if (!r || !*r)
        return r;
    }
    return true;
  }
  if (auto either = dyn_cast<MaskOrOp>(mask)) {
    for (Value m : either.getMasks()) {
      llvm::Expected<bool> r = allowed(m.getDefiningOp(), b, h, i, j, N, M);
      if (!r || *r)
        return r;
    }
    return false;
  }
  if (auto neg = dyn_cast<MaskNotOp>(mask)) {
    llvm::Expected<bool> r =
        allowed(neg.getInput().getDefiningOp(), b, h, i, j, N, M);
    if (!r)
      return r;
    return !*r;
  }
  return llvm::createStringError("unsupported mask op " +
                                 mask->getName().getStringRef().str());
}

/// Checks, before evaluation, that a mask's tensors cover the scores.
static llvm::Error checkMaskShapes(
    Operation *mask, const Scores &s,
    llvm::function_ref<const Tensor &(Value)> t,
    llvm::function_ref<llvm::Error(Operation *, const llvm::Twine &)> fail) {
  if (auto doc = dyn_cast<DocumentOp>(mask)) {
    const Tensor &q = t(doc.getQDoc()), &k = t(doc.getKDoc());
    if (q.dim(0) != s.B || q.dim(1) != s.N)
      return fail(mask, "query document ids have shape " + q.shapeString() +
                            " but the scores need [" + std::to_string(s.B) +
                            ", " + std::to_string(s.N) + "]");
    if (k.dim(0) != s.B || k.dim(1) != s.M)
      return fail(mask, "key document ids have shape " + k.shapeString() +
                            " but the scores need [" + std::to_string(s.B) +
                            ", " + std::to_string(s.M) + "]");
  }
  if (auto prefix = dyn_cast<PrefixOp>(mask); prefix && prefix.getLengths()) {
    const Tensor &l = t(prefix.getLengths());
    if (l.dim(0) != s.B)
      return fail(mask, "prefix lengths have shape " + l.shapeString() +
                            " but the batch is " + std::to_string(s.B));
  }
  if (auto bm = dyn_cast<BlockMaskOp>(mask)) {
    const Tensor &map = t(bm.getBlockMap());
    ArrayRef<int64_t> size = bm.getBlock();
    int64_t nb = (s.N + size[0] - 1) / size[0],
            mb = (s.M + size[1] - 1) / size[1];
    if (map.dim(0) != s.B || (map.dim(1) != s.H && map.dim(1) != 1) ||
        map.dim(2) != nb || map.dim(3) != mb)
      return fail(mask, "the block map has shape " + map.shapeString() +
                            " but the scores need [" + std::to_string(s.B) +
                            ", " + std::to_string(s.H) + " or 1, " +
                            std::to_string(nb) + ", " + std::to_string(mb) +
                            "]");
  }
  for (Value operand : mask->getOperands())
    if (isa<MaskType>(operand.getType()))
      if (llvm::Error err =
              checkMaskShapes(operand.getDefiningOp(), s, t, fail))
        return err;
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

/// max(a, b), NaN when either is: a NaN logit is never dropped by a row's
/// running max (std::max(-inf, NaN) would keep -inf).
static double maxNaN(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
}

/// The max of the present entries of row (b, h, i) and the sink (-inf for a
/// row with nothing present and no sink, NaN when one of them is NaN).
static double rowMax(const Scores &in, int64_t b, int64_t h, int64_t i,
                     const Tensor *sink) {
  double m = sink ? sink->at({h}) : -kInf;
  for (int64_t j = 0; j < in.M; ++j) {
    size_t k = in.at(b, h, i, j);
    if (in.present[k])
      m = maxNaN(m, in.value[k]);
  }
  return m;
}

/// sum_j exp(s_ij - m) [+ exp(sink_h - m)] over the present entries, for a
/// finite row max m (each term <= 1, so nothing overflows, and the largest
/// is 1, so the sum is in [1, M + 1]).
static double rowSumExp(const Scores &in, int64_t b, int64_t h, int64_t i,
                        const Tensor *sink, double m) {
  double sum = sink ? std::exp(sink->at({h}) - m) : 0.0;
  for (int64_t j = 0; j < in.M; ++j) {
    size_t k = in.at(b, h, i, j);
    if (in.present[k])
      sum += std::exp(in.value[k] - m);
  }
  return sum;
}

/// log(sum_j exp(s_ij) [+ exp(sink_h)]) over the present entries of row
/// (b, h, i): -inf for a row with nothing present and no sink, NaN when a
/// present logit or the sink is NaN or +inf (docs/limits.md).
static double rowLogSumExp(const Scores &in, int64_t b, int64_t h, int64_t i,
                           const Tensor *sink) {
  double m = rowMax(in, b, h, i, sink);
  if (m == -kInf)
    return -kInf;
  if (!(m < kInf))
    return NAN;
  return m + std::log(rowSumExp(in, b, h, i, sink, m));
}

/// exp(sum_{t=j+1..pos} g_t) for the decays of attn.qk, from prefix sums.
/// A -inf decay (full forgetting) makes later prefixes -inf, and their
/// difference NaN: the sum is then taken directly, which gives -inf (weight
/// 0) across the forgetting point and the finite sum after it.
static double decayFactor(const std::vector<double> &prefix,
                          llvm::function_ref<double(int64_t)> g, int64_t j,
                          int64_t pos) {
  // prefix[t + 1] = g_0 + ... + g_t
  double x = prefix[pos + 1] - prefix[j + 1];
  if (std::isnan(x)) {
    x = 0;
    for (int64_t t = j + 1; t <= pos; ++t)
      x += g(t);
  }
  return std::exp(x);
}

llvm::Error Evaluator::step(Operation &op) {
  auto expectDim = [&](const Tensor &t, int64_t d, int64_t want,
                       const llvm::Twine &what) -> llvm::Error {
    if (t.dim(d) != want)
      return fail(&op, what + " is " + std::to_string(t.dim(d)) + " but " +
                           std::to_string(want) + " is expected");
    return llvm::Error::success();
  };

  return llvm::TypeSwitch<Operation *, llvm::Error>(&op)
      .Case([&](arith::ConstantOp) -> llvm::Error {
        DenseMap<Value, double> local;
        if (llvm::Error err = evalScalarOp(op, local))
          return err;
        scalars_[op.getResult(0)] = local[op.getResult(0)];
        return llvm::Error::success();
      })
      .Case([&](DimOp d) -> llvm::Error {
        const Tensor &t = tensor(d.getSource());
        scalars_[d] = double(t.dim(d.getIndexAttr().getInt()));
        return llvm::Error::success();
      })
      .Case([&](FeatureMapOp f) -> llvm::Error {
        const Tensor &x = tensor(f.getInput());
        Tensor out(x.shape);
        int64_t B = x.dim(0), H = x.dim(1), T = x.dim(2), D = x.dim(3);
        for (int64_t b = 0; b < B; ++b)
          for (int64_t h = 0; h < H; ++h)
            for (int64_t t = 0; t < T; ++t)
              for (int64_t d = 0; d < D; ++d) {
                llvm::Expected<double> r =
                    evalRegion(f.getBody(), {double(b), double(h), double(t),
                                             double(d), x.at({b, h, t, d})});
                if (!r)
                  return r.takeError();
                out.at({b, h, t, d}) = *r;
              }
        env_[f] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](FeatureSliceOp f) -> llvm::Error {
        const Tensor &x = tensor(f.getInput());
        int64_t offset = f.getOffsetAttr().getInt(),
                size = f.getSizeAttr().getInt();
        if (offset + size > x.dim(3))
          return fail(&op, "features [" + std::to_string(offset) + ", " +
                               std::to_string(offset + size) +
                               ") exceed the input's " +
                               std::to_string(x.dim(3)));
        Tensor out({x.dim(0), x.dim(1), x.dim(2), size});
        for (int64_t b = 0; b < x.dim(0); ++b)
          for (int64_t h = 0; h < x.dim(1); ++h)
            for (int64_t t = 0; t < x.dim(2); ++t)
              for (int64_t d = 0; d < size; ++d)
                out.at({b, h, t, d}) = x.at({b, h, t, offset + d});
        env_[f] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](CumsumOp c) -> llvm::Error {
        const Tensor &x = tensor(c.getInput());
        Tensor out = x;
        int64_t T = x.dim(2), D = x.rank() == 4 ? x.dim(3) : 1;
        for (int64_t bh = 0; bh < x.dim(0) * x.dim(1); ++bh)
          for (int64_t d = 0; d < D; ++d) {
            double acc = 0;
            for (int64_t t = 0; t < T; ++t) {
              size_t k = (static_cast<size_t>(bh) * T + t) * D + d;
              acc += x.data[k];
              out.data[k] = acc;
            }
          }
        env_[c] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](QKOp qk) -> llvm::Error {
        const Tensor &q = tensor(qk.getQ()), &k = tensor(qk.getK());
        int64_t B = q.dim(0), H = q.dim(1), N = q.dim(2), D = q.dim(3);
        int64_t Hkv = k.dim(1), M = k.dim(2);
        if (llvm::Error e = expectDim(k, 0, B, "k's batch"))
          return e;
        if (llvm::Error e = expectDim(k, 3, D, "k's head dim"))
          return e;
        if (Hkv == 0 || H % Hkv != 0)
          return fail(&op, "q has " + std::to_string(H) +
                               " heads, not a multiple of k's " +
                               std::to_string(Hkv));
        if (N > M && qk.getDecay())
          return fail(&op, "a decayed dot product needs N <= M (queries "
                           "are the last N keys' positions)");
        double scale = qk.getScale() ? qk.getScale()->convertToDouble()
                                     : 1.0 / std::sqrt(double(D));
        int64_t G = H / Hkv;
        std::optional<uint64_t> entries =
            Tensor::checkedNumElements({B, H, N, M});
        if (!entries || *entries > kMaxElements)
          return fail(&op, "the scores [" + std::to_string(B) + ", " +
                               std::to_string(H) + ", " + std::to_string(N) +
                               ", " + std::to_string(M) +
                               "] are above the limit of 2^40 entries");
        Scores s(B, H, N, M, ScoreKind::Logits);
        const Tensor *g = qk.getDecay() ? &tensor(qk.getDecay()) : nullptr;
        if (g) {
          bool ok = g->rank() == 1
                        ? g->dim(0) == H
                        : g->dim(0) == B && g->dim(1) == H && g->dim(2) == M &&
                              (g->rank() == 3 || g->dim(3) == D);
          if (!ok)
            return fail(&op, "the decay has shape " + g->shapeString() +
                                 ", which does not match q " + q.shapeString() +
                                 " and k " + k.shapeString());
        }
        std::vector<double> prefix(M + 1);
        for (int64_t b = 0; b < B; ++b)
          for (int64_t h = 0; h < H; ++h) {
            int64_t hk = h / G;
            // Per-channel prefix sums for rank-4 decays: [D][M+1].
            std::vector<std::vector<double>> channel;
            if (g && g->rank() == 3) {
              for (int64_t t = 0; t < M; ++t)
                prefix[t + 1] = prefix[t] + g->at({b, h, t});
            } else if (g && g->rank() == 4) {
              channel.assign(D, std::vector<double>(M + 1, 0.0));
              for (int64_t d = 0; d < D; ++d)
                for (int64_t t = 0; t < M; ++t)
                  channel[d][t + 1] = channel[d][t] + g->at({b, h, t, d});
            }
            for (int64_t i = 0; i < N; ++i) {
              int64_t pos = i + (M - N);
              for (int64_t j = 0; j < M; ++j) {
                double dot = 0;
                bool future = g && j > pos;
                for (int64_t d = 0; d < D && !future; ++d) {
                  double term = q.at({b, h, i, d}) * k.at({b, hk, j, d});
                  if (g && g->rank() == 4)
                    term *= decayFactor(
                        channel[d],
                        [&](int64_t t) { return g->at({b, h, t, d}); }, j, pos);
                  dot += term;
                }
                if (future)
                  dot = 0;
                else if (g && g->rank() == 1)
                  // g^0 = 1 also for g = -inf (where -inf * 0 is NaN).
                  dot *=
                      pos == j ? 1.0 : std::exp(g->at({h}) * double(pos - j));
                else if (g && g->rank() == 3)
                  dot *= decayFactor(
                      prefix, [&](int64_t t) { return g->at({b, h, t}); }, j,
                      pos);
                s.value[s.at(b, h, i, j)] = scale * dot;
              }
            }
          }
        env_[qk] = std::move(s);
        return llvm::Error::success();
      })
      .Case([&](MapOp map) -> llvm::Error {
        SmallVector<const Scores *> in;
        for (Value v : map.getInputs())
          in.push_back(&scores(v));
        const Scores &first = *in.front();
        for (const Scores *s : in)
          if (s->B != first.B || s->H != first.H || s->N != first.N ||
              s->M != first.M)
            return fail(&op, "combines score matrices of different sizes");
        ScoreKind kind = map.getResult().getType().getKind();
        Scores out(first.B, first.H, first.N, first.M, kind);
        SmallVector<double, 8> args(4 + in.size());
        for (int64_t b = 0; b < first.B; ++b)
          for (int64_t h = 0; h < first.H; ++h)
            for (int64_t i = 0; i < first.N; ++i)
              for (int64_t j = 0; j < first.M; ++j) {
                size_t k = first.at(b, h, i, j);
                bool present = llvm::all_of(
                    in, [&](const Scores *s) { return s->present[k] != 0; });
                if (!present) {
                  out.present[k] = 0;
                  continue;
                }
                args[0] = b, args[1] = h, args[2] = i, args[3] = j;
                for (size_t n = 0; n < in.size(); ++n)
                  args[4 + n] = in[n]->value[k];
                llvm::Expected<double> r = evalRegion(map.getBody(), args);
                if (!r)
                  return r.takeError();
                out.value[k] = *r;
              }
        env_[map] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](ApplyMaskOp am) -> llvm::Error {
        Scores out = scores(am.getScores());
        Operation *mask = am.getMask().getDefiningOp();
        if (llvm::Error err = checkMaskShapes(
                mask, out, [&](Value v) -> const Tensor & { return tensor(v); },
                [&](Operation *o, const llvm::Twine &m) { return fail(o, m); }))
          return err;
        bool zero = am.getFill() == MaskFill::Zero;
        bool removes = !zero || out.kind == ScoreKind::Probs;
        for (int64_t b = 0; b < out.B; ++b)
          for (int64_t h = 0; h < out.H; ++h)
            for (int64_t i = 0; i < out.N; ++i)
              for (int64_t j = 0; j < out.M; ++j) {
                llvm::Expected<bool> ok =
                    allowed(mask, b, h, i, j, out.N, out.M);
                if (!ok)
                  return ok.takeError();
                if (*ok)
                  continue;
                size_t k = out.at(b, h, i, j);
                out.value[k] = 0;
                if (removes)
                  out.present[k] = 0;
              }
        env_[am] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](StencilOp st) -> llvm::Error {
        const Scores &in = scores(st.getScores());
        const Tensor &w = tensor(st.getWeights());
        if (w.dim(0) != in.H)
          return fail(&op, "the weights have " + std::to_string(w.dim(0)) +
                               " heads but the scores " + std::to_string(in.H));
        ArrayRef<int64_t> pad = st.getPad();
        double padValue = st.getPadValue().convertToDouble();
        Scores out(in.B, in.H, in.N, in.M, in.kind);
        for (int64_t b = 0; b < in.B; ++b)
          for (int64_t h = 0; h < in.H; ++h)
            for (int64_t i = 0; i < in.N; ++i)
              for (int64_t j = 0; j < in.M; ++j) {
                double acc = 0;
                for (int64_t a = 0; a < w.dim(1); ++a)
                  for (int64_t c = 0; c < w.dim(2); ++c) {
                    int64_t ii = i + a - pad[0], jj = j + c - pad[2];
                    double x = padValue;
                    if (ii >= 0 && ii < in.N && jj >= 0 && jj < in.M) {
                      size_t k = in.at(b, h, ii, jj);
                      x = in.present[k] ? in.value[k] : 0.0;
                    }
                    acc += w.at({h, a, c}) * x;
                  }
                out.value[out.at(b, h, i, j)] = acc;
              }
        env_[st] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](HeadMixOp hm) -> llvm::Error {
        const Scores &in = scores(hm.getScores());
        const Tensor &w = tensor(hm.getWeights());
        int64_t groups = w.dim(0), c = w.dim(1);
        if (groups * c != in.H)
          return fail(&op, "the weights mix " + std::to_string(groups) +
                               " groups of " + std::to_string(c) +
                               " heads but the scores have " +
                               std::to_string(in.H));
        Scores out(in.B, in.H, in.N, in.M, in.kind);
        for (int64_t b = 0; b < in.B; ++b)
          for (int64_t g = 0; g < groups; ++g)
            for (int64_t h2 = 0; h2 < c; ++h2)
              for (int64_t i = 0; i < in.N; ++i)
                for (int64_t j = 0; j < in.M; ++j) {
                  double acc = 0;
                  for (int64_t h1 = 0; h1 < c; ++h1) {
                    size_t k = in.at(b, g * c + h1, i, j);
                    acc +=
                        w.at({g, h1, h2}) * (in.present[k] ? in.value[k] : 0.0);
                  }
                  out.value[out.at(b, g * c + h2, i, j)] = acc;
                }
        env_[hm] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](SoftmaxOp sm) -> llvm::Error {
        const Scores &in = scores(sm.getScores());
        const Tensor *sink = nullptr;
        if (llvm::Error err = sinkOf(op, sm.getSink(), in, sink))
          return err;
        Scores out(in.B, in.H, in.N, in.M, ScoreKind::Probs);
        for (int64_t b = 0; b < in.B; ++b)
          for (int64_t h = 0; h < in.H; ++h)
            for (int64_t i = 0; i < in.N; ++i) {
              // exp(s - m) / sum, not exp(s - lse): with |m| >~ 1e15,
              // m + log(sum) rounds back to m and the weights lose the sum.
              double m = rowMax(in, b, h, i, sink);
              bool nan = !(m < kInf) && m != -kInf; // NaN or +inf
              double sum =
                  m == -kInf || nan ? 0.0 : rowSumExp(in, b, h, i, sink, m);
              for (int64_t j = 0; j < in.M; ++j) {
                size_t k = in.at(b, h, i, j);
                // A NaN row is NaN everywhere (also with nothing present
                // but a NaN sink), so that P V makes its output NaN.
                bool live = nan || (in.present[k] && m != -kInf);
                out.present[k] = live;
                out.value[k] = !live ? 0.0
                               : nan ? NAN
                                     : std::exp(in.value[k] - m) / sum;
              }
            }
        env_[sm] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](SoftpickOp sp) -> llvm::Error {
        const Scores &in = scores(sp.getScores());
        double eps = sp.getEps().convertToDouble();
        Scores out(in.B, in.H, in.N, in.M, ScoreKind::Probs);
        for (int64_t b = 0; b < in.B; ++b)
          for (int64_t h = 0; h < in.H; ++h)
            for (int64_t i = 0; i < in.N; ++i) {
              // Scaled by e^-m, m = max(0, present logits), so that no
              // exp overflows: e_j = e^-m (e^s_j - 1), accurate near 0
              // through expm1 (VARIANTS.md, softpick).
              double m = 0;
              for (int64_t j = 0; j < in.M; ++j) {
                size_t k = in.at(b, h, i, j);
                if (in.present[k])
                  m = maxNaN(m, in.value[k]);
              }
              double base = std::exp(-m);
              auto e = [&](double x) {
                return x < 700 ? std::expm1(x) * base : std::exp(x - m) - base;
              };
              bool nan = !(m < kInf); // a NaN or +inf logit
              double den = eps * base;
              for (int64_t j = 0; j < in.M; ++j) {
                size_t k = in.at(b, h, i, j);
                if (in.present[k])
                  den += std::fabs(e(in.value[k]));
              }
              for (int64_t j = 0; j < in.M; ++j) {
                size_t k = in.at(b, h, i, j);
                out.present[k] = in.present[k];
                double num =
                    in.present[k] ? std::max(e(in.value[k]), 0.0) : 0.0;
                out.value[k] = nan ? NAN : den != 0.0 ? num / den : 0.0;
              }
            }
        env_[sp] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](RowNormalizeOp rn) -> llvm::Error {
        const Scores &in = scores(rn.getScores());
        double eps = rn.getEps().convertToDouble();
        std::optional<double> floor;
        if (auto f = rn.getFloor())
          floor = f->convertToDouble();
        Scores out = in;
        for (int64_t b = 0; b < in.B; ++b)
          for (int64_t h = 0; h < in.H; ++h)
            for (int64_t i = 0; i < in.N; ++i) {
              double sum = 0, sumAbs = 0;
              for (int64_t j = 0; j < in.M; ++j) {
                double x = in.read(in.at(b, h, i, j));
                sum += x;
                sumAbs += std::fabs(x);
              }
              double d = rn.getKind() == RowNormKind::Sum      ? sum
                         : rn.getKind() == RowNormKind::AbsSum ? std::fabs(sum)
                                                               : sumAbs;
              if (floor)
                d = std::max(d, *floor);
              d += eps;
              for (int64_t j = 0; j < in.M; ++j) {
                size_t k = in.at(b, h, i, j);
                // A zero denominator (a row with nothing present) gives 0.
                out.value[k] = d != 0 ? in.read(k) / d : 0.0;
              }
            }
        env_[rn] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](LseOp lse) -> llvm::Error {
        const Scores &in = scores(lse.getScores());
        const Tensor *sink = nullptr;
        if (llvm::Error err = sinkOf(op, lse.getSink(), in, sink))
          return err;
        Tensor out({in.B, in.H, in.N});
        for (int64_t b = 0; b < in.B; ++b)
          for (int64_t h = 0; h < in.H; ++h)
            for (int64_t i = 0; i < in.N; ++i)
              out.at({b, h, i}) = rowLogSumExp(in, b, h, i, sink);
        env_[lse] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](PVOp pv) -> llvm::Error {
        const Scores &p = scores(pv.getProbs());
        const Tensor &v = tensor(pv.getV());
        if (llvm::Error e = expectDim(v, 0, p.B, "v's batch"))
          return e;
        if (llvm::Error e = expectDim(v, 2, p.M, "v's length"))
          return e;
        if (v.dim(1) == 0 || p.H % v.dim(1) != 0)
          return fail(&op, "v has " + std::to_string(v.dim(1)) +
                               " heads, which do not divide the " +
                               std::to_string(p.H) + " query heads");
        int64_t G = p.H / v.dim(1), Dv = v.dim(3);
        Tensor out({p.B, p.H, p.N, Dv});
        for (int64_t b = 0; b < p.B; ++b)
          for (int64_t h = 0; h < p.H; ++h)
            for (int64_t i = 0; i < p.N; ++i)
              for (int64_t j = 0; j < p.M; ++j) {
                double w = p.read(p.at(b, h, i, j));
                if (w == 0)
                  continue;
                for (int64_t d = 0; d < Dv; ++d)
                  out.at({b, h, i, d}) += w * v.at({b, h / G, j, d});
              }
        env_[pv] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](OutputMapOp om) -> llvm::Error {
        SmallVector<const Tensor *> in;
        for (Value v : om.getInputs())
          in.push_back(&tensor(v));
        for (const Tensor *t : in)
          if (t->shape != in.front()->shape)
            return fail(&op, "combines outputs of shapes " +
                                 in.front()->shapeString() + " and " +
                                 t->shapeString());
        Tensor out(in.front()->shape);
        SmallVector<double, 8> args(4 + in.size());
        const Tensor &f = *in.front();
        for (int64_t b = 0; b < f.dim(0); ++b)
          for (int64_t h = 0; h < f.dim(1); ++h)
            for (int64_t i = 0; i < f.dim(2); ++i)
              for (int64_t d = 0; d < f.dim(3); ++d) {
                args[0] = b, args[1] = h, args[2] = i, args[3] = d;
                for (size_t n = 0; n < in.size(); ++n)
                  args[4 + n] = in[n]->at({b, h, i, d});
                llvm::Expected<double> r = evalRegion(om.getBody(), args);
                if (!r)
                  return r.takeError();
                out.at({b, h, i, d}) = *r;
              }
        env_[om] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](MergeOp merge) -> llvm::Error {
        const Tensor &first = tensor(merge.getOutputs().front());
        for (Value v : merge.getOutputs())
          if (tensor(v).shape != first.shape)
            return fail(&op, "merges outputs of different shapes");
        for (Value v : merge.getLses())
          if (tensor(v).rank() != 3 || tensor(v).dim(0) != first.dim(0) ||
              tensor(v).dim(1) != first.dim(1) ||
              tensor(v).dim(2) != first.dim(2))
            return fail(&op, "an lse of shape " + tensor(v).shapeString() +
                                 " does not match the outputs " +
                                 first.shapeString());
        int64_t B = first.dim(0), H = first.dim(1), N = first.dim(2),
                D = first.dim(3);
        Tensor out(first.shape), lseOut({B, H, N});
        for (int64_t b = 0; b < B; ++b)
          for (int64_t h = 0; h < H; ++h)
            for (int64_t i = 0; i < N; ++i) {
              double m = -kInf;
              for (Value l : merge.getLses())
                m = maxNaN(m, tensor(l).at({b, h, i}));
              if (m == -kInf) {
                lseOut.at({b, h, i}) = -kInf;
                continue;
              }
              if (!(m < kInf)) { // a NaN or +inf LSE: the row is NaN
                lseOut.at({b, h, i}) = NAN;
                for (int64_t d = 0; d < D; ++d)
                  out.at({b, h, i, d}) = NAN;
                continue;
              }
              double sum = 0;
              for (Value l : merge.getLses())
                sum += std::exp(tensor(l).at({b, h, i}) - m);
              lseOut.at({b, h, i}) = m + std::log(sum);
              for (auto [o, l] :
                   llvm::zip(merge.getOutputs(), merge.getLses())) {
                double w = std::exp(tensor(l).at({b, h, i}) - m) / sum;
                for (int64_t d = 0; d < D; ++d)
                  out.at({b, h, i, d}) += w * tensor(o).at({b, h, i, d});
              }
            }
        env_[merge.getOutput()] = std::move(out);
        env_[merge.getLse()] = std::move(lseOut);
        return llvm::Error::success();
      })
      .Case([&](HeadRMSNormOp norm) -> llvm::Error {
        const Tensor &x = tensor(norm.getInput());
        const Tensor *w =
            norm.getWeight() ? &tensor(norm.getWeight()) : nullptr;
        int64_t D = x.dim(3);
        if (w && (w->dim(w->rank() - 1) != D ||
                  (w->rank() == 2 && w->dim(0) != x.dim(1))))
          return fail(&op, "the weight has shape " + w->shapeString() +
                               " for an output " + x.shapeString());
        double eps = norm.getEps().convertToDouble();
        Tensor out(x.shape);
        for (int64_t b = 0; b < x.dim(0); ++b)
          for (int64_t h = 0; h < x.dim(1); ++h)
            for (int64_t i = 0; i < x.dim(2); ++i) {
              double ms = 0;
              for (int64_t d = 0; d < D; ++d)
                ms += x.at({b, h, i, d}) * x.at({b, h, i, d});
              double r = 1.0 / std::sqrt(ms / double(D) + eps);
              for (int64_t d = 0; d < D; ++d) {
                double scale = !w               ? 1.0
                               : w->rank() == 1 ? w->at({d})
                                                : w->at({h, d});
                out.at({b, h, i, d}) = x.at({b, h, i, d}) * r * scale;
              }
            }
        env_[norm] = std::move(out);
        return llvm::Error::success();
      })
      .Case([&](HeadGateOp gate) -> llvm::Error {
        const Tensor &x = tensor(gate.getInput());
        const Tensor &w = tensor(gate.getWeight());
        const Tensor &bias = tensor(gate.getBias());
        int64_t D = x.dim(3);
        if (w.dim(w.rank() - 1) != D || (w.rank() == 2 && w.dim(0) != x.dim(1)))
          return fail(&op, "the weight has shape " + w.shapeString() +
                               " for an output " + x.shapeString());
        if (bias.dim(0) != 1 && bias.dim(0) != x.dim(1))
          return fail(&op, "the bias has shape " + bias.shapeString() +
                               " for " + std::to_string(x.dim(1)) + " heads");
        Tensor out(x.shape);
        for (int64_t b = 0; b < x.dim(0); ++b)
          for (int64_t h = 0; h < x.dim(1); ++h)
            for (int64_t i = 0; i < x.dim(2); ++i) {
              double z = bias.dim(0) == 1 ? bias.at({0}) : bias.at({h});
              for (int64_t d = 0; d < D; ++d)
                z += (w.rank() == 1 ? w.at({d}) : w.at({h, d})) *
                     x.at({b, h, i, d});
              double g = 1.0 / (1.0 + std::exp(-z));
              for (int64_t d = 0; d < D; ++d)
                out.at({b, h, i, d}) = x.at({b, h, i, d}) * g;
            }
        env_[gate] = std::move(out);
        return llvm::Error::success();
      })
      .Case<CausalOp, WindowOp, DocumentOp, PrefixOp, PredicateOp,
            BlockPredicateOp, BlockMaskOp, MaskAndOp, MaskOrOp, MaskNotOp>(
          [&](Operation *mask) -> llvm::Error {
            env_[mask->getResult(0)] = mask;
            return llvm::Error::success();
          })
      .Default([&](Operation *o) -> llvm::Error {
        return fail(o, "is not supported by the reference evaluator");
      });
}

llvm::Expected<std::vector<Tensor>> Evaluator::run(VariantOp variant,
                                                   ArrayRef<Tensor> inputs) {
  Block &body = variant.getBody().front();
  if (inputs.size() != body.getNumArguments())
    return llvm::createStringError(
        "variant '" + variant.getSymName().str() + "' takes " +
        std::to_string(body.getNumArguments()) + " inputs, got " +
        std::to_string(inputs.size()));
  for (auto [n, arg] : llvm::enumerate(body.getArguments())) {
    auto type = cast<RankedTensorType>(arg.getType());
    const Tensor &t = inputs[n];
    std::string name = nameOf(variant, n);
    names_[arg] = name;
    bool ok = t.rank() == type.getRank() &&
              t.data.size() == Tensor::numElements(t.shape);
    for (int64_t d = 0; ok && d < type.getRank(); ++d)
      ok = ShapedType::isDynamic(type.getDimSize(d)) ||
           type.getDimSize(d) == t.dim(d);
    if (!ok) {
      std::string want = "[";
      for (int64_t d = 0; d < type.getRank(); ++d)
        want += (d ? ", " : "") + (ShapedType::isDynamic(type.getDimSize(d))
                                       ? std::string("?")
                                       : std::to_string(type.getDimSize(d)));
      return llvm::createStringError("input '" + name + "' has shape " +
                                     t.shapeString() + " but the variant " +
                                     "needs " + want + "]");
    }
    env_[arg] = t;
  }
  for (Operation &op : body) {
    if (auto ret = dyn_cast<ReturnOp>(op)) {
      std::vector<Tensor> outputs;
      for (Value v : ret.getOperands())
        outputs.push_back(tensor(v));
      return outputs;
    }
    if (llvm::Error err = step(op))
      return std::move(err);
  }
  return llvm::createStringError("variant has no attn.return");
}

Coverage Evaluator::coverage() const {
  Coverage worst;
  for (const auto &entry : env_) {
    const Scores *s = std::get_if<Scores>(&entry.second);
    if (!s || s->N * s->M == 0)
      continue;
    Coverage c;
    c.rows = uint64_t(s->B) * uint64_t(s->H) * uint64_t(s->N);
    for (uint64_t row = 0; row < c.rows; ++row) {
      const uint8_t *p = s->present.data() + row * uint64_t(s->M);
      c.presentRows += std::find(p, p + s->M, 1) != p + s->M;
    }
    if (!worst.rows || c.presentRows * worst.rows < worst.presentRows * c.rows)
      worst = c;
  }
  return worst;
}

llvm::Expected<std::vector<Tensor>>
attnc::reference::evaluate(VariantOp variant, ArrayRef<Tensor> inputs) {
  return Evaluator().run(variant, inputs);
}

llvm::Expected<std::vector<Tensor>>
attnc::reference::evaluate(VariantOp variant, ArrayRef<Tensor> inputs,
                           Coverage *coverage) {
  Evaluator evaluator;
  llvm::Expected<std::vector<Tensor>> outputs = evaluator.run(variant, inputs);
  if (outputs && coverage)
    *coverage = evaluator.coverage();
  return outputs;
}
