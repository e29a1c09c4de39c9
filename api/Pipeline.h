//===- Pipeline.h - from .attn source to a planned variant ------*- C++ -*-===//
//
// The compile pipeline, written once for `attnc` and attnc::Compiler: lower
// .attn source to attn IR, clean it up and plan it for a target, and pick
// the variant to emit. Diagnostics from MLIR go to the context's handler
// (the caller installs one); the frontend's go to the stream it is given.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_API_PIPELINE_H
#define ATTNC_API_PIPELINE_H

#include "dialect/AttnOps.h"
#include "passes/Plan.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

namespace attnc {

/// Loads the dialects of attn IR and of kernel plans into `context`.
void loadPipelineDialects(mlir::MLIRContext &context);

/// Parses, checks and lowers the .attn program in `sourceMgr`'s main buffer
/// to attn IR in `context` (loading the dialects). Errors are printed to
/// `diagnostics` with their locations (file:line:col, the line, the span);
/// `errorCount`, if given, receives how many. Null on failure, or when the
/// frontend built nothing.
mlir::OwningOpRef<mlir::ModuleOp>
lowerAttnSource(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
                llvm::raw_ostream &diagnostics, unsigned *errorCount = nullptr);

/// Configures the pass manager before it runs (`attnc`: the --mlir-* IR
/// printing and timing options); a failure stops the pipeline.
using PassManagerHook =
    llvm::function_ref<mlir::LogicalResult(mlir::PassManager &)>;

/// The passes after lowering: canonicalize and CSE (fold constants, merge
/// repeated sizes and masks), then, with `plan`, the attn-plan pipeline for
/// plan->target (kernel plans). Runs on `module` in place.
mlir::LogicalResult runPipeline(mlir::ModuleOp module,
                                const PlanOptions *plan = nullptr,
                                PassManagerHook configure = nullptr);

/// How selectVariant names things in its errors.
struct VariantChoice {
  /// The variant wanted ("": the module's only one).
  llvm::StringRef name;
  /// What the module came from: "the file has ...", "the source has ...".
  llvm::StringRef origin = "source";
  /// How a user chooses a variant: "with --variant".
  llvm::StringRef howToChoose;
};

/// The variant `choice.name` of `module`, or its only variant when the name
/// is empty. One-sentence errors otherwise: "there is no variant 'x' (the
/// file has a, b)", "the file has several variants (a, b); choose one with
/// --variant", "the file defines no attention".
llvm::Expected<attn::VariantOp> selectVariant(mlir::ModuleOp module,
                                              const VariantChoice &choice);

} // namespace attnc

#endif // ATTNC_API_PIPELINE_H
