//===- EmitCuda.h - kernel plans to CUDA C++ --------------------*- C++ -*-===//
//
// The CUDA backend's emitter: turns one planned `attn.variant` (after
// `attn-plan{target=sm_80|sm_90a}`) into one CUDA translation unit:
//
//  * a manifest, as `//@ ` comment lines at the top (abi/ManifestWriter.h
//    writes it, abi/Manifest.h reads it: the architecture, the tensors
//    with their dtypes and symbolic shapes, the kernels in launch order
//    with their grids and shared memory, the results, and the messages of
//    device-side error codes);
//  * the device library (embedded: abi/attnc_args.h and codegen/cuda/lib);
//  * per kernel, a description struct (head dims, tiles, tensor indices,
//    the score chain per entry, the tile test of its masks) and an
//    `extern "C" __global__` entry instantiating the library's mainloop.
//
// The text compiles with NVRTC (the runtime) and with nvcc (the tests).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CODEGEN_CUDA_EMITCUDA_H
#define ATTNC_CODEGEN_CUDA_EMITCUDA_H

#include "dialect/AttnOps.h"

#include "llvm/Support/Error.h"

#include <string>

namespace attnc {

/// The CUDA source (with its manifest) of `variant`, which must have been
/// planned for a GPU target, for `target` (sm_80 or sm_90a: the manifest's
/// `arch`, which the runtime compiles for). Errors name the op the CUDA
/// backend cannot compile, with its location.
llvm::Expected<std::string> emitCuda(attn::VariantOp variant,
                                     llvm::StringRef target);

/// The device library, embedded at build time (argument header first).
llvm::StringRef cudaLibrarySource();

} // namespace attnc

#endif // ATTNC_CODEGEN_CUDA_EMITCUDA_H
