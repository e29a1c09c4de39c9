//===- TargetModel.h - what a target offers a kernel ------------*- C++ -*-===//
//
// One description per target (cpu, sm_80, sm_90a, gfx90a, gfx942): the
// facts the planner's cost model and attn-complete-plan read, so that a
// decision about a target is taken in one place. Emitters print what the
// completed plan says; device libraries assert it.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_PASSES_TARGETMODEL_H
#define ATTNC_PASSES_TARGETMODEL_H

#include "dialect/plan/PlanOps.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace attnc {

/// A matrix instruction's shape: D[m x n] += A[m x k] B[k x n].
struct MmaShape {
  int m = 0, n = 0, k = 0;
};

struct TargetModel {
  plan::Target target;
  /// True for GPUs (the rest describe a block of threads).
  bool gpu = false;
  /// Threads per warp (wavefront); 1 on the CPU.
  int warpSize = 1;
  /// The most threads a block may have.
  int maxThreadsPerBlock = 1;
  /// 32-bit registers of one block (the register file of an SM/CU).
  int64_t registersPerBlock = 0;
  /// Shared memory (LDS) one block may use, in bytes; on the CPU the
  /// working set a tile should keep in L2.
  int64_t sharedBytesPerBlock = 0;
  /// The bf16/f16 matrix instruction of the quadratic mainloop
  /// (mma.sync m16n8k16 on NVIDIA; MFMA 32x32x8 on CDNA).
  MmaShape mma;
  /// Asynchronous global -> shared copies (cp.async) / tensor-memory
  /// accelerator (TMA) bulk copies.
  bool asyncCopy = false, tma = false;
  /// The mainloop of online and stateless quadratic kernels, and its
  /// pipeline depth (key/value tiles in flight).
  plan::Mainloop quadraticLoop = plan::Mainloop::CpuTiles;
  int quadraticStages = 1;
  /// Query rows one warp of the quadratic mainloop owns (its MMA's m).
  int rowsPerWarp = 1;
  /// Code generation for this target exists (gfx targets: not yet).
  bool emitsCode = false;
};

/// The model of `target`.
const TargetModel &targetModel(plan::Target target);

/// The target named `name` (cpu, sm_80, sm_90a, gfx90a, gfx942).
std::optional<plan::Target> parseTarget(llvm::StringRef name);

} // namespace attnc

#endif // ATTNC_PASSES_TARGETMODEL_H
