//===- Compiler.h - attnc's JIT front door ----------------------*- C++ -*-===//
//
// The public C++ API of the full JIT: compile an attention variant (.attn
// source, or a module built with attnc::VariantBuilder) at load time into
// a GPU kernel module and launch it on device pointers.
//
//   attnc::Compiler compiler;
//   std::string error;
//   auto kernel = compiler.compile(source, {"sm_80"}, error);
//   kernel->launch(inputs, results, stream, error);
//
// This is the one library that links MLIR, the passes and codegen with the
// runtime; an application that ships precompiled units needs only the
// runtime (runtime/cuda/CudaModule.h), which builds without LLVM/MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_API_COMPILER_H
#define ATTNC_API_COMPILER_H

#include "runtime/cuda/CudaModule.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace attnc {

struct CompileOptions {
  /// sm_80 or sm_90a: the plan's target and the unit's arch, which the
  /// cubin is built for (an sm_80 unit on a GPU of a later major version
  /// is built for that GPU's sm_XY; an sm_90a unit runs only on 9.0).
  std::string target = "sm_80";
  /// The variant to compile when the source has several ("": the only
  /// one).
  std::string variant;
  /// Forced tiles (0: the cost model).
  int64_t tileQ = 0, tileK = 0;
  /// The name diagnostics give the source.
  std::string filename = "<source>";
};

/// A compiled variant, ready to launch (see runtime::CudaModule).
using Kernel = runtime::CudaModule;

class Compiler {
public:
  /// The CUDA unit (source with manifest) of a variant of `.attn` source;
  /// "" with `error` set (the diagnostics, with locations) on failure.
  std::string emitCuda(const std::string &attnSource,
                       const CompileOptions &options, std::string &error);
  /// The same for a module holding attn.variant ops (e.g. from
  /// VariantBuilder::finish); the module is planned in place.
  std::string emitCuda(mlir::ModuleOp module, const CompileOptions &options,
                       std::string &error);

  /// emitCuda, then compile (NVRTC, cached) and load on the current GPU.
  std::unique_ptr<Kernel> compile(const std::string &attnSource,
                                  const CompileOptions &options,
                                  std::string &error);
  std::unique_ptr<Kernel> compile(mlir::ModuleOp module,
                                  const CompileOptions &options,
                                  std::string &error);
};

} // namespace attnc

#endif // ATTNC_API_COMPILER_H
