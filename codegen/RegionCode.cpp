//===- RegionCode.cpp - region bodies as C++ statements -------------------===//

#include "codegen/RegionCode.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

std::string RegionCode::location(Operation *op) {
  auto loc = dyn_cast<FileLineColLoc>(op->getLoc());
  if (!loc)
    return "";
  return llvm::formatv("{0}:{1}:{2}: ", loc.getFilename().getValue(),
                       loc.getLine(), loc.getColumn())
      .str();
}

std::string RegionCode::where(Operation *op) {
  std::string s;
  for (char c : location(op)) {
    if (c == '"' || c == '\\')
      s += '\\';
    if (c == '\n')
      continue;
    s += c;
  }
  return s;
}

std::string RegionCode::cType(Type t) {
  if (t.isInteger(1))
    return "bool";
  if (isa<IntegerType, IndexType>(t))
    return "i64";
  if (t.isF64())
    return "double";
  return "float";
}

std::string RegionCode::floatLit(double x, Type t) {
  if (std::isnan(x))
    return "NAN";
  if (std::isinf(x))
    return x > 0 ? "INFINITY" : "(-INFINITY)";
  if (t && t.isF64())
    return llvm::formatv("{0:e17}", x).str();
  return "float(" + llvm::formatv("{0:e9}", x).str() + ")";
}

llvm::Error RegionCode::unsupported(Operation *op, const llvm::Twine &why) {
  return llvm::createStringError(location(op) +
                                 op->getName().getStringRef().str() + ": " +
                                 backend_ + " " + why.str());
}

std::string RegionCode::id(Value v) {
  auto [it, inserted] = ids_.try_emplace(v, "");
  if (inserted)
    it->second = std::to_string(next_++);
  return it->second;
}

std::string RegionCode::scalarOf(Value v, DenseMap<Value, std::string> &local) {
  if (auto it = local.find(v); it != local.end())
    return it->second;
  return capturedScalar(v);
}

llvm::Expected<std::string> RegionCode::scalarRegion(Region &region,
                                                     ArrayRef<std::string> args,
                                                     std::string &result) {
  std::string code;
  llvm::raw_string_ostream os(code);
  DenseMap<Value, std::string> local;
  Block &block = region.front();
  for (auto [arg, name] : llvm::zip(block.getArguments(), args))
    local[arg] = name;
  auto get = [&](Value v) { return scalarOf(v, local); };
  for (Operation &op : block) {
    if (auto yield = dyn_cast<YieldOp>(op)) {
      result = get(yield.getValues().front());
      return code;
    }
    if (op.getNumResults() != 1)
      return unsupported(&op, "cannot compile this op in a region");
    Value r = op.getResult(0);
    std::string name = "r" + id(r);
    local[r] = name;
    auto bin = [&](StringRef sym) {
      return "(" + get(op.getOperand(0)) + " " + sym.str() + " " +
             get(op.getOperand(1)) + ")";
    };
    auto call = [&](StringRef fn) {
      std::string s = fn.str() + "(";
      for (auto [n, operand] : llvm::enumerate(op.getOperands()))
        s += (n ? ", " : "") + get(operand);
      return s + ")";
    };
    auto cmp = [&](StringRef sym, bool ordered) {
      std::string a = get(op.getOperand(0)), b = get(op.getOperand(1));
      std::string nan =
          "(" + math_ + "isnan(" + a + ") || " + math_ + "isnan(" + b + "))";
      std::string c = "(" + a + " " + sym.str() + " " + b + ")";
      return ordered ? "(!" + nan + " && " + c + ")"
                     : "(" + nan + " || " + c + ")";
    };
    bool boolean = r.getType().isInteger(1);
    // c[.., x, ..] - c[.., y, ..] of c = cumsum(g) (FoX's c_i' - c_j): a
    // -inf in g (full forgetting) makes both -inf and the difference NaN;
    // it is then the sum of g over (y, x] (or minus that over (x, y]),
    // read directly (docs/limits.md). One isnan test per entry otherwise.
    if (auto sub = dyn_cast<arith::SubFOp>(op)) {
      auto a = sub.getLhs().getDefiningOp<LoadOp>(),
           b = sub.getRhs().getDefiningOp<LoadOp>();
      CumsumOp c = a && b && a.getSource() == b.getSource()
                       ? a.getSource().getDefiningOp<CumsumOp>()
                       : CumsumOp();
      bool same = c && a.getIndices().size() == b.getIndices().size() &&
                  a.getIndices().size() >= 3;
      for (size_t n = 0; same && n < a.getIndices().size(); ++n)
        same = n == 2 || a.getIndices()[n] == b.getIndices()[n];
      if (same) {
        std::string x = get(a.getIndices()[2]), y = get(b.getIndices()[2]);
        std::string u = "u" + name, ty = cType(r.getType());
        SmallVector<std::string> index;
        for (auto [n, i] : llvm::enumerate(a.getIndices()))
          index.push_back(n == 2 ? u : get(i));
        std::string g = loadExpr(a, c.getInput(), index);
        os << "    " << ty << " " << name << " = " << ty << "("
           << get(sub.getLhs()) << " - " << get(sub.getRhs()) << ");\n    if ("
           << math_ << "isnan(" << name << ")) {\n      " << name
           << " = 0;\n      for (i64 " << u << " = " << y << " + 1; " << u
           << " <= " << x << "; ++" << u << ")\n        " << name << " += " << g
           << ";\n      for (i64 " << u << " = " << x << " + 1; " << u
           << " <= " << y << "; ++" << u << ")\n        " << name << " -= " << g
           << ";\n    }\n";
        continue;
      }
    }
    std::optional<std::string> expr =
        llvm::TypeSwitch<Operation *, std::optional<std::string>>(&op)
            .Case([&](arith::ConstantOp c) -> std::optional<std::string> {
              if (auto f = dyn_cast<FloatAttr>(c.getValue()))
                return floatLit(f.getValueAsDouble(), c.getType());
              if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
                return boolean
                           ? (i.getValue().getBoolValue() ? "true" : "false")
                           : "i64(" +
                                 std::to_string(i.getValue().getSExtValue()) +
                                 ")";
              return std::nullopt;
            })
            .Case<arith::AddIOp, arith::AddFOp>([&](auto) { return bin("+"); })
            .Case<arith::SubIOp, arith::SubFOp>([&](auto) { return bin("-"); })
            .Case<arith::MulIOp, arith::MulFOp>([&](auto) { return bin("*"); })
            .Case([&](arith::DivFOp) { return bin("/"); })
            .Case([&](arith::DivSIOp) { return call("divsi"); })
            .Case([&](arith::FloorDivSIOp) { return call("floordivsi"); })
            .Case([&](arith::RemSIOp) { return call("remsi"); })
            .Case([&](arith::RemFOp) { return call(math_ + "fmod"); })
            .Case([&](arith::MinSIOp) { return call("mini"); })
            .Case([&](arith::MaxSIOp) { return call("maxi"); })
            .Case([&](arith::MinimumFOp) { return call("minimumf"); })
            .Case([&](arith::MaximumFOp) { return call("maximumf"); })
            .Case([&](arith::NegFOp) {
              return "(-" + get(op.getOperand(0)) + ")";
            })
            .Case([&](arith::AndIOp) { return bin(boolean ? "&&" : "&"); })
            .Case([&](arith::OrIOp) { return bin(boolean ? "||" : "|"); })
            .Case([&](arith::XOrIOp) { return bin(boolean ? "!=" : "^"); })
            .Case([&](arith::SelectOp s) {
              return "(" + get(s.getCondition()) + " ? " +
                     get(s.getTrueValue()) + " : " + get(s.getFalseValue()) +
                     ")";
            })
            .Case([&](arith::CmpIOp c) -> std::optional<std::string> {
              switch (c.getPredicate()) {
              case arith::CmpIPredicate::eq:
                return bin("==");
              case arith::CmpIPredicate::ne:
                return bin("!=");
              case arith::CmpIPredicate::slt:
              case arith::CmpIPredicate::ult:
                return bin("<");
              case arith::CmpIPredicate::sle:
              case arith::CmpIPredicate::ule:
                return bin("<=");
              case arith::CmpIPredicate::sgt:
              case arith::CmpIPredicate::ugt:
                return bin(">");
              case arith::CmpIPredicate::sge:
              case arith::CmpIPredicate::uge:
                return bin(">=");
              }
              return std::nullopt;
            })
            .Case([&](arith::CmpFOp c) -> std::optional<std::string> {
              using P = arith::CmpFPredicate;
              switch (c.getPredicate()) {
              case P::OEQ:
                return cmp("==", true);
              case P::ONE:
                return cmp("!=", true);
              case P::OLT:
                return cmp("<", true);
              case P::OLE:
                return cmp("<=", true);
              case P::OGT:
                return cmp(">", true);
              case P::OGE:
                return cmp(">=", true);
              case P::UEQ:
                return cmp("==", false);
              case P::UNE:
                return cmp("!=", false);
              case P::ULT:
                return cmp("<", false);
              case P::ULE:
                return cmp("<=", false);
              case P::UGT:
                return cmp(">", false);
              case P::UGE:
                return cmp(">=", false);
              case P::ORD:
                return "(" + cmp("==", true) + " || !" + cmp("==", false) + ")";
              case P::UNO:
                return "(!" + cmp("==", true) + " && " + cmp("==", false) + ")";
              case P::AlwaysTrue:
                return std::string("true");
              case P::AlwaysFalse:
                return std::string("false");
              }
              return std::nullopt;
            })
            // Casts: values are exact in the wider type; truncf to a
            // narrower float keeps f32, as the oracle does.
            .Case<arith::IndexCastOp, arith::IndexCastUIOp, arith::SIToFPOp,
                  arith::UIToFPOp, arith::ExtFOp, arith::TruncFOp,
                  arith::FPToSIOp>([&](Operation *o) {
              return cType(r.getType()) + "(" + get(o->getOperand(0)) + ")";
            })
            .Case([&](math::ExpOp) { return call(math_ + "exp"); })
            .Case([&](math::ExpM1Op) { return call(math_ + "expm1"); })
            .Case([&](math::LogOp) { return call(math_ + "log"); })
            .Case([&](math::Log1pOp) { return call(math_ + "log1p"); })
            .Case([&](math::Log2Op) { return call(math_ + "log2"); })
            .Case([&](math::Exp2Op) { return call(math_ + "exp2"); })
            .Case([&](math::SqrtOp) { return call(math_ + "sqrt"); })
            .Case([&](math::RsqrtOp) {
              return "(1 / " + math_ + "sqrt(" + get(op.getOperand(0)) + "))";
            })
            .Case([&](math::TanhOp) { return call(math_ + "tanh"); })
            .Case([&](math::AbsFOp) { return call(math_ + "fabs"); })
            .Case([&](math::AbsIOp) { return call(math_ + "llabs"); })
            .Case([&](math::FloorOp) { return call(math_ + "floor"); })
            .Case([&](math::CeilOp) { return call(math_ + "ceil"); })
            .Case([&](math::ErfOp) { return call(math_ + "erf"); })
            .Case([&](math::PowFOp) { return call(math_ + "pow"); })
            .Case([&](LoadOp load) {
              SmallVector<std::string> index;
              for (Value i : load.getIndices())
                index.push_back(get(i));
              return loadExpr(load, load.getSource(), index);
            })
            .Default([](Operation *) { return std::nullopt; });
    if (!expr)
      return unsupported(&op, "cannot compile this op in a region");
    os << "    const " << cType(r.getType()) << " " << name << " = "
       << cType(r.getType()) << "(" << *expr << ");\n";
  }
  return unsupported(region.getParentOp(), "found a region without yield");
}

llvm::Expected<std::string>
RegionCode::intervalRegion(Region &region, ArrayRef<std::string> args,
                           std::string &result) {
  std::string code;
  llvm::raw_string_ostream os(code);
  DenseMap<Value, std::string> local;
  Block &block = region.front();
  for (auto [arg, name] : llvm::zip(block.getArguments(), args))
    local[arg] = name;
  auto get = [&](Value v) -> std::string {
    if (auto it = local.find(v); it != local.end())
      return it->second;
    // Captured: sizes of the variant body are known at run time.
    if (v.getDefiningOp<DimOp>()) {
      std::string s = capturedScalar(v);
      return "Iv::of(" + s + ", " + s + ")";
    }
    if (auto c = v.getDefiningOp<arith::ConstantOp>())
      if (auto i = dyn_cast<IntegerAttr>(c.getValue())) {
        std::string x = std::to_string(i.getValue().getSExtValue());
        return "Iv::of(" + x + ", " + x + ")";
      }
    return "Iv::unknown()";
  };
  for (Operation &op : block) {
    if (auto yield = dyn_cast<YieldOp>(op)) {
      result = get(yield.getValues().front());
      return code;
    }
    if (op.getNumResults() != 1)
      continue;
    Value r = op.getResult(0);
    auto two = [&](StringRef fn, StringRef extra = "") {
      return fn.str() + "(" + get(op.getOperand(0)) + ", " +
             get(op.getOperand(1)) + extra.str() + ")";
    };
    std::string expr =
        llvm::TypeSwitch<Operation *, std::string>(&op)
            .Case([&](arith::ConstantOp c) -> std::string {
              if (auto i = dyn_cast<IntegerAttr>(c.getValue())) {
                int64_t x = c.getType().isInteger(1)
                                ? int64_t(i.getValue().getBoolValue())
                                : i.getValue().getSExtValue();
                return "Iv::of(" + std::to_string(x) + ", " +
                       std::to_string(x) + ")";
              }
              return "Iv::unknown()";
            })
            .Case([&](arith::AddIOp) { return two("ivAdd"); })
            .Case([&](arith::SubIOp) { return two("ivSub"); })
            .Case([&](arith::MulIOp) { return two("ivMul"); })
            .Case([&](arith::DivSIOp) { return two("ivDiv", ", false"); })
            .Case([&](arith::FloorDivSIOp) { return two("ivDiv", ", true"); })
            .Case([&](arith::IndexCastOp c) { return get(c.getIn()); })
            .Case([&](math::AbsIOp a) {
              return "ivAbs(" + get(a.getOperand()) + ")";
            })
            .Case([&](arith::MinSIOp) { return two("ivMin"); })
            .Case([&](arith::MaxSIOp) { return two("ivMax"); })
            .Case([&](arith::AndIOp) { return two("ivAnd"); })
            .Case([&](arith::OrIOp) { return two("ivOr"); })
            .Case([&](arith::XOrIOp) { return two("ivXor"); })
            .Case([&](arith::SelectOp sel) -> std::string {
              // The chosen interval, or the hull of both (an integer
              // `x % y` selects 0 when y is 0).
              std::string c = get(sel.getCondition()),
                          a = get(sel.getTrueValue()),
                          b = get(sel.getFalseValue());
              return "(" + c + ".point() ? (" + c + ".lo ? " + a + " : " + b +
                     ") : (" + a + ".known && " + b + ".known ? Iv::of(" + a +
                     ".lo < " + b + ".lo ? " + a + ".lo : " + b + ".lo, " + a +
                     ".hi > " + b + ".hi ? " + a + ".hi : " + b +
                     ".hi) : Iv::unknown()))";
            })
            .Case([&](arith::CmpIOp c) -> std::string {
              const char *p = "Eq";
              switch (c.getPredicate()) {
              case arith::CmpIPredicate::eq:
                p = "Eq";
                break;
              case arith::CmpIPredicate::ne:
                p = "Ne";
                break;
              case arith::CmpIPredicate::slt:
              case arith::CmpIPredicate::ult:
                p = "Lt";
                break;
              case arith::CmpIPredicate::sle:
              case arith::CmpIPredicate::ule:
                p = "Le";
                break;
              case arith::CmpIPredicate::sgt:
              case arith::CmpIPredicate::ugt:
                p = "Gt";
                break;
              case arith::CmpIPredicate::sge:
              case arith::CmpIPredicate::uge:
                p = "Ge";
                break;
              }
              return std::string("ivCmp(") + p + ", " + get(c.getLhs()) + ", " +
                     get(c.getRhs()) + ")";
            })
            .Default([](Operation *) { return std::string("Iv::unknown()"); });
    if (r.getType().isInteger(1))
      expr = "ivBool(" + expr + ")";
    std::string name = "v" + id(r);
    local[r] = name;
    os << "    const Iv " << name << " = " << expr << ";\n";
  }
  return unsupported(region.getParentOp(), "found a region without yield");
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

/// The bodies of `ok` (the region per entry, with `scalarArgs`) and `cls`
/// (the region over intervals, with `intervalArgs`) of a region mask.
llvm::Error RegionCode::regionMask(Region &region,
                                   ArrayRef<std::string> scalarArgs,
                                   ArrayRef<std::string> intervalArgs,
                                   std::string &ok, std::string &cls) {
  std::string r1, r2;
  llvm::Expected<std::string> s = scalarRegion(region, scalarArgs, r1);
  if (!s)
    return s.takeError();
  llvm::Expected<std::string> iv = intervalRegion(region, intervalArgs, r2);
  if (!iv)
    return iv.takeError();
  ok = "\n" + *s + "    return " + r1 + ";";
  cls = "\n" + *iv + "    return clsOf(" + r2 + ");";
  return llvm::Error::success();
}

llvm::Error RegionCode::emitMask(Value mask) {
  Operation *op = mask.getDefiningOp();
  if (!masksDone_.insert(op).second)
    return llvm::Error::success();
  for (Value operand : op->getOperands())
    if (isa<MaskType>(operand.getType()))
      if (llvm::Error err = emitMask(operand))
        return err;
  std::string n = id(mask), cls, ok;
  llvm::Expected<bool> done = staticMask(op, maskCtx_, cls, ok);
  if (!done)
    return done.takeError();
  if (!*done)
    if (llvm::Error err = dataMask(op, n, cls, ok))
      return err;
  defineMask(n, cls, ok);
  return llvm::Error::success();
}

llvm::Expected<bool> RegionCode::staticMask(Operation *op, StringRef ctx,
                                            std::string &cls, std::string &ok) {
  std::string c = ctx.str();
  auto clsOfMask = [&](Value m) {
    return "cls" + id(m) + "(" + c + "b, hl, hh, il, ih, jl, jh, N, M)";
  };
  auto okOfMask = [&](Value m) {
    return "ok" + id(m) + "(" + c + "b, h, i, j, N, M)";
  };
  if (isa<CausalOp>(op)) {
    cls = "return causalCls(il, ih, jl, jh, N, M);";
    ok = "return causalOk(i, j, N, M);";
  } else if (auto w = dyn_cast<WindowOp>(op)) {
    std::string W = std::to_string(w.getSizeAttr().getInt());
    cls = "return windowCls(" + W + ", il, ih, jl, jh, N, M);";
    ok = "return windowOk(" + W + ", i, j, N, M);";
  } else if (auto p = dyn_cast<PrefixOp>(op); p && p.getLengthAttr()) {
    std::string L = std::to_string(p.getLengthAttr().getInt());
    cls = "return prefixCls(" + L + ", jl, jh);";
    ok = "return j < " + L + ";";
  } else if (auto pred = dyn_cast<PredicateOp>(op)) {
    // b and h as unknown as the compile-time analysis has them.
    if (llvm::Error err =
            regionMask(pred.getBody(), {"b", "h", "i", "j"},
                       {"Iv::of(0, Iv::kBig())", "Iv::of(0, Iv::kBig())",
                        "Iv::of(il, ih)", "Iv::of(jl, jh)"},
                       ok, cls))
      return std::move(err);
  } else if (auto blocks = dyn_cast<BlockPredicateOp>(op)) {
    std::string bq = std::to_string(blocks.getBlock()[0]),
                bk = std::to_string(blocks.getBlock()[1]);
    if (llvm::Error err =
            regionMask(blocks.getBody(),
                       {"b", "h", "(i / " + bq + ")", "(j / " + bk + ")"},
                       {"Iv::of(0, Iv::kBig())", "Iv::of(0, Iv::kBig())",
                        "Iv::of(il / " + bq + ", ih / " + bq + ")",
                        "Iv::of(jl / " + bk + ", jh / " + bk + ")"},
                       ok, cls))
      return std::move(err);
  } else if (isa<MaskAndOp, MaskOrOp>(op)) {
    // and: Full is neutral and Skip decides; or: the other way round.
    bool conj = isa<MaskAndOp>(op);
    std::string unit = conj ? "Full" : "Skip", decides = conj ? "Skip" : "Full";
    ValueRange masks =
        conj ? cast<MaskAndOp>(op).getMasks() : cast<MaskOrOp>(op).getMasks();
    cls = "int c = " + unit + ";";
    ok = conj ? "return true" : "return false";
    for (Value m : masks) {
      cls += std::string(" c = ") + (conj ? "andCls" : "orCls") + "(c, " +
             clsOfMask(m) + "); if (c == " + decides + ") return " + decides +
             ";";
      ok += (conj ? " && " : " || ") + okOfMask(m);
    }
    cls += " return c;";
    ok += ";";
  } else if (auto neg = dyn_cast<MaskNotOp>(op)) {
    cls = "return notCls(" + clsOfMask(neg.getInput()) + ");";
    ok = "return !" + okOfMask(neg.getInput()) + ";";
  } else {
    return false;
  }
  return true;
}
