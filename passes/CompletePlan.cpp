//===- CompletePlan.cpp - completing kernel plans for their target --------===//
//
// attn-complete-plan: the one place where a plan's family and tiles meet a
// target's model. Each rule below is the device library's geometry, which
// the library asserts (static_assert) on what the emitter prints:
//
//  * mma_sync (online / stateless on NVIDIA): a warp owns 16 query rows, so
//    warps = tile_q / 16; a block computes at most 256 output columns (its
//    f32 accumulator lives in registers), dv_slice is the largest multiple
//    of 16 dividing Dv up to 256; shared memory holds the q tile and one k
//    and one v tile in 16-bit elements; with static head counts a row tile
//    packs gcd(Hq / Hkv, tile_q) query heads that share a KV head.
//  * linear_scalar (linear_chunked on NVIDIA): 256 threads; the state
//    [D x dv_slice] stays in shared memory with the chunk's decays, the
//    C x C intra-chunk matrix and the chunk's values, all f32.
//  * materialized (two-pass and stencil): 128 threads per launch over
//    scores in global memory, no shared memory.
//  * cpu_tiles: one thread, no shared memory.
//
//===----------------------------------------------------------------------===//

#include "passes/KernelAnatomy.h"
#include "passes/Passes.h"
#include "passes/TargetModel.h"

#include "mlir/IR/Builders.h"

#include <numeric>

namespace attnc {
#define GEN_PASS_DEF_ATTNCOMPLETEPLAN
#include "passes/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;
using plan::Family;
using plan::Mainloop;

namespace {

/// A static dim of a tensor value, or -1.
int64_t staticDim(Value v, unsigned d) {
  auto type = dyn_cast_or_null<RankedTensorType>(v ? v.getType() : Type());
  return type && d < type.getRank() && !type.isDynamicDim(d)
             ? type.getDimSize(d)
             : -1;
}

struct Completion {
  Mainloop mainloop = Mainloop::CpuTiles;
  int64_t threads = 1, stages = 1, smem = 0;
  std::optional<int64_t> gqaPack, dvSlice;
};

/// Threads of the library's linear_chunked and materialised launches.
constexpr int64_t kLinearThreads = 256, kMaterializedThreads = 128;

Completion complete(plan::KernelOp kernel, const TargetModel &model) {
  Completion c;
  if (!model.gpu)
    return c;
  KernelAnatomy a = analyzeKernel(kernel);
  int64_t D = a.qk ? staticDim(a.qk.getQ(), 3) : -1;
  int64_t DV = a.pv ? staticDim(a.pv.getV(), 3) : -1;
  int64_t BQ = kernel.getTileQAttr().getInt(),
          BK = kernel.getTileKAttr().getInt();
  switch (kernel.getFamily()) {
  case Family::QuadraticOnline:
  case Family::QuadraticStateless: {
    c.mainloop = model.quadraticLoop;
    c.stages = model.quadraticStages;
    c.threads = std::max<int64_t>(1, BQ / model.rowsPerWarp) * model.warpSize;
    if (D > 0 && DV > 0 && D % 16 == 0 && DV % 16 == 0) {
      int64_t DVS = DV;
      while (DVS > 256 || DV % DVS != 0 || DVS % 16 != 0)
        DVS -= 16;
      c.dvSlice = DVS;
      c.smem = 2 * (BQ * D + BK * D + BK * DVS);
    }
    int64_t hq = a.qk ? staticDim(a.qk.getQ(), 1) : -1,
            hkv = a.qk ? staticDim(a.qk.getK(), 1) : -1;
    c.gqaPack = hq > 0 && hkv > 0 && hq % hkv == 0 ? std::gcd(hq / hkv, BQ) : 1;
    break;
  }
  case Family::LinearChunked: {
    c.mainloop = Mainloop::LinearScalar;
    c.threads = kLinearThreads;
    int64_t C = kernel.getChunkAttr() ? kernel.getChunkAttr().getInt() : 64;
    if (D > 0 && DV > 0 && DV % 16 == 0) {
      int64_t DVS = std::min<int64_t>(DV, D > 128 ? 32 : 64);
      while (DV % DVS != 0)
        DVS -= 16;
      c.dvSlice = DVS;
      c.smem = 4 * (C * D + D * DVS + D + C * C + C * DVS);
    }
    break;
  }
  case Family::QuadraticTwoPass:
  case Family::QuadraticStencil:
    c.mainloop = Mainloop::Materialized;
    c.threads = kMaterializedThreads;
    break;
  }
  return c;
}

struct AttnCompletePlanPass
    : public attnc::impl::AttnCompletePlanBase<AttnCompletePlanPass> {
  void runOnOperation() override {
    getOperation().walk([&](plan::KernelOp kernel) {
      if (kernel.isCompleted())
        return;
      const TargetModel &model = targetModel(kernel.getTarget());
      Completion c = complete(kernel, model);
      Builder b(kernel);
      kernel.setMainloop(c.mainloop);
      kernel.setStagesAttr(b.getI64IntegerAttr(c.stages));
      kernel.setWarpsAttr(b.getI64IntegerAttr(
          std::max<int64_t>(1, c.threads / model.warpSize)));
      kernel.setThreadsAttr(b.getI64IntegerAttr(c.threads));
      if (c.gqaPack)
        kernel.setGqaPackAttr(b.getI64IntegerAttr(*c.gqaPack));
      if (c.dvSlice)
        kernel.setDvSliceAttr(b.getI64IntegerAttr(*c.dvSlice));
      kernel.setSmemAttr(b.getI64IntegerAttr(c.smem));
    });
  }
};

} // namespace
