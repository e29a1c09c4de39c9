//===- Plan.cpp - turning attn IR into kernel plans -----------------------===//
//
// Two passes and the pipeline that chains them:
//
//  * attn-fold-scores: constant scalings of a dot product's scores fold
//    into its scale;
//  * attn-plan-kernels: every reduction (a `pv`, with the `lse` of the same
//    logits) moves, with the ops that compute its weights, into one
//    `attn_plan.kernel`, whose attributes record the schedule: family
//    (passes/Family.cpp), tiles from the cost model below, the head block
//    head mixing needs, the halo stencils need, the chunk of linear kernels,
//    the log2(e) folding of softmax kernels and the block sparsity.
//
//===----------------------------------------------------------------------===//

#include "passes/Plan.h"
#include "passes/Family.h"
#include "passes/KernelAnatomy.h"
#include "passes/Passes.h"
#include "passes/TargetModel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include <cmath>
#include <numeric>

namespace attnc {
#define GEN_PASS_DEF_ATTNFOLDSCORES
#define GEN_PASS_DEF_ATTNPLANKERNELS
#include "passes/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

//===----------------------------------------------------------------------===//
// attn-fold-scores
//===----------------------------------------------------------------------===//

/// True if a qk can run with `scale`: an f32 number, finite and normal, also
/// once a softmax kernel folds log2(e) into it (foldLog2). The frontend
/// rejects other constants; folding must not make one.
bool isKernelScale(double scale) {
  double a = std::fabs(scale);
  return a >= 1.1754943508222875e-38 &&
         a * 1.4426950408889634 <= 3.4028234663852886e38;
}

/// If the map's only use of its score argument is `x * c`, `c * x` or
/// `x / c` with a constant c, returns the factor and the op to drop.
std::optional<std::pair<double, Operation *>> constantScaling(MapOp map) {
  if (map.getInputs().size() != 1)
    return std::nullopt;
  Value x = map.getBody().front().getArgument(4);
  if (!x.hasOneUse())
    return std::nullopt;
  Operation *user = *x.getUsers().begin();
  auto constant = [](Value v) -> std::optional<double> {
    if (auto c = v.getDefiningOp<arith::ConstantOp>())
      if (auto f = dyn_cast<FloatAttr>(c.getValue()))
        return f.getValueAsDouble();
    return std::nullopt;
  };
  if (auto mul = dyn_cast<arith::MulFOp>(user)) {
    Value other = mul.getLhs() == x ? mul.getRhs() : mul.getLhs();
    if (std::optional<double> c = constant(other))
      return std::make_pair(*c, user);
  }
  if (auto div = dyn_cast<arith::DivFOp>(user); div && div.getLhs() == x)
    if (std::optional<double> c = constant(div.getRhs()); c && *c != 0)
      return std::make_pair(1.0 / *c, user);
  return std::nullopt;
}

struct AttnFoldScoresPass
    : public attnc::impl::AttnFoldScoresBase<AttnFoldScoresPass> {
  void runOnOperation() override {
    getOperation().walk([&](MapOp map) {
      auto qk = map.getInputs().front().getDefiningOp<QKOp>();
      if (!qk || !qk->hasOneUse())
        return;
      std::optional<double> scale = qk.getEffectiveScale();
      std::optional<std::pair<double, Operation *>> factor =
          constantScaling(map);
      if (!scale || !factor || !isKernelScale(*scale * factor->first))
        return;
      // (scale * q.k) * c == (scale * c) * q.k: the map now sees the
      // product directly.
      qk.setScaleAttr(Builder(qk).getF64FloatAttr(*scale * factor->first));
      Operation *scaling = factor->second;
      scaling->getResult(0).replaceAllUsesWith(
          map.getBody().front().getArgument(4));
      scaling->erase();
    });
  }
};

//===----------------------------------------------------------------------===//
// attn-plan-kernels
//===----------------------------------------------------------------------===//

/// The ops (score-typed, in block order) that compute `roots`.
SmallVector<Operation *> chainOf(ArrayRef<Value> roots) {
  llvm::SetVector<Operation *> chain = scoreChain(roots);
  SmallVector<Operation *> ordered(chain.begin(), chain.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return ordered;
}

/// A static dimension of a tensor, or -1.
int64_t staticDim(Value v, unsigned d) {
  auto type = cast<RankedTensorType>(v.getType());
  return d < type.getRank() && !type.isDynamicDim(d) ? type.getDimSize(d) : -1;
}

/// Words for the block sparsity of the masks that remove entries on the
/// path into `value`, nearest first, up to an op that makes every entry
/// present again (stencil, head_mix).
std::string describeMask(Value mask, bool &runtime) {
  Operation *op = mask.getDefiningOp();
  auto join = [&](StringRef name, ValueRange masks) {
    std::string s = name.str() + "(";
    for (auto [n, m] : llvm::enumerate(masks))
      s += (n ? ", " : "") + describeMask(m, runtime);
    return s + ")";
  };
  if (isa<CausalOp>(op))
    return "causal";
  if (auto w = dyn_cast<WindowOp>(op))
    return "window " + std::to_string(w.getSizeAttr().getInt());
  if (auto p = dyn_cast<PrefixOp>(op)) {
    if (IntegerAttr length = p.getLengthAttr())
      return "prefix " + std::to_string(length.getInt());
    runtime = true;
    return "prefix lengths";
  }
  if (isa<PredicateOp>(op))
    return "predicate";
  if (isa<BlockPredicateOp>(op))
    return "block_predicate";
  if (isa<DocumentOp>(op)) {
    runtime = true;
    return "document";
  }
  if (isa<BlockMaskOp>(op)) {
    runtime = true;
    return "block_mask";
  }
  if (auto a = dyn_cast<MaskAndOp>(op))
    return join("and", a.getMasks());
  if (auto o = dyn_cast<MaskOrOp>(op))
    return join("or", o.getMasks());
  if (auto n = dyn_cast<MaskNotOp>(op))
    return join("not", n.getInput());
  return op->getName().getStringRef().str();
}

/// The block sparsity of a kernel and words naming the masks that remove
/// entries (for readers of the plan).
std::pair<plan::Sparsity, std::string> sparsityOf(const KernelAnatomy &a) {
  std::string words;
  bool runtime = false;
  // Nearest to the normaliser first.
  for (const KernelMask &m : llvm::reverse(a.masks))
    if (m.removes)
      words += (words.empty() ? "" : " and ") + describeMask(m.mask, runtime);
  if (words.empty())
    return {plan::Sparsity::Dense, ""};
  return {runtime ? plan::Sparsity::Runtime : plan::Sparsity::Static, words};
}

/// The tiles of one kernel (docs/planning.md, "Tiling").
struct Tiles {
  int64_t tileQ, tileK;
};

/// The cost model. GPU tiles are the largest that keep the working set
/// (the q tile, the target's pipeline stages of k and v tiles in bf16, and
/// the f32 score tile of every head of the head block with its halo) inside
/// the target's shared memory; CPU tiles keep the score tile and the k/v
/// tiles in L2 (the CPU model's budget).
Tiles chooseTiles(const TargetModel &model, int64_t dqk, int64_t dv,
                  int64_t headBlock, ArrayRef<int64_t> halo) {
  int64_t d = std::max(dqk, dv);
  // GPU: a warp of the mma.sync loop owns 16 query rows, 4 warps a block.
  Tiles t = model.gpu ? Tiles{64, d <= 128 ? 64 : 32} : Tiles{32, 64};
  int64_t stages = model.quadraticStages;
  auto bytes = [&](const Tiles &t) {
    int64_t rows = t.tileQ + halo[0] + halo[1];
    int64_t cols = t.tileK + halo[2] + halo[3];
    int64_t operands = 2 * (t.tileQ * dqk + stages * t.tileK * (dqk + dv));
    return operands + 4 * headBlock * rows * cols;
  };
  // Halve the larger tile dimension until the working set fits (16 is the
  // MMA granularity; a CPU tile has no lower bound beyond 8).
  while (bytes(t) > model.sharedBytesPerBlock &&
         std::max(t.tileQ, t.tileK) > 16) {
    if (t.tileK >= t.tileQ)
      t.tileK /= 2;
    else
      t.tileQ /= 2;
  }
  return t;
}

struct AttnPlanKernelsPass
    : public attnc::impl::AttnPlanKernelsBase<AttnPlanKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    // Errors about the options are one sentence: mlir::emitError, not the
    // module's emitError, which would print the whole module with it.
    Location loc = getOperation().getLoc();
    std::optional<plan::Target> parsed = parseTarget(target);
    if (!parsed) {
      emitError(loc, "attn-plan: unknown target '")
          << target << "' (expected cpu, sm_80, sm_90a, gfx90a or gfx942)";
      return signalPassFailure();
    }
    if (!targetModel(*parsed).emitsCode) {
      emitError(loc, "attn-plan: the target '")
          << target << "' has no code generation yet";
      return signalPassFailure();
    }
    target_ = *parsed;
    if (std::optional<std::string> bad =
            checkForcedSizes(tileQ, tileK, chunk)) {
      emitError(loc, "attn-plan: ") << *bad;
      return signalPassFailure();
    }
    for (auto variant : getOperation().getOps<VariantOp>())
      if (failed(planVariant(variant)))
        return signalPassFailure();
  }

  plan::Target target_ = plan::Target::CPU;

  LogicalResult planVariant(VariantOp variant) {
    Block &body = variant.getBody().front();
    SmallVector<PVOp> pvs(body.getOps<PVOp>());
    SmallVector<LseOp> lses(body.getOps<LseOp>());
    unsigned count = 0;
    for (PVOp pv : pvs) {
      // The lse ops of the logits this pv's normaliser reads.
      SmallVector<LseOp> fused;
      SmallVector<Operation *> chain = chainOf({pv.getProbs()});
      for (LseOp lse : lses)
        for (Operation *op : chain)
          if (auto sm = dyn_cast<SoftmaxOp>(op))
            if (sm.getScores() == lse.getScores() &&
                sm.getSink() == lse.getSink() &&
                !llvm::is_contained(fused, lse))
              fused.push_back(lse);
      for (LseOp lse : fused)
        llvm::erase(lses, lse);
      if (failed(planKernel(variant, pv, fused, count++)))
        return failure();
    }
    for (LseOp lse : lses)
      if (failed(planKernel(variant, nullptr, {lse}, count++)))
        return failure();
    // Drop what the kernels now compute.
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isa<AttnDialect>(op.getDialect()) && !isa<ReturnOp>(op) &&
          op.use_empty() && isPure(&op))
        op.erase();
    return success();
  }

  LogicalResult planKernel(VariantOp variant, PVOp pv, SmallVector<LseOp> lses,
                           unsigned index) {
    SmallVector<Value> roots, results;
    if (pv)
      roots.push_back(pv.getResult());
    for (LseOp lse : lses)
      roots.push_back(lse.getResult());
    SmallVector<Operation *> chain = chainOf(roots);
    // The kernel goes before the first op it replaces: everything its
    // region reads is defined before that (an lse reads the logits of the
    // pv's softmax), and every user of its results comes after.
    Operation *last = pv ? pv.getOperation() : lses.front().getOperation();
    for (LseOp lse : lses)
      if (lse->isBeforeInBlock(last))
        last = lse;

    // Family: a kernel that only computes an LSE runs the online softmax.
    Family family = pv ? classifyReduction(pv).family : Family::QuadraticOnline;
    QKOp qk;
    int64_t headBlock = 1;
    SmallVector<int64_t, 4> halo = {0, 0, 0, 0};
    for (Operation *op : chain) {
      if (auto q = dyn_cast<QKOp>(op))
        qk = q;
      if (auto mix = dyn_cast<HeadMixOp>(op)) {
        int64_t c = staticDim(mix.getWeights(), 1);
        if (c <= 0)
          return mix.emitOpError("needs weights with a static group size "
                                 "to plan its head block");
        headBlock = std::lcm(headBlock, c);
      }
      if (auto st = dyn_cast<StencilOp>(op)) {
        int64_t cq = staticDim(st.getWeights(), 1),
                ck = staticDim(st.getWeights(), 2);
        if (cq <= 0 || ck <= 0)
          return st.emitOpError("needs weights with a static kernel size "
                                "to plan its halo");
        ArrayRef<int64_t> pad = st.getPad();
        halo[0] += pad[0], halo[1] += cq - 1 - pad[0];
        halo[2] += pad[2], halo[3] += ck - 1 - pad[2];
      }
    }
    int64_t dqk = qk ? staticDim(qk.getQ(), 3) : -1;
    int64_t dv = pv ? staticDim(pv.getV(), 3) : 0;
    if (dqk < 0 || dv < 0)
      return emitError(last->getLoc(),
                       "a kernel needs numeric head dims: give the last "
                       "dimension of q, k and v as a number (q: "
                       "bf16[B, H, N, 64]); symbolic ones only run on the "
                       "reference");

    Tiles s = chooseTiles(targetModel(target_), dqk, dv, headBlock, halo);
    if (tileQ)
      s.tileQ = tileQ;
    if (tileK)
      s.tileK = tileK;

    OpBuilder b(last);
    SmallVector<Type> types;
    for (Value r : roots)
      types.push_back(r.getType());
    auto kernel = plan::KernelOp::create(
        b, last->getLoc(), types,
        variant.getSymName().str() + "_k" + std::to_string(index), family,
        target_, s.tileQ, s.tileK, headBlock,
        family == Family::LinearChunked
            ? b.getI64IntegerAttr(chunk ? chunk : 64)
            : IntegerAttr(),
        halo, /*log2_domain=*/false, plan::Sparsity::Dense,
        /*masks=*/StringAttr(), /*mainloop=*/plan::MainloopAttr(),
        /*stages=*/IntegerAttr(), /*warps=*/IntegerAttr(),
        /*threads=*/IntegerAttr(), /*gqa_pack=*/IntegerAttr(),
        /*dv_slice=*/IntegerAttr(), /*smem=*/IntegerAttr());
    Block *block = new Block();
    kernel.getBody().push_back(block);
    OpBuilder inner = OpBuilder::atBlockEnd(block);
    IRMapping map;
    for (Operation *op : chain)
      inner.clone(*op, map);
    SmallVector<Value> yielded;
    for (Value r : roots)
      yielded.push_back(map.lookup(r));
    plan::YieldOp::create(inner, last->getLoc(), yielded);

    // The normaliser and what feeds it, inside the kernel.
    KernelAnatomy anatomy = analyzeKernel(kernel);
    auto [sparsity, masks] = sparsityOf(anatomy);
    kernel.setSparsity(sparsity);
    if (!masks.empty())
      kernel.setMasksAttr(b.getStringAttr(masks));
    auto sm = dyn_cast_or_null<SoftmaxOp>(anatomy.normalizer);
    if ((sm || !pv) && family != Family::LinearChunked)
      foldLog2(kernel, anatomy.logits);
    for (auto [root, result] : llvm::zip(roots, kernel.getResults()))
      root.replaceAllUsesWith(result);
    return success();
  }

  /// exp(x) = exp2(x * log2(e)): when the logits reaching the softmax come
  /// straight from a qk through masks (which do not change values) or from
  /// one map, the factor folds into the qk's scale or the map's result, and
  /// the kernel runs in the log2 domain.
  void foldLog2(plan::KernelOp kernel, Value logits) {
    // Every value on the path from the qk / map to the softmax must feed
    // only that path, the softmax and LSEs (which read the same logits):
    // anything else would see scaled values.
    SmallVector<Operation *> path;
    Operation *op = logits.getDefiningOp();
    while (auto am = dyn_cast_or_null<ApplyMaskOp>(op)) {
      path.push_back(am);
      op = am.getScores().getDefiningOp();
    }
    if (!op)
      return;
    path.push_back(op);
    for (Operation *p : path)
      for (Operation *user : p->getResult(0).getUsers())
        if (!isa<SoftmaxOp, LseOp>(user) && !llvm::is_contained(path, user))
          return;
    const double log2e = 1.4426950408889634;
    if (auto qk = dyn_cast<QKOp>(op)) {
      std::optional<double> scale = qk.getEffectiveScale();
      if (!scale || !isKernelScale(*scale))
        return;
      qk.setScaleAttr(Builder(qk).getF64FloatAttr(*scale * log2e));
    } else if (auto map = dyn_cast<MapOp>(op)) {
      auto yield = cast<YieldOp>(map.getBody().front().getTerminator());
      OpBuilder b(yield);
      Value factor = arith::ConstantOp::create(b, yield.getLoc(),
                                               b.getF32FloatAttr(log2e));
      Value scaled = arith::MulFOp::create(b, yield.getLoc(),
                                           yield.getValues().front(), factor);
      yield->setOperand(0, scaled);
    } else {
      return;
    }
    kernel.setLog2Domain(true);
  }
};

} // namespace

std::optional<std::string> attnc::checkForcedSizes(int64_t tileQ, int64_t tileK,
                                                   int64_t chunk) {
  for (auto [value, name] :
       {std::pair{tileQ, "tile-q"}, {tileK, "tile-k"}, {chunk, "chunk"}})
    if (value < 0 || value > kMaxForcedSize)
      return "--" + std::string(name) + "=" + std::to_string(value) +
             " is out of range: a forced tile or chunk is between 1 and " +
             std::to_string(kMaxForcedSize) + " (0 lets the cost model choose)";
  return std::nullopt;
}

void attnc::buildPlanPipeline(OpPassManager &pm, const PlanOptions &options) {
  pm.addPass(createAttnFoldScores());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  AttnPlanKernelsOptions planOptions;
  planOptions.target = options.target;
  planOptions.tileQ = options.tileQ;
  planOptions.tileK = options.tileK;
  planOptions.chunk = options.chunk;
  pm.addPass(createAttnPlanKernels(planOptions));
  pm.addPass(createAttnCompletePlan());
}

namespace {
struct PlanPipelineOptions : public PassPipelineOptions<PlanPipelineOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("cpu, sm_80 or sm_90a"),
                             llvm::cl::init("cpu")};
  Option<int64_t> tileQ{*this, "tile-q",
                        llvm::cl::desc("force query rows per tile"),
                        llvm::cl::init(0)};
  Option<int64_t> tileK{*this, "tile-k", llvm::cl::desc("force keys per tile"),
                        llvm::cl::init(0)};
  Option<int64_t> chunk{*this, "chunk",
                        llvm::cl::desc("force the linear chunk length"),
                        llvm::cl::init(0)};
};
} // namespace

void attnc::registerPlanPipeline() {
  PassPipelineRegistration<PlanPipelineOptions>(
      "attn-plan",
      "Plan attn IR into kernel plans: fold score scalings, then one "
      "attn_plan.kernel per reduction",
      [](OpPassManager &pm, const PlanPipelineOptions &o) {
        buildPlanPipeline(pm, {o.target, o.tileQ, o.tileK, o.chunk});
      });
}
