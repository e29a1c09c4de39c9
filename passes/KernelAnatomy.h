//===- KernelAnatomy.h - the parts of a planned kernel ----------*- C++ -*-===//
//
// What every consumer of a kernel plan asks first: its dot product, the
// reduction and LSEs it computes, its normaliser, the logits that
// normaliser reads and the chain of score ops between them, and the masks
// on that chain. Computed once from the kernel's region (IREE's
// AttentionOpDetail is the model) instead of by each emitter and pass.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_PASSES_KERNELANATOMY_H
#define ATTNC_PASSES_KERNELANATOMY_H

#include "dialect/AttnOps.h"
#include "dialect/plan/PlanOps.h"

#include "llvm/ADT/SmallVector.h"

namespace attnc {

/// The normaliser of a kernel's weights.
enum class NormKind {
  None,         // the weights are used as the chain yields them
  Softmax,      // attn.softmax (optionally with a sink)
  Softpick,     // attn.softpick
  RowNormalize, // attn.row_normalize
};

struct KernelMask {
  /// The mask value (an attn mask op's result) and the apply_mask using it.
  mlir::Value mask;
  attn::ApplyMaskOp apply;
  /// True when it removes entries (fill -inf, or zero on probabilities):
  /// such masks make tiles skippable.
  bool removes = false;
};

struct KernelAnatomy {
  /// The first dot product and how many the kernel has.
  attn::QKOp qk;
  unsigned numQK = 0;
  /// The reduction (null for a kernel that only writes an LSE) and the
  /// LSEs the kernel writes.
  attn::PVOp pv;
  llvm::SmallVector<attn::LseOp> lses;
  /// The first normaliser of the kernel, in block order (null: none).
  mlir::Operation *normalizer = nullptr;
  NormKind norm = NormKind::None;
  /// The normaliser the reduction reads directly (null when the weights
  /// come from elsewhere, e.g. a head_mix after a softmax).
  mlir::Operation *weightsNormalizer = nullptr;
  /// The scores the first normaliser reads; without one, the weights the
  /// pv reads (or the LSE's scores).
  mlir::Value logits;
  /// The softmax's sink (null: none).
  mlir::Value sink;
  /// Masks on the chain from the dot products to `logits`, in block order,
  /// up to an op that makes every entry present again (stencil, head_mix).
  llvm::SmallVector<KernelMask> masks;

  /// True when some mask removes entries.
  bool hasRemovingMask() const;
};

/// The anatomy of `kernel`.
KernelAnatomy analyzeKernel(plan::KernelOp kernel);

} // namespace attnc

#endif // ATTNC_PASSES_KERNELANATOMY_H
