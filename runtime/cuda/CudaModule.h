//===- CudaModule.h - compile, cache, load and launch CUDA units -*- C++
//-*-===//
//
// The LLVM-free half of the GPU path: takes a CUDA unit attnc emitted
// (source with its manifest, abi/Manifest.h), compiles it with NVRTC for
// the architecture the unit names (or finds the cubin in the kernel cache),
// loads it through the driver API and launches its kernels on device pointers
// after checking every argument. See docs/runtime.md.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_CUDA_CUDAMODULE_H
#define ATTNC_RUNTIME_CUDA_CUDAMODULE_H

#include "abi/Manifest.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace attnc::runtime {

// The runtime takes and returns the manifest's types.
using abi::CheckSpec;
using abi::chooseSplits;
using abi::DimSpec;
using abi::DType;
using abi::dtypeBytes;
using abi::dtypeName;
using abi::gridDim;
using abi::GridFactor;
using abi::KernelSpec;
using abi::Manifest;
using abi::parseDType;
using abi::parseManifest;
using abi::Shapes;
using abi::SizeExpr;
using abi::SplitSpec;
using abi::TensorSpec;

/// A tensor on the device: up to rank 4; strides in elements (the last
/// dim must be contiguous).
struct DeviceTensor {
  void *data = nullptr;
  DType dtype = DType::F32;
  int rank = 0;
  int64_t shape[4] = {0, 0, 0, 0};
  int64_t stride[4] = {0, 0, 0, 0};

  /// A dense row-major tensor.
  static DeviceTensor dense(void *data, DType dtype,
                            const std::vector<int64_t> &shape);
};

/// The compiled cubin, from NVRTC or the cache.
struct Cubin {
  std::string image;
  std::string arch; // e.g. "sm_90a"
  bool cacheHit = false;
  double compileSeconds = 0; // NVRTC time (0 on a hit)
};

/// The architecture to compile a unit for `unitArch` (its manifest's arch)
/// to run on a GPU of compute capability major.minor: the unit's own arch
/// when the GPU runs that cubin (an arch-specific unit, sm_90a, only on
/// exactly 9.0; sm_80 on 8.0 and later 8.x); for a unit without
/// arch-specific features on a GPU of a later major version, whose cubins
/// do not load there, the GPU's own sm_XY (it has every feature the unit
/// uses). Empty with `error` set (one sentence) when the GPU cannot run the
/// unit.
std::string cubinArchFor(const std::string &unitArch, int major, int minor,
                         std::string &error);

/// Compiles `source` to a cubin for `arch` (sm_80, sm_90, sm_90a...),
/// through the disk and in-process caches. No GPU needed.
bool compileCubin(const std::string &source, const std::string &arch,
                  Cubin &cubin, std::string &error);

class CudaModule {
public:
  ~CudaModule();

  /// Parses the manifest, refuses a GPU that cannot run the unit's arch,
  /// compiles (or finds in the cache) for it (cubinArchFor), and loads. Null
  /// with `error` set (one sentence) on failure.
  static std::unique_ptr<CudaModule> load(const std::string &source,
                                          std::string &error);

  const Manifest &manifest() const { return manifest_; }
  const Cubin &cubin() const { return cubin_; }

  /// The shapes of the variant's results for these inputs (checks the
  /// inputs first).
  bool resultShapes(const std::vector<DeviceTensor> &inputs,
                    std::vector<std::vector<int64_t>> &shapes,
                    std::string &error) const;

  /// Checks every argument, then launches the kernels on `stream` (null:
  /// the default stream). `results` are the variant's results, allocated
  /// by the caller (resultShapes). With `sync` (the default) it waits for
  /// the kernels and reports a failed device-side check (an out-of-bounds
  /// attn.load) with its source location; without it, call `finish`.
  bool launch(const std::vector<DeviceTensor> &inputs,
              const std::vector<DeviceTensor> &results, void *stream,
              std::string &error, bool sync = true);
  /// Waits for `stream` and reports a device-side check of the last launch.
  bool finish(void *stream, std::string &error);

  /// The split-KV counts the last launch used (one per manifest split).
  const std::vector<int64_t> &lastSplits() const { return lastSplits_; }

private:
  CudaModule() = default;
  /// Checks the inputs and fills every tensor's shape except scratch
  /// tensors'; with `results`, checks them too.
  bool check(const std::vector<DeviceTensor> &inputs,
             const std::vector<DeviceTensor> *results, Shapes &all,
             std::string &error) const;
  /// The split counts for these shapes ($ATTNC_CUDA_SPLITS forces one).
  std::vector<int64_t> splitsFor(const Shapes &all) const;

  Manifest manifest_;
  Cubin cubin_;
  void *module_ = nullptr;
  std::vector<void *> functions_;
  std::vector<int> residentBlocks_; // per kernel, blocks per SM
  int device_ = 0, multiprocessors_ = 1;
  bool streamOrdered_ = false;       // cuMemAllocAsync works here
  unsigned long long errorWord_ = 0; // device int
  std::vector<int64_t> lastSplits_;
};

} // namespace attnc::runtime

#endif // ATTNC_RUNTIME_CUDA_CUDAMODULE_H
