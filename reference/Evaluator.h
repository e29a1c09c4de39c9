//===- Evaluator.h - the float64 oracle for attn IR -------------*- C++ -*-===//
//
// Evaluates an `attn.variant` naively, straight from the op semantics: every
// score matrix is materialised in float64, with a per-entry "present" flag
// for masked-out (removed) entries. It is the reference every kernel is
// tested against, so it favours being obviously right over being fast.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_REFERENCE_EVALUATOR_H
#define ATTNC_REFERENCE_EVALUATOR_H

#include "dialect/AttnOps.h"
#include "reference/Tensor.h"

#include "llvm/Support/Error.h"

namespace attnc::reference {

/// Evaluates `variant` on `inputs` (one per argument, in order, shaped as the
/// actual run-time sizes) and returns its outputs. Shapes that contradict the
/// program, out-of-range parameter reads and similar errors come back as one
/// sentence naming the input or op.
llvm::Expected<std::vector<Tensor>> evaluate(attn::VariantOp variant,
                                             llvm::ArrayRef<Tensor> inputs);

/// How much of the score matrices a run used: of the matrix with the
/// smallest share, the rows (b, h, i) with at least one present (unmasked)
/// entry, of all its rows. rows == 0: no score matrix was computed.
struct Coverage {
  uint64_t presentRows = 0, rows = 0;
};

/// evaluate, also filling `coverage` (when not null).
llvm::Expected<std::vector<Tensor>> evaluate(attn::VariantOp variant,
                                             llvm::ArrayRef<Tensor> inputs,
                                             Coverage *coverage);

} // namespace attnc::reference

#endif // ATTNC_REFERENCE_EVALUATOR_H
