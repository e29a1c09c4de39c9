//===- CpuJit.h - compile, cache and load CPU kernels -----------*- C++ -*-===//
//
// The CPU backend's JIT: builds an emitted C++ program with the host
// compiler into a shared object, caches it on disk, and loads it. Builds
// without LLVM/MLIR, as the whole runtime does.
//
// An emitted program exports the entry abi/attnc_cpu_abi.h declares.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_CPU_CPUJIT_H
#define ATTNC_RUNTIME_CPU_CPUJIT_H

#include "abi/attnc_cpu_abi.h"

#include <string>

namespace attnc::runtime {

using CpuBuffer = ::AttncCpuBuffer;
using CpuAllocFn = ::AttncCpuAllocFn;
using CpuStats = ::AttncCpuStats;
using CpuEntry = decltype(&::attnc_cpu_run);

struct CpuJitOptions {
  /// The cache directory: $ATTNC_CACHE_DIR/cpu, else ~/.cache/attnc/cpu.
  std::string cacheDir;
  /// The compiler: $ATTNC_CXX, else c++.
  std::string compiler;
  /// Extra flags (optimisation level by default).
  std::string flags = "-O2";
};

/// Compiles `source` (or finds it in the cache) and returns its entry
/// point; on failure returns null and sets `error` to one sentence (with
/// the compiler's output when it failed).
CpuEntry loadCpuProgram(const std::string &source, const CpuJitOptions &options,
                        std::string &error, bool *cacheHit = nullptr);

} // namespace attnc::runtime

#endif // ATTNC_RUNTIME_CPU_CPUJIT_H
