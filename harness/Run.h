//===- Run.h - run variants on the reference evaluator ----------*- C++ -*-===//
//
// The engine of `attnc run`: binds sizes, reads or draws inputs, evaluates
// every variant of a module (or the one asked for), prints a summary of each
// output and saves inputs and outputs as .npy.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_HARNESS_RUN_H
#define ATTNC_HARNESS_RUN_H

#include "dialect/AttnOps.h"
#include "reference/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
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
  /// Runs a variant in place of the oracle (a backend) and returns its
  /// outputs as computed (f32), before they are stored in the result types;
  /// it may print a report to the stream. Null: the oracle itself runs.
  std::function<llvm::Expected<std::vector<Tensor>>(
      attn::VariantOp, llvm::ArrayRef<Tensor>, llvm::raw_ostream &)>
      execute;
  /// Also evaluate the oracle and compare every output of the backend with
  /// it twice: as stored, within the tolerance of the result type, and as
  /// computed, within the f32 tolerance (toleranceFor); a difference is an
  /// error.
  bool check = false;
  /// The backend's outputs are already stored in the result types (GPU
  /// kernels): compare them as stored only.
  bool storedOnly = false;
};

/// The comparison a backend's output must pass against the oracle:
/// |x - ref| <= atol * max|ref| + rtol * |ref| per element, with (rtol,
/// atol) by the stored type: bf16 (2^-7, 1e-3), f16 (2^-10, 1e-4), f32 and
/// wider (1e-4, 1e-5). rtol covers rounding to the type; atol, relative to
/// the tensor's scale, covers f32 accumulation where outputs cancel.
std::pair<double, double> toleranceFor(mlir::Type type);

/// Parses `B=2,H=4,N=100`; errors name the bad entry.
llvm::Expected<llvm::StringMap<int64_t>> parseSizes(llvm::StringRef text);

llvm::Error runReference(mlir::ModuleOp module, const RunOptions &options,
                         llvm::raw_ostream &os);

} // namespace attnc::reference

#endif // ATTNC_HARNESS_RUN_H
