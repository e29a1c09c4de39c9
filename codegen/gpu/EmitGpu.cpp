//===- EmitGpu.cpp - kernel plans to GPU C++ ------------------------------===//
//
// The target-neutral GPU emitter (the seam: codegen/gpu/GpuTarget.h). Every
// op of the variant body that computes a tensor becomes one or more launches
// (a manifest `kernel` line and an extern "C" entry), as the completed plan
// says: a quadratic kernel instantiates the target's template for its
// `mainloop` (mma_sync: attention<K>, codegen/cuda/lib/sm80), linear_scalar
// kernels linearChunked<K> (lib/attnc_linear.cuh), materialized ones one
// launch per score op over materialised scores (lib/attnc_scores.cuh), and
// the body's tensor ops the helpers of lib/attnc_body.cuh. The geometry
// (warps, threads, GQA packing, value slices, shared memory) is the plan's
// (attn-complete-plan); the library asserts it.
//
// Per quadratic kernel, a struct K<n> the mainloop reads:
//  * T, D, DV, DVS, BQ, BK, W, G, NT, SMEM: element type, head dims, output
//    columns per block, tiles, warps, query heads packed into one row tile
//    (GQA), threads and shared memory (the plan's);
//  * Q, KT, V, O, LSE, SINK: tensor indices (manifest numbering);
//  * PO, PS: the split-KV workspaces (partial outputs and row stats) the
//    kernel writes when the runtime splits its key tiles, merged by a
//    second launch, combine<K> (lib/attnc_gpu.cuh);
//  * NORM, ROWNORM, kLog2, kEps, kFloor, kHasFloor: the normaliser;
//  * score(a, b, h, i, j, dot, cls, x): the score chain of one entry from
//    its dot product (present or absent, and its value);
//  * cls(...) / absent(...): the class of a tile (heads [hl, hh], queries
//    [i0, i1], keys [j0, j1]) under the chain's masks, and whether a mask
//    that removes entries proves it empty.
// Masks become free functions cls<n> / ok<n> with the same closed forms,
// interval rules and run-time data reads as the CPU backend.
//
// Tensors are numbered inputs first (the variant's arguments), then what
// the body computes, in order (kernel results, score tensors, body-op
// results). Sizes the regions capture from the variant
// body (attn.dim, constants, arithmetic) are recomputed in device code from
// the argument shapes.
//
//===----------------------------------------------------------------------===//

#include "codegen/gpu/EmitGpu.h"

#include "abi/ManifestWriter.h"
#include "codegen/RegionCode.h"
#include "codegen/gpu/lib/attnc_launch.h"
#include "dialect/plan/PlanOps.h"
#include "passes/Family.h"
#include "passes/KernelAnatomy.h"
#include "passes/TargetModel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <numeric>

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

const char *kMaskArgs =
    "const AttncArgs &a, i64 b, i64 hl, i64 hh, i64 il, i64 ih, i64 jl, "
    "i64 jh, i64 N, i64 M";
const char *kOkArgs =
    "const AttncArgs &a, i64 b, i64 h, i64 i, i64 j, i64 N, i64 M";

/// The manifest's name of an element type, or "" if no tensor may hold it.
std::string dtypeName(Type t) {
  if (t.isF32())
    return "f32";
  if (t.isF16())
    return "f16";
  if (t.isBF16())
    return "bf16";
  if (t.isF64())
    return "f64";
  if (t.isInteger(32))
    return "i32";
  if (t.isInteger(64))
    return "i64";
  if (t.isInteger(8))
    return "i8";
  return "";
}

class GpuEmitter : public RegionCode {
public:
  GpuEmitter(VariantOp variant, const GpuTarget &target)
      : RegionCode("", target.backendName().str(), "a, "), variant_(variant),
        target_(target) {}
  llvm::Expected<std::string> run();

private:
  std::string capturedScalar(Value v) override;
  std::string loadExpr(LoadOp load, Value source,
                       ArrayRef<std::string> index) override;

  /// A device error code whose message is `message` at `op`.
  int errorCode(Operation *op, const std::string &message) {
    errors_.push_back(location(op) + message);
    return int(errors_.size());
  }
  /// The manifest index of a tensor value (-1 if it has none yet).
  int tensorIndex(Value v) {
    auto it = tensors_.find(v);
    return it == tensors_.end() ? -1 : it->second;
  }

  llvm::Error dataMask(Operation *op, const std::string &n, std::string &cls,
                       std::string &ok) override;
  void defineMask(const std::string &n, const std::string &cls,
                  const std::string &ok) override;
  llvm::Error emitKernel(plan::KernelOp kernel);
  /// An error when the plan's `smem` bytes exceed what its target gives a
  /// block (`where` qualifies the message).
  llvm::Error checkSharedMemory(plan::KernelOp kernel, int64_t smem,
                                const std::string &where) {
    const TargetModel &model = targetModel(kernel.getTarget());
    if (smem <= model.sharedBytesPerBlock)
      return llvm::Error::success();
    return unsupported(
        kernel, "needs " + std::to_string(smem) + " bytes of shared memory" +
                    where + ", over the " +
                    std::to_string(model.sharedBytesPerBlock / 1024) + " KiB " +
                    plan::stringifyTarget(kernel.getTarget()).str() +
                    " offers");
  }
  llvm::Error emitLinear(plan::KernelOp kernel, const std::string &k);
  llvm::Error emitBodyOp(Operation &op);
  /// A manifest kernel line (named after `op`, plus `suffix`; sizing split
  /// `split`, launched only if split `onlyIf` is over 1, when not
  /// negative) and the extern "C" entry running `body`.
  void addLaunch(Operation *op, const std::string &grid, int threads, int smem,
                 const std::string &body, int split = -1, int onlyIf = -1,
                 const std::string &suffix = "");
  /// A manifest line for a workspace of split `split`; its index.
  int addScratch(int split, int rank, const std::string &dims) {
    int t = int(numTensors_++);
    names_.push_back("split-KV partial results");
    manifest_.scratch(t, split, "f32", rank, dims);
    return t;
  }
  /// A manifest check that dim `a` equals (or, `divides`, divides) dim
  /// `b` ("tI.D" each), failing with `message` at `op`.
  void check(const std::string &a, const std::string &b, Operation *op,
             const std::string &message, bool divides = false) {
    manifest_.check(divides ? abi::CheckSpec::Divides : abi::CheckSpec::Equal,
                    a, b, errorCode(op, message));
  }
  /// A manifest check that dim `a` <= dim `b`.
  void checkAtMost(const std::string &a, const std::string &b, Operation *op,
                   const std::string &message) {
    manifest_.check(abi::CheckSpec::AtMost, a, b, errorCode(op, message));
  }
  /// Manifest checks that tensors `a` and `b` have equal dims [0, rank).
  void checkSameShape(Value a, Value b, int rank, Operation *op,
                      const std::string &message);
  /// "tI.0 tI.1 ..." for the first `rank` dims of tensor value v.
  std::string dimsOf(Value v, int rank) {
    std::string s, t = "t" + std::to_string(tensorIndex(v)) + ".";
    for (int d = 0; d < rank; ++d)
      s += (d ? " " : "") + t + std::to_string(d);
    return s;
  }
  llvm::Error emitChain(plan::KernelOp kernel, Value root, std::string &code,
                        SmallVectorImpl<std::pair<Value, bool>> &masks);
  /// A manifest line for a tensor the variant computes.
  void addResult(Value v, const std::string &dims);
  void addTensor(Value v, const std::string &dtype, int rank,
                 const std::string &dims);
  llvm::Error emitMaterialized(plan::KernelOp kernel);

  VariantOp variant_;
  llvm::DenseMap<Value, int> tensors_;
  /// Per tensor, how messages name it.
  std::vector<std::string> names_;
  unsigned numTensors_ = 0;
  std::vector<std::string> errors_;
  const GpuTarget &target_;
  abi::ManifestWriter manifest_;
  std::string code_, entries_;
  /// A body scalar the device code cannot recompute (reported by run()).
  Operation *badCapture_ = nullptr;
  unsigned kernels_ = 0, splits_ = 0;
  /// The entry of the next launch.
  std::string entryName() { return "attnc_k" + std::to_string(launches_); }
  unsigned launches_ = 0;
};

//===----------------------------------------------------------------------===//
// Captured values and loads
//===----------------------------------------------------------------------===//

std::string GpuEmitter::capturedScalar(Value v) {
  Operation *op = v.getDefiningOp();
  if (!op) {
    badCapture_ = variant_;
    return "0";
  }
  if (auto dim = dyn_cast<DimOp>(op)) {
    int t = tensorIndex(dim.getSource());
    if (t < 0) {
      badCapture_ = op;
      return "0";
    }
    return "a.t[" + std::to_string(t) + "].shape[" +
           std::to_string(dim.getIndexAttr().getInt()) + "]";
  }
  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    if (auto f = dyn_cast<FloatAttr>(c.getValue()))
      return floatLit(f.getValueAsDouble(), c.getType());
    if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      return c.getType().isInteger(1)
                 ? (i.getValue().getBoolValue() ? "true" : "false")
                 : "i64(" + std::to_string(i.getValue().getSExtValue()) + ")";
  }
  // Arithmetic on body scalars: recomputed in place.
  if (op->getNumResults() == 1 && op->getNumRegions() == 0 &&
      isa<arith::ArithDialect>(op->getDialect())) {
    auto get = [&](unsigned n) { return capturedScalar(op->getOperand(n)); };
    std::string ty = cType(v.getType());
    std::string e =
        llvm::TypeSwitch<Operation *, std::string>(op)
            .Case<arith::AddIOp, arith::AddFOp>(
                [&](auto) { return get(0) + " + " + get(1); })
            .Case<arith::SubIOp, arith::SubFOp>(
                [&](auto) { return get(0) + " - " + get(1); })
            .Case<arith::MulIOp, arith::MulFOp>(
                [&](auto) { return get(0) + " * " + get(1); })
            .Case([&](arith::DivFOp) { return get(0) + " / " + get(1); })
            .Case([&](arith::DivSIOp) {
              return "divsi(" + get(0) + ", " + get(1) + ")";
            })
            .Case([&](arith::FloorDivSIOp) {
              return "floordivsi(" + get(0) + ", " + get(1) + ")";
            })
            .Case([&](arith::CeilDivSIOp) {
              return "(-floordivsi(-(" + get(0) + "), " + get(1) + "))";
            })
            .Case([&](arith::RemSIOp) {
              return "remsi(" + get(0) + ", " + get(1) + ")";
            })
            .Case([&](arith::MinSIOp) {
              return "mini(" + get(0) + ", " + get(1) + ")";
            })
            .Case([&](arith::MaxSIOp) {
              return "maxi(" + get(0) + ", " + get(1) + ")";
            })
            .Case<arith::IndexCastOp, arith::SIToFPOp, arith::ExtFOp,
                  arith::TruncFOp, arith::FPToSIOp>(
                [&](auto) { return get(0); })
            .Default([&](Operation *) {
              badCapture_ = op;
              return std::string("0");
            });
    return ty + "(" + e + ")";
  }
  badCapture_ = op;
  return "0";
}

std::string GpuEmitter::loadExpr(LoadOp load, Value src,
                                 ArrayRef<std::string> index) {
  int t = tensorIndex(src);
  if (t < 0) {
    badCapture_ = load;
    return "0";
  }
  int code = errorCode(load, "attn.load: an index is outside " + names_[t]);
  std::string s = std::string(isIntTensor(src) ? "loadI" : "loadF") + "(a, " +
                  std::to_string(t) + ", " + std::to_string(code);
  for (const std::string &i : index)
    s += ", " + i;
  return s + ")";
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

/// Prefix lengths, document ids and block maps, read from the variant's
/// inputs (a document mask's tiles are all partial: its pre-kernel is not
/// built for CUDA yet).
llvm::Error GpuEmitter::dataMask(Operation *op, const std::string & /*n*/,
                                 std::string &cls, std::string &ok) {
  auto input = [&](Value v) -> llvm::Expected<std::string> {
    int t = tensorIndex(v);
    if (t < 0)
      return unsupported(op, "reads mask data only from the variant's inputs");
    return std::to_string(t);
  };
  if (auto p = dyn_cast<PrefixOp>(op)) {
    llvm::Expected<std::string> t = input(p.getLengths());
    if (!t)
      return t.takeError();
    int code = errorCode(op, "attn.prefix: the prefix lengths have no "
                             "entry for this batch");
    std::string L = "loadI(a, " + *t + ", " + std::to_string(code) + ", b)";
    cls = "return prefixCls(" + L + ", jl, jh);";
    ok = "return j < " + L + ";";
  } else if (auto doc = dyn_cast<DocumentOp>(op)) {
    llvm::Expected<std::string> qd = input(doc.getQDoc());
    if (!qd)
      return qd.takeError();
    llvm::Expected<std::string> kd = input(doc.getKDoc());
    if (!kd)
      return kd.takeError();
    cls = "return Partial;";
    ok = "return readI(a.t[" + *qd + "], b * a.t[" + *qd +
         "].stride[0] + i * a.t[" + *qd + "].stride[1]) == readI(a.t[" + *kd +
         "], b * a.t[" + *kd + "].stride[0] + j * a.t[" + *kd + "].stride[1]);";
  } else if (auto bm = dyn_cast<BlockMaskOp>(op)) {
    llvm::Expected<std::string> t = input(bm.getBlockMap());
    if (!t)
      return t.takeError();
    std::string bq = std::to_string(bm.getBlock()[0]),
                bk = std::to_string(bm.getBlock()[1]);
    cls = "return blockMapCls(a, " + *t + ", " + bq + ", " + bk +
          ", b, hl, hh, il, ih, jl, jh);";
    ok =
        "return blockMapOk(a, " + *t + ", " + bq + ", " + bk + ", b, h, i, j);";
  } else {
    return unsupported(op, "has no rule for this mask");
  }
  return llvm::Error::success();
}

/// Free functions `cls<n>(a, b, hl, hh, il, ih, jl, jh, N, M)` and
/// `ok<n>(a, b, h, i, j, N, M)`.
void GpuEmitter::defineMask(const std::string &n, const std::string &cls,
                            const std::string &ok) {
  code_ += "__device__ inline int cls" + n + "(" + kMaskArgs +
           ") {\n  (void)a; (void)b; (void)hl; (void)hh; (void)il; (void)ih; "
           "(void)jl; (void)jh; (void)N; (void)M;\n  " +
           cls + "\n}\n";
  code_ += "__device__ inline bool ok" + n + "(" + kOkArgs +
           ") {\n  (void)a; (void)b; (void)h; (void)i; (void)j; (void)N; "
           "(void)M;\n  " +
           ok + "\n}\n";
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

/// Statements of `score`: the chain of score ops from the qk's dot product
/// `dot` to `root`, leaving `on<root>` / `x<root>`. Collects the chain's
/// masks (and whether each removes entries).
llvm::Error
GpuEmitter::emitChain(plan::KernelOp kernel, Value root, std::string &code,
                      SmallVectorImpl<std::pair<Value, bool>> &masks) {
  llvm::SetVector<Operation *> chain = scoreChain(root);
  for (Operation &op : kernel.getBody().front()) {
    if (!chain.contains(&op))
      continue;
    std::string n = id(op.getResult(0));
    auto in = [&](unsigned k) { return id(op.getOperand(k)); };
    bool probs = cast<ScoresType>(op.getResult(0).getType()).isProbs();
    if (auto qk = dyn_cast<QKOp>(op)) {
      if (qk.getDecay())
        return unsupported(&op, "does not run decayed dot products in "
                                "quadratic kernels yet");
      double scale =
          qk.getScale()
              ? qk.getScale()->convertToDouble()
              : 1.0 /
                    std::sqrt(double(cast<RankedTensorType>(qk.getQ().getType())
                                         .getDimSize(3)));
      code += "  bool on" + n + " = true;\n  float x" + n + " = dot * " +
              floatLit(scale, {}) + ";\n";
    } else if (auto map = dyn_cast<MapOp>(op)) {
      SmallVector<std::string> args = {"b", "h", "i", "j"};
      std::string present = "true";
      for (unsigned x = 0; x < map.getInputs().size(); ++x) {
        args.push_back("x" + in(x));
        present += " && on" + in(x);
      }
      std::string result;
      llvm::Expected<std::string> body =
          scalarRegion(map.getBody(), args, result);
      if (!body)
        return body.takeError();
      code += "  bool on" + n + " = " + present + ";\n  float x" + n +
              " = 0.0f;\n  if (on" + n + ") {\n" + *body + "    x" + n +
              " = float(" + result + ");\n  }\n";
    } else if (auto am = dyn_cast<ApplyMaskOp>(op)) {
      if (llvm::Error err = emitMask(am.getMask()))
        return err;
      bool removes = am.getFill() == MaskFill::NegInf || probs;
      masks.push_back({am.getMask(), removes});
      std::string ok =
          "(cls == Full || ok" + id(am.getMask()) + "(a, b, h, i, j, N, M))";
      if (removes)
        code += "  bool on" + n + " = on" + in(0) + " && " + ok +
                ";\n  float x" + n + " = x" + in(0) + ";\n";
      else
        code += "  bool on" + n + " = on" + in(0) + ";\n  float x" + n + " = " +
                ok + " ? x" + in(0) + " : 0.0f;\n";
    } else {
      return unsupported(&op, "cannot run this op in a " +
                                  plan::stringifyFamily(kernel.getFamily()) +
                                  " kernel yet");
    }
  }
  std::string r = id(root);
  code += "  x = x" + r + ";\n  return on" + r + ";\n";
  return llvm::Error::success();
}

void GpuEmitter::addResult(Value v, const std::string &dims) {
  auto type = cast<RankedTensorType>(v.getType());
  addTensor(v, dtypeName(type.getElementType()), int(type.getRank()), dims);
}

void GpuEmitter::addTensor(Value v, const std::string &dtype, int rank,
                           const std::string &dims) {
  int t = int(numTensors_++);
  tensors_[v] = t;
  names_.push_back("the result of " +
                   v.getDefiningOp()->getName().getStringRef().str());
  manifest_.result(t, dtype, rank, dims);
}

void GpuEmitter::addLaunch(Operation *op, const std::string &grid, int threads,
                           int smem, const std::string &body, int split,
                           int onlyIf, const std::string &suffix) {
  std::string name = entryName();
  ++launches_;
  std::string what = op->getName().getStringRef().str();
  if (auto kernel = dyn_cast<plan::KernelOp>(op))
    what = kernel.getName().str();
  manifest_.kernel(name, what + suffix, grid, threads, smem, split, onlyIf);
  entries_ += "extern \"C\" __global__ void __launch_bounds__(" +
              std::to_string(threads) + ", 1) " + name +
              "(const AttncArgs a) {\n  using namespace attnc;\n" + body +
              "}\n";
}

void GpuEmitter::checkSameShape(Value a, Value b, int rank, Operation *op,
                                const std::string &message) {
  int code = errorCode(op, message);
  for (int d = 0; d < rank; ++d)
    manifest_.check(
        abi::CheckSpec::Equal,
        "t" + std::to_string(tensorIndex(a)) + "." + std::to_string(d),
        "t" + std::to_string(tensorIndex(b)) + "." + std::to_string(d), code);
}

llvm::Error GpuEmitter::emitKernel(plan::KernelOp kernel) {
  std::string k = std::to_string(kernels_++);
  if (!kernel.isCompleted())
    return unsupported(kernel, "needs a plan completed for its target "
                               "(attn-complete-plan)");
  if (kernel.getTarget() != target_.planTarget())
    return unsupported(kernel,
                       "emits for " +
                           plan::stringifyTarget(target_.planTarget()).str() +
                           ", but the kernel was planned for " +
                           plan::stringifyTarget(kernel.getTarget()).str());
  plan::Mainloop mainloop = *kernel.getMainloop();
  switch (mainloop) {
  case plan::Mainloop::LinearScalar:
    return emitLinear(kernel, k);
  case plan::Mainloop::Materialized:
    return emitMaterialized(kernel);
  default:
    break;
  }
  StringRef loop = target_.quadraticLoop(mainloop);
  if (loop.empty())
    return unsupported(kernel, "has no " +
                                   plan::stringifyMainloop(mainloop).str() +
                                   " mainloop");
  plan::Family family = kernel.getFamily();
  KernelAnatomy anatomy = analyzeKernel(kernel);
  QKOp qk = anatomy.qk;
  PVOp pv = anatomy.pv;
  SmallVector<LseOp> lses = anatomy.lses;
  if (!qk || !pv)
    return unsupported(kernel, "needs a qk and a pv in every kernel (an LSE "
                               "on its own is not built yet)");
  if (anatomy.numQK != 1)
    return unsupported(kernel, "runs one dot product per kernel");
  if (lses.size() > 1)
    return unsupported(kernel, "writes one LSE per kernel");

  // Operands: the variant's own q, k, v in bf16 or f16.
  auto qt = cast<RankedTensorType>(qk.getQ().getType());
  auto vt = cast<RankedTensorType>(pv.getV().getType());
  Type elt = qt.getElementType();
  for (Value v : {qk.getQ(), qk.getK(), pv.getV()}) {
    if (tensorIndex(v) < 0)
      return unsupported(v.getDefiningOp() ? v.getDefiningOp() : kernel,
                         "reads q, k and v only as tensors of the variant "
                         "body");
    Type e = cast<RankedTensorType>(v.getType()).getElementType();
    if (!(e.isBF16() || e.isF16()) || e != elt)
      return unsupported(kernel, "runs on bf16 or f16 q, k and v of one type");
  }
  int64_t D = qt.getDimSize(3), DV = vt.getDimSize(3);
  for (int64_t d : {D, DV})
    if (ShapedType::isDynamic(d) || d % 16 != 0 || d > 1024)
      return unsupported(pv,
                         "supports head dims that are static multiples of "
                         "16 up to 1024, not " +
                             (ShapedType::isDynamic(d) ? std::string("?")
                                                       : std::to_string(d)));
  // The plan's geometry (attn-complete-plan).
  int64_t BQ = kernel.getTileQAttr().getInt(),
          BK = kernel.getTileKAttr().getInt();
  int64_t W = kernel.getWarpsAttr().getInt();
  int64_t DVS = kernel.getDvSliceAttr().getInt(),
          G = kernel.getGqaPackAttr().getInt();
  if (BQ != 16 * W || BK % 16 != 0 || BK <= 0 || W < 1 || W > 16)
    return unsupported(kernel, "needs tile_q = 16 x warps and tile_k a "
                               "multiple of 16 (got tile_q " +
                                   std::to_string(BQ) + ", tile_k " +
                                   std::to_string(BK) + ", " +
                                   std::to_string(W) + " warps)");

  // The normaliser and the chain it reads.
  std::string norm = "Softmax", rowNorm = "0", eps = "0.0f", floorV = "0.0f";
  bool hasFloor = false;
  int sink = -1;
  Value root;
  Operation *normOp = anatomy.weightsNormalizer;
  if (family == plan::Family::QuadraticOnline) {
    if (auto sp = dyn_cast_or_null<SoftpickOp>(normOp)) {
      norm = "Softpick";
      eps = floatLit(sp.getEps().convertToDouble(), {});
      root = sp.getScores();
      if (!lses.empty())
        return unsupported(lses.front(), "writes no LSE next to a softpick");
      if (kernel.getLog2Domain())
        return unsupported(sp, "runs softpick on natural-unit scores only "
                               "(the kernel is planned in the log2 domain)");
    } else {
      auto sm = dyn_cast_or_null<SoftmaxOp>(normOp);
      if (!sm)
        return unsupported(normOp ? normOp : pv.getOperation(),
                           "runs online kernels around a softmax or a "
                           "softpick only");
      if (sm.getSink())
        sink = tensorIndex(sm.getSink());
      root = sm.getScores();
      if (!lses.empty() && lses.front().getScores() != root)
        return unsupported(lses.front(), "fuses only the LSE of the softmax's "
                                         "logits");
    }
  } else {
    norm = "Weights";
    root = pv.getProbs();
    if (auto r = dyn_cast_or_null<RowNormalizeOp>(normOp)) {
      rowNorm = r.getKind() == RowNormKind::Sum      ? "1"
                : r.getKind() == RowNormKind::AbsSum ? "2"
                                                     : "3";
      eps = floatLit(r.getEps().convertToDouble(), {});
      if (r.getFloor()) {
        hasFloor = true;
        floorV = floatLit(r.getFloor()->convertToDouble(), {});
      }
      root = r.getScores();
    }
    if (!lses.empty())
      return unsupported(lses.front(), "writes no LSE from stateless kernels");
  }
  for (Operation *op : scoreChain(root))
    if (isa<SoftmaxOp, SoftpickOp, RowNormalizeOp>(op))
      return unsupported(op, "cannot run a second normaliser in one kernel");

  std::string chain;
  SmallVector<std::pair<Value, bool>> masks;
  if (llvm::Error err = emitChain(kernel, root, chain, masks))
    return err;

  // Results: [B, H, N, DV] in v's type, and the LSE [B, H, N] in f32.
  int q = tensorIndex(qk.getQ()), kt = tensorIndex(qk.getK()),
      v = tensorIndex(pv.getV());
  std::string Q = std::to_string(q);
  addResult(kernel.getResult(0),
            "t" + Q + ".0 t" + Q + ".1 t" + Q + ".2 " + std::to_string(DV));
  int lse = -1;
  if (!lses.empty()) {
    addResult(kernel.getResult(1), "t" + Q + ".0 t" + Q + ".1 t" + Q + ".2");
    lse = tensorIndex(kernel.getResult(1));
  }
  Type outElt =
      cast<RankedTensorType>(kernel.getResult(0).getType()).getElementType();
  if (outElt != elt && !outElt.isF32())
    return unsupported(kernel, "writes its output in q's type or f32");
  int64_t smem = kernel.getSmemAttr().getInt();
  if (llvm::Error err = checkSharedMemory(kernel, smem, ""))
    return err;
  // Launch-time shape checks of the kernel's operands (dims the types leave
  // open are checked against each other by symbol; these relate q, k, v).
  std::string K = std::to_string(kt), V = std::to_string(v);
  check("t" + K + ".0", "t" + Q + ".0", qk,
        "attn.qk: k's batch differs from q's");
  check("t" + K + ".1", "t" + Q + ".1", qk,
        "attn.qk: k's heads do not divide q's heads", true);
  check("t" + V + ".0", "t" + Q + ".0", pv,
        "attn.pv: v's batch differs from q's");
  check("t" + V + ".2", "t" + K + ".2", pv,
        "attn.pv: v has a different number of keys than k");
  check("t" + V + ".1", "t" + K + ".1", pv,
        "attn.pv: v has a different number of heads than k");

  // Tile tests.
  std::string clsBody = "  int c = Full;\n", absentBody;
  for (auto [m, removes] : masks) {
    std::string call = "cls" + id(m) + "(a, b, hl, hh, i0, i1, j0, j1, N, M)";
    clsBody += "  c = andCls(c, " + call + ");\n";
    if (removes)
      absentBody += "  if (" + call + " == Skip) return true;\n";
  }
  // Packed GQA (the plan's gqa_pack G): a row tile holds G heads of one KV
  // head and BQ / G queries, and reads K and V once for them.
  // Split-KV: the key tiles may split into s<n> parts (chosen at launch),
  // merged by a combine launch that runs only when there are several.
  int split = int(splits_++);
  std::string sp = "s" + std::to_string(split);
  manifest_.split(split, "t" + K + ".2/" + std::to_string(BK));
  std::string rows = "t" + Q + ".0*t" + Q + ".1*t" + Q + ".2";
  int po = addScratch(split, 3, sp + " " + rows + " " + std::to_string(DV));
  int ps = addScratch(split, 3, sp + " " + rows + " 3"); // max, sum, |sum|
  const char *nm = "  const i64 N = a.t[Q].shape[2], M = a.t[KT].shape[2];\n  "
                   "(void)N; (void)M;\n";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "\n// Kernel " << kernel.getName() << " ("
     << plan::stringifyFamily(family) << ").\n"
     << "struct K" << k << " {\n"
     << "  typedef " << (elt.isBF16() ? "Bf16" : "F16") << " T;\n"
     << "  static constexpr int D = " << D << ", DV = " << DV
     << ", DVS = " << DVS << ", BQ = " << BQ << ", BK = " << BK << ", W = " << W
     << ", G = " << G << ";\n"
     << "  static constexpr int NT = " << kernel.getThreadsAttr().getInt()
     << ", SMEM = " << smem << ";\n"
     << "  static constexpr int Q = " << q << ", KT = " << kt << ", V = " << v
     << ", O = " << tensorIndex(kernel.getResult(0)) << ", LSE = " << lse
     << ", SINK = " << sink << ", PO = " << po << ", PS = " << ps << ";\n"
     << "  static constexpr int NORM = " << norm << ", ROWNORM = " << rowNorm
     << ";\n"
     << "  static constexpr bool kLog2 = "
     << (kernel.getLog2Domain() ? "true" : "false")
     << ", kOutF32 = " << (outElt.isF32() ? "true" : "false")
     << ", kHasFloor = " << (hasFloor ? "true" : "false") << ";\n"
     << "  static constexpr float kEps = " << eps << ", kFloor = " << floorV
     << ";\n"
     << "  __device__ static int cls(const AttncArgs &a, i64 b, i64 hl, i64 "
        "hh, "
        "i64 i0, i64 i1, i64 j0, i64 j1) {\n"
     << nm << clsBody << "  return c;\n  }\n"
     << "  __device__ static bool absent(const AttncArgs &a, i64 b, i64 hl, "
        "i64 hh, i64 i0, i64 i1, i64 j0, i64 j1) {\n"
     << nm << absentBody << "  return false;\n  }\n"
     << "  __device__ static bool score(const AttncArgs &a, i64 b, i64 h, i64 "
        "i, i64 j, float dot, int cls, float &x) {\n"
     << nm << "  (void)cls;\n"
     << chain << "  }\n};\n";
  code_ += s;
  addLaunch(kernel,
            "t" + Q + ".2" + (BQ / G > 1 ? "/" + std::to_string(BQ / G) : "") +
                (DV == DVS ? "" : "*" + std::to_string(DV / DVS)) + "*" + sp +
                " t" + Q + ".1" + (G > 1 ? "/" + std::to_string(G) : "") +
                " t" + Q + ".0",
            int(kernel.getThreadsAttr().getInt()), int(smem),
            "  " + loop.str() + "<K" + k + ">(a);\n", split);
  // combine<K>: the library's fixed geometry (lib/attnc_launch.h).
  addLaunch(kernel,
            "t" + Q + ".2/" + std::to_string(ATTNC_COMBINE_ROWS) + " t" + Q +
                ".1 t" + Q + ".0",
            ATTNC_COMBINE_THREADS, 0, "  combine<K" + k + ">(a);\n", -1, split,
            ".combine");
  return llvm::Error::success();
}

/// A two-pass or stencil kernel over materialised scores
/// (lib/attnc_scores.cuh): one launch per score op.
llvm::Error GpuEmitter::emitMaterialized(plan::KernelOp kernel) {
  Block &block = kernel.getBody().front();
  QKOp first;
  for (Operation &op : block)
    if (auto q = dyn_cast<QKOp>(op)) {
      first = q;
      break;
    }
  if (!first)
    return unsupported(kernel, "needs a qk in every quadratic kernel");
  std::string Q = std::to_string(tensorIndex(first.getQ())),
              KT = std::to_string(tensorIndex(first.getK()));
  std::string scoreDims =
      "t" + Q + ".0 t" + Q + ".1 t" + Q + ".2 t" + KT + ".2";
  auto idx = [&](Value v) { return std::to_string(tensorIndex(v)); };
  std::string nm = "  const i64 N = a.t[" + Q + "].shape[2], M = a.t[" + KT +
                   "].shape[2];\n  (void)N; (void)M;\n";
  auto entries = [&](Value out) {
    std::string t = "t" + idx(out);
    return t + ".3/" + std::to_string(ATTNC_SCORE_THREADS) + "*" + t + ".2 " +
           t + ".1 " + t + ".0";
  };
  auto rows = [&](Value out) {
    std::string t = "t" + idx(out);
    return t + ".2 " + t + ".1 " + t + ".0";
  };
  // Element ops write in place when they are their input's only reader.
  auto place = [&](Operation *op, Value in) {
    if (in.hasOneUse())
      tensors_[op->getResult(0)] = tensorIndex(in);
    else
      addTensor(op->getResult(0), "f32", 4, scoreDims);
  };
  std::string sc = "static_cast<float *>(a.t[";
  // The plan's threads are the library's (lib/attnc_launch.h).
  const int threads = int(kernel.getThreadsAttr().getInt());
  if (threads != ATTNC_SCORE_THREADS)
    return unsupported(kernel, "runs materialised scores with " +
                                   std::to_string(ATTNC_SCORE_THREADS) +
                                   " threads, not " + std::to_string(threads));
  for (Operation &op : block) {
    if (isa<plan::YieldOp>(op))
      continue;
    for (Value v : op.getOperands())
      if (isa<RankedTensorType, ScoresType>(v.getType()) && tensorIndex(v) < 0)
        return unsupported(&op, "reads a value the backend did not compute");
    if (auto qk = dyn_cast<QKOp>(op)) {
      if (qk.getDecay())
        return unsupported(&op, "does not run decayed dot products in "
                                "quadratic kernels yet");
      auto qt = cast<RankedTensorType>(qk.getQ().getType());
      double scale = qk.getScale() ? qk.getScale()->convertToDouble()
                                   : 1.0 / std::sqrt(double(qt.getDimSize(3)));
      addTensor(qk.getResult(), "f32", 4, scoreDims);
      std::string q = idx(qk.getQ()), k = idx(qk.getK());
      check("t" + k + ".0", "t" + q + ".0", qk,
            "attn.qk: k's batch differs from q's");
      check("t" + k + ".3", "t" + q + ".3", qk,
            "attn.qk: k's head dim differs from q's");
      check("t" + k + ".1", "t" + q + ".1", qk,
            "attn.qk: k's heads do not divide q's heads", true);
      if (qk != first) {
        check("t" + k + ".2", "t" + KT + ".2", qk,
              "attn.qk: the dot products of one kernel disagree on their keys");
        check("t" + q + ".2", "t" + Q + ".2", qk,
              "attn.qk: the dot products of one kernel disagree on their rows");
        check(
            "t" + q + ".1", "t" + Q + ".1", qk,
            "attn.qk: the dot products of one kernel disagree on their heads");
      }
      addLaunch(&op, entries(qk.getResult()), threads, 0,
                "  qkScores(a, " + q + ", " + k + ", " + idx(qk.getResult()) +
                    ", " + floatLit(scale, {}) + ");\n");
    } else if (auto map = dyn_cast<MapOp>(op)) {
      SmallVector<std::string> args = {"b", "h", "i", "j"};
      std::string reads, absent = "false";
      for (auto [x, v] : llvm::enumerate(map.getInputs())) {
        std::string X = std::to_string(x);
        args.push_back("x" + X);
        reads += "    const float x" + X + " = " + sc + idx(v) +
                 "].data)[at4(a.t[" + idx(v) + "], b, h, i, j)];\n";
        absent += " || isAbsent(x" + X + ")";
      }
      std::string result;
      llvm::Expected<std::string> code =
          scalarRegion(map.getBody(), args, result);
      if (!code)
        return code.takeError();
      if (map.getInputs().size() == 1)
        place(&op, map.getInputs()[0]);
      else
        addTensor(map.getResult(), "f32", 4, scoreDims);
      std::string y = idx(map.getResult());
      addLaunch(&op, entries(map.getResult()), threads, 0,
                nm + "  forScoreEntry(a.t[" + y +
                    "], [&](i64 b, i64 h, i64 i, i64 j, i64 off) {\n" + reads +
                    "    float r = absentScore();\n    if (!(" + absent +
                    ")) {\n" + *code + "    r = float(" + result +
                    ");\n    }\n    " + sc + y + "].data)[off] = r;\n  });\n");
    } else if (auto am = dyn_cast<ApplyMaskOp>(op)) {
      if (llvm::Error err = emitMask(am.getMask()))
        return err;
      bool removes = am.getFill() == MaskFill::NegInf ||
                     cast<ScoresType>(am.getType()).isProbs();
      place(&op, am.getScores());
      std::string x = idx(am.getScores()), y = idx(am.getResult());
      addLaunch(&op, entries(am.getResult()), threads, 0,
                nm + "  forScoreEntry(a.t[" + y +
                    "], [&](i64 b, i64 h, i64 i, i64 j, i64 off) {\n    float "
                    "v = " +
                    sc + x + "].data)[at4(a.t[" + x +
                    "], b, h, i, j)];\n    if (!ok" + id(am.getMask()) +
                    "(a, b, h, i, j, N, M)) v = " +
                    (removes ? "absentScore()" : "isAbsent(v) ? v : 0.0f") +
                    ";\n    " + sc + y + "].data)[off] = v;\n  });\n");
    } else if (auto st = dyn_cast<StencilOp>(op)) {
      addTensor(st.getResult(), "f32", 4, scoreDims);
      std::string w = idx(st.getWeights());
      check("t" + w + ".0", "t" + Q + ".1", &op,
            "attn.stencil: the weights have a different number of heads than "
            "the scores");
      ArrayRef<int64_t> pad = st.getPad();
      addLaunch(&op, entries(st.getResult()), threads, 0,
                "  stencilScores(a, " + idx(st.getScores()) + ", " + w + ", " +
                    idx(st.getResult()) + ", " + std::to_string(pad[0]) + ", " +
                    std::to_string(pad[2]) + ", " +
                    floatLit(st.getPadValue().convertToDouble(), {}) + ");\n");
    } else if (auto mix = dyn_cast<HeadMixOp>(op)) {
      addTensor(mix.getResult(), "f32", 4, scoreDims);
      int code = errorCode(&op, "attn.head_mix: the weights' groups x heads "
                                "do not match the scores' heads");
      addLaunch(&op, entries(mix.getResult()), threads, 0,
                "  headMixScores(a, " + idx(mix.getScores()) + ", " +
                    idx(mix.getWeights()) + ", " + idx(mix.getResult()) + ", " +
                    std::to_string(code) + ");\n");
    } else if (auto sm = dyn_cast<SoftmaxOp>(op)) {
      Value in = sm.getScores();
      LseOp lse;
      for (Operation *user : in.getUsers()) {
        if (auto l = dyn_cast<LseOp>(user); l && !l.getSink() && !lse)
          lse = l;
        else if (user != sm)
          return unsupported(&op, "cannot keep the logits of a "
                                  "materialised softmax for another reader");
      }
      tensors_[sm.getResult()] = tensorIndex(in);
      std::string lseIndex = "-1";
      if (lse) {
        addResult(kernel.getResult(1),
                  "t" + Q + ".0 t" + Q + ".1 t" + Q + ".2");
        tensors_[lse.getResult()] = tensorIndex(kernel.getResult(1));
        lseIndex = idx(kernel.getResult(1));
      }
      addLaunch(&op, rows(in), threads, 0,
                "  softmaxRows(a, " + idx(in) + ", " +
                    (kernel.getLog2Domain() ? "1.0f" : "ATTNC_LOG2E") + ", " +
                    (sm.getSink() ? idx(sm.getSink()) : "-1") + ", " +
                    lseIndex + ");\n");
    } else if (isa<LseOp>(op)) {
      continue; // written by its softmax (checked below)
    } else if (auto pv = dyn_cast<PVOp>(op)) {
      auto vt = cast<RankedTensorType>(pv.getV().getType());
      addResult(kernel.getResult(0), "t" + Q + ".0 t" + Q + ".1 t" + Q + ".2 " +
                                         std::to_string(vt.getDimSize(3)));
      std::string v = idx(pv.getV());
      check("t" + v + ".2", "t" + KT + ".2", pv,
            "attn.pv: v has a different number of keys than k");
      check("t" + v + ".0", "t" + Q + ".0", pv,
            "attn.pv: v's batch differs from q's");
      check("t" + v + ".1", "t" + Q + ".1", pv,
            "attn.pv: v's heads do not divide q's heads", true);
      addLaunch(&op, rows(pv.getProbs()), threads, 0,
                "  pvRows(a, " + idx(pv.getProbs()) + ", " + v + ", " +
                    idx(kernel.getResult(0)) + ");\n");
    } else {
      return unsupported(&op, "cannot run this op in a " +
                                  plan::stringifyFamily(kernel.getFamily()) +
                                  " kernel yet");
    }
  }
  for (Operation &op : block)
    if (isa<LseOp>(op) && tensorIndex(op.getResult(0)) < 0)
      return unsupported(&op, "writes an LSE only next to its softmax in a "
                              "materialised kernel");
  return llvm::Error::success();
}

/// A linear_chunked kernel (lib/attnc_linear.cuh): causal, an identity map,
/// an optional sum row normalisation.
llvm::Error GpuEmitter::emitLinear(plan::KernelOp kernel,
                                   const std::string &k) {
  QKOp qk;
  PVOp pv;
  RowNormalizeOp norm;
  bool causal = false;
  for (Operation &op : kernel.getBody().front()) {
    if (auto q = dyn_cast<QKOp>(op)) {
      if (qk)
        return unsupported(&op, "runs one dot product per linear kernel");
      qk = q;
    } else if (auto p = dyn_cast<PVOp>(op)) {
      pv = p;
    } else if (auto r = dyn_cast<RowNormalizeOp>(op)) {
      if (r.getKind() != RowNormKind::Sum || r.getFloor())
        return unsupported(&op, "normalises linear kernels by the plain row "
                                "sum only");
      norm = r;
    } else if (auto am = dyn_cast<ApplyMaskOp>(op)) {
      if (!am.getMask().getDefiningOp<CausalOp>())
        return unsupported(&op, "runs linear kernels under a causal mask only");
      causal = true;
    } else if (auto map = dyn_cast<MapOp>(op)) {
      Block &body = map.getBody().front();
      auto yield = dyn_cast<YieldOp>(body.getTerminator());
      if (body.getOperations().size() != 1 || !yield ||
          yield->getOperand(0) != body.getArgument(4))
        return unsupported(&op, "cannot apply a map in a linear kernel");
    } else if (!isa<plan::YieldOp>(op)) {
      return unsupported(&op, "cannot run this op in a linear kernel");
    }
  }
  if (!qk || !pv || !causal)
    return unsupported(kernel, "needs a qk, a causal mask and a pv in a "
                               "linear kernel");
  for (Value v : {qk.getQ(), qk.getK(), pv.getV()})
    if (tensorIndex(v) < 0)
      return unsupported(kernel, "reads q, k and v only as tensors of the "
                                 "variant body");
  auto qt = cast<RankedTensorType>(qk.getQ().getType());
  int64_t D = qt.getDimSize(3),
          DV = cast<RankedTensorType>(pv.getV().getType()).getDimSize(3);
  if (ShapedType::isDynamic(D) || ShapedType::isDynamic(DV) || D > 512 ||
      DV % 16 != 0)
    return unsupported(pv, "runs linear kernels on static head dims (q's up "
                           "to 512, v's a multiple of 16)");
  int64_t C = kernel.getChunkAttr().getInt();
  // The plan's geometry: value columns per block (the state S [D x DVS]
  // stays in shared memory), threads and shared memory.
  int64_t DVS = kernel.getDvSliceAttr().getInt();
  int64_t smem = kernel.getSmemAttr().getInt();
  if (llvm::Error err =
          checkSharedMemory(kernel, smem, " at chunk " + std::to_string(C)))
    return err;
  double scale = qk.getScale() ? qk.getScale()->convertToDouble()
                               : 1.0 / std::sqrt(double(D));
  std::string Q = std::to_string(tensorIndex(qk.getQ()));
  int kt = tensorIndex(qk.getK()), v = tensorIndex(pv.getV());
  addResult(kernel.getResult(0),
            "t" + Q + ".0 t" + Q + ".1 t" + Q + ".2 " + std::to_string(DV));
  std::string K = std::to_string(kt), V = std::to_string(v);
  check("t" + K + ".0", "t" + Q + ".0", qk,
        "attn.qk: k's batch differs from q's");
  check("t" + K + ".3", "t" + Q + ".3", qk,
        "attn.qk: k's head dim differs from q's");
  check("t" + V + ".0", "t" + Q + ".0", pv,
        "attn.pv: v's batch differs from q's");
  check("t" + V + ".2", "t" + K + ".2", pv,
        "attn.pv: v has a different number of keys than k");
  check("t" + K + ".1", "t" + Q + ".1", qk,
        "attn.qk: k's heads do not divide q's heads", true);
  check("t" + V + ".1", "t" + Q + ".1", pv,
        "attn.pv: v's heads do not divide q's heads", true);
  if (qk.getDecay())
    checkAtMost("t" + Q + ".2", "t" + K + ".2", qk,
                "attn.qk: a decayed dot product needs N <= M (queries are the "
                "last N keys' positions)");
  int decayCode = errorCode(qk, "attn.qk: the decay's shape fits none of [H], "
                                "[B, H, M] and [B, H, M, D]");
  int threads = int(kernel.getThreadsAttr().getInt());
  std::string st;
  llvm::raw_string_ostream os(st);
  os << "\n// Kernel " << kernel.getName() << " (linear_chunked).\n"
     << "struct K" << k << " {\n"
     << "  static constexpr int D = " << D << ", DVS = " << DVS << ", C = " << C
     << ", NT = " << threads << ", SMEM = " << smem << ";\n"
     << "  static constexpr int Q = " << Q << ", KT = " << kt << ", V = " << v
     << ", O = " << tensorIndex(kernel.getResult(0))
     << ", G = " << (qk.getDecay() ? tensorIndex(qk.getDecay()) : -1)
     << ", kCode = " << decayCode << ";\n"
     << "  static constexpr float kScale = " << floatLit(scale, {})
     << ", kEps = "
     << floatLit(norm ? norm.getEps().convertToDouble() : 0.0, {}) << ";\n"
     << "  static constexpr bool kRowNorm = " << (norm ? "true" : "false")
     << ";\n};\n";
  code_ += st;
  addLaunch(kernel, std::to_string(DV / DVS) + " t" + Q + ".1 t" + Q + ".0",
            threads, int(smem), "  linearChunked<K" + k + ">(a);\n");
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Tensor ops of the variant body (lib/attnc_body.cuh)
//===----------------------------------------------------------------------===//

llvm::Error GpuEmitter::emitBodyOp(Operation &op) {
  for (Value v : op.getOperands())
    if (isa<RankedTensorType>(v.getType()) && tensorIndex(v) < 0)
      return unsupported(&op, "reads a tensor it cannot pass to a kernel");
  auto idx = [&](Value v) { return std::to_string(tensorIndex(v)); };
  auto rankOf = [](Value v) {
    return int(cast<RankedTensorType>(v.getType()).getRank());
  };
  // Element and row ops run over [B, H, T, D] with the library's grid.
  auto rowsGrid = [&](Value out) {
    std::string t = "t" + idx(out);
    return t + ".2/" + std::to_string(ATTNC_BODY_ROWS) + " " + t + ".1 " + t +
           ".0";
  };
  const int threads = ATTNC_BODY_THREADS;
  // Element-wise regions over (b, h, row, d) reading `inputs`.
  auto elementwise = [&](Region &region, ArrayRef<std::string> names,
                         ValueRange inputs, Value out) -> llvm::Error {
    SmallVector<std::string> args(names.begin(), names.end());
    std::string loads;
    for (auto [x, v] : llvm::enumerate(inputs)) {
      std::string X = std::to_string(x);
      args.push_back("x" + X);
      loads += "    const float x" + X + " = readF(a.t[" + idx(v) +
               "], at4(a.t[" + idx(v) + "], " + names[0] + ", " + names[1] +
               ", " + names[2] + ", " + names[3] + "));\n";
    }
    std::string result;
    llvm::Expected<std::string> code = scalarRegion(region, args, result);
    if (!code)
      return code.takeError();
    std::string y = "a.t[" + idx(out) + "]";
    addLaunch(&op, rowsGrid(out), threads, 0,
              "  forBlockElements(" + y + ".shape[2], " + y +
                  ".shape[3], [&](i64 " + names[0] + ", i64 " + names[1] +
                  ", i64 " + names[2] + ", i64 " + names[3] +
                  ") {\n    (void)" + names[0] + "; (void)" + names[1] +
                  "; (void)" + names[2] + "; (void)" + names[3] + ";\n" +
                  loads + *code + "    writeF(" + y + ", at4(" + y + ", " +
                  names[0] + ", " + names[1] + ", " + names[2] + ", " +
                  names[3] + "), float(" + result + "));\n  });\n");
    return llvm::Error::success();
  };
  auto needRank4 = [&](Value v) -> llvm::Error {
    if (rankOf(v) != 4)
      return unsupported(&op, "runs on [B, H, T, D] tensors only");
    return llvm::Error::success();
  };

  return llvm::TypeSwitch<Operation *, llvm::Error>(&op)
      .Case([&](FeatureMapOp fm) -> llvm::Error {
        if (llvm::Error err = needRank4(fm.getInput()))
          return err;
        addResult(fm.getResult(), dimsOf(fm.getInput(), 4));
        return elementwise(fm.getBody(), {"b", "h", "t", "d"},
                           ValueRange(fm.getInput()), fm.getResult());
      })
      .Case([&](OutputMapOp om) -> llvm::Error {
        Value first = om.getInputs().front();
        for (Value v : om.getInputs()) {
          if (llvm::Error err = needRank4(v))
            return err;
          if (v != first)
            checkSameShape(first, v, 4, &op,
                           "attn.output_map: combines outputs of different "
                           "shapes");
        }
        addResult(om.getResult(), dimsOf(first, 4));
        return elementwise(om.getBody(), {"b", "h", "i", "d"}, om.getInputs(),
                           om.getResult());
      })
      .Case([&](FeatureSliceOp fs) -> llvm::Error {
        if (llvm::Error err = needRank4(fs.getInput()))
          return err;
        int64_t off = fs.getOffsetAttr().getInt(),
                size = fs.getSizeAttr().getInt();
        std::string in = idx(fs.getInput());
        addResult(fs.getResult(), "t" + in + ".0 t" + in + ".1 t" + in + ".2 " +
                                      std::to_string(size));
        int code = errorCode(
            &op, "attn.feature_slice: features [" + std::to_string(off) + ", " +
                     std::to_string(off + size) + ") exceed the input's");
        addLaunch(&op, rowsGrid(fs.getResult()), threads, 0,
                  "  featureSlice(a, " + in + ", " + idx(fs.getResult()) +
                      ", " + std::to_string(off) + ", " + std::to_string(code) +
                      ");\n");
        return llvm::Error::success();
      })
      .Case([&](CumsumOp c) -> llvm::Error {
        int r = rankOf(c.getInput());
        if (r != 3 && r != 4)
          return unsupported(&op,
                             "sums [B, H, T] or [B, H, T, D] tensors only");
        addResult(c.getResult(), dimsOf(c.getInput(), r));
        std::string y = "t" + idx(c.getResult());
        addLaunch(&op, "1 " + y + ".1 " + y + ".0", ATTNC_CUMSUM_THREADS, 0,
                  "  cumsum(a, " + idx(c.getInput()) + ", " +
                      idx(c.getResult()) + ");\n");
        return llvm::Error::success();
      })
      .Case([&](MergeOp merge) -> llvm::Error {
        Value first = merge.getOutputs().front(), l0 = merge.getLses().front();
        std::string outs, lses;
        for (Value v : merge.getOutputs()) {
          if (llvm::Error err = needRank4(v))
            return err;
          if (v != first)
            checkSameShape(first, v, 4, &op,
                           "attn.merge: merges outputs of different shapes");
          outs += (outs.empty() ? "" : ", ") + idx(v);
        }
        for (Value v : merge.getLses()) {
          if (rankOf(v) != 3)
            return unsupported(&op, "merges [B, H, N] LSEs only");
          checkSameShape(first, v, 3, &op,
                         "attn.merge: an LSE does not match the outputs");
          lses += (lses.empty() ? "" : ", ") + idx(v);
        }
        addResult(merge.getOutput(), dimsOf(first, 4));
        addResult(merge.getLse(), dimsOf(l0, 3));
        std::string n = std::to_string(merge.getOutputs().size());
        addLaunch(&op, rowsGrid(merge.getOutput()), threads, 0,
                  "  const int outs[" + n + "] = {" + outs + "}, lses[" + n +
                      "] = {" + lses + "};\n  merge<" + n +
                      ">(a, outs, lses, " + idx(merge.getOutput()) + ", " +
                      idx(merge.getLse()) + ");\n");
        return llvm::Error::success();
      })
      .Case([&](HeadRMSNormOp norm) -> llvm::Error {
        if (llvm::Error err = needRank4(norm.getInput()))
          return err;
        addResult(norm.getResult(), dimsOf(norm.getInput(), 4));
        int code = errorCode(&op, "attn.head_rmsnorm: the weight's shape does "
                                  "not fit the output ([D] or [H, D])");
        addLaunch(&op, rowsGrid(norm.getResult()), threads, 0,
                  "  headRMSNorm(a, " + idx(norm.getInput()) + ", " +
                      (norm.getWeight() ? idx(norm.getWeight()) : "-1") + ", " +
                      floatLit(norm.getEps().convertToDouble(), {}) + ", " +
                      idx(norm.getResult()) + ", " + std::to_string(code) +
                      ");\n");
        return llvm::Error::success();
      })
      .Case([&](HeadGateOp gate) -> llvm::Error {
        if (llvm::Error err = needRank4(gate.getInput()))
          return err;
        addResult(gate.getResult(), dimsOf(gate.getInput(), 4));
        int code = errorCode(&op, "attn.head_gate: the weight ([D] or [H, D]) "
                                  "or the bias ([1] or [H]) does not fit the "
                                  "output");
        addLaunch(&op, rowsGrid(gate.getResult()), threads, 0,
                  "  headGate(a, " + idx(gate.getInput()) + ", " +
                      idx(gate.getWeight()) + ", " + idx(gate.getBias()) +
                      ", " + idx(gate.getResult()) + ", " +
                      std::to_string(code) + ");\n");
        return llvm::Error::success();
      })
      .Default([&](Operation *o) {
        return unsupported(o, "cannot run this op of the variant body");
      });
}

//===----------------------------------------------------------------------===//
// The variant
//===----------------------------------------------------------------------===//

llvm::Expected<std::string> GpuEmitter::run() {
  Block &body = variant_.getBody().front();
  manifest_.header(target_.arch().str());
  manifest_.variant(variant_.getSymName().str());
  for (BlockArgument arg : body.getArguments()) {
    auto type = cast<RankedTensorType>(arg.getType());
    std::string dt = dtypeName(type.getElementType());
    if (dt.empty() || type.getRank() > 4)
      return llvm::createStringError(
          location(variant_) + "attn.variant: " + target_.backendName().str() +
          " cannot pass "
          "the input '" +
          variant_.getArgName(arg.getArgNumber()).str() + "'");
    int t = int(numTensors_++);
    tensors_[arg] = t;
    names_.push_back("the tensor '" +
                     variant_.getArgName(arg.getArgNumber()).str() + "'");
    auto names =
        variant_.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "attn.dims");
    std::vector<abi::DimSpec> dims(size_t(type.getRank()));
    for (int64_t d = 0; d < type.getRank(); ++d) {
      abi::DimSpec &dim = dims[size_t(d)];
      if (names && d < int64_t(names.size()))
        if (auto s = dyn_cast<StringAttr>(names[d]))
          dim.symbol = s.getValue().str();
      if (!type.isDynamicDim(d))
        dim.kind = abi::DimSpec::Static, dim.size = type.getDimSize(d);
      else
        dim.kind =
            dim.symbol.empty() ? abi::DimSpec::Any : abi::DimSpec::Symbol;
    }
    manifest_.input(t, dt, dims, variant_.getArgName(arg.getArgNumber()).str());
  }
  for (Operation &op : body) {
    llvm::Error err =
        llvm::TypeSwitch<Operation *, llvm::Error>(&op)
            .Case<DimOp, CausalOp, WindowOp, DocumentOp, PrefixOp, PredicateOp,
                  BlockPredicateOp, BlockMaskOp, MaskAndOp, MaskOrOp,
                  MaskNotOp>([](Operation *) { return llvm::Error::success(); })
            .Case([&](plan::KernelOp kernel) { return emitKernel(kernel); })
            .Case([&](ReturnOp ret) -> llvm::Error {
              for (Value v : ret.getOperands()) {
                int t = tensorIndex(v);
                if (t < 0 || isa<BlockArgument>(v))
                  return unsupported(ret,
                                     "returns only what its kernels compute");
                manifest_.ret(t);
              }
              return llvm::Error::success();
            })
            .Default([&](Operation *o) -> llvm::Error {
              if (isa<arith::ArithDialect>(o->getDialect()))
                return llvm::Error::success(); // scalars: recomputed where used
              return emitBodyOp(*o);
            });
    if (err)
      return std::move(err);
    if (badCapture_)
      return unsupported(badCapture_, "cannot recompute this value in device "
                                      "code");
  }
  if (numTensors_ > 32)
    return unsupported(variant_, "passes at most 32 tensors to a kernel");
  for (auto [n, message] : llvm::enumerate(errors_))
    manifest_.error(int(n + 1), message);
  if (!manifest_.problem().empty())
    return llvm::createStringError(target_.backendName().str() +
                                   " wrote a malformed " + manifest_.problem() +
                                   " (an attnc bug; please report it)");

  std::string src = manifest_.text();
  src += "// Generated by attnc from variant '" + variant_.getSymName().str() +
         "'. Do not edit.\n";
  src += target_.librarySource().str();
  // Per-variant code sits in an unnamed namespace inside attnc; the
  // entries the runtime looks up are extern "C" at file scope.
  src += "\nnamespace attnc {\nnamespace {\n" + code_ +
         "} // namespace\n} // namespace attnc\n\n" + entries_;
  return src;
}

} // namespace

llvm::Expected<std::string> attnc::emitGpu(VariantOp variant,
                                           const GpuTarget &target) {
  return GpuEmitter(variant, target).run();
}
