//===- Family.cpp - which kernel algorithm a reduction needs --------------===//
//
// Walks the chain of score ops from a `pv` back to the `qk`s that start it
// (every score op takes the scores it transforms as operands; masks and
// parameters are side inputs) and decides by the strongest requirement:
// post-softmax stencils need two passes, pre-softmax stencils need halo
// tiles, row normalisers need online state, and a factorisable score with
// no nonlinear normaliser can run as chunked linear attention.
//
//===----------------------------------------------------------------------===//

#include "passes/Family.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

/// True for a map whose region only yields its single value argument.
bool isIdentityMap(MapOp map) {
  Block &body = map.getBody().front();
  auto yield = cast<YieldOp>(body.getTerminator());
  return map.getInputs().size() == 1 &&
         yield.getValues().front() == body.getArgument(4);
}

/// True when `mask` is (only) the causal mask.
bool isCausal(Value mask) { return mask.getDefiningOp<CausalOp>() != nullptr; }

/// q or k computed per token from an input (what phi/psi may be).
bool isTokenwise(Value x) {
  while (auto fm = x.getDefiningOp<FeatureMapOp>())
    x = fm.getInput();
  while (auto slice = x.getDefiningOp<FeatureSliceOp>())
    x = slice.getInput();
  return isa<BlockArgument>(x);
}

} // namespace

llvm::SetVector<Operation *> attnc::scoreChain(ArrayRef<Value> roots) {
  llvm::SetVector<Operation *> chain;
  SmallVector<Value> work(roots.begin(), roots.end());
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (!def || !chain.insert(def))
      continue;
    for (Value operand : def->getOperands())
      if (isa<ScoresType>(operand.getType()))
        work.push_back(operand);
  }
  return chain;
}

FamilyChoice attnc::classifyReduction(PVOp pv) {
  // Every score op between the qks and the pv.
  llvm::SetVector<Operation *> chain = scoreChain(pv.getProbs());

  // Stencils and head mixing decide first: their placement relative to the
  // normaliser fixes the schedule.
  for (Operation *op : chain)
    if (isa<StencilOp, HeadMixOp>(op)) {
      bool post = cast<ScoresType>(op->getOperand(0).getType()).isProbs();
      if (post)
        return {Family::QuadraticTwoPass, op};
    }
  for (Operation *op : chain)
    if (isa<StencilOp, HeadMixOp>(op))
      return {Family::QuadraticStencil, op};
  for (Operation *op : chain)
    if (isa<SoftmaxOp, SoftpickOp>(op)) {
      // Anything between the normaliser and the pv needs the normalised
      // probabilities of whole rows: LSE first, then the tiles.
      if (pv.getProbs().getDefiningOp() != op)
        return {Family::QuadraticTwoPass, pv.getProbs().getDefiningOp()};
      return {Family::QuadraticOnline, op};
    }

  // Linear form: qk of tokenwise inputs; identity maps to weights; causal
  // masks (required with a decay); sum row normalisation.
  bool linear = true, causal = false;
  Operation *qkOp = nullptr;
  for (Operation *op : chain) {
    if (auto qk = dyn_cast<QKOp>(op)) {
      linear &= !qkOp && isTokenwise(qk.getQ()) && isTokenwise(qk.getK());
      qkOp = op;
    } else if (auto map = dyn_cast<MapOp>(op)) {
      linear &= isIdentityMap(map);
    } else if (auto mask = dyn_cast<ApplyMaskOp>(op)) {
      linear &= mask.getFill() == MaskFill::NegInf && isCausal(mask.getMask());
      causal = true;
    } else if (auto norm = dyn_cast<RowNormalizeOp>(op)) {
      linear &= norm.getKind() == RowNormKind::Sum && !norm.getFloor();
    } else {
      linear = false;
    }
  }
  if (linear && qkOp) {
    auto qk = cast<QKOp>(qkOp);
    if (!qk.getDecay() || causal)
      return {Family::LinearChunked, qkOp};
  }
  return {Family::QuadraticStateless, pv.getProbs().getDefiningOp()};
}
