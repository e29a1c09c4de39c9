//===- CudaModule.cpp - compile, cache, load and launch CUDA units --------===//

#include "runtime/cuda/CudaModule.h"

#include "abi/attnc_args.h"
#include "runtime/DiskCache.h"
#include "runtime/cuda/CudaApi.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

using namespace attnc::runtime;
using namespace attnc::runtime::cu;

DeviceTensor DeviceTensor::dense(void *data, DType dtype,
                                 const std::vector<int64_t> &shape) {
  DeviceTensor t;
  t.data = data;
  t.dtype = dtype;
  t.rank = int(shape.size());
  int64_t s = 1;
  for (int d = t.rank - 1; d >= 0; --d) {
    t.shape[d] = shape[size_t(d)];
    t.stride[d] = s;
    s *= shape[size_t(d)];
  }
  return t;
}

//===----------------------------------------------------------------------===//
// Compilation
//===----------------------------------------------------------------------===//

bool attnc::runtime::compileCubin(const std::string &source,
                                  const std::string &arch, Cubin &cubin,
                                  std::string &error) {
  const Nvrtc *nv = nvrtc(error);
  if (!nv)
    return false;
  int major = 0, minor = 0;
  nv->nvrtcVersion(&major, &minor);
  std::vector<std::string> options = {"--gpu-architecture=" + arch,
                                      "-std=c++17", "-default-device"};
  // The key is everything the cubin depends on (the unit's arch is in its
  // manifest, the cubin's in the options).
  std::string key = "attnc-cuda-cubin 1\nnvrtc " + std::to_string(major) + "." +
                    std::to_string(minor) + "\n";
  for (const std::string &o : options)
    key += o + "\n";
  key += source;

  static std::mutex mutex;
  static std::map<std::string, std::string> memory;
  std::lock_guard<std::mutex> lock(mutex);
  cubin.arch = arch;
  if (auto it = memory.find(key); it != memory.end()) {
    cubin.image = it->second;
    cubin.cacheHit = true;
    cubin.compileSeconds = 0;
    return true;
  }
  static DiskCache cache("cuda");
  CacheResult result;
  double seconds = 0;
  bool ok = cache.getOrBuild(
      key, result,
      [&](std::string &payload, std::string &err) {
        auto start = std::chrono::steady_clock::now();
        Nvrtc::Program *prog = nullptr;
        int r = nv->nvrtcCreateProgram(&prog, source.c_str(), "attnc.cu", 0,
                                       nullptr, nullptr);
        if (r != 0) {
          err = std::string("NVRTC cannot create a program: ") +
                nv->nvrtcGetErrorString(r);
          return false;
        }
        std::vector<const char *> argv;
        for (const std::string &o : options)
          argv.push_back(o.c_str());
        r = nv->nvrtcCompileProgram(prog, int(argv.size()), argv.data());
        if (r != 0) {
          size_t n = 0;
          nv->nvrtcGetProgramLogSize(prog, &n);
          std::string log(n, '\0');
          if (n)
            nv->nvrtcGetProgramLog(prog, log.data());
          while (!log.empty() && (log.back() == '\0' || log.back() == '\n'))
            log.pop_back();
          err = "NVRTC failed to compile the kernels for " + arch +
                " (an attnc bug; please report it): " + log;
          nv->nvrtcDestroyProgram(&prog);
          return false;
        }
        size_t n = 0;
        nv->nvrtcGetCUBINSize(prog, &n);
        payload.assign(n, '\0');
        nv->nvrtcGetCUBIN(prog, payload.data());
        nv->nvrtcDestroyProgram(&prog);
        seconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
        return true;
      },
      error);
  if (!ok)
    return false;
  cubin.image = result.payload;
  cubin.cacheHit = result.hit;
  cubin.compileSeconds = result.hit ? 0 : seconds;
  memory[key] = result.payload;
  return true;
}

std::string attnc::runtime::cubinArchFor(const std::string &unitArch, int major,
                                         int minor, std::string &error) {
  abi::CudaArch a;
  if (!abi::parseCudaArch(unitArch, a)) {
    error = "the unit names the architecture '" + unitArch +
            "', which is not one NVRTC compiles for";
    return "";
  }
  std::string gpu = std::to_string(major) + "." + std::to_string(minor);
  std::string need = std::to_string(a.major) + "." + std::to_string(a.minor);
  if (a.specific && (major != a.major || minor != a.minor)) {
    error = "the unit is compiled for " + unitArch +
            ", which runs only on GPUs of compute capability " + need +
            ", and this GPU has " + gpu + " (emit it for sm_80)";
    return "";
  }
  if (major < a.major || (major == a.major && minor < a.minor)) {
    error = "the unit is compiled for " + unitArch +
            ", which needs a GPU of compute capability " + need +
            " or newer, and this GPU has " + gpu;
    return "";
  }
  if (major == a.major)
    return unitArch;
  return "sm_" + std::to_string(major) + std::to_string(minor);
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

CudaModule::~CudaModule() {
  std::string ignored;
  const Driver *d = driver(ignored);
  if (!d)
    return;
  if (errorWord_)
    d->cuMemFree(errorWord_);
  if (module_)
    d->cuModuleUnload(static_cast<CUmodule>(module_));
}

std::unique_ptr<CudaModule> CudaModule::load(const std::string &source,
                                             std::string &error) {
  std::unique_ptr<CudaModule> m(new CudaModule());
  if (!parseManifest(source, m->manifest_, error))
    return nullptr;
  if (m->manifest_.tensors.size() > ATTNC_MAX_TENSORS) {
    error = "variant '" + m->manifest_.variant + "' needs " +
            std::to_string(m->manifest_.tensors.size()) +
            " tensors, over the " + std::to_string(ATTNC_MAX_TENSORS) +
            " one launch takes";
    return nullptr;
  }
  const Driver *d = driver(error);
  if (!d || !ensureContext(*d, m->device_, error))
    return nullptr;
  int major = 0, minor = 0, optin = 0;
  d->cuDeviceGetAttribute(&major, kAttrComputeMajor, m->device_);
  d->cuDeviceGetAttribute(&minor, kAttrComputeMinor, m->device_);
  d->cuDeviceGetAttribute(&optin, kAttrSmemOptin, m->device_);
  d->cuDeviceGetAttribute(&m->multiprocessors_, kAttrMultiprocessors,
                          m->device_);
  int pools = 0;
  m->streamOrdered_ =
      d->cuMemAllocAsync &&
      d->cuDeviceGetAttribute(&pools, kAttrMemoryPools, m->device_) == 0 &&
      pools != 0;
  std::string arch = cubinArchFor(m->manifest_.arch, major, minor, error);
  if (arch.empty() || !compileCubin(source, arch, m->cubin_, error))
    return nullptr;
  CUmodule mod = nullptr;
  CUresult r = d->cuModuleLoadData(&mod, m->cubin_.image.data());
  if (r != 0) {
    error = "the driver cannot load the kernels compiled for " + arch + ": " +
            describe(*d, r);
    return nullptr;
  }
  m->module_ = mod;
  for (const KernelSpec &k : m->manifest_.kernels) {
    CUfunction f = nullptr;
    r = d->cuModuleGetFunction(&f, mod, k.entry.c_str());
    if (r != 0) {
      error = "the kernels lack the entry " + k.entry + ": " + describe(*d, r);
      return nullptr;
    }
    if (k.smem > optin) {
      error = "kernel " + k.name + " needs " + std::to_string(k.smem) +
              " bytes of shared memory but the GPU offers " +
              std::to_string(optin);
      return nullptr;
    }
    if (k.smem > 48 * 1024) {
      r = d->cuFuncSetAttribute(f, kFuncMaxDynamicSmem, k.smem);
      if (r != 0) {
        error = "cannot raise the shared memory of " + k.name + ": " +
                describe(*d, r);
        return nullptr;
      }
    }
    int resident = 1;
    if (d->cuOccupancyMaxActiveBlocksPerMultiprocessor(&resident, f, k.threads,
                                                       size_t(k.smem)) != 0 ||
        resident < 1)
      resident = 1;
    m->functions_.push_back(f);
    m->residentBlocks_.push_back(resident);
  }
  r = d->cuMemAlloc(&m->errorWord_, sizeof(int));
  if (r != 0) {
    error = "cannot allocate GPU memory: " + describe(*d, r);
    return nullptr;
  }
  return m;
}

//===----------------------------------------------------------------------===//
// Argument checks
//===----------------------------------------------------------------------===//

namespace {
std::string shapeString(const int64_t *shape, int rank) {
  std::string s = "[";
  for (int d = 0; d < rank; ++d)
    s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + "]";
}
} // namespace

bool CudaModule::check(const std::vector<DeviceTensor> &inputs,
                       const std::vector<DeviceTensor> *results, Shapes &all,
                       std::string &error) const {
  const Manifest &m = manifest_;
  size_t nin = size_t(m.numInputs());
  if (inputs.size() != nin) {
    error = "variant '" + m.variant + "' takes " + std::to_string(nin) +
            " inputs, not " + std::to_string(inputs.size());
    return false;
  }
  // Shapes of every tensor: inputs as given, results from the manifest
  // (scratch tensors, which depend on the split counts, are left at 1).
  all.assign(m.tensors.size(), {1, 1, 1, 1});
  std::map<std::string, std::pair<int64_t, std::string>> symbols;
  for (size_t t = 0; t < m.tensors.size(); ++t) {
    const TensorSpec &spec = m.tensors[t];
    if (!spec.input) {
      if (spec.scratchOf < 0)
        for (size_t d = 0; d < spec.dims.size(); ++d)
          all[t][d] = spec.dims[d].kind == DimSpec::Computed
                          ? gridDim(spec.dims[d].expr, all)
                          : spec.dims[d].size;
      continue;
    }
    const DeviceTensor &x = inputs[t];
    std::string what = "input '" + spec.name + "'";
    if (x.dtype != spec.dtype) {
      error = what + " must be " + dtypeName(spec.dtype) + ", not " +
              dtypeName(x.dtype);
      return false;
    }
    if (x.rank != int(spec.dims.size())) {
      error = what + " must have rank " + std::to_string(spec.dims.size()) +
              ", not " + std::to_string(x.rank);
      return false;
    }
    for (int d = 0; d < x.rank; ++d) {
      const DimSpec &ds = spec.dims[size_t(d)];
      int64_t n = x.shape[d];
      if (n < 0) {
        error = what + " has a negative size";
        return false;
      }
      if (ds.kind == DimSpec::Static && n != ds.size) {
        error = what + " has shape " + shapeString(x.shape, x.rank) +
                " but dim " + std::to_string(d) + " must be " +
                std::to_string(ds.size);
        return false;
      }
      if (ds.kind == DimSpec::Symbol) {
        auto [it, fresh] = symbols.try_emplace(ds.symbol, n, spec.name);
        if (!fresh && it->second.first != n) {
          error = what + " has " + ds.symbol + " = " + std::to_string(n) +
                  " but input '" + it->second.second + "' has " + ds.symbol +
                  " = " + std::to_string(it->second.first);
          return false;
        }
      }
      all[t][size_t(d)] = n;
    }
  }
  for (const CheckSpec &c : m.checks) {
    int64_t x = all[size_t(c.a)][size_t(c.da)],
            y = all[size_t(c.b)][size_t(c.db)];
    bool bad = c.kind == CheckSpec::Divides  ? (x <= 0 ? y != 0 : y % x != 0)
               : c.kind == CheckSpec::AtMost ? x > y
                                             : x != y;
    if (bad) {
      error = m.errorMessage(c.code) + " (" + std::to_string(x) +
              (c.kind == CheckSpec::Divides  ? " does not divide "
               : c.kind == CheckSpec::AtMost ? " > "
                                             : " vs ") +
              std::to_string(y) + ")";
      return false;
    }
  }
  if (!results)
    return true;

  // Memory: device pointers, alignment and strides.
  std::string err;
  const Driver *d = driver(err);
  auto memory = [&](const DeviceTensor &x, const std::string &what,
                    const std::array<int64_t, 4> &shape) {
    int64_t count = 1;
    for (int64_t n : shape)
      count *= n;
    if (count == 0)
      return true;
    if (!x.data) {
      error = what + " is a null pointer";
      return false;
    }
    unsigned type = 0;
    if (d && d->cuPointerGetAttribute(&type, kPointerMemoryType,
                                      CUdeviceptr(x.data)) != 0) {
      error = what + " is not GPU memory (the driver does not know the "
                     "pointer)";
      return false;
    }
    if (type != kMemoryTypeDevice && type != kMemoryTypeUnified) {
      error = what + " is host memory; attnc kernels read GPU memory";
      return false;
    }
    int ordinal = -1;
    if (d &&
        d->cuPointerGetAttribute(&ordinal, kPointerDeviceOrdinal,
                                 CUdeviceptr(x.data)) == 0 &&
        ordinal != device_ && type == kMemoryTypeDevice) {
      error = what + " is on GPU " + std::to_string(ordinal) +
              " but the kernels run on GPU " + std::to_string(device_);
      return false;
    }
    int bytes = dtypeBytes(x.dtype);
    bool wide = x.dtype == DType::BF16 || x.dtype == DType::F16;
    // 16-bit tensors are copied in 16-byte pieces (cp.async) and written
    // in pairs: rows must start 16-byte aligned.
    uintptr_t align = wide ? 16 : uintptr_t(bytes);
    if (reinterpret_cast<uintptr_t>(x.data) % align != 0) {
      error = what + " starts at an address that is not " +
              std::to_string(align) + "-byte aligned";
      return false;
    }
    for (int k = 0; k < x.rank; ++k) {
      if (x.stride[k] < 0 || (x.stride[k] == 0 && x.shape[k] > 1)) {
        error = what + " has stride " + std::to_string(x.stride[k]) +
                " in dim " + std::to_string(k) + "; strides must be positive";
        return false;
      }
      if (k == x.rank - 1 && x.shape[k] > 1 && x.stride[k] != 1) {
        error = what + " must be contiguous in its last dim (stride 1, not " +
                std::to_string(x.stride[k]) + ")";
        return false;
      }
      if (wide && k < x.rank - 1 && x.shape[k] > 1 &&
          (x.stride[k] * bytes) % 16 != 0) {
        error = what + " has stride " + std::to_string(x.stride[k]) +
                " in dim " + std::to_string(k) +
                "; strides of 16-bit tensors must be multiples of 8 elements";
        return false;
      }
    }
    return true;
  };
  for (size_t t = 0; t < nin; ++t)
    if (!memory(inputs[t], "input '" + m.tensors[t].name + "'", all[t]))
      return false;
  if (results->size() != m.results.size()) {
    error = "variant '" + m.variant + "' has " +
            std::to_string(m.results.size()) + " results, not " +
            std::to_string(results->size());
    return false;
  }
  for (size_t r = 0; r < results->size(); ++r) {
    const DeviceTensor &x = (*results)[r];
    const TensorSpec &spec = m.tensors[size_t(m.results[r])];
    const std::array<int64_t, 4> &want = all[size_t(m.results[r])];
    int rank = int(spec.dims.size());
    std::string what = "result " + std::to_string(r);
    if (x.dtype != spec.dtype) {
      error = what + " must be " + dtypeName(spec.dtype) + ", not " +
              dtypeName(x.dtype);
      return false;
    }
    bool same = x.rank == rank;
    for (int k = 0; same && k < x.rank; ++k)
      same = x.shape[k] == want[size_t(k)];
    if (!same) {
      error = what + " has shape " + shapeString(x.shape, x.rank) +
              " but these inputs give " + shapeString(want.data(), rank);
      return false;
    }
    if (!memory(x, what, want))
      return false;
  }
  return true;
}

bool CudaModule::resultShapes(const std::vector<DeviceTensor> &inputs,
                              std::vector<std::vector<int64_t>> &shapes,
                              std::string &error) const {
  Shapes all;
  if (!check(inputs, nullptr, all, error))
    return false;
  shapes.clear();
  for (int r : manifest_.results)
    shapes.emplace_back(all[size_t(r)].begin(),
                        all[size_t(r)].begin() +
                            manifest_.tensors[size_t(r)].dims.size());
  return true;
}

std::vector<int64_t> CudaModule::splitsFor(const Shapes &all) const {
  int64_t forced = 0;
  if (const char *env = std::getenv("ATTNC_CUDA_SPLITS"); env && *env)
    forced = std::strtoll(env, nullptr, 10);
  std::vector<int64_t> splits;
  for (const SplitSpec &sp : manifest_.splits) {
    const KernelSpec &k = manifest_.kernels[size_t(sp.kernel)];
    int64_t blocks = 1, tiles = std::max<int64_t>(1, gridDim(sp.tiles, all));
    for (const SizeExpr &g : k.grid)
      blocks *= gridDim(g, all);
    splits.push_back(
        forced > 0 ? std::min({forced, tiles, int64_t(ATTNC_MAX_SPLITS)})
                   : chooseSplits(blocks, tiles,
                                  int64_t(multiprocessors_) *
                                      residentBlocks_[size_t(sp.kernel)]));
  }
  return splits;
}

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

bool CudaModule::launch(const std::vector<DeviceTensor> &inputs,
                        const std::vector<DeviceTensor> &results, void *stream,
                        std::string &error, bool sync) {
  Shapes all;
  if (!check(inputs, &results, all, error))
    return false;
  const Driver *d = driver(error);
  if (!d)
    return false;
  const Manifest &m = manifest_;
  CUstream s = static_cast<CUstream>(stream);

  // Split counts, then the scratch shapes that depend on them.
  lastSplits_ = splitsFor(all);
  auto runs = [&](int split) {
    return split < 0 || lastSplits_[size_t(split)] > 1;
  };
  for (size_t t = 0; t < m.tensors.size(); ++t) {
    const TensorSpec &spec = m.tensors[t];
    if (spec.scratchOf >= 0)
      for (size_t x = 0; x < spec.dims.size(); ++x)
        all[t][x] = !runs(spec.scratchOf) ? 0
                    : spec.dims[x].kind == DimSpec::Computed
                        ? gridDim(spec.dims[x].expr, all, lastSplits_.data())
                        : spec.dims[x].size;
  }
  // Every grid, checked before anything runs.
  std::vector<std::array<int64_t, 3>> grids;
  for (const KernelSpec &spec : m.kernels) {
    std::array<int64_t, 3> g;
    for (int x = 0; x < 3; ++x)
      g[size_t(x)] = gridDim(spec.grid[x], all, lastSplits_.data());
    if (g[0] > 2147483647 || g[1] > 65535 || g[2] > 65535) {
      error = "kernel " + spec.name + " would need a grid of " +
              std::to_string(g[0]) + " x " + std::to_string(g[1]) + " x " +
              std::to_string(g[2]) +
              " blocks, over the GPU's limits "
              "(2^31 - 1 x 65535 x 65535)";
      return false;
    }
    grids.push_back(g);
  }

  AttncArgs args;
  std::memset(&args, 0, sizeof(args));
  args.count = int(m.tensors.size());
  args.error = reinterpret_cast<int *>(errorWord_);
  // Intermediates and scratch: stream-ordered where the GPU has memory
  // pools (no synchronisation), else allocated here and freed after a
  // synchronising finish.
  std::vector<CUdeviceptr> temps;
  auto release = [&] {
    for (CUdeviceptr p : temps)
      streamOrdered_ ? d->cuMemFreeAsync(p, s) : d->cuMemFree(p);
  };
  for (size_t t = 0; t < m.tensors.size(); ++t) {
    const TensorSpec &spec = m.tensors[t];
    std::vector<int64_t> shape(all[t].begin(),
                               all[t].begin() + spec.dims.size());
    DeviceTensor x;
    if (spec.input) {
      x = inputs[t];
    } else if (auto r = std::find(m.results.begin(), m.results.end(), int(t));
               r != m.results.end()) {
      x = results[size_t(r - m.results.begin())];
    } else {
      // An intermediate no result returns, or a split's workspace.
      int64_t bytes = dtypeBytes(spec.dtype);
      for (int64_t n : shape)
        bytes *= n;
      CUdeviceptr p = 0;
      if (bytes > 0) {
        CUresult r = streamOrdered_ ? d->cuMemAllocAsync(&p, size_t(bytes), s)
                                    : d->cuMemAlloc(&p, size_t(bytes));
        if (r != 0) {
          release();
          error = "cannot allocate " + std::to_string(bytes) +
                  " bytes of GPU memory for " +
                  (spec.scratchOf >= 0 ? "split-KV partial results"
                                       : "an intermediate") +
                  ": " + describe(*d, r);
          return false;
        }
        temps.push_back(p);
      }
      x = DeviceTensor::dense(reinterpret_cast<void *>(p), spec.dtype, shape);
    }
    AttncTensor &a = args.t[t];
    a.data = x.data;
    a.rank = x.rank;
    a.dtype = int(x.dtype);
    for (int k = 0; k < 4; ++k) {
      a.shape[k] = k < x.rank ? x.shape[k] : 1;
      a.stride[k] = k < x.rank ? x.stride[k] : 0;
    }
  }

  CUresult r = d->cuMemsetD8Async(errorWord_, 0, sizeof(int), s);
  for (size_t k = 0; r == 0 && k < m.kernels.size(); ++k) {
    const KernelSpec &spec = m.kernels[k];
    const std::array<int64_t, 3> &g = grids[k];
    if (!runs(spec.onlyIf) || g[0] == 0 || g[1] == 0 || g[2] == 0)
      continue;
    void *params[] = {&args};
    r = d->cuLaunchKernel(static_cast<CUfunction>(functions_[k]),
                          unsigned(g[0]), unsigned(g[1]), unsigned(g[2]),
                          unsigned(spec.threads), 1, 1, unsigned(spec.smem), s,
                          params, nullptr);
    if (r != 0) {
      release();
      error = "cannot launch kernel " + spec.name + ": " + describe(*d, r);
      return false;
    }
  }
  bool ok = r == 0;
  if (!ok)
    error = "cannot launch the kernels: " + describe(*d, r);
  if (ok && (sync || (!temps.empty() && !streamOrdered_)))
    ok = finish(stream, error);
  release();
  return ok;
}

bool CudaModule::finish(void *stream, std::string &error) {
  const Driver *d = driver(error);
  if (!d)
    return false;
  int code = 0;
  CUstream s = static_cast<CUstream>(stream);
  CUresult r = d->cuMemcpyDtoHAsync(&code, errorWord_, sizeof(int), s);
  if (r == 0)
    r = d->cuStreamSynchronize(s);
  if (r != 0) {
    error = "the kernels failed on the GPU: " + describe(*d, r);
    return false;
  }
  if (code != 0) {
    error = manifest_.errorMessage(code);
    return false;
  }
  return true;
}
