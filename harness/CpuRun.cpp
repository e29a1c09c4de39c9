//===- CpuRun.cpp - run planned variants on the CPU -----------------------===//

#include "harness/CpuRun.h"
#include "codegen/cpu/EmitCpp.h"
#include "dialect/plan/PlanOps.h"
#include "harness/Inputs.h"
#include "harness/NeutralLocations.h"
#include "passes/KernelAnatomy.h"
#include "passes/TileClasses.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

/// The tiles a quadratic kernel computes, from the compile-time analysis
/// (classifyTile) at the run's sizes, when its mainloop reads a chain of
/// qk / map / apply_mask whose masks need no run-time data; nullopt
/// otherwise.
std::optional<int64_t> predictTiles(plan::KernelOp kernel, VariantOp variant,
                                    ArrayRef<reference::Tensor> inputs) {
  plan::Family family = kernel.getFamily();
  if (family != plan::Family::QuadraticOnline &&
      family != plan::Family::QuadraticStateless)
    return std::nullopt;
  if (kernel.getSparsity() == plan::Sparsity::Runtime)
    return std::nullopt;
  Value scores = analyzeKernel(kernel).logits;
  if (!scores)
    return std::nullopt;
  // The removing masks of the chain; any other op: no prediction.
  SmallVector<Value> masks;
  QKOp qk;
  SmallVector<Value> work = {scores};
  while (!work.empty()) {
    Operation *op = work.pop_back_val().getDefiningOp();
    if (auto q = dyn_cast<QKOp>(op)) {
      qk = q;
      continue;
    }
    if (auto am = dyn_cast<ApplyMaskOp>(op)) {
      if (am.getFill() == MaskFill::NegInf ||
          cast<ScoresType>(am.getType()).isProbs())
        masks.push_back(am.getMask());
      work.push_back(am.getScores());
      continue;
    }
    if (auto map = dyn_cast<MapOp>(op)) {
      work.append(map.getInputs().begin(), map.getInputs().end());
      continue;
    }
    return std::nullopt;
  }
  auto q = dyn_cast_or_null<BlockArgument>(qk ? qk.getQ() : Value());
  auto k = dyn_cast_or_null<BlockArgument>(qk ? qk.getK() : Value());
  if (!q || !k)
    return std::nullopt;
  const reference::Tensor &qt = inputs[q.getArgNumber()];
  int64_t B = qt.dim(0), H = qt.dim(1), N = qt.dim(2);
  int64_t M = inputs[k.getArgNumber()].dim(2);
  int64_t BQ = kernel.getTileQ(), BK = kernel.getTileK();
  auto sizeOf = [&](DimOp dim) -> std::optional<int64_t> {
    if (auto arg = dyn_cast<BlockArgument>(dim.getSource()))
      return inputs[arg.getArgNumber()].dim(dim.getIndexAttr().getInt());
    return std::nullopt;
  };
  int64_t perHead = 0;
  for (int64_t i0 = 0; i0 < N; i0 += BQ)
    for (int64_t j0 = 0; j0 < M; j0 += BK) {
      Tile tile{i0, std::min(N, i0 + BQ) - 1, j0, std::min(M, j0 + BK) - 1};
      bool skip = llvm::any_of(masks, [&](Value m) {
        return classifyTile(m, tile, N, M, sizeOf) == TileClass::Skip;
      });
      perHead += !skip;
    }
  (void)variant;
  return B * (H / kernel.getHeadBlock()) * perHead;
}

struct Host {
  std::vector<std::vector<float>> outputs;
  std::vector<SmallVector<int64_t, 4>> shapes;
};

/// The program's output allocator: null (the program then fails with a
/// sentence) for a shape above the limits (reference/Tensor.h).
float *allocate(void *hostPtr, int index, const int64_t *shape, int rank) {
  auto *host = static_cast<Host *>(hostPtr);
  if (index < 0 || index > 4096 || rank < 0 || rank > 4)
    return nullptr;
  std::optional<uint64_t> count =
      reference::Tensor::checkedNumElements(ArrayRef<int64_t>(shape, rank));
  if (!count || *count > reference::kMaxElements)
    return nullptr;
  if (size_t(index) >= host->outputs.size()) {
    host->outputs.resize(index + 1);
    host->shapes.resize(index + 1);
  }
  host->shapes[index].assign(shape, shape + rank);
  host->outputs[index].assign(size_t(*count), 0.0f);
  return host->outputs[index].data();
}

} // namespace

llvm::Expected<CpuRun> attnc::runOnCpu(VariantOp planned,
                                       ArrayRef<reference::Tensor> inputs,
                                       const runtime::CpuJitOptions &options) {
  NeutralLocations locations(planned);
  llvm::Expected<std::string> source = emitCpp(planned);
  if (!source)
    return llvm::createStringError(
        locations.restore(llvm::toString(source.takeError())));
  CpuRun run;
  std::string error;
  runtime::CpuEntry entry =
      runtime::loadCpuProgram(*source, options, error, &run.cacheHit);
  if (!entry)
    return llvm::createStringError(error);

  Block &body = planned.getBody().front();
  if (inputs.size() != body.getNumArguments())
    return llvm::createStringError(
        "variant '" + planned.getSymName().str() + "' takes " +
        std::to_string(body.getNumArguments()) + " inputs, got " +
        std::to_string(inputs.size()));
  // Inputs as the kernels read them: f32 floats, int64 integers.
  std::vector<std::vector<float>> floats(inputs.size());
  std::vector<std::vector<int64_t>> ints(inputs.size());
  std::vector<runtime::CpuBuffer> buffers(inputs.size());
  for (auto [n, t] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(body.getArgument(n).getType());
    if (t.rank() != type.getRank() || t.rank() > 4)
      return llvm::createStringError("input '" + planned.getArgName(n).str() +
                                     "' has shape " + t.shapeString() +
                                     " but the variant needs rank " +
                                     std::to_string(type.getRank()));
    runtime::CpuBuffer &buf = buffers[n];
    buf.rank = int(t.rank());
    for (int d = 0; d < 4; ++d)
      buf.shape[d] = d < t.rank() ? t.dim(d) : 1;
    if (isa<IntegerType>(type.getElementType())) {
      ints[n].assign(t.data.begin(), t.data.end());
      buf.data = ints[n].data();
    } else {
      floats[n].assign(t.data.begin(), t.data.end());
      buf.data = floats[n].data();
    }
  }
  SmallVector<plan::KernelOp> kernels(body.getOps<plan::KernelOp>());
  std::vector<runtime::CpuStats> stats(kernels.size() + 1);
  Host host;
  char message[1024] = "";
  int rc = entry(buffers.data(), int(buffers.size()), &host, allocate,
                 stats.data(), int(stats.size()), message, sizeof(message));
  if (rc != 0)
    return llvm::createStringError(locations.restore(message));
  for (auto [n, kernel] : llvm::enumerate(kernels)) {
    KernelCount c;
    c.kernel = stats[n].kernel;
    c.family = plan::stringifyFamily(kernel.getFamily()).str();
    c.computed = stats[n].computed;
    c.total = stats[n].total;
    c.predicted = predictTiles(kernel, planned, inputs);
    run.counts.push_back(c);
  }
  for (auto [n, data] : llvm::enumerate(host.outputs)) {
    reference::Tensor t(host.shapes[n]);
    t.data.assign(data.begin(), data.end());
    run.outputs.push_back(std::move(t));
  }
  return run;
}
