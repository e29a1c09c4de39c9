//===- Run.h - run variants on the reference evaluator ----------*- C++ -*-===//
//
// The engine of `attnc run`: binds sizes, reads or draws inputs, evaluates
// every variant of a module (or the one asked for), prints a summary of each
// output and saves inputs and outputs as .npy.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_REFERENCE_RUN_H
#define ATTNC_REFERENCE_RUN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace attnc::reference {

struct RunOptions {
  /// Run only this variant ("" = all).
  std::string variant;
  /// Run-time sizes by name (`N=100`).
  llvm::StringMap<int64_t> sizes;
  uint64_t seed = 0;
  /// Read inputs from DIR/<variant>/<name>.npy or DIR/<name>.npy.
  std::string inputsDir;
  /// Save inputs and outputs to DIR/<variant>/<name>.npy, out<k>.npy.
  std::string saveDir;
};

/// Parses `B=2,H=4,N=100`; errors name the bad entry.
llvm::Expected<llvm::StringMap<int64_t>> parseSizes(llvm::StringRef text);

llvm::Error runReference(mlir::ModuleOp module, const RunOptions &options,
                         llvm::raw_ostream &os);

} // namespace attnc::reference

#endif // ATTNC_REFERENCE_RUN_H
