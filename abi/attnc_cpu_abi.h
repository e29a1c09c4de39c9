//===- attnc_cpu_abi.h - the entry of emitted CPU programs ------*- C++ -*-===//
//
// The one function a CPU program attnc emits exports, and the types it
// takes, declared once: the runtime (runtime/cpu/CpuJit.h) includes this
// header and looks the entry up with dlsym; the CPU device library embeds
// it, so the definition codegen/cpu/EmitCpp.cpp writes must match this
// declaration or the program does not compile. Plain C layout and the C
// library's headers only, so both sides agree byte for byte.
//
// Inputs are f32 (float) or int64 (integers), row-major; outputs are f32,
// allocated through `alloc`. The entry returns 0, or non-zero with one
// sentence in `error`. `stats` receives, per kernel, the tiles it computed
// and the tiles there are (at most `nstats` entries).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CPU_ABI_H
#define ATTNC_CPU_ABI_H

#include <stddef.h>
#include <stdint.h>

/// The entry's name, for dlsym.
#define ATTNC_CPU_ENTRY "attnc_cpu_run"

/// An input tensor: float* or int64_t* data, up to rank 4.
struct AttncCpuBuffer {
  void *data;
  int rank;
  int64_t shape[4];
};

/// Allocates output `index` with `shape` (host side); returns its f32 data.
typedef float *(*AttncCpuAllocFn)(void *host, int index, const int64_t *shape,
                                  int rank);

/// The tiles one kernel computed, of `total`.
struct AttncCpuStats {
  char kernel[64];
  int64_t computed, total;
};

#ifdef __cplusplus
extern "C" {
#endif
int attnc_cpu_run(const struct AttncCpuBuffer *ins, int nins, void *host,
                  AttncCpuAllocFn alloc, struct AttncCpuStats *stats,
                  int nstats, char *error, size_t errorSize);
#ifdef __cplusplus
}
#endif

#endif // ATTNC_CPU_ABI_H
