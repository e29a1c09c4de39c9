//===- Lowering.cpp - check an .attn program and build attn IR ------------===//
//
// One pass over each attention's statements. Every expression evaluates to a
// `Sem`: a scalar, a score matrix, a tensor, a mask, or a pair (merge).
//
// Elementwise arithmetic is *deferred*: combining a score matrix with scalars
// (`s - slope[h] * (i - j)`) builds an expression tree whose leaves are IR
// values, and the tree becomes one `attn.map` (or `attn.output_map`,
// `attn.feature_map`, `attn.predicate`) only when a non-elementwise op
// consumes it. Consecutive elementwise statements therefore fuse into one
// region, and a scalar expression can be named (`bias = slope[h] * (i - j)`)
// and reused.
//
//===----------------------------------------------------------------------===//

#include "frontends/attn/Lowering.h"
#include "frontends/attn/Parser.h"
#include "frontends/builder/VariantBuilder.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::lang;
using attnc::attn::MaskFill;
using attnc::attn::RowNormKind;
using attnc::attn::ScoreKind;
using llvm::SMRange;

namespace {

//===----------------------------------------------------------------------===//
// Values of the language
//===----------------------------------------------------------------------===//

/// A dimension: a symbol from a parameter's shape, or a literal size.
struct DimSym {
  std::string symbol;
  int64_t size = kDyn;
  bool operator==(const DimSym &o) const {
    return symbol == o.symbol && size == o.size;
  }
  bool operator!=(const DimSym &o) const { return !(*this == o); }
  int64_t irSize() const { return symbol.empty() ? size : kDyn; }
  std::string str() const {
    return symbol.empty() ? std::to_string(size) : symbol;
  }
};

enum class SType { Int, Float, Bool };

const char *stypeName(SType t) {
  switch (t) {
  case SType::Int:
    return "an integer";
  case SType::Float:
    return "a float";
  case SType::Bool:
    return "a boolean";
  }
  return "";
}

/// A node of a deferred elementwise expression.
struct ENode;
using ENodePtr = std::shared_ptr<const ENode>;
struct ENode {
  enum Op { Const, Index, Dim, Load, Leaf, Scale, Unary, Binary, Call } op;
  SType type = SType::Float;
  SMRange range;
  unsigned depth = 1; // 1 + the deepest kid
  /// Nodes of the tree with shared subtrees counted each time they occur
  /// (saturating): when small, the tree is certainly small.
  uint64_t treeSize = 1;
  double value = 0;     // Const
  int64_t intValue = 0; // Const written as an integer: the exact value
  std::string name;     // Index/Dim: the name; Unary/Binary/Call: operator
  Value tensor;         // Load: the parameter; Leaf: the leaf value
  std::vector<ENodePtr> kids;
  std::vector<DimSym> dims; // Load: the shape of the tensor read
  /// evalConst's answer, once computed. A node never changes after it is
  /// built, and subtrees are shared (`s = s + s`): every pass over a tree
  /// visits each node once.
  mutable bool evaluated = false;
  mutable std::optional<double> constant;
};

enum class Kind { Error, Scalar, Scores, Tensor, Mask, Pair, List };

const char *kindName(Kind k) {
  switch (k) {
  case Kind::Error:
    return "an invalid value";
  case Kind::Scalar:
    return "a scalar";
  case Kind::Scores:
    return "a score matrix";
  case Kind::Tensor:
    return "a tensor";
  case Kind::Mask:
    return "a mask";
  case Kind::Pair:
    return "a pair (output, lse)";
  case Kind::List:
    return "a list";
  }
  return "";
}

/// Elementwise trees deeper than this are split (or rejected when scalar).
constexpr unsigned kMaxTreeDepth = 128;
/// Distinct operations in one elementwise expression (one region).
constexpr uint64_t kMaxTreeNodes = 10000;

/// f32's range: constants and scales outside it are errors.
constexpr double kF32Max = 3.4028234663852886e38;
constexpr double kF32MinNormal = 1.1754943508222875e-38;
/// Softmax kernels fold log2(e) into the dot product's scale.
constexpr double kLog2e = 1.4426950408889634;

/// Why a non-zero constant `c` is no f32 number, or null.
const char *notF32(double c) {
  double a = std::fabs(c);
  if (!(a <= kF32Max))
    return "is not a finite f32 number";
  if (a != 0 && a < kF32MinNormal)
    return "is below the smallest normal f32 number (1.2e-38); write 0 if "
           "0 is meant";
  return nullptr;
}

/// Why `scale` cannot scale a dot product, or null.
const char *badScale(double scale) {
  if (const char *why = notF32(scale))
    return why;
  if (std::fabs(scale) * kLog2e > kF32Max)
    return "overflows f32 once a softmax kernel folds log2(e) into it "
           "(|scale| must be at most 2.35e38)";
  return nullptr;
}

/// True if `c` converts to int64_t exactly or by truncation.
bool fitsInt64(double c) {
  return c >= -9.2233720368547758e18 && c < 9.2233720368547758e18;
}

/// The value of an expression.
struct Sem {
  Kind kind = Kind::Error;
  /// Materialised IR value (scores, tensor, mask), or null while pending.
  Value value;
  /// Scalar expression, or the pending elementwise tree of scores/tensors.
  ENodePtr tree;
  // Scores: kind and shape [B, H, N, M] (+ kv heads, head dim, for checks).
  ScoreKind scoreKind = ScoreKind::Logits;
  DimSym b, h, n, m, hkv;
  // Tensors: shape, storage type, and whether it is an attention output
  // (elementwise maps of outputs are epilogues; of inputs, feature maps).
  std::vector<DimSym> dims;
  Type elementType;
  bool isOutput = false;
  /// Outputs are computed in f32; this is the type they are stored in when
  /// returned (the values' element type).
  Type storageType;
  // Masks: the shape constraints they carry (document ids), if any.
  std::optional<DimSym> maskN, maskM, maskB, maskH;
  // Pairs and lists.
  std::vector<Sem> parts;

  bool isPending() const {
    return (kind == Kind::Scores || kind == Kind::Tensor) && !value;
  }
};

Sem errorSem() { return Sem(); }

//===----------------------------------------------------------------------===//
// The lowering of one program
//===----------------------------------------------------------------------===//

struct ParamInfo {
  Value value;
  std::vector<DimSym> dims;
  Type elementType;
  SMRange range;
};

class Lowering {
public:
  Lowering(Diagnostics &diags, MLIRContext &ctx, const Program &program)
      : diags_(diags), ctx_(ctx), program_(program) {}

  OwningOpRef<ModuleOp> run();

private:
  // Statements and attentions.
  void lowerAttention(const Attention &attention);
  bool declareParams(const Attention &attention);
  void lowerStatement(const Stmt &stmt);

  // Expressions.
  Sem lower(const Expr &e);
  Sem lowerIdent(const Expr &e);
  Sem lowerNumber(const Expr &e);
  Sem lowerUnary(const Expr &e);
  Sem lowerBinary(const Expr &e);
  Sem lowerIndex(const Expr &e);
  Sem lowerCall(const Expr &e);
  Sem lowerScaledDot(const Expr &e, const Expr &dot, const Expr &factor,
                     bool divide);
  Sem lowerMaskLogic(const Expr &e, Sem lhs, Sem rhs);

  // Builtins.
  Sem callDot(const Expr &e);
  Sem callMask(const Expr &e);
  Sem callNormalizer(const Expr &e);
  Sem callScalarFunction(const Expr &e);
  Sem callStencil(const Expr &e);
  Sem callHeadMix(const Expr &e);
  Sem callMerge(const Expr &e);
  Sem callHeadNorm(const Expr &e);
  Sem callMaskConstructor(const Expr &e);
  Sem callTensorOp(const Expr &e);

  // Elementwise trees.
  Sem combine(const std::string &op, SMRange range, ArrayRef<Sem> operands);
  ENodePtr asTree(const Sem &sem, SMRange range);
  Value materialize(Sem &sem, SMRange range,
                    ScoreKind kind = ScoreKind::Logits);
  /// `scores`, when known, is what the mask is applied to: index variables
  /// read from parameters are checked against its sizes.
  Value materializePredicate(const Sem &sem, SMRange range, bool blocks,
                             int64_t blockQ = 0, int64_t blockK = 0,
                             const Sem *scores = nullptr);
  bool checkIndices(const ENodePtr &node, ArrayRef<StringRef> names,
                    StringRef context);
  bool checkIndices(const ENodePtr &node, ArrayRef<StringRef> names,
                    StringRef context,
                    llvm::DenseMap<const ENode *, bool> &checked);
  /// Checks that an index variable used directly as an index ranges over
  /// the dimension it indexes (`slope[i]` with `slope: f32[H]` is wrong).
  bool checkLoads(const ENodePtr &node, ArrayRef<StringRef> names,
                  const Sem &context);
  bool checkLoads(const ENodePtr &node, ArrayRef<StringRef> names,
                  const Sem &context,
                  llvm::DenseMap<const ENode *, bool> &checked);
  void collect(const ENodePtr &node, llvm::SetVector<Value> &leaves,
               llvm::SetVector<StringRef> &dims);
  void collect(const ENodePtr &node, llvm::SetVector<Value> &leaves,
               llvm::SetVector<StringRef> &dims,
               llvm::SmallPtrSetImpl<const ENode *> &seen);
  /// Computes, before a region, the sizes `dims` that it uses.
  llvm::StringMap<Value> emitDims(const llvm::SetVector<StringRef> &dims);
  Value emit(ElementwiseBuilder &e, const ENode &node,
             const llvm::DenseMap<Value, Value> &leafArgs,
             const llvm::StringMap<Value> &dimValues,
             ArrayRef<StringRef> names);
  Value emitNode(ElementwiseBuilder &e, const ENode &node,
                 const llvm::DenseMap<Value, Value> &leafArgs,
                 const llvm::StringMap<Value> &dimValues,
                 ArrayRef<StringRef> names);
  std::optional<double> evalConst(const ENodePtr &node) {
    return evalConst(*node);
  }
  std::optional<double> evalConst(const ENode &node);
  std::optional<double> evalConstNode(const ENode &node);

  // Checks and conversions.
  Value expectScores(Sem &sem, SMRange range, StringRef what);
  Value expectTensor(Sem &sem, SMRange range, StringRef what);
  Value expectMask(Sem &sem, SMRange range, StringRef what);
  /// An attention output: a float [B, H, N, Dv] tensor computed by `@` (or
  /// from one), not an input.
  Value expectOutput(Sem &sem, SMRange range, StringRef what);
  /// A constant number in f32's range (infinities too with `allowInfinity`).
  std::optional<double> constNumber(const Expr &e, StringRef what,
                                    bool allowInfinity = false);
  std::optional<int64_t> constInt(const Expr &e, StringRef what);
  /// A constant integer >= `min`; below it, reports `tooSmall` at `e`.
  std::optional<int64_t> constIntAtLeast(const Expr &e, StringRef what,
                                         int64_t min,
                                         const llvm::Twine &tooSmall);
  bool checkArgs(const Expr &e, size_t minArgs, size_t maxArgs,
                 ArrayRef<StringRef> kwargs, StringRef usage);
  const Expr *kwarg(const Expr &e, StringRef name);
  bool sameDim(const DimSym &a, const DimSym &b, SMRange range,
               const llvm::Twine &what);
  Sem scoresSem(Value v, const Sem &like, ScoreKind kind);
  /// Gives a returned f32 output its storage type: the op computing it
  /// stores in that type directly when nothing else uses it, else an
  /// identity output_map converts.
  Value store(Value v, Type storageType, SMRange range);
  Sem tensorSem(Value v, std::vector<DimSym> dims, bool isOutput);
  RankedTensorType tensorType(ArrayRef<DimSym> dims, Type elementType);

  Location loc(SMRange range) {
    auto &sm = diags_.sourceMgr();
    unsigned buffer = sm.FindBufferContainingLoc(range.Start);
    if (!buffer)
      return UnknownLoc::get(&ctx_);
    auto [line, col] = diags_.lineAndColumn(range.Start, buffer);
    return FileLineColLoc::get(
        StringAttr::get(&ctx_,
                        sm.getMemoryBuffer(buffer)->getBufferIdentifier()),
        line, col);
  }
  void at(SMRange range) { vb_->setLoc(loc(range)); }
  void error(SMRange range, const llvm::Twine &message) {
    diags_.error(range, message);
  }

  Diagnostics &diags_;
  MLIRContext &ctx_;
  const Program &program_;
  std::unique_ptr<VariantBuilder> vb_;

  // Per attention.
  llvm::StringMap<ParamInfo> params_;
  llvm::StringMap<std::pair<std::string, unsigned>> dimSymbols_;
  llvm::StringMap<Sem> locals_;
  llvm::StringSet<> poisoned_;
  bool returned_ = false;
  /// The values `emit` built for the nodes of the region being built.
  llvm::DenseMap<const ENode *, Value> emitted_;
};

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

const llvm::StringSet<> &indexNames() {
  static const llvm::StringSet<> names = {"b", "h", "i",  "j",
                                          "d", "t", "qb", "kb"};
  return names;
}

const llvm::StringSet<> &scalarFunctions() {
  static const llvm::StringSet<> names = {
      "exp",      "log",   "sqrt", "tanh", "abs", "sigmoid", "relu",  "elu",
      "softplus", "floor", "min",  "max",  "pow", "where",   "float", "int"};
  return names;
}

const llvm::StringSet<> &builtinNames() {
  static const llvm::StringSet<> names = {
      "dot",     "mask",     "softmax", "softpick", "normalize",  "lse",
      "stencil", "head_mix", "merge",   "rmsnorm",  "head_gate",  "causal",
      "window",  "document", "prefix",  "blocks",   "block_mask", "cumsum",
      "slice",   "scale",    "inf"};
  return names;
}

std::optional<Type> parseDType(StringRef name, MLIRContext &ctx) {
  Builder b(&ctx);
  return llvm::StringSwitch<std::optional<Type>>(name)
      .Case("bf16", b.getBF16Type())
      .Case("f16", b.getF16Type())
      .Case("f32", b.getF32Type())
      .Case("f64", b.getF64Type())
      .Case("i8", b.getI8Type())
      .Case("i16", b.getI16Type())
      .Case("i32", b.getI32Type())
      .Case("i64", b.getI64Type())
      .Case("bool", b.getI1Type())
      .Default(std::nullopt);
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Lowering::run() {
  llvm::StringMap<SMRange> seen;
  for (const Attention &attention : program_.attentions) {
    auto [it, inserted] = seen.try_emplace(attention.name, attention.nameRange);
    if (!inserted) {
      error(attention.nameRange,
            "attention '" + attention.name + "' is defined twice");
      diags_.note(it->second, "first defined here");
      continue;
    }
    lowerAttention(attention);
  }
  if (program_.attentions.empty() && !diags_.hadError()) {
    auto &sm = diags_.sourceMgr();
    llvm::SMLoc start = llvm::SMLoc::getFromPointer(
        sm.getMemoryBuffer(sm.getMainFileID())->getBufferStart());
    error(SMRange(start, start), "no attention is defined");
  }
  if (diags_.hadError() || !vb_)
    return nullptr;
  OwningOpRef<ModuleOp> module = vb_->takeModule();
  // The checker should have caught every misuse; a verifier failure here is a
  // bug in attnc, reported with the op's location by the context's handler.
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

void Lowering::lowerAttention(const Attention &attention) {
  Location l = loc(attention.nameRange);
  if (!vb_)
    vb_ = std::make_unique<VariantBuilder>(ctx_, attention.name, l);
  else {
    vb_->setLoc(l);
    vb_->startVariant(attention.name);
  }
  params_.clear();
  dimSymbols_.clear();
  locals_.clear();
  poisoned_.clear();
  returned_ = false;
  if (!declareParams(attention))
    return;
  for (const Stmt &stmt : attention.body) {
    if (diags_.tooMany())
      return;
    if (returned_) {
      error(stmt.range, "statement after 'return'");
      return;
    }
    lowerStatement(stmt);
  }
  if (!returned_) {
    error(attention.nameRange,
          "attention '" + attention.name + "' does not return anything");
    // Close the variant so the module stays well formed.
    vb_->finishUnverified({});
  }
}

bool Lowering::declareParams(const Attention &attention) {
  bool ok = true;
  for (const Param &param : attention.params) {
    std::optional<Type> type = parseDType(param.dtype, ctx_);
    if (!type) {
      error(param.dtypeRange, "unknown element type '" + param.dtype +
                                  "' (bf16, f16, f32, f64, i8, i16, i32, "
                                  "i64, bool)");
      ok = false;
      continue;
    }
    if (indexNames().contains(param.name) ||
        builtinNames().contains(param.name) ||
        scalarFunctions().contains(param.name)) {
      error(param.range,
            "parameter '" + param.name + "' shadows a built-in name");
      ok = false;
      continue;
    }
    if (params_.count(param.name)) {
      error(param.range, "parameter '" + param.name + "' is declared twice");
      ok = false;
      continue;
    }
    std::vector<DimSym> dims;
    for (auto [axis, dim] : llvm::enumerate(param.dims)) {
      if (!dim.isSymbol()) {
        dims.push_back({"", dim.size});
        continue;
      }
      if (indexNames().contains(dim.symbol) ||
          builtinNames().contains(dim.symbol) ||
          scalarFunctions().contains(dim.symbol)) {
        error(dim.range,
              "dimension '" + dim.symbol + "' shadows a built-in name");
        ok = false;
      }
      dims.push_back({dim.symbol, kDyn});
      dimSymbols_.try_emplace(dim.symbol, param.name,
                              static_cast<unsigned>(axis));
    }
    at(param.range);
    SmallVector<int64_t> shape;
    SmallVector<std::string> names;
    for (const DimSym &d : dims) {
      shape.push_back(d.irSize());
      names.push_back(d.symbol);
    }
    Value value = vb_->input(param.name, *type, shape, names);
    params_[param.name] = {value, dims, *type, param.range};
  }
  for (const Param &param : attention.params)
    if (dimSymbols_.count(param.name)) {
      error(param.range,
            "'" + param.name + "' names both a parameter and a dimension");
      ok = false;
    }
  return ok;
}

void Lowering::lowerStatement(const Stmt &stmt) {
  if (stmt.kind == StmtKind::Return) {
    returned_ = true;
    // Compute every returned value first, then give each its storage type:
    // whether an output can be retyped in place depends on all its uses.
    SmallVector<std::pair<Value, Type>> computed;
    bool ok = true;
    for (const ExprPtr &value : stmt.values) {
      Sem sem = lower(*value);
      if (sem.kind == Kind::Pair) {
        for (Sem &part : sem.parts)
          computed.push_back({part.value, part.storageType});
        continue;
      }
      Value v = expectTensor(sem, value->range, "a returned value");
      if (v && !sem.isOutput) {
        error(value->range, "a returned value must be an attention output "
                            "(p @ v, lse(...), or an expression of them), "
                            "not an input or a tensor computed from inputs");
        v = Value();
      }
      if (!v) {
        ok = false;
        continue;
      }
      computed.push_back({v, sem.storageType});
    }
    SmallVector<Value> outputs;
    if (ok)
      for (auto [v, storage] : computed)
        outputs.push_back(store(v, storage, stmt.range));
    at(stmt.range);
    vb_->finishUnverified(ok ? ValueRange(outputs) : ValueRange());
    return;
  }
  Sem value = lower(*stmt.values.front());
  // Every target must be a fresh or local name, and appear once.
  bool namesOk = true;
  llvm::StringSet<> seen;
  for (auto [name, range] : llvm::zip(stmt.targets, stmt.targetRanges)) {
    if (params_.count(name) || dimSymbols_.count(name) ||
        indexNames().contains(name) || builtinNames().contains(name) ||
        scalarFunctions().contains(name)) {
      error(range, "cannot assign to '" + name + "': it is " +
                       (params_.count(name)           ? "a parameter"
                        : dimSymbols_.count(name)     ? "a dimension"
                        : indexNames().contains(name) ? "an index variable"
                                                      : "a built-in name"));
      namesOk = false;
    } else if (!seen.insert(name).second) {
      error(range, "'" + name + "' is assigned twice in one statement");
      namesOk = false;
    }
  }
  // A failed assignment leaves its names invalid, silently, so that later
  // uses do not repeat the error.
  auto bindErrors = [&] {
    for (const std::string &name : stmt.targets) {
      poisoned_.insert(name);
      locals_.erase(name);
    }
  };
  if (!namesOk) {
    bindErrors();
    return;
  }
  if (stmt.targets.size() == 1) {
    if (value.kind == Kind::List) {
      error(stmt.values.front()->range, "a list can only be an argument");
      value = errorSem();
    }
    if (value.kind == Kind::Pair) {
      error(stmt.values.front()->range,
            "merge gives 2 values (output, lse): write o, l = merge(...)");
      value = errorSem();
    }
    poisoned_.erase(stmt.targets.front());
    locals_[stmt.targets.front()] = std::move(value);
    return;
  }
  // `a, b = merge(...)`
  if (value.kind != Kind::Pair) {
    if (value.kind != Kind::Error)
      error(stmt.values.front()->range,
            llvm::Twine("cannot unpack ") + kindName(value.kind) + " into " +
                llvm::Twine(stmt.targets.size()) + " names");
    bindErrors();
    return;
  }
  if (value.parts.size() != stmt.targets.size()) {
    error(stmt.range, "merge gives 2 values (output, lse), not " +
                          llvm::Twine(stmt.targets.size()));
    bindErrors();
    return;
  }
  for (auto [name, part] : llvm::zip(stmt.targets, value.parts)) {
    poisoned_.erase(name);
    locals_[name] = part;
  }
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Sem Lowering::lower(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Number:
    return lowerNumber(e);
  case ExprKind::Ident:
    return lowerIdent(e);
  case ExprKind::Unary:
    return lowerUnary(e);
  case ExprKind::Binary:
    return lowerBinary(e);
  case ExprKind::Index:
    return lowerIndex(e);
  case ExprKind::Call:
    return lowerCall(e);
  case ExprKind::List: {
    Sem list;
    list.kind = Kind::List;
    for (const ExprPtr &element : e.operands)
      list.parts.push_back(lower(*element));
    return list;
  }
  }
  return errorSem();
}

Sem Lowering::lowerNumber(const Expr &e) {
  auto node = std::make_shared<ENode>();
  node->op = ENode::Const;
  node->type = e.isInteger ? SType::Int : SType::Float;
  node->value = e.number;
  node->intValue = e.intValue;
  node->range = e.range;
  Sem sem;
  sem.kind = Kind::Scalar;
  sem.tree = node;
  return sem;
}

Sem Lowering::lowerIdent(const Expr &e) {
  auto scalar = [&](ENode::Op op, SType type, double value = 0) {
    auto node = std::make_shared<ENode>();
    node->op = op;
    node->type = type;
    node->name = e.name;
    node->range = e.range;
    node->value = value;
    Sem sem;
    sem.kind = Kind::Scalar;
    sem.tree = node;
    return sem;
  };
  if (poisoned_.contains(e.name))
    return errorSem();
  if (auto it = locals_.find(e.name); it != locals_.end())
    return it->second;
  if (auto it = params_.find(e.name); it != params_.end()) {
    Sem sem = tensorSem(it->second.value, it->second.dims, false);
    return sem;
  }
  if (indexNames().contains(e.name))
    return scalar(ENode::Index, SType::Int);
  if (dimSymbols_.count(e.name))
    return scalar(ENode::Dim, SType::Int);
  if (e.name == "scale")
    return scalar(ENode::Scale, SType::Float);
  if (e.name == "inf")
    return scalar(ENode::Const, SType::Float, INFINITY);
  if (e.name == "causal") {
    at(e.range);
    Sem sem;
    sem.kind = Kind::Mask;
    sem.value = vb_->causal();
    return sem;
  }
  if (builtinNames().contains(e.name) || scalarFunctions().contains(e.name)) {
    error(e.range, "'" + e.name + "' is a function: call it with (...)");
    return errorSem();
  }
  error(e.range, "unknown name '" + e.name + "'");
  return errorSem();
}

Sem Lowering::lowerUnary(const Expr &e) {
  Sem operand = lower(*e.operands[0]);
  if (operand.kind == Kind::Error)
    return operand;
  if (e.name == "!") {
    if (operand.kind == Kind::Mask) {
      at(e.range);
      Sem sem = operand; // the same shape constraints
      sem.value = vb_->maskNot(operand.value);
      return sem;
    }
    return combine("!", e.range, {operand});
  }
  return combine("-", e.range, {operand});
}

Sem Lowering::lowerBinary(const Expr &e) {
  const Expr &lhsExpr = *e.operands[0], &rhsExpr = *e.operands[1];
  const std::string &op = e.name;
  // dot(q, k) * scale, dot(q, k) * c, dot(q, k) / c fold into qk's scale.
  auto isDot = [](const Expr &x) {
    return x.kind == ExprKind::Call && x.name == "dot";
  };
  if (op == "*" && isDot(lhsExpr))
    return lowerScaledDot(e, lhsExpr, rhsExpr, false);
  if (op == "*" && isDot(rhsExpr))
    return lowerScaledDot(e, rhsExpr, lhsExpr, false);
  if (op == "/" && isDot(lhsExpr))
    return lowerScaledDot(e, lhsExpr, rhsExpr, true);

  Sem lhs = lower(lhsExpr);
  Sem rhs = lower(rhsExpr);
  if (lhs.kind == Kind::Error || rhs.kind == Kind::Error)
    return errorSem();

  if (op == "@") {
    // probs @ v: the weighted sum of values.
    if (lhs.kind != Kind::Scores) {
      error(lhsExpr.range, llvm::Twine("the left of '@' must be a score "
                                       "matrix, got ") +
                               kindName(lhs.kind));
      return errorSem();
    }
    Value v = expectTensor(rhs, rhsExpr.range, "the right of '@'");
    if (!v)
      return errorSem();
    if (rhs.isOutput || rhs.dims.size() != 4 ||
        !isa<FloatType>(rhs.elementType)) {
      error(rhsExpr.range, "the right of '@' must be a float input tensor "
                           "v[B, Hkv, M, Dv]");
      return errorSem();
    }
    if (!sameDim(lhs.b, rhs.dims[0], rhsExpr.range, "batch of v") ||
        !sameDim(lhs.hkv, rhs.dims[1], rhsExpr.range, "heads of v") ||
        !sameDim(lhs.m, rhs.dims[2], rhsExpr.range, "key length of v"))
      return errorSem();
    // Logits used as weights (linear attention, sigmoid): the pending map
    // produces probs directly; a materialised matrix passes through an
    // identity map.
    Value probs;
    if (lhs.isPending()) {
      probs = materialize(lhs, lhsExpr.range, ScoreKind::Probs);
    } else if (lhs.scoreKind == ScoreKind::Logits) {
      at(lhsExpr.range);
      probs = vb_->map({lhs.value}, ScoreKind::Probs,
                       [](ElementwiseBuilder &, ValueRange x) { return x[0]; });
    } else {
      probs = lhs.value;
    }
    if (!probs)
      return errorSem();
    at(e.range);
    Value out = vb_->pv(probs, v, vb_->f32());
    Sem result = tensorSem(out, {lhs.b, lhs.h, lhs.n, rhs.dims[3]}, true);
    result.storageType = rhs.elementType;
    return result;
  }

  if (op == "&" || op == "|") {
    if (lhs.kind == Kind::Mask || rhs.kind == Kind::Mask)
      return lowerMaskLogic(e, lhs, rhs);
    return combine(op, e.range, {lhs, rhs});
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=" || op == "==" ||
      op == "!=")
    return combine(op, e.range, {lhs, rhs});
  // + - * / // %
  return combine(op, e.range, {lhs, rhs});
}

Sem Lowering::lowerScaledDot(const Expr &e, const Expr &dot, const Expr &factor,
                             bool divide) {
  Sem scores = callDot(dot);
  Sem f = lower(factor);
  if (scores.kind == Kind::Error || f.kind == Kind::Error)
    return errorSem();
  auto qkOp = scores.value.getDefiningOp<attn::QKOp>();
  bool isScale = f.kind == Kind::Scalar && f.tree->op == ENode::Scale;
  std::optional<double> c =
      f.kind == Kind::Scalar ? evalConst(f.tree) : std::nullopt;
  if (!qkOp || (!isScale && !c)) {
    // Not a constant factor: an ordinary elementwise product.
    return combine(divide ? "/" : "*", e.range, {scores, f});
  }
  double current = qkOp.getScale() ? qkOp.getScale()->convertToDouble() : 1.0;
  if (isScale) {
    if (divide) {
      error(factor.range, "divide by sqrt(D) or multiply by 'scale', not "
                          "both: 'scale' is already 1/sqrt(Dqk)");
      return errorSem();
    }
    int64_t dim = qkOp.getQ().getType().getDimSize(3);
    if (ShapedType::isDynamic(dim)) {
      if (current != 1.0) {
        error(e.range, "'scale' with a symbolic head dim cannot combine with "
                       "another constant factor; give the head dim as a "
                       "number");
        return errorSem();
      }
      qkOp.removeScaleAttr(); // attn.qk's default scale is 1/sqrt(Dqk)
      return scores;
    }
    double scaled = current / std::sqrt(static_cast<double>(dim));
    if (scaled == 0.0 || !std::isfinite(scaled)) {
      error(e.range, "the dot-product scale is not a finite non-zero number");
      return errorSem();
    }
    if (const char *why = badScale(scaled)) {
      error(e.range, llvm::Twine("the dot-product scale ") + why);
      return errorSem();
    }
    qkOp.setScaleAttr(Builder(&ctx_).getF64FloatAttr(scaled));
    return scores;
  }
  if (*c == 0.0 || !std::isfinite(*c)) {
    error(factor.range, "a dot-product scale must be finite and non-zero");
    return errorSem();
  }
  // The factor alone, then the scale it makes (f32 in the kernel, and
  // times log2(e) in a softmax kernel): errors at the literal when the
  // factor is the whole scale.
  if (const char *why = notF32(*c)) {
    error(factor.range, llvm::Twine("this constant ") + why);
    return errorSem();
  }
  double scaled = divide ? current / *c : current * *c;
  if (scaled == 0.0 || !std::isfinite(scaled)) {
    error(e.range, "this dot-product scale is not a finite non-zero number");
    return errorSem();
  }
  if (const char *why = badScale(scaled)) {
    error(current == 1.0 ? factor.range : e.range,
          llvm::Twine("this dot-product scale ") + why);
    return errorSem();
  }
  qkOp.setScaleAttr(Builder(&ctx_).getF64FloatAttr(scaled));
  return scores;
}

Sem Lowering::lowerMaskLogic(const Expr &e, Sem lhs, Sem rhs) {
  // A boolean scalar next to a mask is a predicate mask.
  SmallVector<Value> masks;
  Sem result;
  result.kind = Kind::Mask;
  for (auto [sem, expr] : {std::pair<Sem &, const Expr &>{lhs, *e.operands[0]},
                           {rhs, *e.operands[1]}}) {
    Value m;
    if (sem.kind == Kind::Scalar)
      m = materializePredicate(sem, expr.range, false);
    else
      m = expectMask(sem, expr.range, "an operand of '" + e.name + "'");
    if (!m)
      return errorSem();
    // The combination carries every operand's shape constraints.
    for (auto [mine, theirs] : {std::pair{&result.maskB, &sem.maskB},
                                {&result.maskN, &sem.maskN},
                                {&result.maskM, &sem.maskM},
                                {&result.maskH, &sem.maskH}}) {
      if (!*theirs)
        continue;
      if (*mine && **mine != **theirs) {
        error(e.range, "the masks combined by '" + e.name +
                           "' disagree on a size: " + (*mine)->str() + " vs " +
                           (*theirs)->str());
        return errorSem();
      }
      *mine = *theirs;
    }
    masks.push_back(m);
  }
  at(e.range);
  result.value = e.name == "&" ? vb_->maskAnd(masks) : vb_->maskOr(masks);
  return result;
}

Sem Lowering::lowerIndex(const Expr &e) {
  const Expr &base = *e.operands[0];
  // Parameters and tensors computed from them (cumsum, lse, ...) can be read
  // element by element.
  if (base.kind != ExprKind::Ident) {
    error(base.range, "only a named tensor can be indexed; assign the "
                      "expression to a name first");
    return errorSem();
  }
  Sem tensor = lower(base);
  if (tensor.kind == Kind::Error)
    return errorSem();
  Value source =
      tensor.kind == Kind::Tensor ? materialize(tensor, base.range) : Value();
  if (!source) {
    if (tensor.kind != Kind::Tensor)
      error(base.range, llvm::Twine("only tensors can be indexed, '") +
                            base.name + "' is " + kindName(tensor.kind));
    return errorSem();
  }
  size_t count = e.operands.size() - 1;
  if (count != tensor.dims.size()) {
    error(e.range, "'" + base.name + "' has " +
                       llvm::Twine(tensor.dims.size()) + " dimension(s) but " +
                       llvm::Twine(count) + " index(es) are given");
    return errorSem();
  }
  auto node = std::make_shared<ENode>();
  node->op = ENode::Load;
  node->dims = tensor.dims;
  node->tensor = source;
  node->name = base.name;
  node->range = e.range;
  Type elem = tensor.elementType;
  node->type = isa<FloatType>(elem) ? SType::Float
               : elem.isInteger(1)  ? SType::Bool
                                    : SType::Int;
  for (size_t n = 1; n < e.operands.size(); ++n) {
    Sem index = lower(*e.operands[n]);
    if (index.kind == Kind::Error)
      return errorSem();
    if (index.kind != Kind::Scalar || index.tree->type != SType::Int) {
      error(e.operands[n]->range,
            llvm::Twine("an index must be an integer expression, got ") +
                (index.kind == Kind::Scalar ? stypeName(index.tree->type)
                                            : kindName(index.kind)));
      return errorSem();
    }
    const DimSym &dim = tensor.dims[n - 1];
    if (std::optional<double> c = evalConst(index.tree))
      if (fitsInt64(*c) &&
          (*c < 0 || (dim.symbol.empty() && *c >= double(dim.size)))) {
        error(e.operands[n]->range,
              "index " + llvm::Twine(int64_t(*c)) + " is outside dimension " +
                  llvm::Twine(n - 1) + " of '" + base.name + "' (size " +
                  dim.str() + ")");
        return errorSem();
      }
    node->kids.push_back(index.tree);
    // Indices count towards the depth and size limits (`a = c[a]` repeated).
    node->depth = std::max(node->depth, index.tree->depth + 1);
    node->treeSize = std::min<uint64_t>(node->treeSize + index.tree->treeSize,
                                        uint64_t(1) << 62);
  }
  if (node->depth > kMaxTreeDepth) {
    error(e.range, "expression too deep (more than " +
                       llvm::Twine(kMaxTreeDepth) + " operations)");
    return errorSem();
  }
  Sem sem;
  sem.kind = Kind::Scalar;
  sem.tree = node;
  return sem;
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

Sem Lowering::lowerCall(const Expr &e) {
  const std::string &f = e.name;
  if (scalarFunctions().contains(f))
    return callScalarFunction(e);
  if (f == "dot")
    return callDot(e);
  if (f == "mask")
    return callMask(e);
  if (f == "softmax" || f == "softpick" || f == "normalize" || f == "lse")
    return callNormalizer(e);
  if (f == "stencil")
    return callStencil(e);
  if (f == "head_mix")
    return callHeadMix(e);
  if (f == "merge")
    return callMerge(e);
  if (f == "rmsnorm" || f == "head_gate")
    return callHeadNorm(e);
  if (f == "window" || f == "document" || f == "prefix" || f == "blocks" ||
      f == "block_mask")
    return callMaskConstructor(e);
  if (f == "cumsum" || f == "slice")
    return callTensorOp(e);
  if (f == "causal" || f == "scale" || f == "inf") {
    error(e.range, "'" + f + "' is a value, not a function");
    return errorSem();
  }
  if (params_.count(f) || locals_.count(f)) {
    bool tensor = params_.count(f) ||
                  (locals_.count(f) && locals_[f].kind == Kind::Tensor);
    error(e.range, "'" + f + "' is not a function" +
                       (tensor ? "; read an element with [...]" : ""));
    return errorSem();
  }
  error(e.range, "unknown function '" + f + "'");
  return errorSem();
}

bool Lowering::checkArgs(const Expr &e, size_t minArgs, size_t maxArgs,
                         ArrayRef<StringRef> kwargs, StringRef usage) {
  bool ok = true;
  if (e.operands.size() < minArgs || e.operands.size() > maxArgs) {
    error(e.range, "wrong number of arguments to '" + e.name + "': " + usage);
    ok = false;
  }
  llvm::StringSet<> given;
  for (auto [kw, range] : llvm::zip(e.kwargs, e.kwargRanges)) {
    if (!llvm::is_contained(kwargs, kw.first)) {
      error(range,
            "'" + e.name + "' has no argument '" + kw.first + "': " + usage);
      ok = false;
    } else if (!given.insert(kw.first).second) {
      error(range, "argument '" + kw.first + "' is given twice");
      ok = false;
    }
  }
  return ok;
}

const Expr *Lowering::kwarg(const Expr &e, StringRef name) {
  for (auto &kw : e.kwargs)
    if (kw.first == name)
      return kw.second.get();
  return nullptr;
}

Sem Lowering::callScalarFunction(const Expr &e) {
  const std::string &f = e.name;
  size_t arity = (f == "min" || f == "max" || f == "pow") ? 2
                 : f == "where"                           ? 3
                                                          : 1;
  if (!checkArgs(e, arity, arity, {},
                 f + "(" +
                     (arity == 1   ? "x"
                      : arity == 2 ? "x, y"
                                   : "condition, if_true, if_false") +
                     ")"))
    return errorSem();
  SmallVector<Sem, 3> args;
  for (const ExprPtr &arg : e.operands) {
    args.push_back(lower(*arg));
    if (args.back().kind == Kind::Error)
      return errorSem();
  }
  return combine(f, e.range, args);
}

Sem Lowering::callDot(const Expr &e) {
  if (!checkArgs(e, 2, 2, {"decay", "scale"}, "dot(q, k, decay=g, scale=c)"))
    return errorSem();
  Sem q = lower(*e.operands[0]);
  Sem k = lower(*e.operands[1]);
  Value qv = expectTensor(q, e.operands[0]->range, "q");
  Value kv = expectTensor(k, e.operands[1]->range, "k");
  if (!qv || !kv)
    return errorSem();
  for (auto [sem, expr, what] :
       {std::tuple<Sem &, const Expr &, const char *>{q, *e.operands[0], "q"},
        {k, *e.operands[1], "k"}}) {
    if (sem.dims.size() != 4) {
      error(expr.range, llvm::Twine(what) +
                            " must have 4 dimensions [B, H, "
                            "T, D], got " +
                            llvm::Twine(sem.dims.size()));
      return errorSem();
    }
    if (!isa<FloatType>(sem.elementType)) {
      error(expr.range, llvm::Twine(what) + " must hold floats");
      return errorSem();
    }
  }
  if (q.elementType != k.elementType) {
    error(e.range, "q and k must have the same element type");
    return errorSem();
  }
  if (!sameDim(q.dims[0], k.dims[0], e.operands[1]->range, "batch of k") ||
      !sameDim(q.dims[3], k.dims[3], e.operands[1]->range, "head dim of k"))
    return errorSem();
  if (q.dims[1].symbol.empty() && k.dims[1].symbol.empty() &&
      q.dims[1].size % k.dims[1].size != 0) {
    error(e.range, "query heads (" + q.dims[1].str() +
                       ") are not a multiple of kv heads (" + k.dims[1].str() +
                       ")");
    return errorSem();
  }
  double scale = 1.0;
  if (const Expr *s = kwarg(e, "scale")) {
    std::optional<double> c = constNumber(*s, "scale");
    if (!c)
      return errorSem();
    if (*c == 0.0 || !std::isfinite(*c)) {
      error(s->range, "scale must be finite and non-zero");
      return errorSem();
    }
    if (const char *why = badScale(*c)) {
      error(s->range, llvm::Twine("this dot-product scale ") + why);
      return errorSem();
    }
    scale = *c;
  }
  Value decay;
  if (const Expr *g = kwarg(e, "decay")) {
    Sem gs = lower(*g);
    decay = expectTensor(gs, g->range, "decay");
    if (!decay)
      return errorSem();
    if (!gs.elementType.isF32()) {
      error(g->range, "decay must be an f32 tensor of log-decays");
      return errorSem();
    }
    size_t rank = gs.dims.size();
    bool ok =
        rank == 1
            ? sameDim(q.dims[1], gs.dims[0], g->range, "heads of the decay")
        : (rank == 3 || rank == 4)
            ? sameDim(q.dims[0], gs.dims[0], g->range, "batch of the decay") &&
                  sameDim(q.dims[1], gs.dims[1], g->range,
                          "heads of the decay") &&
                  sameDim(k.dims[2], gs.dims[2], g->range,
                          "key length of the decay") &&
                  (rank == 3 || sameDim(q.dims[3], gs.dims[3], g->range,
                                        "head dim of the decay"))
            : false;
    if (rank != 1 && rank != 3 && rank != 4)
      error(g->range, "decay must be [H] (per head), [B, H, M] (per token) "
                      "or [B, H, M, D] (per channel)");
    if (!ok)
      return errorSem();
  }
  at(e.range);
  Value s = vb_->qk(qv, kv, scale, decay);
  Sem sem;
  sem.kind = Kind::Scores;
  sem.value = s;
  sem.scoreKind = ScoreKind::Logits;
  sem.b = q.dims[0];
  sem.h = q.dims[1];
  sem.n = q.dims[2];
  sem.m = k.dims[2];
  sem.hkv = k.dims[1];
  return sem;
}

Sem Lowering::callMask(const Expr &e) {
  if (!checkArgs(e, 2, 2, {"fill"}, "mask(scores, mask, fill=0)"))
    return errorSem();
  Sem s = lower(*e.operands[0]);
  Value scores = expectScores(s, e.operands[0]->range,
                              "the first argument "
                              "of 'mask'");
  if (!scores)
    return errorSem();
  Sem m = lower(*e.operands[1]);
  Value mask;
  if (m.kind == Kind::Scalar)
    mask = materializePredicate(m, e.operands[1]->range, false, 0, 0, &s);
  else
    mask = expectMask(m, e.operands[1]->range,
                      "the second argument of "
                      "'mask'");
  if (!mask)
    return errorSem();
  if ((m.maskB &&
       !sameDim(s.b, *m.maskB, e.operands[1]->range, "batch of the mask")) ||
      (m.maskN && !sameDim(s.n, *m.maskN, e.operands[1]->range,
                           "query length of the mask")) ||
      (m.maskM && !sameDim(s.m, *m.maskM, e.operands[1]->range,
                           "key length of the mask")) ||
      (m.maskH && !sameDim(s.h, *m.maskH, e.operands[1]->range,
                           "heads of the mask (or 1)")))
    return errorSem();
  MaskFill fill =
      s.scoreKind == ScoreKind::Logits ? MaskFill::NegInf : MaskFill::Zero;
  if (const Expr *f = kwarg(e, "fill")) {
    std::optional<double> c = constNumber(*f, "fill", /*allowInfinity=*/true);
    if (!c)
      return errorSem();
    if (*c == -INFINITY) {
      fill = MaskFill::NegInf;
      if (s.scoreKind == ScoreKind::Probs) {
        error(f->range, "probabilities cannot be filled with -inf; masked "
                        "probabilities are 0");
        return errorSem();
      }
    } else if (*c == 0.0) {
      fill = MaskFill::Zero;
    } else {
      error(f->range, "fill must be 0 or -inf");
      return errorSem();
    }
  }
  at(e.range);
  return scoresSem(vb_->applyMask(scores, mask, fill), s, s.scoreKind);
}

Sem Lowering::callNormalizer(const Expr &e) {
  const std::string &f = e.name;
  bool ok =
      f == "softmax"
          ? checkArgs(e, 1, 1, {"sink"}, "softmax(scores, sink=logits[H])")
      : f == "lse" ? checkArgs(e, 1, 1, {"sink"}, "lse(scores, sink=logits[H])")
      : f == "softpick"
          ? checkArgs(e, 1, 1, {"eps"}, "softpick(scores, eps=1e-6)")
          : checkArgs(e, 1, 1, {"kind", "eps", "floor"},
                      "normalize(probs, kind=sum|abs_sum|"
                      "sum_abs, eps=0, floor=x)");
  if (!ok)
    return errorSem();
  Sem s = lower(*e.operands[0]);
  if (s.kind == Kind::Error)
    return errorSem();
  bool wantsProbs = f == "normalize";
  if (s.kind == Kind::Scores && !wantsProbs &&
      s.scoreKind == ScoreKind::Probs) {
    error(e.operands[0]->range,
          "'" + f +
              "' needs logits, but these scores are already "
              "probabilities");
    return errorSem();
  }
  Value scores =
      wantsProbs ? (s.isPending()
                        ? materialize(s, e.operands[0]->range, ScoreKind::Probs)
                        : expectScores(s, e.operands[0]->range,
                                       "the argument of 'normalize'"))
                 : expectScores(s, e.operands[0]->range,
                                "the argument of '" + f + "'");
  if (!scores)
    return errorSem();
  if (wantsProbs) {
    if (cast<attn::ScoresType>(scores.getType()).isLogits()) {
      at(e.operands[0]->range);
      scores =
          vb_->map({scores}, ScoreKind::Probs,
                   [](ElementwiseBuilder &, ValueRange x) { return x[0]; });
    }
    RowNormKind kind = RowNormKind::Sum;
    if (const Expr *k = kwarg(e, "kind")) {
      std::optional<RowNormKind> parsed =
          k->kind == ExprKind::Ident ? attn::symbolizeRowNormKind(k->name)
                                     : std::nullopt;
      if (!parsed) {
        error(k->range, "kind must be sum, abs_sum or sum_abs");
        return errorSem();
      }
      kind = *parsed;
    }
    double eps = 0.0;
    std::optional<double> floor;
    if (const Expr *x = kwarg(e, "eps")) {
      std::optional<double> c = constNumber(*x, "eps");
      if (!c || *c < 0) {
        if (c)
          error(x->range, "eps must be >= 0");
        return errorSem();
      }
      eps = *c;
    }
    if (const Expr *x = kwarg(e, "floor")) {
      floor = constNumber(*x, "floor");
      if (!floor)
        return errorSem();
    }
    at(e.range);
    return scoresSem(vb_->rowNormalize(scores, kind, eps, floor), s,
                     ScoreKind::Probs);
  }
  Value sink;
  if (const Expr *x = kwarg(e, "sink")) {
    Sem ss = lower(*x);
    sink = expectTensor(ss, x->range, "sink");
    if (!sink)
      return errorSem();
    if (ss.dims.size() != 1 || !ss.elementType.isF32() ||
        !sameDim(s.h, ss.dims[0], x->range, "heads of the sink")) {
      if (ss.dims.size() != 1 || !ss.elementType.isF32())
        error(x->range, "sink must be an f32 tensor of one logit per head "
                        "[H]");
      return errorSem();
    }
  }
  at(e.range);
  if (f == "softmax")
    return scoresSem(vb_->softmax(scores, sink), s, ScoreKind::Probs);
  if (f == "lse") {
    Value l = vb_->lse(scores, sink);
    Sem t = tensorSem(l, {s.b, s.h, s.n}, true);
    return t;
  }
  double eps = 1e-6;
  if (const Expr *x = kwarg(e, "eps")) {
    std::optional<double> c = constNumber(*x, "eps");
    if (!c)
      return errorSem();
    if (*c < 0) {
      error(x->range, "eps must be >= 0");
      return errorSem();
    }
    eps = *c;
  }
  return scoresSem(vb_->softpick(scores, eps), s, ScoreKind::Probs);
}

Sem Lowering::callStencil(const Expr &e) {
  if (!checkArgs(e, 2, 2, {"pad", "pad_value"},
                 "stencil(scores, weights[H, cq, ck], pad=[q_before, "
                 "q_after, k_before, k_after], pad_value=0)"))
    return errorSem();
  Sem s = lower(*e.operands[0]);
  Value scores =
      s.isPending()
          ? materialize(s, e.operands[0]->range, s.scoreKind)
          : expectScores(s, e.operands[0]->range, "the scores of 'stencil'");
  Sem w = lower(*e.operands[1]);
  Value weights = expectTensor(w, e.operands[1]->range, "stencil weights");
  if (!scores || !weights)
    return errorSem();
  if (w.dims.size() != 3 ||
      llvm::any_of(w.dims, [](const DimSym &d) { return !d.symbol.empty(); }) ||
      !w.elementType.isF32()) {
    error(e.operands[1]->range, "stencil weights must be f32 with a numeric "
                                "shape [H, cq, ck]");
    return errorSem();
  }
  if (!sameDim(s.h, w.dims[0], e.operands[1]->range,
               "heads of the stencil weights"))
    return errorSem();
  int64_t cq = w.dims[1].size, ck = w.dims[2].size;
  // Default padding: MTA's, queries look back, keys centred.
  SmallVector<int64_t> pad = {cq - 1, 0, (ck - 1) / 2, ck - 1 - (ck - 1) / 2};
  if (const Expr *p = kwarg(e, "pad")) {
    if (p->kind != ExprKind::List || p->operands.size() != 4) {
      error(p->range, "pad must be a list of 4 integers [q_before, q_after, "
                      "k_before, k_after]");
      return errorSem();
    }
    for (auto [n, element] : llvm::enumerate(p->operands)) {
      std::optional<int64_t> v =
          constIntAtLeast(*element, "a padding", 0, "padding must be >= 0");
      if (!v)
        return errorSem();
      pad[n] = *v;
    }
    if (pad[0] + pad[1] != cq - 1 || pad[2] + pad[3] != ck - 1) {
      error(p->range, "padding must keep the size: q_before + q_after = " +
                          llvm::Twine(cq - 1) + " and k_before + k_after = " +
                          llvm::Twine(ck - 1) + " for a " + llvm::Twine(cq) +
                          "x" + llvm::Twine(ck) + " kernel");
      return errorSem();
    }
  }
  double padValue = 0.0;
  if (const Expr *p = kwarg(e, "pad_value")) {
    std::optional<double> c = constNumber(*p, "pad_value");
    if (!c)
      return errorSem();
    padValue = *c;
  }
  at(e.range);
  return scoresSem(vb_->stencil(scores, weights, pad, padValue), s,
                   s.scoreKind);
}

Sem Lowering::callHeadMix(const Expr &e) {
  if (!checkArgs(e, 2, 2, {}, "head_mix(scores, weights[G, c, c])"))
    return errorSem();
  Sem s = lower(*e.operands[0]);
  Value scores =
      s.isPending()
          ? materialize(s, e.operands[0]->range, s.scoreKind)
          : expectScores(s, e.operands[0]->range, "the scores of 'head_mix'");
  Sem w = lower(*e.operands[1]);
  Value weights = expectTensor(w, e.operands[1]->range, "head-mixing weights");
  if (!scores || !weights)
    return errorSem();
  if (w.dims.size() != 3 ||
      llvm::any_of(w.dims, [](const DimSym &d) { return !d.symbol.empty(); }) ||
      !w.elementType.isF32() || w.dims[1].size != w.dims[2].size) {
    error(e.operands[1]->range, "head-mixing weights must be f32 with a "
                                "numeric shape [G, c, c]");
    return errorSem();
  }
  int64_t groups = w.dims[0].size, size = w.dims[1].size;
  if (s.h.symbol.empty() && s.h.size != groups * size) {
    error(e.range, "the scores have " + llvm::Twine(s.h.size) +
                       " heads but the weights mix " + llvm::Twine(groups) +
                       " group(s) of " + llvm::Twine(size));
    return errorSem();
  }
  at(e.range);
  return scoresSem(vb_->headMix(scores, weights), s, s.scoreKind);
}

Sem Lowering::callMerge(const Expr &e) {
  if (!checkArgs(e, 2, 2, {}, "merge([o1, o2, ...], [lse1, lse2, ...])"))
    return errorSem();
  Sem outs = lower(*e.operands[0]);
  Sem lses = lower(*e.operands[1]);
  if (outs.kind != Kind::List || lses.kind != Kind::List ||
      outs.parts.size() != lses.parts.size() || outs.parts.size() < 2) {
    error(e.range, "merge takes two lists of the same length >= 2: "
                   "merge([o1, o2], [lse1, lse2])");
    return errorSem();
  }
  SmallVector<Value> o, l;
  for (auto [n, part] : llvm::enumerate(outs.parts)) {
    Value v = expectOutput(part, e.operands[0]->operands[n]->range,
                           "a merged output");
    if (!v)
      return errorSem();
    if (part.dims != outs.parts.front().dims) {
      error(e.operands[0]->operands[n]->range,
            "merged outputs must have the same shape");
      return errorSem();
    }
    o.push_back(v);
  }
  for (auto [n, part] : llvm::enumerate(lses.parts)) {
    Value v =
        expectTensor(part, e.operands[1]->operands[n]->range, "a merged lse");
    if (!v)
      return errorSem();
    std::vector<DimSym> rows(outs.parts.front().dims.begin(),
                             outs.parts.front().dims.begin() + 3);
    if (part.dims != rows || !part.elementType.isF32()) {
      error(e.operands[1]->operands[n]->range,
            "each lse must be f32 [B, H, N], matching the outputs");
      return errorSem();
    }
    l.push_back(v);
  }
  at(e.range);
  auto [mo, ml] = vb_->merge(o, l);
  Sem pair;
  pair.kind = Kind::Pair;
  pair.parts.push_back(tensorSem(mo, outs.parts.front().dims, true));
  pair.parts.back().storageType = outs.parts.front().storageType;
  pair.parts.push_back(tensorSem(ml, lses.parts.front().dims, true));
  return pair;
}

Sem Lowering::callHeadNorm(const Expr &e) {
  bool isNorm = e.name == "rmsnorm";
  if (!(isNorm ? checkArgs(e, 1, 1, {"weight", "eps"},
                           "rmsnorm(o, weight=w[Dv] or w[H, Dv], eps=1e-5)")
               : checkArgs(e, 3, 3, {}, "head_gate(o, w[H, Dv], bias[H])")))
    return errorSem();
  Sem o = lower(*e.operands[0]);
  Value out =
      expectOutput(o, e.operands[0]->range, "the argument of '" + e.name + "'");
  if (!out)
    return errorSem();
  auto perHead = [&](const Expr &x, StringRef what) -> Value {
    Sem w = lower(x);
    Value v = expectTensor(w, x.range, what);
    if (!v)
      return {};
    bool ok = w.elementType.isF32() &&
              ((w.dims.size() == 1 && w.dims[0] == o.dims[3]) ||
               (w.dims.size() == 2 && w.dims[0] == o.dims[1] &&
                w.dims[1] == o.dims[3]));
    if (!ok) {
      error(x.range, what + " must be f32 [" + o.dims[3].str() + "] or [" +
                         o.dims[1].str() + ", " + o.dims[3].str() + "]");
      return {};
    }
    return v;
  };
  if (isNorm) {
    Value weight;
    if (const Expr *w = kwarg(e, "weight"))
      if (!(weight = perHead(*w, "the weight")))
        return errorSem();
    double eps = 1e-5;
    if (const Expr *x = kwarg(e, "eps")) {
      std::optional<double> c = constNumber(*x, "eps");
      if (!c)
        return errorSem();
      if (!(*c > 0)) {
        error(x->range, "eps must be > 0");
        return errorSem();
      }
      eps = *c;
    }
    at(e.range);
    Sem normed = tensorSem(vb_->headRMSNorm(out, weight, eps), o.dims, true);
    normed.storageType = o.storageType;
    return normed;
  }
  Value weight = perHead(*e.operands[1], "the gate weight");
  if (!weight)
    return errorSem();
  Sem bias = lower(*e.operands[2]);
  Value b = expectTensor(bias, e.operands[2]->range, "the gate bias");
  if (!b)
    return errorSem();
  if (bias.dims.size() != 1 || !bias.elementType.isF32() ||
      !(bias.dims[0] == o.dims[1] || bias.dims[0] == DimSym{"", 1})) {
    error(e.operands[2]->range,
          "the gate bias must be f32 [" + o.dims[1].str() + "] or [1]");
    return errorSem();
  }
  at(e.range);
  Sem gated = tensorSem(vb_->headGate(out, weight, b), o.dims, true);
  gated.storageType = o.storageType;
  return gated;
}

Sem Lowering::callMaskConstructor(const Expr &e) {
  const std::string &f = e.name;
  Sem mask;
  mask.kind = Kind::Mask;
  if (f == "window") {
    if (!checkArgs(e, 1, 1, {}, "window(W)"))
      return errorSem();
    std::optional<int64_t> w =
        constIntAtLeast(*e.operands[0], "the window size", 1,
                        "a window keeps at least one key");
    if (!w)
      return errorSem();
    at(e.range);
    mask.value = vb_->window(*w);
    return mask;
  }
  if (f == "prefix") {
    if (!checkArgs(e, 1, 1, {}, "prefix(P) or prefix(lengths[B])"))
      return errorSem();
    Sem p = lower(*e.operands[0]);
    if (p.kind == Kind::Error)
      return errorSem();
    at(e.range);
    if (p.kind == Kind::Tensor && !p.isPending()) {
      if (p.dims.size() != 1 ||
          !(p.elementType.isInteger() && !p.elementType.isInteger(1))) {
        error(e.operands[0]->range, "prefix lengths must be an integer "
                                    "tensor [B]");
        return errorSem();
      }
      mask.value = vb_->prefix(p.value);
      mask.maskB = p.dims[0];
      return mask;
    }
    std::optional<int64_t> n = constIntAtLeast(
        *e.operands[0], "the prefix length", 0, "a prefix length must be >= 0");
    if (!n)
      return errorSem();
    at(e.range);
    mask.value = vb_->prefix(*n);
    return mask;
  }
  if (f == "document") {
    if (!checkArgs(e, 2, 2, {}, "document(q_doc[B, N], k_doc[B, M])"))
      return errorSem();
    Sem qd = lower(*e.operands[0]);
    Sem kd = lower(*e.operands[1]);
    Value q = expectTensor(qd, e.operands[0]->range, "query document ids");
    Value k = expectTensor(kd, e.operands[1]->range, "key document ids");
    if (!q || !k)
      return errorSem();
    for (auto [sem, expr] : {std::pair<Sem &, const Expr &>{qd, *e.operands[0]},
                             {kd, *e.operands[1]}})
      if (sem.dims.size() != 2 || !sem.elementType.isInteger() ||
          sem.elementType.isInteger(1)) {
        error(expr.range, "document ids must be an integer tensor [B, T]");
        return errorSem();
      }
    if (!sameDim(qd.dims[0], kd.dims[0], e.operands[1]->range,
                 "batch of the key document ids"))
      return errorSem();
    at(e.range);
    mask.value = vb_->document(q, k);
    mask.maskB = qd.dims[0];
    mask.maskN = qd.dims[1];
    mask.maskM = kd.dims[1];
    return mask;
  }
  if (f == "block_mask") {
    if (!checkArgs(e, 3, 3, {}, "block_mask(map[B, H, Nb, Mb], bq, bk)"))
      return errorSem();
    Sem bm = lower(*e.operands[0]);
    Value map = expectTensor(bm, e.operands[0]->range, "the block map");
    std::optional<int64_t> bq = constInt(*e.operands[1], "a block size");
    std::optional<int64_t> bk = constInt(*e.operands[2], "a block size");
    if (!map || !bq || !bk)
      return errorSem();
    if (bm.dims.size() != 4 || !bm.elementType.isInteger()) {
      error(e.operands[0]->range, "the block map must be an integer tensor "
                                  "[B, H, N blocks, M blocks]");
      return errorSem();
    }
    if (*bq <= 0 || *bk <= 0) {
      error(e.range, "block sizes must be positive");
      return errorSem();
    }
    at(e.range);
    mask.value = vb_->blockMask(map, *bq, *bk);
    mask.maskB = bm.dims[0];
    if (!(bm.dims[1] == DimSym{"", 1}))
      mask.maskH = bm.dims[1];
    return mask;
  }
  // blocks(bq, bk, predicate over (b, h, qb, kb))
  if (!checkArgs(e, 3, 3, {}, "blocks(bq, bk, condition on qb, kb)"))
    return errorSem();
  std::optional<int64_t> bq = constInt(*e.operands[0], "a block size");
  std::optional<int64_t> bk = constInt(*e.operands[1], "a block size");
  if (!bq || !bk)
    return errorSem();
  if (*bq <= 0 || *bk <= 0) {
    error(e.range, "block sizes must be positive");
    return errorSem();
  }
  Sem pred = lower(*e.operands[2]);
  if (pred.kind == Kind::Error)
    return errorSem();
  Value v = materializePredicate(pred, e.operands[2]->range, true, *bq, *bk);
  if (!v)
    return errorSem();
  mask.value = v;
  return mask;
}

Sem Lowering::callTensorOp(const Expr &e) {
  if (e.name == "cumsum") {
    if (!checkArgs(e, 1, 1, {}, "cumsum(g[B, H, T])"))
      return errorSem();
    Sem g = lower(*e.operands[0]);
    Value v = expectTensor(g, e.operands[0]->range,
                           "the argument of "
                           "'cumsum'");
    if (!v)
      return errorSem();
    if ((g.dims.size() != 3 && g.dims.size() != 4) || !g.elementType.isF32()) {
      error(e.operands[0]->range, "cumsum needs an f32 tensor [B, H, T] or "
                                  "[B, H, T, D]");
      return errorSem();
    }
    at(e.range);
    return tensorSem(vb_->cumsum(v), g.dims, g.isOutput);
  }
  if (!checkArgs(e, 3, 3, {}, "slice(x[B, H, T, D], offset, size)"))
    return errorSem();
  Sem x = lower(*e.operands[0]);
  Value v = expectTensor(x, e.operands[0]->range, "the argument of 'slice'");
  std::optional<int64_t> offset = constInt(*e.operands[1], "the offset");
  std::optional<int64_t> size = constInt(*e.operands[2], "the size");
  if (!v || !offset || !size)
    return errorSem();
  if (x.dims.size() != 4) {
    error(e.operands[0]->range, "slice needs a tensor [B, H, T, D]");
    return errorSem();
  }
  if (*offset < 0 || *size <= 0 ||
      (x.dims[3].symbol.empty() &&
       (*size > x.dims[3].size || *offset > x.dims[3].size - *size))) {
    error(e.range, "features [" + llvm::Twine(*offset) + ", " +
                       llvm::Twine(*offset + *size) + ") are not inside the " +
                       x.dims[3].str() + " features of the tensor");
    return errorSem();
  }
  at(e.range);
  std::vector<DimSym> dims = x.dims;
  dims[3] = {"", *size};
  return tensorSem(vb_->featureSlice(v, *offset, *size), dims, x.isOutput);
}

//===----------------------------------------------------------------------===//
// Elementwise trees
//===----------------------------------------------------------------------===//

ENodePtr Lowering::asTree(const Sem &sem, SMRange range) {
  if (sem.tree)
    return sem.tree;
  auto leaf = std::make_shared<ENode>();
  leaf->op = ENode::Leaf;
  leaf->type = SType::Float;
  leaf->tensor = sem.value;
  leaf->range = range;
  return leaf;
}

/// Combines operands with an elementwise operator or scalar function. The
/// result is a scalar if every operand is, else a pending score matrix or
/// tensor; its scalar type follows the operator and the operand types.
Sem Lowering::combine(const std::string &op, SMRange range,
                      ArrayRef<Sem> operands) {
  const Sem *shaped = nullptr;
  for (const Sem &s : operands) {
    switch (s.kind) {
    case Kind::Error:
      return errorSem();
    case Kind::Scalar:
      continue;
    case Kind::Scores:
    case Kind::Tensor:
      if (s.kind == Kind::Tensor && s.dims.size() != 4) {
        error(range, "'" + op +
                         "' works elementwise on [B, H, T, D] tensors "
                         "(inputs or attention outputs); this one has " +
                         llvm::Twine(s.dims.size()) + " dimensions");
        return errorSem();
      }
      if (s.kind == Kind::Tensor && !isa<FloatType>(s.elementType)) {
        error(range, "'" + op +
                         "' works elementwise on float tensors; read "
                         "an integer tensor with [...] instead");
        return errorSem();
      }
      if (!shaped) {
        shaped = &s;
        continue;
      }
      if (s.kind != shaped->kind) {
        error(range, "'" + op +
                         "' cannot combine a score matrix with a "
                         "tensor");
        return errorSem();
      }
      if (s.kind == Kind::Scores) {
        if (s.scoreKind != shaped->scoreKind) {
          error(range, "'" + op +
                           "' cannot combine logits with "
                           "probabilities");
          return errorSem();
        }
        if (!sameDim(shaped->b, s.b, range, "batch") ||
            !sameDim(shaped->h, s.h, range, "heads") ||
            !sameDim(shaped->n, s.n, range, "query length") ||
            !sameDim(shaped->m, s.m, range, "key length"))
          return errorSem();
      } else {
        if (s.dims != shaped->dims) {
          std::string a, b;
          for (const DimSym &d : shaped->dims)
            a += (a.empty() ? "" : ", ") + d.str();
          for (const DimSym &d : s.dims)
            b += (b.empty() ? "" : ", ") + d.str();
          error(range, "'" + op + "' combines tensors of different shapes [" +
                           a + "] and [" + b + "]");
          return errorSem();
        }
      }
      continue;
    default:
      error(range, "'" + op + "' cannot take " + kindName(s.kind));
      return errorSem();
    }
  }

  // Scalar types.
  SmallVector<SType> types;
  for (const Sem &s : operands)
    types.push_back(s.tree ? s.tree->type : SType::Float);
  auto numeric = [&](unsigned n) {
    if (types[n] == SType::Bool) {
      error(range, "'" + op + "' needs a number, got a boolean");
      return false;
    }
    return true;
  };
  SType result = SType::Float;
  if (op == "!" || op == "&" || op == "|") {
    for (SType t : types)
      if (t != SType::Bool) {
        error(range, "'" + op + "' needs booleans, got " + stypeName(t));
        return errorSem();
      }
    result = SType::Bool;
  } else if (op == "==" || op == "!=") {
    if ((types[0] == SType::Bool) != (types[1] == SType::Bool)) {
      error(range, "'" + op + "' compares a boolean with a number");
      return errorSem();
    }
    result = SType::Bool;
  } else if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    if (!numeric(0) || !numeric(1))
      return errorSem();
    result = SType::Bool;
  } else if (op == "where") {
    if (types[0] != SType::Bool) {
      error(range, llvm::Twine("the condition of 'where' must be a boolean, "
                               "got ") +
                       stypeName(types[0]));
      return errorSem();
    }
    if ((types[1] == SType::Bool) != (types[2] == SType::Bool)) {
      error(range, "'where' chooses between a boolean and a number");
      return errorSem();
    }
    result = types[1] == SType::Int && types[2] == SType::Int ? SType::Int
             : types[1] == SType::Bool                        ? SType::Bool
                                                              : SType::Float;
  } else if (op == "+" || op == "-" || op == "*" || op == "//" || op == "%" ||
             op == "min" || op == "max" || op == "abs") {
    for (unsigned n = 0; n < types.size(); ++n)
      if (!numeric(n))
        return errorSem();
    result = llvm::all_of(types, [](SType t) { return t == SType::Int; })
                 ? SType::Int
                 : SType::Float;
  } else if (op == "int") {
    if (!numeric(0))
      return errorSem();
    result = SType::Int;
  } else {
    // `/` and the float functions.
    for (unsigned n = 0; n < types.size(); ++n)
      if (!numeric(n))
        return errorSem();
    result = SType::Float;
  }

  // A constant zero divisor is a mistake (at run time, an integer `x // 0`
  // and `x % 0` are 0; a float division by 0 is IEEE's).
  if ((op == "//" || op == "%" || op == "/") && operands.size() == 2 &&
      operands[1].kind == Kind::Scalar)
    if (std::optional<double> d = evalConst(operands[1].tree); d && *d == 0) {
      error(operands[1].tree->range,
            "division by zero: the divisor of '" + op + "' is the constant 0");
      return errorSem();
    }

  // Trees grow across statements (`s = s + 1` repeated); keep them shallow
  // enough for the recursive passes over them: a deep pending operand is
  // materialised first, and a deep scalar expression is an error.
  SmallVector<Sem, 3> ops(operands.begin(), operands.end());
  unsigned depth = 0;
  for (Sem &o : ops) {
    if (o.tree && o.tree->depth >= kMaxTreeDepth) {
      if (!o.isPending()) {
        error(range, "expression too deep (more than " +
                         llvm::Twine(kMaxTreeDepth) + " operations)");
        return errorSem();
      }
      if (!materialize(o, range, o.scoreKind))
        return errorSem();
    }
    depth = std::max(depth, o.tree ? o.tree->depth : 1u);
  }
  operands = ops;

  auto node = std::make_shared<ENode>();
  node->depth = depth + 1;
  node->op = operands.size() == 1 && (op == "-" || op == "!") ? ENode::Unary
             : (op.size() <= 2 && !std::isalpha(op[0]))       ? ENode::Binary
                                                              : ENode::Call;
  node->name = op;
  node->type = result;
  node->range = range;
  for (const Sem &s : operands)
    node->kids.push_back(asTree(s, range));
  for (const ENodePtr &kid : node->kids)
    node->treeSize =
        std::min<uint64_t>(node->treeSize + kid->treeSize, uint64_t(1) << 62);
  // Named subexpressions are shared, not copied (`s = s + s` thirty times
  // is 31 operations), so only a tree that is large when expanded can have
  // too many distinct operations: count those once.
  if (node->treeSize > kMaxTreeNodes) {
    llvm::SmallPtrSet<const ENode *, 32> seen;
    SmallVector<const ENode *> stack = {node.get()};
    while (!stack.empty() && seen.size() <= kMaxTreeNodes) {
      const ENode *n = stack.pop_back_val();
      if (seen.insert(n).second)
        for (const ENodePtr &kid : n->kids)
          stack.push_back(kid.get());
    }
    if (seen.size() > kMaxTreeNodes) {
      error(range, "expression too large (more than " +
                       llvm::Twine(kMaxTreeNodes) +
                       " operations in one elementwise expression)");
      return errorSem();
    }
  }

  Sem sem;
  if (!shaped) {
    sem.kind = Kind::Scalar;
    sem.tree = node;
    return sem;
  }
  sem = *shaped;
  sem.value = Value();
  sem.tree = node;
  // An output combined with input tensors of its shape (a gate) is an output.
  for (const Sem &s : operands)
    if (s.kind == Kind::Tensor && s.isOutput) {
      sem.isOutput = true;
      sem.storageType = s.storageType;
    }
  return sem;
}

bool Lowering::checkIndices(const ENodePtr &node, ArrayRef<StringRef> names,
                            StringRef context) {
  llvm::DenseMap<const ENode *, bool> checked;
  return checkIndices(node, names, context, checked);
}

bool Lowering::checkIndices(const ENodePtr &node, ArrayRef<StringRef> names,
                            StringRef context,
                            llvm::DenseMap<const ENode *, bool> &checked) {
  // A shared subtree is checked (and reported) once.
  if (auto it = checked.find(node.get()); it != checked.end())
    return it->second;
  bool kidsOk = true;
  for (const ENodePtr &kid : node->kids)
    kidsOk &= checkIndices(kid, names, context, checked);
  bool ok = kidsOk;
  if (node->op == ENode::Index && !llvm::is_contained(names, node->name)) {
    std::string list;
    for (StringRef n : names)
      list += (list.empty() ? "" : ", ") + n.str();
    error(node->range, "index variable '" + node->name + "' is not defined " +
                           context + " (there: " + list + ")");
    ok = false;
  }
  // Constants a kernel cannot hold, reported at the innermost one.
  if (kidsOk && node->type == SType::Float && node->op != ENode::Load &&
      node->op != ENode::Leaf)
    if (std::optional<double> c = evalConst(node))
      if (const char *why = notF32(*c)) {
        error(node->range, llvm::Twine("this constant ") + why);
        ok = false;
      }
  // (A literal is exact and in range: the parser checked it.)
  if (kidsOk && node->type == SType::Int && node->op != ENode::Const)
    if (std::optional<double> c = evalConst(node); c && !fitsInt64(*c)) {
      error(node->range,
            node->op == ENode::Call && node->name == "int"
                ? "int() of a constant outside the 64-bit integer range"
                : "this integer constant is outside the 64-bit range");
      ok = false;
    }
  if (node->op == ENode::Scale) {
    error(node->range, "'scale' (1/sqrt(Dqk)) must multiply a dot product "
                       "directly: write dot(q, k) * scale, then any other "
                       "factor");
    ok = false;
  }
  checked[node.get()] = ok;
  return ok;
}

bool Lowering::checkLoads(const ENodePtr &node, ArrayRef<StringRef> names,
                          const Sem &context) {
  llvm::DenseMap<const ENode *, bool> checked;
  return checkLoads(node, names, context, checked);
}

bool Lowering::checkLoads(const ENodePtr &node, ArrayRef<StringRef> names,
                          const Sem &context,
                          llvm::DenseMap<const ENode *, bool> &checked) {
  if (auto it = checked.find(node.get()); it != checked.end())
    return it->second;
  bool ok = true;
  if (node->op == ENode::Load)
    for (auto [axis, kid] : llvm::enumerate(node->kids)) {
      if (kid->op != ENode::Index)
        continue;
      // The dimension an index variable ranges over, where known.
      std::optional<DimSym> range;
      unsigned pos = llvm::find(names, kid->name) - names.begin();
      if (context.kind == Kind::Scores) {
        DimSym dims[] = {context.b, context.h, context.n, context.m};
        range = dims[pos];
      } else if (context.kind == Kind::Tensor && context.dims.size() == 4) {
        range = context.dims[pos];
      }
      const DimSym &dim = node->dims[axis];
      // A size-1 dimension broadcasts (a shared parameter is read at 0
      // only); otherwise the sizes must agree.
      if (range && *range != dim && !(dim.symbol.empty() && dim.size == 1)) {
        error(kid->range, "index '" + kid->name + "' ranges over " +
                              range->str() + " but dimension " +
                              llvm::Twine(axis) + " of '" + node->name +
                              "' is " + dim.str());
        ok = false;
      }
    }
  for (const ENodePtr &kid : node->kids)
    ok &= checkLoads(kid, names, context, checked);
  checked[node.get()] = ok;
  return ok;
}

void Lowering::collect(const ENodePtr &node, llvm::SetVector<Value> &leaves,
                       llvm::SetVector<StringRef> &dims) {
  llvm::SmallPtrSet<const ENode *, 32> seen;
  collect(node, leaves, dims, seen);
}

void Lowering::collect(const ENodePtr &node, llvm::SetVector<Value> &leaves,
                       llvm::SetVector<StringRef> &dims,
                       llvm::SmallPtrSetImpl<const ENode *> &seen) {
  if (!seen.insert(node.get()).second)
    return;
  if (node->op == ENode::Leaf)
    leaves.insert(node->tensor);
  if (node->op == ENode::Dim)
    dims.insert(node->name);
  for (const ENodePtr &kid : node->kids)
    collect(kid, leaves, dims, seen);
}

llvm::StringMap<Value>
Lowering::emitDims(const llvm::SetVector<StringRef> &dims) {
  llvm::StringMap<Value> values;
  for (StringRef name : dims) {
    auto [param, axis] = dimSymbols_.lookup(name);
    values[name] = vb_->dim(params_[param].value, axis);
  }
  return values;
}

Value Lowering::emit(ElementwiseBuilder &e, const ENode &node,
                     const llvm::DenseMap<Value, Value> &leafArgs,
                     const llvm::StringMap<Value> &dimValues,
                     ArrayRef<StringRef> names) {
  // A shared subtree (`s = s + s`) is computed once in the region.
  if (Value done = emitted_.lookup(&node))
    return done;
  Value v = emitNode(e, node, leafArgs, dimValues, names);
  emitted_[&node] = v;
  return v;
}

Value Lowering::emitNode(ElementwiseBuilder &e, const ENode &node,
                         const llvm::DenseMap<Value, Value> &leafArgs,
                         const llvm::StringMap<Value> &dimValues,
                         ArrayRef<StringRef> names) {
  e.setLoc(loc(node.range));
  // A constant subexpression is evaluated exactly (in double) and rounded to
  // f32 once, rather than op by op in f32. (checkIndices rejected integer
  // constants outside int64_t.)
  if (node.op != ENode::Const && node.type != SType::Bool)
    if (std::optional<double> c = evalConst(node)) {
      if (node.type == SType::Int)
        return e.integer(fitsInt64(*c) ? static_cast<int64_t>(*c) : 0);
      return e.f32(*c);
    }
  auto kid = [&](unsigned n) {
    return emit(e, *node.kids[n], leafArgs, dimValues, names);
  };
  switch (node.op) {
  case ENode::Const:
    if (node.type == SType::Int)
      return e.integer(node.intValue);
    return e.f32(node.value);
  case ENode::Index:
    return e.index(llvm::find(names, node.name) - names.begin());
  case ENode::Dim:
    return dimValues.lookup(node.name);
  case ENode::Leaf:
    return leafArgs.lookup(node.tensor);
  case ENode::Scale:
    return {};
  case ENode::Load: {
    SmallVector<Value> indices;
    for (unsigned n = 0; n < node.kids.size(); ++n)
      indices.push_back(kid(n));
    return e.load(node.tensor, indices);
  }
  case ENode::Unary:
    return node.name == "!" ? e.logicalNot(kid(0)) : e.neg(kid(0));
  case ENode::Binary: {
    Value a = kid(0), c = kid(1);
    const std::string &op = node.name;
    if (op == "+")
      return e.add(a, c);
    if (op == "-")
      return e.sub(a, c);
    if (op == "*")
      return e.mul(a, c);
    if (op == "/")
      return e.div(e.toFloat(a), e.toFloat(c));
    if (op == "//")
      return e.floorDiv(a, c);
    if (op == "%")
      return e.mod(a, c);
    if (op == "&")
      return e.logicalAnd(a, c);
    if (op == "|")
      return e.logicalOr(a, c);
    using C = ElementwiseBuilder::Cmp;
    C pred = llvm::StringSwitch<C>(op)
                 .Case("<", C::LT)
                 .Case("<=", C::LE)
                 .Case(">", C::GT)
                 .Case(">=", C::GE)
                 .Case("==", C::EQ)
                 .Default(C::NE);
    return e.cmp(pred, a, c);
  }
  case ENode::Call: {
    const std::string &f = node.name;
    if (f == "where")
      return e.select(kid(0), kid(1), kid(2));
    if (f == "min")
      return e.min(kid(0), kid(1));
    if (f == "max")
      return e.max(kid(0), kid(1));
    if (f == "pow")
      return e.pow(kid(0), kid(1));
    Value x = kid(0);
    if (f == "exp")
      return e.exp(x);
    if (f == "log")
      return e.log(x);
    if (f == "sqrt")
      return e.sqrt(x);
    if (f == "tanh")
      return e.tanh(x);
    if (f == "abs")
      return e.abs(x);
    if (f == "sigmoid")
      return e.sigmoid(x);
    if (f == "relu")
      return e.relu(x);
    if (f == "elu")
      return e.elu(x);
    if (f == "softplus")
      return e.softplus(x);
    if (f == "floor")
      return e.floor(x);
    if (f == "int")
      return e.toInt(x);
    return e.toFloat(x); // float
  }
  }
  return {};
}

Value Lowering::materialize(Sem &sem, SMRange range, ScoreKind kind) {
  if (!sem.isPending())
    return sem.value;
  static constexpr StringRef scoreNames[] = {"b", "h", "i", "j"};
  static constexpr StringRef outputNames[] = {"b", "h", "i", "d"};
  static constexpr StringRef featureNames[] = {"b", "h", "t", "d"};
  ArrayRef<StringRef> names;
  StringRef context;
  if (sem.kind == Kind::Scores) {
    names = scoreNames;
    context = "in a score expression";
  } else if (sem.isOutput) {
    names = outputNames;
    context = "in an output expression";
  } else {
    names = featureNames;
    context = "in a feature map";
  }
  if (sem.tree->type != SType::Float) {
    error(range, llvm::Twine("an elementwise expression over ") +
                     kindName(sem.kind) + " must give a float, not " +
                     stypeName(sem.tree->type));
    return {};
  }
  if (!checkIndices(sem.tree, names, context) ||
      !checkLoads(sem.tree, names, sem))
    return {};
  llvm::SetVector<Value> leaves;
  llvm::SetVector<StringRef> dims;
  collect(sem.tree, leaves, dims);
  if (sem.kind == Kind::Tensor && !sem.isOutput && leaves.size() != 1) {
    error(range, "a feature map transforms one input tensor; this "
                 "expression combines " +
                     llvm::Twine(leaves.size()));
    return {};
  }
  // Sizes used inside the region are computed outside it.
  at(range);
  llvm::StringMap<Value> dimValues = emitDims(dims);
  SmallVector<Value> leafValues(leaves.begin(), leaves.end());
  auto body = [&](ElementwiseBuilder &e, ValueRange args) {
    llvm::DenseMap<Value, Value> leafArgs;
    for (auto [leaf, arg] : llvm::zip(leafValues, args))
      leafArgs[leaf] = arg;
    emitted_.clear();
    Value result = emit(e, *sem.tree, leafArgs, dimValues, names);
    emitted_.clear();
    return result;
  };
  at(range);
  Value v;
  if (sem.kind == Kind::Scores) {
    v = vb_->map(leafValues, kind, body);
    sem.scoreKind = kind;
  } else if (sem.isOutput) {
    v = vb_->outputMap(leafValues, body, vb_->f32());
  } else {
    v = vb_->featureMap(leafValues.front(), body);
  }
  sem.value = v;
  sem.tree = nullptr;
  return v;
}

Value Lowering::materializePredicate(const Sem &sem, SMRange range, bool blocks,
                                     int64_t blockQ, int64_t blockK,
                                     const Sem *scores) {
  if (sem.kind != Kind::Scalar || sem.tree->type != SType::Bool) {
    error(range, llvm::Twine("expected a mask or a condition, got ") +
                     (sem.kind == Kind::Scalar ? stypeName(sem.tree->type)
                                               : kindName(sem.kind)));
    return {};
  }
  static constexpr StringRef elementNames[] = {"b", "h", "i", "j"};
  static constexpr StringRef blockNames[] = {"b", "h", "qb", "kb"};
  ArrayRef<StringRef> names = blocks ? ArrayRef<StringRef>(blockNames)
                                     : ArrayRef<StringRef>(elementNames);
  if (!checkIndices(sem.tree, names,
                    blocks ? "in a block condition" : "in a mask condition") ||
      (scores && !checkLoads(sem.tree, names, *scores)))
    return {};
  llvm::SetVector<Value> leaves;
  llvm::SetVector<StringRef> dims;
  collect(sem.tree, leaves, dims);
  at(range);
  llvm::StringMap<Value> dimValues = emitDims(dims);
  llvm::DenseMap<Value, Value> noLeaves;
  auto body = [&](ElementwiseBuilder &e, ValueRange) {
    emitted_.clear();
    Value result = emit(e, *sem.tree, noLeaves, dimValues, names);
    emitted_.clear();
    return result;
  };
  at(range);
  return blocks ? vb_->blockPredicate(blockQ, blockK, body)
                : vb_->predicate(body);
}

std::optional<double> Lowering::evalConst(const ENode &node) {
  if (!node.evaluated) {
    node.constant = evalConstNode(node);
    node.evaluated = true;
  }
  return node.constant;
}

std::optional<double> Lowering::evalConstNode(const ENode &node) {
  switch (node.op) {
  case ENode::Const:
    return node.value;
  case ENode::Unary: {
    if (node.name != "-")
      return std::nullopt;
    std::optional<double> x = evalConst(*node.kids[0]);
    return x ? std::optional<double>(-*x) : std::nullopt;
  }
  case ENode::Binary:
  case ENode::Call: {
    SmallVector<double> xs;
    for (const ENodePtr &kid : node.kids) {
      std::optional<double> x = evalConst(*kid);
      if (!x)
        return std::nullopt;
      xs.push_back(*x);
    }
    const std::string &f = node.name;
    bool ints = node.type == SType::Int;
    if (f == "+")
      return xs[0] + xs[1];
    if (f == "-")
      return xs[0] - xs[1];
    if (f == "*")
      return xs[0] * xs[1];
    if (f == "/")
      return xs[0] / xs[1];
    if (f == "//" && xs[1] != 0)
      return ints ? std::floor(xs[0] / xs[1]) : std::floor(xs[0] / xs[1]);
    if (f == "%" && xs[1] != 0)
      return xs[0] - xs[1] * std::floor(xs[0] / xs[1]);
    if (f == "sqrt")
      return std::sqrt(xs[0]);
    if (f == "exp")
      return std::exp(xs[0]);
    if (f == "log")
      return std::log(xs[0]);
    if (f == "tanh")
      return std::tanh(xs[0]);
    if (f == "abs")
      return std::fabs(xs[0]);
    if (f == "floor")
      return std::floor(xs[0]);
    if (f == "sigmoid")
      return 1.0 / (1.0 + std::exp(-xs[0]));
    if (f == "min")
      return std::min(xs[0], xs[1]);
    if (f == "max")
      return std::max(xs[0], xs[1]);
    if (f == "pow")
      return std::pow(xs[0], xs[1]);
    if (f == "float")
      return xs[0];
    if (f == "int")
      return std::trunc(xs[0]);
    return std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

Value Lowering::expectScores(Sem &sem, SMRange range, StringRef what) {
  if (sem.kind == Kind::Error)
    return {};
  if (sem.kind != Kind::Scores) {
    error(range, what + " must be a score matrix, got " + kindName(sem.kind));
    return {};
  }
  return materialize(sem, range, sem.scoreKind);
}

Value Lowering::expectTensor(Sem &sem, SMRange range, StringRef what) {
  if (sem.kind == Kind::Error)
    return {};
  if (sem.kind != Kind::Tensor) {
    error(range, what + " must be a tensor, got " + kindName(sem.kind));
    return {};
  }
  return materialize(sem, range);
}

Value Lowering::expectOutput(Sem &sem, SMRange range, StringRef what) {
  Value v = expectTensor(sem, range, what);
  if (!v)
    return {};
  if (!sem.isOutput || sem.dims.size() != 4 ||
      !isa<FloatType>(sem.elementType)) {
    error(range, what + " must be an attention output [B, H, N, Dv] (the "
                        "result of p @ v or an expression of one)");
    return {};
  }
  return v;
}

Value Lowering::expectMask(Sem &sem, SMRange range, StringRef what) {
  if (sem.kind == Kind::Error)
    return {};
  if (sem.kind != Kind::Mask) {
    error(range, what + " must be a mask, got " + kindName(sem.kind));
    return {};
  }
  return sem.value;
}

std::optional<double> Lowering::constNumber(const Expr &e, StringRef what,
                                            bool allowInfinity) {
  Sem s = lower(e);
  if (s.kind == Kind::Error)
    return std::nullopt;
  std::optional<double> c =
      s.kind == Kind::Scalar ? evalConst(s.tree) : std::nullopt;
  if (!c) {
    error(e.range, what + " must be a constant number");
    return std::nullopt;
  }
  if (std::isinf(*c) && allowInfinity)
    return c;
  if (!std::isfinite(*c)) {
    error(e.range, what + " must be a finite number");
    return std::nullopt;
  }
  if (const char *why = notF32(*c)) {
    error(e.range, llvm::Twine("this constant ") + why);
    return std::nullopt;
  }
  return c;
}

std::optional<int64_t> Lowering::constInt(const Expr &e, StringRef what) {
  Sem s = lower(e);
  if (s.kind == Kind::Error)
    return std::nullopt;
  std::optional<double> c = s.kind == Kind::Scalar && s.tree->type == SType::Int
                                ? evalConst(s.tree)
                                : std::nullopt;
  if (!c) {
    error(e.range, what + " must be a constant integer");
    return std::nullopt;
  }
  if (s.tree->op == ENode::Const)
    return s.tree->intValue;
  // Computed in double: exact up to 2^53.
  if (!(std::abs(*c) <= 9.0e15)) {
    error(e.range, what + " is too large (a computed constant integer is at "
                          "most 9e15)");
    return std::nullopt;
  }
  return static_cast<int64_t>(*c);
}

std::optional<int64_t> Lowering::constIntAtLeast(const Expr &e, StringRef what,
                                                 int64_t min,
                                                 const llvm::Twine &tooSmall) {
  std::optional<int64_t> c = constInt(e, what);
  if (c && *c < min) {
    error(e.range, tooSmall);
    return std::nullopt;
  }
  return c;
}

bool Lowering::sameDim(const DimSym &a, const DimSym &b, SMRange range,
                       const llvm::Twine &what) {
  if (a == b)
    return true;
  error(range, what + " is " + b.str() + " but " + a.str() + " is expected");
  return false;
}

Value Lowering::store(Value v, Type storageType, SMRange range) {
  auto type = cast<RankedTensorType>(v.getType());
  if (!storageType || type.getElementType() == storageType)
    return v;
  Operation *def = v.getDefiningOp();
  bool retypable = def && v.use_empty() &&
                   isa<attn::PVOp, attn::OutputMapOp, attn::HeadRMSNormOp,
                       attn::HeadGateOp, attn::MergeOp>(def);
  if (retypable) {
    v.setType(type.clone(storageType));
    return v;
  }
  at(range);
  return vb_->outputMap(
      {v}, [](ElementwiseBuilder &, ValueRange x) { return x[0]; },
      storageType);
}

Sem Lowering::scoresSem(Value v, const Sem &like, ScoreKind kind) {
  Sem sem = like;
  sem.kind = Kind::Scores;
  sem.value = v;
  sem.tree = nullptr;
  sem.scoreKind = kind;
  return sem;
}

Sem Lowering::tensorSem(Value v, std::vector<DimSym> dims, bool isOutput) {
  Sem sem;
  sem.kind = Kind::Tensor;
  sem.value = v;
  sem.elementType = cast<RankedTensorType>(v.getType()).getElementType();
  sem.dims = std::move(dims);
  sem.isOutput = isOutput;
  sem.storageType = sem.elementType;
  return sem;
}

} // namespace

OwningOpRef<ModuleOp> attnc::lang::lowerProgram(const Program &program,
                                                Diagnostics &diags,
                                                MLIRContext &context) {
  return Lowering(diags, context, program).run();
}

OwningOpRef<ModuleOp> attnc::lang::compileAttnSource(Diagnostics &diags,
                                                     MLIRContext &context) {
  Program program = parseProgram(diags);
  if (diags.hadError())
    return nullptr;
  return lowerProgram(program, diags, context);
}
