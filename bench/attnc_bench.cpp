//===- attnc_bench.cpp - time emitted CUDA units on the GPU ---------------===//
//
// Google Benchmark over the LLVM-free runtime: loads CUDA units attnc
// emitted (`attnc FILE --emit=cuda -o UNIT.cu`), fills their inputs with
// random values on the device, and times launches (every kernel of the
// variant) with CUDA events, as manual time: each iteration is kBatch
// launches back to back on one stream, so the host's argument checks
// overlap the GPU's work as they do in a model's loop. Each unit and shape runs
// with the split-KV parts the runtime picks and, for units with split kernels,
// with no split (ATTNC_CUDA_SPLITS=1), so the two are compared in one run.
//
//   attnc-bench UNIT.cu... --shape B=4,N=1,M=16384 [--shape ...]
//               [--benchmark_* flags]
//
// Benchmarks are named UNIT/SHAPE/parts:auto|1, UNIT the unit's file name
// without its extension. Counters: `parts` (the split-KV parts of the first
// split kernel) and `GB/s` (bytes of the variant's inputs and results over the
// time: the floor a memory-bound launch moves).
//
//===----------------------------------------------------------------------===//

#include "runtime/cuda/CudaApi.h"
#include "runtime/cuda/CudaModule.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace attnc::runtime;
namespace cu = attnc::runtime::cu;

namespace {

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "attnc-bench: %s\n", message.c_str());
  std::exit(1);
}

/// "B=4,N=1,M=16384" -> {B: 4, N: 1, M: 16384}.
std::map<std::string, int64_t> parseShape(const std::string &text) {
  std::map<std::string, int64_t> sizes;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t eq = item.find('=');
    char *end = nullptr;
    long long v = eq == std::string::npos
                      ? -1
                      : std::strtoll(item.c_str() + eq + 1, &end, 10);
    if (v < 0 || !end || *end)
      die("'" + item + "' in --shape is not SYMBOL=SIZE");
    sizes[item.substr(0, eq)] = v;
  }
  return sizes;
}

/// Device buffers freed at exit.
struct Buffer {
  cu::CUdeviceptr ptr = 0;
  ~Buffer() {
    std::string ignored;
    if (const cu::Driver *d = cu::driver(ignored); d && ptr)
      d->cuMemFree(ptr);
  }
};

/// One unit at one shape: inputs filled once, results allocated once.
struct Case {
  std::shared_ptr<CudaModule> module;
  std::vector<std::shared_ptr<Buffer>> buffers;
  std::vector<DeviceTensor> inputs, results;
  double bytes = 0;
};

Case prepare(const std::shared_ptr<CudaModule> &module,
             const std::map<std::string, int64_t> &sizes) {
  std::string error;
  const cu::Driver *d = cu::driver(error);
  const Manifest &m = module->manifest();
  Case c;
  c.module = module;
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  auto alloc = [&](size_t bytes) {
    auto b = std::make_shared<Buffer>();
    if (d->cuMemAlloc(&b->ptr, bytes ? bytes : 1) != 0)
      die("cannot allocate " + std::to_string(bytes) + " bytes on the GPU");
    c.buffers.push_back(b);
    c.bytes += double(bytes);
    return b->ptr;
  };
  for (const TensorSpec &spec : m.tensors) {
    if (!spec.input)
      continue;
    std::vector<int64_t> shape;
    for (const DimSpec &dim : spec.dims) {
      if (dim.kind == DimSpec::Static) {
        shape.push_back(dim.size);
      } else if (dim.kind == DimSpec::Symbol && sizes.count(dim.symbol)) {
        shape.push_back(sizes.at(dim.symbol));
      } else {
        die("input '" + spec.name + "' of " + m.variant +
            " has a dim --shape does not give" +
            (dim.kind == DimSpec::Symbol ? " (" + dim.symbol + ")" : ""));
      }
    }
    size_t count = 1;
    for (int64_t n : shape)
      count *= size_t(n);
    // Floats uniform in [-1, 1] (bf16 holds the top half of the f32 bits;
    // f16 is rebuilt from them), integers 0. A block of up to 2^20
    // elements is drawn once and repeated: timing does not depend on the
    // values, and drawing gigabytes on the host would take minutes.
    const size_t esize = size_t(dtypeBytes(spec.dtype));
    std::vector<uint8_t> host(std::min<size_t>(count, size_t(1) << 20) * esize,
                              0);
    for (size_t e = 0; e < host.size() / esize; ++e) {
      float x = uniform(rng);
      uint32_t u;
      std::memcpy(&u, &x, 4);
      if (spec.dtype == DType::F32) {
        std::memcpy(&host[e * 4], &x, 4);
      } else if (spec.dtype == DType::BF16) {
        uint16_t h = uint16_t(u >> 16);
        std::memcpy(&host[e * 2], &h, 2);
      } else if (spec.dtype == DType::F16) {
        // |x| <= 1: a normal f16 or zero.
        uint32_t exp = (u >> 23) & 0xff;
        uint16_t h = uint16_t((u >> 16) & 0x8000);
        if (exp >= 113)
          h |= uint16_t(((exp - 112) << 10) | ((u >> 13) & 0x3ff));
        std::memcpy(&host[e * 2], &h, 2);
      }
    }
    cu::CUdeviceptr p = alloc(count * esize);
    for (size_t at = 0; at < count * esize; at += host.size())
      d->cuMemcpyHtoD(p + at, host.data(),
                      std::min(host.size(), count * esize - at));
    c.inputs.push_back(
        DeviceTensor::dense(reinterpret_cast<void *>(p), spec.dtype, shape));
  }
  std::vector<std::vector<int64_t>> shapes;
  if (!module->resultShapes(c.inputs, shapes, error))
    die(m.variant + ": " + error);
  for (size_t r = 0; r < shapes.size(); ++r) {
    DType dtype = m.tensors[size_t(m.results[r])].dtype;
    size_t bytes = size_t(dtypeBytes(dtype));
    for (int64_t n : shapes[r])
      bytes *= size_t(n);
    cu::CUdeviceptr p = alloc(bytes);
    c.results.push_back(
        DeviceTensor::dense(reinterpret_cast<void *>(p), dtype, shapes[r]));
  }
  return c;
}

void run(benchmark::State &state, const Case &c, const char *splits) {
  if (splits)
    setenv("ATTNC_CUDA_SPLITS", splits, 1);
  else
    unsetenv("ATTNC_CUDA_SPLITS");
  std::string error;
  const cu::Driver *d = cu::driver(error);
  cu::CUevent start, stop;
  d->cuEventCreate(&start, 0);
  d->cuEventCreate(&stop, 0);
  // A launch before timing (first-launch costs, memory-pool growth).
  if (!c.module->launch(c.inputs, c.results, nullptr, error))
    state.SkipWithError(error.c_str());
  constexpr int kBatch = 20;
  for (auto _ : state) {
    d->cuEventRecord(start, nullptr);
    bool ok = true;
    for (int r = 0; ok && r < kBatch; ++r)
      ok = c.module->launch(c.inputs, c.results, nullptr, error,
                            /*sync=*/false);
    d->cuEventRecord(stop, nullptr);
    if (!ok || !c.module->finish(nullptr, error)) {
      state.SkipWithError(error.c_str());
      break;
    }
    float ms = 0;
    d->cuEventElapsedTime(&ms, start, stop);
    state.SetIterationTime(double(ms) / 1e3 / kBatch);
  }
  const std::vector<int64_t> &parts = c.module->lastSplits();
  state.counters["parts"] = parts.empty() ? 1 : double(parts[0]);
  state.counters["GB/s"] = benchmark::Counter(
      c.bytes / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  d->cuEventDestroy(start);
  d->cuEventDestroy(stop);
  unsetenv("ATTNC_CUDA_SPLITS");
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::string> units, shapes;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--shape" && i + 1 < argc)
      shapes.push_back(argv[++i]);
    else if (a.rfind("--shape=", 0) == 0)
      shapes.push_back(a.substr(8));
    else if (a.rfind("--", 0) == 0)
      die("unknown option '" + a + "'");
    else
      units.push_back(a);
  }
  if (units.empty() || shapes.empty())
    die("usage: attnc-bench UNIT.cu... --shape SYM=N,... [--shape ...]");
  for (const std::string &path : units) {
    std::ifstream in(path);
    if (!in)
      die("cannot read " + path);
    std::stringstream source;
    source << in.rdbuf();
    std::string error;
    std::shared_ptr<CudaModule> module = CudaModule::load(source.str(), error);
    if (!module)
      die(path + ": " + error);
    bool splits = !module->manifest().splits.empty();
    for (const std::string &shape : shapes) {
      auto c = std::make_shared<Case>(prepare(module, parseShape(shape)));
      // Named after the unit's file (its variant, unless several units of
      // one variant are compared, e.g. at different tiles).
      std::string stem = path.substr(path.find_last_of('/') + 1);
      stem = stem.substr(0, stem.rfind('.'));
      std::string name = stem + "/" + shape;
      benchmark::RegisterBenchmark(
          (name + "/parts:auto").c_str(),
          [c](benchmark::State &s) { run(s, *c, nullptr); })
          ->UseManualTime()
          ->Unit(benchmark::kMicrosecond);
      if (splits)
        benchmark::RegisterBenchmark(
            (name + "/parts:1").c_str(),
            [c](benchmark::State &s) { run(s, *c, "1"); })
            ->UseManualTime()
            ->Unit(benchmark::kMicrosecond);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
