//===- CudaApi.cpp - the CUDA driver and NVRTC, loaded at run time --------===//

#include "runtime/cuda/CudaApi.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <vector>

using namespace attnc::runtime::cu;

namespace {

void *openFirst(const std::vector<std::string> &names, std::string &tried) {
  for (const std::string &n : names) {
    if (void *h = dlopen(n.c_str(), RTLD_NOW | RTLD_LOCAL))
      return h;
    tried += (tried.empty() ? "" : ", ") + n;
  }
  return nullptr;
}

template <class F>
bool bind(void *lib, F &fn, const char *name, std::string &missing) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  if (!fn)
    missing += (missing.empty() ? "" : ", ") + std::string(name);
  return fn != nullptr;
}

} // namespace

const Driver *attnc::runtime::cu::driver(std::string &error) {
  static Driver d;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string tried;
    void *lib = openFirst({"libcuda.so.1", "libcuda.so"}, tried);
    if (!lib) {
      failure = "no CUDA driver: cannot load libcuda.so.1 (is this a machine "
                "with an NVIDIA GPU and its driver?)";
      return;
    }
    std::string missing;
    bind(lib, d.cuInit, "cuInit", missing);
    bind(lib, d.cuDriverGetVersion, "cuDriverGetVersion", missing);
    bind(lib, d.cuDeviceGetCount, "cuDeviceGetCount", missing);
    bind(lib, d.cuDeviceGet, "cuDeviceGet", missing);
    bind(lib, d.cuDeviceGetName, "cuDeviceGetName", missing);
    bind(lib, d.cuDeviceGetAttribute, "cuDeviceGetAttribute", missing);
    bind(lib, d.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", missing);
    bind(lib, d.cuCtxGetCurrent, "cuCtxGetCurrent", missing);
    bind(lib, d.cuCtxSetCurrent, "cuCtxSetCurrent", missing);
    bind(lib, d.cuCtxGetDevice, "cuCtxGetDevice", missing);
    bind(lib, d.cuCtxSynchronize, "cuCtxSynchronize", missing);
    bind(lib, d.cuModuleLoadData, "cuModuleLoadData", missing);
    bind(lib, d.cuModuleUnload, "cuModuleUnload", missing);
    bind(lib, d.cuModuleGetFunction, "cuModuleGetFunction", missing);
    bind(lib, d.cuFuncSetAttribute, "cuFuncSetAttribute", missing);
    bind(lib, d.cuLaunchKernel, "cuLaunchKernel", missing);
    bind(lib, d.cuMemAlloc, "cuMemAlloc_v2", missing);
    bind(lib, d.cuMemFree, "cuMemFree_v2", missing);
    bind(lib, d.cuMemcpyHtoD, "cuMemcpyHtoD_v2", missing);
    bind(lib, d.cuMemcpyDtoH, "cuMemcpyDtoH_v2", missing);
    bind(lib, d.cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", missing);
    bind(lib, d.cuMemsetD8Async, "cuMemsetD8Async", missing);
    bind(lib, d.cuMemsetD8, "cuMemsetD8_v2", missing);
    bind(lib, d.cuStreamSynchronize, "cuStreamSynchronize", missing);
    bind(lib, d.cuPointerGetAttribute, "cuPointerGetAttribute", missing);
    bind(lib, d.cuEventCreate, "cuEventCreate", missing);
    bind(lib, d.cuEventRecord, "cuEventRecord", missing);
    bind(lib, d.cuEventSynchronize, "cuEventSynchronize", missing);
    bind(lib, d.cuEventElapsedTime, "cuEventElapsedTime", missing);
    bind(lib, d.cuEventDestroy, "cuEventDestroy_v2", missing);
    bind(lib, d.cuGetErrorString, "cuGetErrorString", missing);
    bind(lib, d.cuOccupancyMaxActiveBlocksPerMultiprocessor,
         "cuOccupancyMaxActiveBlocksPerMultiprocessor", missing);
    std::string optional;
    bind(lib, d.cuMemAllocAsync, "cuMemAllocAsync", optional);
    bind(lib, d.cuMemFreeAsync, "cuMemFreeAsync", optional);
    if (!d.cuMemAllocAsync || !d.cuMemFreeAsync)
      d.cuMemAllocAsync = nullptr, d.cuMemFreeAsync = nullptr;
    if (!missing.empty()) {
      failure = "the CUDA driver is too old: libcuda.so.1 lacks " + missing;
      return;
    }
    CUresult r = d.cuInit(0);
    int count = 0;
    if (r != 0 || d.cuDeviceGetCount(&count) != 0 || count == 0) {
      failure = "no GPU: the CUDA driver loaded but " +
                (r != 0 ? "cuInit failed (" + describe(d, r) + ")"
                        : std::string("it sees no device"));
      return;
    }
  });
  if (!failure.empty()) {
    error = failure;
    return nullptr;
  }
  return &d;
}

const Nvrtc *attnc::runtime::cu::nvrtc(std::string &error) {
  static Nvrtc n;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    std::vector<std::string> names;
    if (const char *env = std::getenv("ATTNC_NVRTC"))
      names.push_back(env);
    for (const char *v : {"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12"})
      names.push_back(v);
    const char *dirs[] = {std::getenv("CUDA_HOME"), std::getenv("CUDA_PATH"),
                          "/usr/local/cuda"};
    for (const char *dir : dirs)
      if (dir)
        for (const char *v :
             {"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12"})
          names.push_back(std::string(dir) + "/lib64/" + v);
    std::string tried;
    void *lib = openFirst(names, tried);
    if (!lib) {
      failure = "no NVRTC: cannot load libnvrtc (tried " + tried +
                "); install the CUDA toolkit's NVRTC or set ATTNC_NVRTC to "
                "its path";
      return;
    }
    std::string missing;
    bind(lib, n.nvrtcVersion, "nvrtcVersion", missing);
    bind(lib, n.nvrtcCreateProgram, "nvrtcCreateProgram", missing);
    bind(lib, n.nvrtcDestroyProgram, "nvrtcDestroyProgram", missing);
    bind(lib, n.nvrtcCompileProgram, "nvrtcCompileProgram", missing);
    bind(lib, n.nvrtcGetProgramLogSize, "nvrtcGetProgramLogSize", missing);
    bind(lib, n.nvrtcGetProgramLog, "nvrtcGetProgramLog", missing);
    bind(lib, n.nvrtcGetCUBINSize, "nvrtcGetCUBINSize", missing);
    bind(lib, n.nvrtcGetCUBIN, "nvrtcGetCUBIN", missing);
    bind(lib, n.nvrtcGetErrorString, "nvrtcGetErrorString", missing);
    if (!missing.empty())
      failure = "NVRTC is too old (it lacks " + missing +
                "); attnc needs CUDA 11.1 or newer";
  });
  if (!failure.empty()) {
    error = failure;
    return nullptr;
  }
  return &n;
}

std::string attnc::runtime::cu::describe(const Driver &d, CUresult r) {
  const char *s = nullptr;
  if (d.cuGetErrorString && d.cuGetErrorString(r, &s) == 0 && s)
    return std::string(s) + " (CUDA error " + std::to_string(r) + ")";
  return "CUDA error " + std::to_string(r);
}

bool attnc::runtime::cu::ensureContext(const Driver &d, int &device,
                                       std::string &error) {
  CUcontext ctx = nullptr;
  if (d.cuCtxGetCurrent(&ctx) == 0 && ctx) {
    CUdevice dev;
    if (d.cuCtxGetDevice(&dev) == 0) {
      device = dev;
      return true;
    }
  }
  int ordinal = 0;
  if (const char *env = std::getenv("ATTNC_DEVICE"))
    ordinal = std::atoi(env);
  int count = 0;
  d.cuDeviceGetCount(&count);
  if (ordinal < 0 || ordinal >= count) {
    error = "ATTNC_DEVICE=" + std::to_string(ordinal) + " but there are " +
            std::to_string(count) + " GPUs";
    return false;
  }
  CUdevice dev;
  CUresult r = d.cuDeviceGet(&dev, ordinal);
  if (r == 0)
    r = d.cuDevicePrimaryCtxRetain(&ctx, dev);
  if (r == 0)
    r = d.cuCtxSetCurrent(ctx);
  if (r != 0) {
    error =
        "cannot open GPU " + std::to_string(ordinal) + ": " + describe(d, r);
    return false;
  }
  device = dev;
  return true;
}
