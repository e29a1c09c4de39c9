//===- EmitGpu.h - kernel plans to GPU C++ ----------------------*- C++ -*-===//
//
// The target-neutral GPU emitter: turns one planned `attn.variant` (after
// `attn-plan` for a GPU target) into one translation unit for a GpuTarget:
//
//  * a manifest, as `//@ ` comment lines at the top (abi/ManifestWriter.h
//    writes it, abi/Manifest.h reads it: the architecture, the tensors
//    with their dtypes and symbolic shapes, the kernels in launch order
//    with their grids and shared memory, the results, and the messages of
//    device-side error codes);
//  * the target's device library (embedded);
//  * per kernel, a description struct (head dims, the plan's tiles and
//    geometry, tensor indices, the score chain per entry, the tile test of
//    its masks) and an `extern "C" __global__` entry instantiating the
//    mainloop the plan names.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CODEGEN_GPU_EMITGPU_H
#define ATTNC_CODEGEN_GPU_EMITGPU_H

#include "codegen/gpu/GpuTarget.h"
#include "dialect/AttnOps.h"

#include "llvm/Support/Error.h"

#include <string>

namespace attnc {

/// The source (with its manifest) of `variant` for `target`. Its kernels
/// must have been planned and completed for `target.planTarget()`. Errors
/// name the op the backend cannot compile, with its location.
llvm::Expected<std::string> emitGpu(attn::VariantOp variant,
                                    const GpuTarget &target);

} // namespace attnc

#endif // ATTNC_CODEGEN_GPU_EMITGPU_H
