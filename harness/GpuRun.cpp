//===- GpuRun.cpp - run a variant on the GPU with host tensors ------------===//

#include "harness/GpuRun.h"

#include "codegen/cuda/EmitCuda.h"
#include "harness/Limits.h"
#include "harness/NeutralLocations.h"
#include "runtime/cuda/CudaApi.h"
#include "runtime/cuda/CudaModule.h"

#include <chrono>
#include <cmath>
#include <cstring>

using namespace attnc;
using namespace attnc::runtime;
namespace cu = attnc::runtime::cu;

namespace {

/// Round-to-nearest-even float -> bf16 / f16 bits.
uint16_t toBf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  if (std::isnan(f))
    return 0x7fc0;
  u += 0x7fff + ((u >> 16) & 1);
  return uint16_t(u >> 16);
}
float fromBf16(uint16_t h) {
  uint32_t u = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
/// IEEE binary16, round to nearest even (subnormals included).
uint16_t toF16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  uint16_t sign = uint16_t((u >> 16) & 0x8000);
  float a = std::fabs(f);
  if (std::isnan(f))
    return sign | 0x7e00;
  if (a >= 65520.0f) // rounds to infinity
    return sign | 0x7c00;
  if (a < 6.103515625e-05f) // subnormal: multiples of 2^-24
    return sign | uint16_t(std::nearbyint(a * 16777216.0f));
  int e;
  float m = std::frexp(a, &e); // a = m * 2^e, m in [0.5, 1)
  uint32_t mant = uint32_t(std::nearbyint((m * 2.0f - 1.0f) * 1024.0f));
  int exp = e - 1 + 15;
  if (mant == 1024)
    mant = 0, ++exp;
  if (exp >= 31)
    return sign | 0x7c00;
  return sign | uint16_t(exp << 10) | uint16_t(mant);
}
float fromF16(uint16_t h) {
  int exp = (h >> 10) & 31, mant = h & 1023;
  float v = exp == 0    ? std::ldexp(float(mant), -24)
            : exp == 31 ? (mant ? NAN : INFINITY)
                        : std::ldexp(float(mant + 1024), exp - 25);
  return (h & 0x8000) ? -v : v;
}

/// Host bytes of `t` in `dtype`.
std::string pack(const reference::Tensor &t, DType dtype) {
  std::string bytes(t.size() * size_t(dtypeBytes(dtype)), '\0');
  char *p = bytes.data();
  for (size_t e = 0; e < t.size(); ++e) {
    double x = t.data[e];
    switch (dtype) {
    case DType::F32: {
      float f = float(x);
      std::memcpy(p + 4 * e, &f, 4);
      break;
    }
    case DType::F64:
      std::memcpy(p + 8 * e, &x, 8);
      break;
    case DType::BF16: {
      uint16_t h = toBf16(float(x));
      std::memcpy(p + 2 * e, &h, 2);
      break;
    }
    case DType::F16: {
      uint16_t h = toF16(float(x));
      std::memcpy(p + 2 * e, &h, 2);
      break;
    }
    case DType::I32: {
      int32_t i = int32_t(x);
      std::memcpy(p + 4 * e, &i, 4);
      break;
    }
    case DType::I64: {
      int64_t i = int64_t(x);
      std::memcpy(p + 8 * e, &i, 8);
      break;
    }
    case DType::I8: {
      int8_t i = int8_t(x);
      std::memcpy(p + e, &i, 1);
      break;
    }
    }
  }
  return bytes;
}

double unpack(const char *p, DType dtype, size_t e) {
  switch (dtype) {
  case DType::F32: {
    float f;
    std::memcpy(&f, p + 4 * e, 4);
    return f;
  }
  case DType::F64: {
    double d;
    std::memcpy(&d, p + 8 * e, 8);
    return d;
  }
  case DType::BF16: {
    uint16_t h;
    std::memcpy(&h, p + 2 * e, 2);
    return fromBf16(h);
  }
  case DType::F16: {
    uint16_t h;
    std::memcpy(&h, p + 2 * e, 2);
    return fromF16(h);
  }
  case DType::I32: {
    int32_t i;
    std::memcpy(&i, p + 4 * e, 4);
    return i;
  }
  case DType::I64: {
    int64_t i;
    std::memcpy(&i, p + 8 * e, 8);
    return double(i);
  }
  case DType::I8: {
    int8_t i;
    std::memcpy(&i, p + e, 1);
    return i;
  }
  }
  return 0;
}

/// Device buffers freed on scope exit.
struct Buffers {
  const cu::Driver *d = nullptr;
  std::vector<cu::CUdeviceptr> ptrs;
  ~Buffers() {
    for (cu::CUdeviceptr p : ptrs)
      d->cuMemFree(p);
  }
  llvm::Expected<void *> alloc(size_t bytes) {
    cu::CUdeviceptr p = 0;
    cu::CUresult r = d->cuMemAlloc(&p, bytes ? bytes : 16);
    if (r != 0)
      return llvm::createStringError(
          "cannot allocate " + std::to_string(bytes) +
          " bytes of GPU memory: " + cu::describe(*d, r));
    ptrs.push_back(p);
    return reinterpret_cast<void *>(p);
  }
};

} // namespace

llvm::Expected<GpuRun>
attnc::runOnGpu(attn::VariantOp planned, llvm::StringRef target,
                llvm::ArrayRef<reference::Tensor> inputs) {
  GpuRun run;
  auto start = std::chrono::steady_clock::now();
  // The program (the cubin cache's key) does not hold the source's path;
  // messages get it back.
  NeutralLocations locations(planned);
  auto fail = [&](const std::string &message) {
    return llvm::createStringError(locations.restore(message));
  };
  llvm::Expected<std::string> source = emitCuda(planned, target);
  if (!source)
    return fail(llvm::toString(source.takeError()));
  std::string error;
  std::unique_ptr<CudaModule> module = CudaModule::load(*source, error);
  if (!module)
    return fail(error);
  run.loadSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  run.cacheHit = module->cubin().cacheHit;
  run.compileSeconds = module->cubin().compileSeconds;
  run.arch = module->cubin().arch;
  const cu::Driver *d = cu::driver(error);
  if (!d)
    return llvm::createStringError(error);
  Buffers buffers{d, {}};

  const Manifest &m = module->manifest();
  std::vector<DeviceTensor> devIn;
  for (auto [n, t] : llvm::enumerate(inputs)) {
    DType dtype = m.tensors[n].dtype;
    std::string bytes = pack(t, dtype);
    llvm::Expected<void *> p = buffers.alloc(bytes.size());
    if (!p)
      return p.takeError();
    d->cuMemcpyHtoD(cu::CUdeviceptr(*p), bytes.data(), bytes.size());
    devIn.push_back(DeviceTensor::dense(
        *p, dtype, std::vector<int64_t>(t.shape.begin(), t.shape.end())));
  }
  std::vector<std::vector<int64_t>> shapes;
  if (!module->resultShapes(devIn, shapes, error))
    return fail(error);
  std::vector<DeviceTensor> devOut;
  for (auto [r, shape] : llvm::enumerate(shapes)) {
    DType dtype = m.tensors[size_t(m.results[r])].dtype;
    std::optional<uint64_t> count = reference::Tensor::checkedNumElements(
        llvm::ArrayRef<int64_t>(shape.data(), shape.size()));
    if (!count || *count > reference::kMaxElements)
      return llvm::createStringError(
          "output " + std::to_string(r) + " would be " +
          reference::formatShape(shape) +
          ": above the limit of 2^40 elements per tensor (docs/limits.md)");
    size_t bytes = size_t(*count) * size_t(dtypeBytes(dtype));
    llvm::Expected<void *> p = buffers.alloc(bytes);
    if (!p)
      return p.takeError();
    // Poison: all ones is NaN in every float type, so an entry the kernels
    // do not write cannot pass the comparison with the oracle.
    d->cuMemsetD8(cu::CUdeviceptr(*p), 0xff, bytes);
    devOut.push_back(DeviceTensor::dense(*p, dtype, shape));
  }
  cu::CUevent e0 = nullptr, e1 = nullptr;
  d->cuEventCreate(&e0, 0);
  d->cuEventCreate(&e1, 0);
  d->cuEventRecord(e0, nullptr);
  bool ok = module->launch(devIn, devOut, nullptr, error, /*sync=*/false);
  d->cuEventRecord(e1, nullptr);
  if (ok)
    ok = module->finish(nullptr, error);
  float ms = 0;
  if (ok && d->cuEventSynchronize(e1) == 0)
    d->cuEventElapsedTime(&ms, e0, e1);
  d->cuEventDestroy(e0);
  d->cuEventDestroy(e1);
  if (!ok)
    return fail(error);
  run.kernelMs = ms;
  run.splits = module->lastSplits();
  for (auto [r, shape] : llvm::enumerate(shapes)) {
    DType dtype = devOut[r].dtype;
    reference::Tensor t(shape);
    std::string bytes(t.size() * size_t(dtypeBytes(dtype)), '\0');
    d->cuMemcpyDtoH(bytes.data(), cu::CUdeviceptr(devOut[r].data),
                    bytes.size());
    for (size_t e = 0; e < t.size(); ++e)
      t.data[e] = unpack(bytes.data(), dtype, e);
    run.outputs.push_back(std::move(t));
  }
  return run;
}
