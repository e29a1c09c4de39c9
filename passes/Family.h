//===- Family.h - which kernel algorithm a reduction needs ------*- C++ -*-===//

#ifndef ATTNC_PASSES_FAMILY_H
#define ATTNC_PASSES_FAMILY_H

#include "dialect/AttnOps.h"
#include "dialect/plan/PlanOps.h"

#include "llvm/ADT/SetVector.h"

#include <string>

namespace attnc {

/// The algorithm family of one attention reduction (DESIGN: IR levels),
/// as the plan records it.
using Family = plan::Family;

struct FamilyChoice {
  Family family;
  /// The op that decided it (for diagnostics and tests).
  mlir::Operation *decidedBy = nullptr;
};

/// The score ops that compute `roots` (every score op takes the scores it
/// transforms as operands; masks and parameters are side inputs), nearest
/// to the roots first.
llvm::SetVector<mlir::Operation *>
scoreChain(mlir::ArrayRef<mlir::Value> roots);

/// Chooses the family of the kernel that computes `pv`.
FamilyChoice classifyReduction(attn::PVOp pv);

} // namespace attnc

#endif // ATTNC_PASSES_FAMILY_H
