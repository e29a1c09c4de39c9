//===- EmitCuda.h - the CUDA target of the GPU emitter ----------*- C++ -*-===//
//
// NVIDIA GPUs behind the seam of codegen/gpu/GpuTarget.h: the device
// library (the neutral codegen/gpu/lib with lib/attnc_target.cuh's
// intrinsics and the per-architecture mainloops of lib/sm80), embedded at
// build time, and the mainloops each architecture instantiates. The text
// compiles with NVRTC (the runtime) and with nvcc (the tests).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CODEGEN_CUDA_EMITCUDA_H
#define ATTNC_CODEGEN_CUDA_EMITCUDA_H

#include "dialect/AttnOps.h"

#include "llvm/Support/Error.h"

#include <string>

namespace attnc {

/// The CUDA source (with its manifest) of `variant`, planned for `target`
/// (sm_80 or sm_90a: the manifest's `arch`, which the runtime compiles
/// for). Errors name the op the CUDA backend cannot compile, with its
/// location.
llvm::Expected<std::string> emitCuda(attn::VariantOp variant,
                                     llvm::StringRef target);

/// The device library, embedded at build time (argument header first).
llvm::StringRef cudaLibrarySource();

} // namespace attnc

#endif // ATTNC_CODEGEN_CUDA_EMITCUDA_H
