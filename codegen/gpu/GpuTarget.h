//===- GpuTarget.h - what a GPU target gives the neutral emitter -*- C++
//-*-===//
//
// The seam between the target-neutral GPU emitter (EmitGpu.cpp: tensor
// numbering, launch checks, the manifest, score functors, body ops,
// materialised scores, combine) and a target (codegen/cuda for NVIDIA; a
// CDNA target beside it later). A target contributes its embedded device
// library (the neutral codegen/gpu/lib with its intrinsics header and
// mainloops) and names the mainloop templates a plan's `mainloop` selects;
// everything else the emitter prints comes from the completed plan.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CODEGEN_GPU_GPUTARGET_H
#define ATTNC_CODEGEN_GPU_GPUTARGET_H

#include "dialect/plan/PlanOps.h"

#include "llvm/ADT/StringRef.h"

namespace attnc {

class GpuTarget {
public:
  virtual ~GpuTarget() = default;
  /// How messages name the backend ("the CUDA backend").
  virtual llvm::StringRef backendName() const = 0;
  /// The plan target whose kernels this target emits.
  virtual plan::Target planTarget() const = 0;
  /// The architecture the unit names (`//@ arch`), which the runtime
  /// compiles for.
  virtual llvm::StringRef arch() const = 0;
  /// The embedded device library, prepended to every unit.
  virtual llvm::StringRef librarySource() const = 0;
  /// The device-library template that runs a quadratic kernel's
  /// description under `mainloop` (`attention` for mma_sync), or "" when
  /// this target has no such mainloop.
  virtual llvm::StringRef quadraticLoop(plan::Mainloop mainloop) const = 0;
};

} // namespace attnc

#endif // ATTNC_CODEGEN_GPU_GPUTARGET_H
