//===- jit_sigmoid.cpp - JIT-compile a variant and run it on the GPU ------===//
//
// Compiles sigmoid attention from .attn source at load time with
// attnc::Compiler (NVRTC, through the kernel cache), runs it on device
// buffers, and checks one row against a direct computation on the host.
// Without a GPU it prints the runtime's one-sentence reason and exits 2.
//
//===----------------------------------------------------------------------===//

#include "api/Compiler.h"
#include "runtime/cuda/CudaApi.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

namespace cu = attnc::runtime::cu;
using attnc::runtime::DeviceTensor;
using attnc::runtime::DType;

static const char *kSource = R"(
attention sigmoid_attn(q: f16[B, 4, N, 64], k: f16[B, 4, M, 64], v: f16[B, 4, M, 64]) {
  s = dot(q, k) * scale
  return sigmoid(s - log(M)) @ v
}
)";

static uint16_t toHalf(float f) { // exact for the small integers used here
  uint32_t u;
  std::memcpy(&u, &f, 4);
  uint32_t sign = (u >> 16) & 0x8000, exp = (u >> 23) & 0xff,
           mant = u & 0x7fffff;
  if (exp == 0)
    return uint16_t(sign);
  return uint16_t(sign | ((exp - 127 + 15) << 10) | (mant >> 13));
}
static float fromHalf(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16, exp = (h >> 10) & 31,
           mant = h & 1023;
  uint32_t u = exp == 0 ? sign : sign | ((exp - 15 + 127) << 23) | (mant << 13);
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

int main() {
  std::string error;
  attnc::Compiler compiler;
  attnc::CompileOptions options;
  options.target = "sm_80";
  options.filename = "jit_sigmoid.attn";
  std::unique_ptr<attnc::Kernel> kernel =
      compiler.compile(kSource, options, error);
  if (!kernel) {
    std::fprintf(stderr, "jit_sigmoid: %s\n", error.c_str());
    return 2;
  }
  std::printf("compiled for %s (%s)\n", kernel->cubin().arch.c_str(),
              kernel->cubin().cacheHit ? "from the cache" : "NVRTC");
  const cu::Driver *d = cu::driver(error);
  const int64_t B = 1, H = 4, N = 100, M = 300, D = 64;
  // Inputs: multiples of 1/8 in [-1, 1], exact in f16.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(-8, 8);
  auto fill = [&](int64_t n) {
    std::vector<uint16_t> x(static_cast<size_t>(n));
    for (auto &e : x)
      e = toHalf(float(pick(rng)) / 8);
    return x;
  };
  std::vector<uint16_t> q = fill(B * H * N * D), k = fill(B * H * M * D),
                        v = fill(B * H * M * D), o(size_t(B * H * N * D));
  cu::CUdeviceptr dq, dk, dv, dout;
  d->cuMemAlloc(&dq, q.size() * 2);
  d->cuMemAlloc(&dk, k.size() * 2);
  d->cuMemAlloc(&dv, v.size() * 2);
  d->cuMemAlloc(&dout, o.size() * 2);
  d->cuMemcpyHtoD(dq, q.data(), q.size() * 2);
  d->cuMemcpyHtoD(dk, k.data(), k.size() * 2);
  d->cuMemcpyHtoD(dv, v.data(), v.size() * 2);
  std::vector<DeviceTensor> ins = {
      DeviceTensor::dense((void *)dq, DType::F16, {B, H, N, D}),
      DeviceTensor::dense((void *)dk, DType::F16, {B, H, M, D}),
      DeviceTensor::dense((void *)dv, DType::F16, {B, H, M, D})};
  std::vector<DeviceTensor> outs = {
      DeviceTensor::dense((void *)dout, DType::F16, {B, H, N, D})};
  if (!kernel->launch(ins, outs, nullptr, error)) {
    std::fprintf(stderr, "jit_sigmoid: %s\n", error.c_str());
    return 1;
  }
  d->cuMemcpyDtoH(o.data(), dout, o.size() * 2);
  // Host check of row (b 0, h 3, i 57).
  int64_t h = 3, i = 57;
  double worst = 0;
  for (int64_t e = 0; e < D; ++e) {
    double acc = 0;
    for (int64_t j = 0; j < M; ++j) {
      double s = 0;
      for (int64_t c = 0; c < D; ++c)
        s += double(fromHalf(q[size_t(((h * N) + i) * D + c)])) *
             fromHalf(k[size_t(((h * M) + j) * D + c)]);
      s = s / std::sqrt(double(D)) - std::log(double(M));
      acc +=
          1 / (1 + std::exp(-s)) * fromHalf(v[size_t(((h * M) + j) * D + e)]);
    }
    worst = std::max(
        worst, std::fabs(acc - fromHalf(o[size_t(((h * N) + i) * D + e)])));
  }
  std::printf("row (0, 3, 57): max |error| %.3g\n", worst);
  d->cuMemFree(dq), d->cuMemFree(dk), d->cuMemFree(dv), d->cuMemFree(dout);
  return worst < 5e-3 ? 0 : 1;
}
