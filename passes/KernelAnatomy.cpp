//===- KernelAnatomy.cpp - the parts of a planned kernel ------------------===//

#include "passes/KernelAnatomy.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

bool KernelAnatomy::hasRemovingMask() const {
  return llvm::any_of(masks, [](const KernelMask &m) { return m.removes; });
}

KernelAnatomy attnc::analyzeKernel(plan::KernelOp kernel) {
  KernelAnatomy a;
  Block &block = kernel.getBody().front();
  for (Operation &op : block) {
    if (auto qk = dyn_cast<QKOp>(op)) {
      if (!a.qk)
        a.qk = qk;
      ++a.numQK;
    } else if (auto pv = dyn_cast<PVOp>(op)) {
      a.pv = pv;
    } else if (auto lse = dyn_cast<LseOp>(op)) {
      a.lses.push_back(lse);
    } else if (isa<SoftmaxOp, SoftpickOp, RowNormalizeOp>(op) &&
               !a.normalizer) {
      a.normalizer = &op;
    }
  }
  if (a.normalizer) {
    a.norm = llvm::TypeSwitch<Operation *, NormKind>(a.normalizer)
                 .Case([](SoftmaxOp) { return NormKind::Softmax; })
                 .Case([](SoftpickOp) { return NormKind::Softpick; })
                 .Default([](Operation *) { return NormKind::RowNormalize; });
    a.logits = a.normalizer->getOperand(0);
    if (auto sm = dyn_cast<SoftmaxOp>(a.normalizer))
      a.sink = sm.getSink();
  } else if (a.pv) {
    a.logits = a.pv.getProbs();
  } else if (!a.lses.empty()) {
    a.logits = a.lses.front().getScores();
  }
  if (a.pv) {
    Operation *def = a.pv.getProbs().getDefiningOp();
    if (isa_and_nonnull<SoftmaxOp, SoftpickOp, RowNormalizeOp>(def))
      a.weightsNormalizer = def;
  }
  // The masks between the dot products and the logits: every score operand
  // is followed (an entry of a map is present when all its inputs are),
  // up to the ops that make entries present again.
  llvm::SmallPtrSet<Operation *, 8> seen;
  SmallVector<Value> work;
  if (a.logits)
    work.push_back(a.logits);
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (!def || !seen.insert(def).second || isa<StencilOp, HeadMixOp>(def))
      continue;
    if (auto am = dyn_cast<ApplyMaskOp>(def))
      a.masks.push_back({am.getMask(), am,
                         am.getFill() == MaskFill::NegInf ||
                             cast<ScoresType>(am.getType()).isProbs()});
    for (Value operand : def->getOperands())
      if (isa<ScoresType>(operand.getType()))
        work.push_back(operand);
  }
  llvm::sort(a.masks, [](const KernelMask &x, const KernelMask &y) {
    return x.apply->isBeforeInBlock(y.apply);
  });
  return a;
}
