//===- Lowering.h - check an .attn program and build attn IR ----*- C++ -*-===//

#ifndef ATTNC_FRONTENDS_ATTN_LOWERING_H
#define ATTNC_FRONTENDS_ATTN_LOWERING_H

#include "frontends/attn/AST.h"
#include "frontends/attn/Diagnostics.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

namespace attnc::lang {

/// Type- and shape-checks every attention of `program` and lowers it into one
/// module (one `attn.variant` each). Errors go to `diags`, several per run;
/// the result is null when there was any. Ops carry file:line:col locations.
mlir::OwningOpRef<mlir::ModuleOp> lowerProgram(const Program &program,
                                               Diagnostics &diags,
                                               mlir::MLIRContext &context);

/// Parses and lowers the main buffer of `diags.sourceMgr()`.
mlir::OwningOpRef<mlir::ModuleOp> compileAttnSource(Diagnostics &diags,
                                                    mlir::MLIRContext &context);

} // namespace attnc::lang

#endif // ATTNC_FRONTENDS_ATTN_LOWERING_H
