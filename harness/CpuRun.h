//===- CpuRun.h - run planned variants on the CPU ---------------*- C++ -*-===//
//
// `attnc run --target=cpu`: emits the planned variant as C++ (EmitCpp),
// builds and loads it through the CPU JIT (runtime/cpu), runs it on
// reference tensors and reports, per kernel, the tiles it computed next to
// the count the compile-time mask analysis predicts (when the mask needs no
// run-time data).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_HARNESS_CPURUN_H
#define ATTNC_HARNESS_CPURUN_H

#include "dialect/AttnOps.h"
#include "reference/Tensor.h"
#include "runtime/cpu/CpuJit.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace attnc {

struct KernelCount {
  std::string kernel, family;
  int64_t computed = 0, total = 0;
  /// What passes/TileClasses predicts, for masks without run-time data.
  std::optional<int64_t> predicted;
};

struct CpuRun {
  std::vector<reference::Tensor> outputs; // f32 values
  std::vector<KernelCount> counts;
  bool cacheHit = false;
};

/// Runs `planned` (a variant after attn-plan) on `inputs`. Outputs are the
/// kernels' f32 results, before the store rounds them to the result types.
llvm::Expected<CpuRun> runOnCpu(attn::VariantOp planned,
                                llvm::ArrayRef<reference::Tensor> inputs,
                                const runtime::CpuJitOptions &options = {});

} // namespace attnc

#endif // ATTNC_HARNESS_CPURUN_H
