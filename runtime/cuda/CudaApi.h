//===- CudaApi.h - the CUDA driver and NVRTC, loaded at run time -*- C++
//-*-===//
//
// libcuda and libnvrtc are opened with dlopen on first use, so attnc starts
// on machines without them and says which one is missing. Only the entry
// points the runtime uses are declared, with the ABI types they take (no
// CUDA headers are needed to build).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_CUDA_CUDAAPI_H
#define ATTNC_RUNTIME_CUDA_CUDAAPI_H

#include <cstddef>
#include <string>

namespace attnc::runtime::cu {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
struct CUctx_st;
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;
struct CUevent_st;
using CUcontext = CUctx_st *;
using CUmodule = CUmod_st *;
using CUfunction = CUfunc_st *;
using CUstream = CUstream_st *;
using CUevent = CUevent_st *;

constexpr int kAttrComputeMajor = 75; // CU_DEVICE_ATTRIBUTE_...
constexpr int kAttrComputeMinor = 76;
constexpr int kAttrSmemOptin = 97;       // MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
constexpr int kAttrMultiprocessors = 16; // MULTIPROCESSOR_COUNT
constexpr int kAttrMemoryPools = 115;    // MEMORY_POOLS_SUPPORTED
constexpr int kFuncMaxDynamicSmem =
    8; // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
constexpr int kPointerMemoryType = 2;    // CU_POINTER_ATTRIBUTE_MEMORY_TYPE
constexpr int kPointerDeviceOrdinal = 9; // CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL
constexpr int kMemoryTypeDevice = 2;     // CU_MEMORYTYPE_DEVICE
constexpr int kMemoryTypeUnified = 4;    // CU_MEMORYTYPE_UNIFIED

/// The driver entry points (null until loaded).
struct Driver {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDriverGetVersion)(int *);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxGetCurrent)(CUcontext *);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuCtxGetDevice)(CUdevice *);
  CUresult (*cuCtxSynchronize)();
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuFuncSetAttribute)(CUfunction, int, int);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **,
                             void **);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuMemcpyDtoHAsync)(void *, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD8Async)(CUdeviceptr, unsigned char, size_t, CUstream);
  CUresult (*cuMemsetD8)(CUdeviceptr, unsigned char, size_t);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuPointerGetAttribute)(void *, int, CUdeviceptr);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuOccupancyMaxActiveBlocksPerMultiprocessor)(int *, CUfunction,
                                                          int, size_t);
  // Stream-ordered allocation (CUDA 11.2); null on older drivers.
  CUresult (*cuMemAllocAsync)(CUdeviceptr *, size_t, CUstream);
  CUresult (*cuMemFreeAsync)(CUdeviceptr, CUstream);
};

/// NVRTC's entry points.
struct Nvrtc {
  struct Program;
  int (*nvrtcVersion)(int *, int *);
  int (*nvrtcCreateProgram)(Program **, const char *, const char *, int,
                            const char *const *, const char *const *);
  int (*nvrtcDestroyProgram)(Program **);
  int (*nvrtcCompileProgram)(Program *, int, const char *const *);
  int (*nvrtcGetProgramLogSize)(Program *, size_t *);
  int (*nvrtcGetProgramLog)(Program *, char *);
  int (*nvrtcGetCUBINSize)(Program *, size_t *);
  int (*nvrtcGetCUBIN)(Program *, char *);
  const char *(*nvrtcGetErrorString)(int);
};

/// The driver, loaded and initialised once; null with `error` set (one
/// sentence: which library or device is missing) otherwise.
const Driver *driver(std::string &error);
/// NVRTC, loaded once ($ATTNC_NVRTC names the library to use).
const Nvrtc *nvrtc(std::string &error);

/// "CUDA_ERROR_...: text" of a driver result.
std::string describe(const Driver &d, CUresult r);

/// Makes the primary context of `device` (default: $ATTNC_DEVICE or 0)
/// current unless a context is already current; returns the device.
bool ensureContext(const Driver &d, int &device, std::string &error);

} // namespace attnc::runtime::cu

#endif // ATTNC_RUNTIME_CUDA_CUDAAPI_H
