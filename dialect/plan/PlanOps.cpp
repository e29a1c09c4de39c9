//===- PlanOps.cpp - the kernel-plan dialect ------------------------------===//

#include "dialect/plan/PlanOps.h"
#include "dialect/AttnOps.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::plan;

#include "dialect/plan/PlanDialect.cpp.inc"
#include "dialect/plan/PlanEnums.cpp.inc"

void PlanDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialect/plan/PlanOps.cpp.inc"
      >();
}

Operation *KernelOp::getPV() {
  for (Operation &op : getBody().front())
    if (isa<attn::PVOp>(op))
      return &op;
  return nullptr;
}

LogicalResult KernelOp::verify() {
  // The accessors of I64Attr are unsigned: read the signed values.
  int64_t tileQ = getTileQAttr().getInt(), tileK = getTileKAttr().getInt(),
          headBlock = getHeadBlockAttr().getInt();
  if (tileQ <= 0 || tileK <= 0 || headBlock <= 0)
    return emitOpError("tiles and the head block must be positive, got ")
           << tileQ << "x" << tileK << " and " << headBlock;
  if (getHalo().size() != 4 ||
      llvm::any_of(getHalo(), [](int64_t h) { return h < 0; }))
    return emitOpError("halo must be 4 sizes >= 0 [top, bottom, left, right]");
  if ((getFamily() == Family::LinearChunked) != getChunk().has_value())
    return emitOpError("a chunk length is needed by, and only by, "
                       "linear_chunked kernels");
  if (getChunkAttr() && getChunkAttr().getInt() <= 0)
    return emitOpError("the chunk length must be positive, got ")
           << getChunkAttr().getInt();
  if ((getSparsity() == Sparsity::Dense) == getMasks().has_value())
    return emitOpError("names the masks that remove entries when, and only "
                       "when, its sparsity is not dense");
  // What attn-complete-plan writes comes all together.
  bool completed = isCompleted();
  // Stages, warps and threads are positive, smem (last) is not negative.
  IntegerAttr geometry[] = {getStagesAttr(), getWarpsAttr(), getThreadsAttr(),
                            getSmemAttr()};
  for (auto [n, attr] : llvm::enumerate(geometry)) {
    if (bool(attr) != completed)
      return emitOpError("a completed plan has a mainloop, stages, warps, "
                         "threads and smem; this one has only some of them");
    if (attr && attr.getInt() < (n == 3 ? 0 : 1))
      return emitOpError("stages, warps and threads must be positive and "
                         "smem not negative, got ")
             << attr.getInt();
  }
  for (IntegerAttr attr : {getGqaPackAttr(), getDvSliceAttr()})
    if (attr && (!completed || attr.getInt() < 1))
      return emitOpError("gqa_pack and dv_slice are positive and belong to "
                         "completed plans");
  Block &body = getBody().front();
  auto yield = body.empty() ? YieldOp() : dyn_cast<YieldOp>(body.back());
  if (!yield)
    return emitOpError("body must end with attn_plan.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().size()
           << " values whose types differ from the kernel's results";
  unsigned reductions = 0;
  for (Operation &op : getBody().front())
    reductions += isa<attn::PVOp>(op);
  if (reductions > 1)
    return emitOpError("holds ") << reductions << " attn.pv; one per kernel";
  return success();
}

#define GET_OP_CLASSES
#include "dialect/plan/PlanOps.cpp.inc"
