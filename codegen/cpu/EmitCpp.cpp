//===- EmitCpp.cpp - kernel plans to host C++ -----------------------------===//
//
// One `struct Program` per variant:
//  * members for the inputs (f32 or i64 tensors), the scalars of the
//    variant body (sizes, constants) and the tensors it computes;
//  * per mask op, `cls<n>` (the class of a tile: closed forms, interval
//    evaluation of predicate regions, pre-kernel data of run-time masks)
//    and `ok<n>` (one entry);
//  * per kernel, for every score op of its region a tile function `f<n>`
//    (the op over a region of heads x rows x keys, reading its inputs'
//    tiles, widened by the halo for stencils and to whole head groups for
//    head mixing) and a fact function `z<n>` (is the region known to be
//    absent, or zero, without computing it), then the family's mainloop
//    from the library;
//  * `run()`, the variant body in order.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/EmitCpp.h"
#include "codegen/RegionCode.h"
#include "dialect/plan/PlanOps.h"
#include "passes/Family.h"
#include "passes/KernelAnatomy.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

const char *kRegionArgs =
    "i64 b, i64 h0, i64 h1, i64 i0, i64 i1, i64 j0, i64 j1";
const char *kRegion = "b, h0, h1, i0, i1, j0, j1";

class Emitter : public RegionCode {
public:
  explicit Emitter(VariantOp variant)
      : RegionCode("std::", "the CPU backend", ""), variant_(variant) {}
  llvm::Expected<std::string> run();

private:
  std::string capturedScalar(Value v) override {
    return "s" + id(v); // a scalar of the variant body
  }
  std::string loadExpr(LoadOp load, Value source,
                       ArrayRef<std::string> index) override {
    std::string s = tensor(source) + ".load(\"" + where(load) + "\"";
    for (const std::string &i : index)
      s += ", " + i;
    return s + ")";
  }

  /// Statements whose errors are reported at `op`'s location.
  static std::string at(Operation *op, const std::string &code) {
    std::string w = where(op);
    if (w.empty() || code.empty())
      return code;
    return "    try {\n" + code +
           "    } catch (const Located &) { throw; } catch (const "
           "std::runtime_error &e) { failAt(\"" +
           w + "\", e.what()); }\n";
  }

  // Values of the variant body.
  std::string tensor(Value v); // a Tensor<float> / Tensor<i64> lvalue

  // Masks.
  llvm::Error dataMask(Operation *op, const std::string &n, std::string &cls,
                       std::string &ok) override;
  void defineMask(const std::string &n, const std::string &cls,
                  const std::string &ok) override;
  std::string prepareMasks(Value mask, StringRef schedule);

  // Kernels.
  llvm::Error emitKernel(plan::KernelOp kernel);
  llvm::Error emitScoreOp(Operation *op, plan::KernelOp kernel,
                          const std::string &k);
  llvm::Error emitLinear(plan::KernelOp kernel, const std::string &k);

  // Tensor ops of the body.
  llvm::Error emitBodyOp(Operation &op);

  VariantOp variant_;
  std::string members_, methods_, body_;
  /// Checks of the kernel being emitted, run before its mainloop.
  std::string checks_;
  SmallVector<Value> outputs_;
  /// Kernels and their stats slot.
  unsigned kernels_ = 0;
  /// Per kernel being emitted: the scores' sizes and the LSE buffer.
  std::string sched_;
  bool log2_ = false;
};

std::string Emitter::tensor(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v))
    return "a" + std::to_string(arg.getArgNumber());
  return "o" + id(v) + ".t";
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

/// Prefix lengths, document ids and block maps, read from their tensors;
/// a document mask's tile classes come from its pre-kernel.
llvm::Error Emitter::dataMask(Operation *op, const std::string &n,
                              std::string &cls, std::string &ok) {
  if (auto p = dyn_cast<PrefixOp>(op)) {
    std::string L =
        "i64(" + tensor(p.getLengths()) + ".load(\"" + where(p) + "\", b))";
    cls = "return prefixCls(" + L + ", jl, jh);";
    ok = "return j < " + L + ";";
  } else if (auto doc = dyn_cast<DocumentOp>(op)) {
    members_ += "  DocumentBlocks doc" + n + ";\n";
    cls = "return doc" + n + ".cls(b, il, ih, jl, jh);";
    ok = "return " + tensor(doc.getQDoc()) +
         "(b, i) == " + tensor(doc.getKDoc()) + "(b, j);";
  } else if (auto bm = dyn_cast<BlockMaskOp>(op)) {
    std::string map = tensor(bm.getBlockMap());
    std::string bq = std::to_string(bm.getBlock()[0]),
                bk = std::to_string(bm.getBlock()[1]);
    cls = "return blockMapCls(" + map + ", " + bq + ", " + bk +
          ", b, hl, hh, il, ih, jl, jh);";
    ok = "return " + map + "(b, " + map + ".dim(1) == 1 ? 0 : h, i / " + bq +
         ", j / " + bk + ") != 0;";
  } else {
    return unsupported(op, "has no rule for this mask");
  }
  return llvm::Error::success();
}

/// Members `int cls<n>(b, hl, hh, il, ih, jl, jh, N, M)` (inclusive bounds)
/// and `bool ok<n>(b, h, i, j, N, M)` of the program class.
void Emitter::defineMask(const std::string &n, const std::string &cls,
                         const std::string &ok) {
  methods_ += "  int cls" + n +
              "(i64 b, i64 hl, i64 hh, i64 il, i64 ih, i64 jl, i64 jh, i64 N, "
              "i64 M) {\n    (void)b; (void)hl; (void)hh; (void)il; (void)ih; "
              "(void)jl; (void)jh; (void)N; (void)M;\n    " +
              cls + "\n  }\n";
  methods_ += "  bool ok" + n +
              "(i64 b, i64 h, i64 i, i64 j, i64 N, i64 M) {\n    (void)b; "
              "(void)h; (void)i; (void)j; (void)N; (void)M;\n    " +
              ok + "\n  }\n";
}

/// Statements that check a mask's run-time data against the scores and
/// run its pre-kernel for the kernel's tiles (`s` is the schedule).
std::string Emitter::prepareMasks(Value mask, StringRef s) {
  Operation *op = mask.getDefiningOp();
  std::string code, n = id(mask), S = s.str();
  if (auto doc = dyn_cast<DocumentOp>(op))
    code += "    doc" + n + ".build(" + tensor(doc.getQDoc()) + ", " +
            tensor(doc.getKDoc()) + ", " + S + ".BQ, " + S + ".BK, " + S +
            ".N, " + S + ".M);\n    expect(" + tensor(doc.getQDoc()) +
            ".dim(0) == " + S +
            ".B, \"attn.document: the document ids' "
            "batch does not match the scores\");\n";
  if (auto bm = dyn_cast<BlockMaskOp>(op))
    code += "    checkBlockMap(" + tensor(bm.getBlockMap()) + ", " +
            std::to_string(bm.getBlock()[0]) + ", " +
            std::to_string(bm.getBlock()[1]) + ", " + S + ".B, " + S + ".H, " +
            S + ".N, " + S + ".M);\n";
  if (auto p = dyn_cast<PrefixOp>(op); p && p.getLengths())
    code += "    expect(" + tensor(p.getLengths()) + ".dim(0) == " + S +
            ".B, \"attn.prefix: prefix lengths have shape \" + " +
            tensor(p.getLengths()) +
            ".shape() + \" but the batch is \" + "
            "std::to_string(" +
            S + ".B));\n";
  code = at(op, code);
  for (Value operand : op->getOperands())
    if (isa<MaskType>(operand.getType()))
      code += prepareMasks(operand, s);
  return code;
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

/// The tile function f<n> and fact function z<n> of one score op. Every
/// region is (b, heads [h0, h1), rows [i0, i1), keys [j0, j1)).
llvm::Error Emitter::emitScoreOp(Operation *op, plan::KernelOp kernel,
                                 const std::string &k) {
  std::string n = id(op->getResult(0));
  std::string S = sched_;
  auto in = [&](unsigned index) { return id(op->getOperand(index)); };
  members_ += "  Tile t" + n + ";\n";
  std::string f, z;
  bool probs = cast<ScoresType>(op->getResult(0).getType()).isProbs();
  if (auto qk = dyn_cast<QKOp>(op)) {
    members_ += "  QK qk" + n + ";\n";
    f = "t" + n + ".shape(h0, h1, i0, i1, j0, j1);\n    qk" + n + ".tile(t" +
        n + ", b);";
    z = "return Unknown;";
  } else if (auto map = dyn_cast<MapOp>(op)) {
    SmallVector<std::string> args = {"b", "h", "i", "j"};
    for (unsigned x = 0; x < map.getInputs().size(); ++x)
      args.push_back("x" + std::to_string(x));
    std::string result;
    llvm::Expected<std::string> body =
        scalarRegion(map.getBody(), args, result);
    if (!body)
      return body.takeError();
    std::string lambda = "    auto fn = [&](i64 b, i64 h, i64 i, i64 j";
    for (unsigned x = 0; x < map.getInputs().size(); ++x)
      lambda += ", float x" + std::to_string(x);
    lambda += ") -> float {\n    (void)b; (void)h; (void)i; (void)j;\n" +
              *body + "    return float(" + result + ");\n    };\n";
    f = lambda;
    for (unsigned x = 0; x < map.getInputs().size(); ++x)
      f += "    const Tile &in" + std::to_string(x) + " = f" + in(x) + "(" +
           kRegion + ");\n";
    f += "    t" + n +
         ".shape(h0, h1, i0, i1, j0, j1);\n"
         "    for (i64 h = h0; h < h1; ++h) for (i64 i = i0; i < i1; ++i) "
         "for (i64 j = j0; j < j1; ++j) {\n      size_t o = t" +
         n + ".at(h, i, j);\n";
    std::string call = "fn(b, h, i, j";
    for (unsigned x = 0; x < map.getInputs().size(); ++x) {
      std::string X = std::to_string(x);
      f += "      size_t k" + X + " = in" + X + ".at(h, i, j);\n      if (!in" +
           X + ".on[k" + X + "]) { t" + n + ".on[o] = 0; continue; }\n";
      call += ", in" + X + ".v[k" + X + "]";
    }
    f += "      t" + n + ".v[o] = " + call + ");\n    }";
    z = "";
    for (unsigned x = 0; x < map.getInputs().size(); ++x)
      z += "if (z" + in(x) + "(" + kRegion + ") == Absent) return Absent; ";
    z += "return Unknown;";
  } else if (auto am = dyn_cast<ApplyMaskOp>(op)) {
    if (llvm::Error err = emitMask(am.getMask()))
      return err;
    std::string m = id(am.getMask());
    bool removes = am.getFill() == MaskFill::NegInf || probs;
    std::string cls = "cls" + m + "(b, h0, h1 - 1, i0, i1 - 1, j0, j1 - 1, " +
                      S + ".N, " + S + ".M)";
    f = "const Tile &in = f" + in(0) + "(" + kRegion + ");\n    t" + n +
        ".shape(h0, h1, i0, i1, j0, j1);\n    t" + n +
        ".copyFrom(in);\n    int c = " + cls +
        ";\n    if (c == Full) return t" + n +
        ";\n    for (i64 h = h0; h < h1; ++h) for (i64 i = i0; i < i1; ++i) "
        "for (i64 j = j0; j < j1; ++j)\n      if (c == Skip || !ok" +
        m + "(b, h, i, j, " + S + ".N, " + S + ".M)) { size_t o = t" + n +
        ".at(h, i, j); t" + n + ".v[o] = 0;" +
        (removes ? " t" + n + ".on[o] = 0;" : "") + " }";
    if (removes)
      z = "if (" + cls + " == Skip) return Absent;\n    int zi = z" + in(0) +
          "(" + kRegion +
          ");\n    return zi == Absent ? Absent : (zi == "
          "ZeroOrAbsent && " +
          (probs ? "true" : "false") + ") ? ZeroOrAbsent : Unknown;";
    else
      z = "return z" + in(0) + "(" + kRegion +
          ") == Absent ? Absent : Unknown;";
  } else if (auto st = dyn_cast<StencilOp>(op)) {
    std::string w = tensor(st.getWeights());
    ArrayRef<int64_t> pad = st.getPad();
    double padValue = st.getPadValue().convertToDouble();
    std::string top = std::to_string(pad[0]), left = std::to_string(pad[2]);
    std::string widen = "i64 ia = maxi(0, i0 - " + top + "), ib = mini(" + S +
                        ".N, i1 + " + w + ".dim(1) - 1 - " + top +
                        "), ja = maxi(0, j0 - " + left + "), jb = mini(" + S +
                        ".M, j1 + " + w + ".dim(2) - 1 - " + left + ");\n    ";
    f = widen + "const Tile &in = f" + in(0) +
        "(b, h0, h1, ia, ib, ja, jb);\n    t" + n +
        ".shape(h0, h1, i0, i1, j0, j1);\n    stencil(t" + n + ", in, " + w +
        ", " + top + ", " + left + ", " + floatLit(padValue, {}) + ", " + S +
        ".N, " + S + ".M);";
    if (probs && padValue == 0)
      z = widen + "return z" + in(0) +
          "(b, h0, h1, ia, ib, ja, jb) != Unknown ? ZeroOrAbsent : Unknown;";
    else
      z = "return Unknown;";
    checks_ +=
        at(op, "    expect(" + w + ".dim(0) == " + S +
                   ".H, \"attn.stencil: the weights have \" + std::to_string(" +
                   w +
                   ".dim(0)) + \" heads but the scores \" + "
                   "std::to_string(" +
                   S + ".H));\n");
  } else if (auto mix = dyn_cast<HeadMixOp>(op)) {
    std::string w = tensor(mix.getWeights());
    f = "const Tile &in = f" + in(0) + "(" + kRegion + ");\n    t" + n +
        ".shape(h0, h1, i0, i1, j0, j1);\n    headMix(t" + n + ", in, " + w +
        ");";
    z = probs ? "return z" + in(0) + "(" + kRegion +
                    ") != Unknown ? ZeroOrAbsent : Unknown;"
              : "return Unknown;";
    checks_ +=
        at(op, "    expect(" + w + ".dim(0) * " + w + ".dim(1) == " + S +
                   ".H, \"attn.head_mix: the weights mix \" + std::to_string(" +
                   w + ".dim(0)) + \" groups of \" + std::to_string(" + w +
                   ".dim(1)) + \" heads but the scores have \" + "
                   "std::to_string(" +
                   S + ".H));\n");
  } else if (auto sm = dyn_cast<SoftmaxOp>(op)) {
    // Only in the second pass of a two-pass kernel: normalised with the
    // first pass's log2-domain LSE.
    std::string toBase2 = log2_ ? "1.0f" : "kLog2e";
    f = "const Tile &in = f" + in(0) + "(" + kRegion + ");\n    t" + n +
        ".shape(h0, h1, i0, i1, j0, j1);\n"
        "    for (i64 h = h0; h < h1; ++h) for (i64 i = i0; i < i1; ++i) {\n"
        "      float l2 = lse2" +
        k + "[size_t((b * " + S + ".H + h) * " + S +
        ".N + i)];\n      for (i64 j = j0; j < j1; ++j) {\n        size_t o = "
        "t" +
        n +
        ".at(h, i, j), x = in.at(h, i, j);\n        if (std::isnan(l2)) { t" +
        n +
        ".v[o] = NAN; continue; } // a NaN row (docs/limits.md)\n"
        "        if (!in.on[x] || l2 == -kInf) { t" +
        n + ".on[o] = 0; continue; }\n        t" + n +
        ".v[o] = std::exp2(in.v[x] * " + toBase2 + " - l2);\n      }\n    }";
    z = "return z" + in(0) + "(" + kRegion + ") == Absent ? Absent : Unknown;";
    (void)sm;
  } else {
    return unsupported(op, "cannot place this op after a kernel's normaliser "
                           "(only softmax, stencils, head mixing, maps and "
                           "masks run in a second pass)");
  }
  methods_ += "  const Tile &f" + n + "(" + kRegionArgs + ") {\n    " + f +
              "\n    return t" + n + ";\n  }\n";
  methods_ += "  int z" + n + "(" + kRegionArgs +
              ") {\n    (void)b; (void)h0; (void)h1; (void)i0; (void)i1; "
              "(void)j0; (void)j1;\n    " +
              z + "\n  }\n";
  return llvm::Error::success();
}

llvm::Error Emitter::emitLinear(plan::KernelOp kernel, const std::string &k) {
  QKOp qk;
  PVOp pv;
  RowNormalizeOp norm;
  bool causal = false;
  for (Operation &op : kernel.getBody().front()) {
    if (auto q = dyn_cast<QKOp>(op))
      qk = q;
    if (auto p = dyn_cast<PVOp>(op))
      pv = p;
    if (auto r = dyn_cast<RowNormalizeOp>(op))
      norm = r;
    if (isa<ApplyMaskOp>(op))
      causal = true; // the planner only forms linear kernels of causal masks
  }
  if (!qk || !pv)
    return unsupported(kernel, "needs a qk and a pv in a linear kernel");
  std::string L = "lin" + k;
  members_ += "  Linear " + L + ";\n";
  std::string out = "o" + id(kernel.getResult(0));
  members_ += "  Owned " + out + ";\n";
  std::string code;
  code += "    " + L + ".q = " + tensor(qk.getQ()) + "; " + L +
          ".k = " + tensor(qk.getK()) + "; " + L + ".v = " + tensor(pv.getV()) +
          ";\n";
  if (qk.getDecay())
    code += "    " + L + ".g = &" + tensor(qk.getDecay()) + ";\n";
  if (auto scale = qk.getScale())
    code += "    " + L + ".scale = " + floatLit(scale->convertToDouble(), {}) +
            "; " + L + ".hasScale = true;\n";
  code += "    " + L + ".causal = " + (causal ? "true" : "false") + ";\n";
  if (norm)
    code += "    " + L + ".rowNorm = true; " + L +
            ".eps = " + floatLit(norm.getEps().convertToDouble(), {}) + ";\n";
  // A chunk longer than the keys only costs memory (C x D floats).
  code += "    " + L + ".C = std::min<i64>(" +
          std::to_string(*kernel.getChunk()) + ", std::max<i64>(" + L +
          ".k.dim(2), 1));\n";
  code += "    " + out + ".make({" + L + ".q.dim(0), " + L + ".q.dim(1), " + L +
          ".q.dim(2), " + L + ".v.dim(3)});\n";
  code += "    Counter count;\n    linearChunked(" + L + ", count, " + out +
          ".t.p);\n";
  code += "    record(\"" + kernel.getName().str() + "\", count);\n";
  methods_ += "  void kernel" + k + "() {\n" + at(qk, code) + "  }\n";
  body_ += "    kernel" + k + "();\n";
  return llvm::Error::success();
}

llvm::Error Emitter::emitKernel(plan::KernelOp kernel) {
  std::string k = std::to_string(kernels_++);
  plan::Family family = kernel.getFamily();
  if (family == plan::Family::LinearChunked)
    return emitLinear(kernel, k);

  Block &block = kernel.getBody().front();
  KernelAnatomy anatomy = analyzeKernel(kernel);
  QKOp qk = anatomy.qk;
  PVOp pv = anatomy.pv;
  Operation *norm = anatomy.normalizer;
  SmallVector<LseOp> lses = anatomy.lses;
  if (!qk)
    return unsupported(kernel, "needs a qk in every quadratic kernel");
  log2_ = kernel.getLog2Domain();
  sched_ = "sc" + k;
  std::string S = sched_;
  members_ += "  Schedule " + S + ";\n";
  checks_.clear();

  std::string code;
  // Sizes come from the first dot product; every qk of the kernel is
  // prepared (checked against its operands).
  code += "    " + S + ".B = " + tensor(qk.getQ()) + ".dim(0); " + S +
          ".H = " + tensor(qk.getQ()) + ".dim(1); " + S +
          ".N = " + tensor(qk.getQ()) + ".dim(2); " + S +
          ".M = " + tensor(qk.getK()) + ".dim(2);\n";
  code += "    " + S + ".HB = " + std::to_string(kernel.getHeadBlock()) + "; " +
          S + ".BQ = " + std::to_string(kernel.getTileQ()) + "; " + S +
          ".BK = " + std::to_string(kernel.getTileK()) + ";\n";
  code += "    expect(" + S + ".H % " + S +
          ".HB == 0, \"the head count \" + std::to_string(" + S +
          ".H) + \" is not a multiple of the head block " +
          std::to_string(kernel.getHeadBlock()) + " head mixing needs\");\n";
  std::string &kernelCode = code;
  for (Operation &op : block)
    if (auto q = dyn_cast<QKOp>(op)) {
      std::string Q = "qk" + id(q.getResult());
      std::string code;
      code += "    " + Q + ".q = " + tensor(q.getQ()) + "; " + Q +
              ".k = " + tensor(q.getK()) + ";\n";
      if (q.getDecay())
        code += "    " + Q + ".g = &" + tensor(q.getDecay()) + ";\n";
      if (auto scale = q.getScale())
        code += "    " + Q +
                ".scale = " + floatLit(scale->convertToDouble(), {}) + ";\n";
      code += "    " + Q + ".prepare(" + (q.getScale() ? "true" : "false") +
              ");\n    expect(" + Q + ".N == " + S + ".N && " + Q +
              ".M == " + S + ".M && " + Q + ".H == " + S +
              ".H, \"attn.qk: the dot products of one kernel disagree on "
              "their sizes\");\n";
      kernelCode += at(q, code);
    }
  for (Operation &op : block)
    if (auto am = dyn_cast<ApplyMaskOp>(op))
      code += prepareMasks(am.getMask(), S);
  code += checks_;

  // Outputs.
  std::string out = "nullptr", lse = "nullptr";
  std::string values = "Values{}";
  if (pv) {
    std::string o = "o" + id(kernel.getResult(0));
    members_ += "  Owned " + o + ";\n";
    code += "    " + o + ".make({" + S + ".B, " + S + ".H, " + S + ".N, " +
            tensor(pv.getV()) + ".dim(3)});\n";
    out = o + ".t.p";
    values = "Values{&" + tensor(pv.getV()) + "}";
  }
  if (!lses.empty()) {
    std::string l = "o" + id(kernel.getResult(pv ? 1 : 0));
    members_ += "  Owned " + l + ";\n";
    code += "    " + l + ".make({" + S + ".B, " + S + ".H, " + S + ".N});\n";
    lse = l + ".t.p";
    if (lses.size() > 1)
      return unsupported(kernel, "writes one LSE per kernel");
  }
  // Tile and fact functions for the score ops a mainloop reads.
  llvm::DenseSet<Operation *> emitted;
  auto emitChain = [&](Value root) -> llvm::Error {
    llvm::SetVector<Operation *> chain = scoreChain(root);
    for (Operation &op : block)
      if (chain.contains(&op) && emitted.insert(&op).second)
        if (llvm::Error err = emitScoreOp(&op, kernel, k))
          return err;
    return llvm::Error::success();
  };
  auto fn = [&](Value v, StringRef what) {
    std::string n = id(v);
    return "[&](" + std::string(kRegionArgs) + ") -> " + what.str() +
           " { return " + (what == "int" ? "z" : "f") + n + "(" + kRegion +
           "); }";
  };

  if (family == plan::Family::QuadraticOnline ||
      family == plan::Family::QuadraticStencil) {
    Value logits = norm ? norm->getOperand(0) : lses.front().getScores();
    std::string normKind = "Norm::Softmax", eps = "0.0f", sink = "nullptr";
    if (auto sp = dyn_cast_or_null<SoftpickOp>(norm)) {
      normKind = "Norm::Softpick";
      eps = floatLit(sp.getEps().convertToDouble(), {});
    } else if (auto sm = dyn_cast_or_null<SoftmaxOp>(norm)) {
      if (sm.getSink())
        sink = "&" + tensor(sm.getSink());
    } else if (norm) {
      return unsupported(norm, "cannot run row_normalize in an online kernel");
    }
    if (!norm && lses.front().getSink())
      sink = "&" + tensor(lses.front().getSink());
    if (pv && pv.getProbs().getDefiningOp() != norm)
      return unsupported(pv, "expects the normaliser to feed the pv of an "
                             "online kernel");
    if (llvm::Error err = emitChain(logits))
      return err;
    code += "    Counter count;\n    online(" + S + ", count, " +
            fn(logits, "int") + ",\n      " + fn(logits, "const Tile &") +
            ",\n      " + values + ", " + normKind + ", " + eps + ", " + sink +
            ", " + (log2_ ? "true" : "false") + ", " + out + ", " + lse +
            ", nullptr);\n";
  } else if (family == plan::Family::QuadraticStateless) {
    Value weights = pv.getProbs();
    std::string rn = "RowNorm{}";
    if (auto r = weights.getDefiningOp<RowNormalizeOp>()) {
      int kind = r.getKind() == RowNormKind::Sum      ? 1
                 : r.getKind() == RowNormKind::AbsSum ? 2
                                                      : 3;
      rn = "RowNorm{" + std::to_string(kind) + ", " +
           floatLit(r.getEps().convertToDouble(), {}) + ", " +
           (r.getFloor() ? "true" : "false") + ", " +
           floatLit(r.getFloor() ? r.getFloor()->convertToDouble() : 0.0, {}) +
           "}";
      weights = r.getScores();
    }
    for (Operation &op : block)
      if (isa<SoftmaxOp, SoftpickOp, RowNormalizeOp>(op) &&
          op.getResult(0) != pv.getProbs())
        return unsupported(&op, "cannot run this normaliser inside a "
                                "stateless kernel");
    if (llvm::Error err = emitChain(weights))
      return err;
    code += "    Counter count;\n    stateless(" + S + ", count, " +
            fn(weights, "int") + ",\n      " + fn(weights, "const Tile &") +
            ",\n      " + values + ", " + rn + ", " + out + ");\n";
  } else if (family == plan::Family::QuadraticTwoPass) {
    auto sm = dyn_cast_or_null<SoftmaxOp>(norm);
    if (!sm)
      return unsupported(norm ? norm : kernel.getOperation(),
                         "runs two passes only around a softmax");
    members_ += "  Owned lse2o" + k + ";\n  float *lse2" + k + " = nullptr;\n";
    if (llvm::Error err = emitChain(pv.getProbs()))
      return err;
    std::string sink = sm.getSink() ? "&" + tensor(sm.getSink()) : "nullptr";
    code += "    lse2o" + k + ".make({" + S + ".B, " + S + ".H, " + S +
            ".N});\n    lse2" + k + " = lse2o" + k + ".t.p;\n";
    code += "    Counter count;\n    // Pass 1: the LSE of every row.\n"
            "    online(" +
            S + ", count, " + fn(sm.getScores(), "int") + ",\n      " +
            fn(sm.getScores(), "const Tile &") +
            ",\n      Values{}, Norm::Softmax, 0.0f, " + sink + ", " +
            (log2_ ? "true" : "false") + ", nullptr, " + lse + ", lse2" + k +
            ");\n";
    code += "    // Pass 2: normalised tiles through the post-softmax ops.\n"
            "    stateless(" +
            S + ", count, " + fn(pv.getProbs(), "int") + ",\n      " +
            fn(pv.getProbs(), "const Tile &") + ",\n      " + values +
            ", RowNorm{}, " + out + ");\n";
  } else {
    return unsupported(kernel, "has no mainloop for family " +
                                   plan::stringifyFamily(family).str());
  }
  code += "    record(\"" + kernel.getName().str() + "\", count);\n";
  // Errors of the mainloops (v's shape, sinks) are reported at the pv (or
  // the lse), those of the ops inside at their own locations.
  Operation *root = pv ? pv.getOperation() : lses.front().getOperation();
  methods_ += "  void kernel" + k + "() {\n" + at(root, code) + "  }\n";
  body_ += "    kernel" + k + "();\n";
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// The variant body
//===----------------------------------------------------------------------===//

llvm::Error Emitter::emitBodyOp(Operation &op) {
  auto owned = [&](Value v) {
    std::string o = "o" + id(v);
    members_ += "  Owned " + o + ";\n";
    return o;
  };
  auto floatIn = [&](Value v) -> llvm::Error {
    if (isIntTensor(v))
      return unsupported(&op, "expects a float tensor here");
    return llvm::Error::success();
  };
  for (Value operand : op.getOperands())
    if (isa<RankedTensorType>(operand.getType()) &&
        !isa<LoadOp, DimOp, DocumentOp, BlockMaskOp, PrefixOp, ReturnOp>(op))
      if (llvm::Error err = floatIn(operand))
        return err;

  size_t mark = body_.size();
  llvm::Error err =
      llvm::TypeSwitch<Operation *, llvm::Error>(&op)
          .Case([&](arith::ConstantOp c) -> llvm::Error {
            std::string t = cType(c.getType());
            std::string v;
            if (auto f = dyn_cast<FloatAttr>(c.getValue()))
              v = floatLit(f.getValueAsDouble(), c.getType());
            else if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
              v = c.getType().isInteger(1)
                      ? (i.getValue().getBoolValue() ? "true" : "false")
                      : "i64(" + std::to_string(i.getValue().getSExtValue()) +
                            ")";
            else
              return unsupported(&op, "cannot compile this constant");
            members_ += "  " + t + " s" + id(c) + " = " + v + ";\n";
            return llvm::Error::success();
          })
          .Case([&](DimOp d) -> llvm::Error {
            members_ += "  i64 s" + id(d) + " = 0;\n";
            body_ += "    s" + id(d) + " = " + tensor(d.getSource()) + ".dim(" +
                     std::to_string(d.getIndexAttr().getInt()) + ");\n";
            return llvm::Error::success();
          })
          .Case<CausalOp, WindowOp, DocumentOp, PrefixOp, PredicateOp,
                BlockPredicateOp, BlockMaskOp, MaskAndOp, MaskOrOp, MaskNotOp>(
              [&](Operation *) { return llvm::Error::success(); })
          .Case([&](plan::KernelOp kernel) { return emitKernel(kernel); })
          .Case([&](FeatureMapOp fm) -> llvm::Error {
            std::string result;
            llvm::Expected<std::string> region =
                scalarRegion(fm.getBody(), {"b", "h", "t", "d", "x"}, result);
            if (!region)
              return region.takeError();
            std::string o = owned(fm.getResult()), x = tensor(fm.getInput());
            body_ +=
                "    {\n    const Tensor<float> &x = " + x +
                ";\n    expect(x.rank == 4, \"attn.feature_map: expects "
                "[B, H, T, D]\");\n    Tensor<float> &y = " +
                o +
                ".make({x.dim(0), x.dim(1), x.dim(2), x.dim(3)});\n"
                "    for (i64 b = 0; b < x.dim(0); ++b) for (i64 h = 0; h < "
                "x.dim(1); ++h) for (i64 t = 0; t < x.dim(2); ++t) for (i64 d "
                "= 0; d < x.dim(3); ++d) {\n    const float x = " +
                tensor(fm.getInput()) + "(b, h, t, d);\n" + *region +
                "    y(b, h, t, d) = float(" + result + ");\n    }\n    }\n";
            return llvm::Error::success();
          })
          .Case([&](FeatureSliceOp fs) -> llvm::Error {
            body_ += "    featureSlice(" + tensor(fs.getInput()) + ", " +
                     std::to_string(fs.getOffsetAttr().getInt()) + ", " +
                     std::to_string(fs.getSizeAttr().getInt()) + ", " +
                     owned(fs.getResult()) + ");\n";
            return llvm::Error::success();
          })
          .Case([&](CumsumOp c) -> llvm::Error {
            body_ += "    cumsum(" + tensor(c.getInput()) + ", " +
                     owned(c.getResult()) + ");\n";
            return llvm::Error::success();
          })
          .Case([&](OutputMapOp om) -> llvm::Error {
            SmallVector<std::string> args = {"b", "h", "i", "d"};
            for (unsigned x = 0; x < om.getInputs().size(); ++x)
              args.push_back("x" + std::to_string(x));
            std::string result;
            llvm::Expected<std::string> region =
                scalarRegion(om.getBody(), args, result);
            if (!region)
              return region.takeError();
            std::string o = owned(om.getResult());
            std::string first = tensor(om.getInputs().front());
            std::string code =
                "    {\n    const Tensor<float> &f = " + first + ";\n";
            for (Value v : om.getInputs())
              code +=
                  "    expect(" + tensor(v) +
                  ".shape() == f.shape(), \"attn.output_map: combines outputs "
                  "of shapes \" + f.shape() + \" and \" + " +
                  tensor(v) + ".shape());\n";
            code +=
                "    Tensor<float> &y = " + o +
                ".make({f.dim(0), f.dim(1), f.dim(2), f.dim(3)});\n"
                "    for (i64 b = 0; b < f.dim(0); ++b) for (i64 h = 0; h < "
                "f.dim(1); ++h) for (i64 i = 0; i < f.dim(2); ++i) for (i64 d "
                "= 0; d < f.dim(3); ++d) {\n";
            for (auto [x, v] : llvm::enumerate(om.getInputs()))
              code += "    const float x" + std::to_string(x) + " = " +
                      tensor(v) + "(b, h, i, d);\n";
            code += *region + "    y(b, h, i, d) = float(" + result +
                    ");\n    }\n    }\n";
            body_ += code;
            return llvm::Error::success();
          })
          .Case([&](MergeOp merge) -> llvm::Error {
            std::string outs = "{", lses = "{";
            for (Value v : merge.getOutputs())
              outs += "&" + tensor(v) + ", ";
            for (Value v : merge.getLses())
              lses += "&" + tensor(v) + ", ";
            body_ += "    merge(" + outs + "}, " + lses + "}, " +
                     owned(merge.getOutput()) + ", " + owned(merge.getLse()) +
                     ");\n";
            return llvm::Error::success();
          })
          .Case([&](HeadRMSNormOp norm) -> llvm::Error {
            body_ += "    headRMSNorm(" + tensor(norm.getInput()) + ", " +
                     (norm.getWeight() ? "&" + tensor(norm.getWeight())
                                       : std::string("nullptr")) +
                     ", " + floatLit(norm.getEps().convertToDouble(), {}) +
                     ", " + owned(norm.getResult()) + ");\n";
            return llvm::Error::success();
          })
          .Case([&](HeadGateOp gate) -> llvm::Error {
            body_ += "    headGate(" + tensor(gate.getInput()) + ", " +
                     tensor(gate.getWeight()) + ", " + tensor(gate.getBias()) +
                     ", " + owned(gate.getResult()) + ");\n";
            return llvm::Error::success();
          })
          .Case([&](ReturnOp ret) -> llvm::Error {
            outputs_.assign(ret.getOperands().begin(), ret.getOperands().end());
            return llvm::Error::success();
          })
          .Default([&](Operation *o) {
            return unsupported(o, "expects this op inside an attn_plan.kernel "
                                  "(run attn-plan first)");
          });
  // Errors of a tensor op are reported at its location.
  if (!err && body_.size() > mark && !isa<plan::KernelOp>(op)) {
    std::string added = body_.substr(mark);
    body_.resize(mark);
    body_ += at(&op, added);
  }
  return err;
}

llvm::Expected<std::string> Emitter::run() {
  Block &body = variant_.getBody().front();
  std::string inputs;
  for (BlockArgument arg : body.getArguments()) {
    std::string n = std::to_string(arg.getArgNumber());
    bool isInt = isIntTensor(arg);
    members_ += "  Tensor<" + std::string(isInt ? "std::int64_t" : "float") +
                "> a" + n + ";\n";
    inputs +=
        "  p.a" + n + ".p = static_cast<" + (isInt ? "std::int64_t" : "float") +
        " *>(ins[" + n + "].data); p.a" + n + ".rank = ins[" + n +
        "].rank;\n  for (int d = 0; d < 4; ++d) p.a" + n + ".s[d] = d < ins[" +
        n + "].rank ? ins[" + n + "].shape[d] : 1;\n  p.a" + n + ".name = \"" +
        // Argument names are identifiers: safe in a string literal.
        variant_.getArgName(arg.getArgNumber()).str() + "\";\n";
  }
  for (Operation &op : body)
    if (llvm::Error err = emitBodyOp(op))
      return std::move(err);

  std::string src;
  llvm::raw_string_ostream os(src);
  os << "// Generated by attnc from variant '" << variant_.getSymName()
     << "'. Do not edit.\n\nnamespace {\nusing namespace attnc_cpu;\n\n"
     << "struct Program {\n"
     << members_
     << "  AttncCpuStats *stats = nullptr;\n  int nstats = 0, used = 0;\n"
     << "  void record(const char *name, const Counter &c) {\n"
     << "    if (used >= nstats) return;\n"
     << "    std::snprintf(stats[used].kernel, sizeof(stats[used].kernel), "
        "\"%s\", name);\n"
     << "    stats[used].computed = c.computed; stats[used].total = c.total;\n"
     << "    ++used;\n  }\n"
     << methods_ << "  void run() {\n"
     << body_
     << "  }\n};\n\n} // namespace\n\n"
     // The definition of the entry abi/attnc_cpu_abi.h declares.
     << "extern \"C\" int attnc_cpu_run(const AttncCpuBuffer *ins, int nins, "
        "void *host, AttncCpuAllocFn alloc, AttncCpuStats *stats, int "
        "nstats, char *error, size_t errorSize) {\n"
     << "  using namespace attnc_cpu;\n"
     << "  if (nins != " << body.getNumArguments() << ") {\n"
     << "    std::snprintf(error, errorSize, \"expected "
     << body.getNumArguments()
     << " inputs, got %d\", nins);\n    return 1;\n  }\n"
     << "  try {\n  Program p;\n  p.stats = stats; p.nstats = nstats;\n"
     << inputs << "  p.run();\n";
  for (auto [n, v] : llvm::enumerate(outputs_)) {
    os << "  {\n    const Tensor<float> &t = p." << tensor(v) << ";\n"
       << "    float *dst = alloc(host, " << n << ", t.s, t.rank);\n"
       << "    if (!dst) {\n      std::snprintf(error, errorSize, \"output "
       << n << " " << "is too large to allocate\");\n      return 1;\n    }\n"
       << "    std::memcpy(dst, t.p, size_t(t.size()) * sizeof(float));\n  }\n";
  }
  os << "  } catch (const std::exception &e) {\n"
     << "    std::snprintf(error, errorSize, \"%s\", e.what());\n"
     << "    return 1;\n  }\n  return 0;\n}\n";
  return src;
}

} // namespace

llvm::Expected<std::string> attnc::emitCpp(VariantOp variant) {
  llvm::Expected<std::string> program = Emitter(variant).run();
  if (!program)
    return program.takeError();
  return "#include <cstdio>\n" + cpuLibrarySource().str() + "\n" + *program;
}
