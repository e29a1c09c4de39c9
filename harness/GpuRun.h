//===- GpuRun.h - run a variant on the GPU with host tensors ----*- C++ -*-===//
//
// What `attnc run --target=sm_80|sm_90a` does: compile a planned variant
// to CUDA, load it (NVRTC or the kernel cache), copy the oracle's inputs to
// the GPU in the input dtypes, poison the results, launch, and copy the
// results back.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_HARNESS_GPURUN_H
#define ATTNC_HARNESS_GPURUN_H

#include "dialect/AttnOps.h"
#include "reference/Tensor.h"

#include "llvm/Support/Error.h"

#include <vector>

namespace attnc {

struct GpuRun {
  std::vector<reference::Tensor> outputs; // as stored, widened to double
  bool cacheHit = false;
  double compileSeconds = 0; // NVRTC (0 on a cache hit)
  double loadSeconds = 0;    // emit + compile or cache read + driver load
  double kernelMs = 0;       // one launch, all kernels (CUDA events)
  std::string arch;
  std::vector<int64_t> splits; // split-KV parts per split kernel
};

/// Runs `planned` (an attn.variant after attn-plan for `target`, sm_80 or
/// sm_90a: the unit's arch).
llvm::Expected<GpuRun> runOnGpu(attn::VariantOp planned, llvm::StringRef target,
                                llvm::ArrayRef<reference::Tensor> inputs);

} // namespace attnc

#endif // ATTNC_HARNESS_GPURUN_H
