//===- CpuJit.h - compile, cache and load CPU kernels -----------*- C++ -*-===//
//
// The CPU backend's JIT: builds an emitted C++ program with the host
// compiler into a shared object, caches it on disk, and loads it. Builds
// without LLVM/MLIR, as the whole runtime does.
//
// ABI of an emitted program (codegen/cpu/EmitCpp.cpp):
//   extern "C" int attnc_cpu_run(const Buffer *ins, int nins, void *host,
//                                AllocFn alloc, Stats *stats, int nstats,
//                                char *error, size_t errorSize);
// Inputs are f32 (floats) or int64 (integers), row-major; outputs are f32,
// allocated through `alloc`; it returns non-zero with a sentence in `error`.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_CPU_CPUJIT_H
#define ATTNC_RUNTIME_CPU_CPUJIT_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace attnc::runtime {

struct CpuBuffer {
  void *data;
  int rank;
  std::int64_t shape[4];
};
using CpuAllocFn = float *(*)(void *host, int index, const std::int64_t *shape,
                              int rank);
struct CpuStats {
  char kernel[64];
  std::int64_t computed, total;
};
using CpuEntry = int (*)(const CpuBuffer *ins, int nins, void *host,
                         CpuAllocFn alloc, CpuStats *stats, int nstats,
                         char *error, std::size_t errorSize);

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
