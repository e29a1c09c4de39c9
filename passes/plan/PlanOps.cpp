//===- PlanOps.cpp - the kernel-plan dialect ------------------------------===//

#include "passes/plan/PlanOps.h"
#include "dialect/AttnOps.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::plan;

#include "passes/plan/PlanDialect.cpp.inc"

void PlanDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "passes/plan/PlanOps.cpp.inc"
      >();
}

Operation *KernelOp::getPV() {
  for (Operation &op : getBody().front())
    if (isa<attn::PVOp>(op))
      return &op;
  return nullptr;
}

LogicalResult KernelOp::verify() {
  static constexpr llvm::StringLiteral families[] = {
      "quadratic_online", "quadratic_stateless", "quadratic_two_pass",
      "quadratic_stencil", "linear_chunked"};
  if (!llvm::is_contained(families, getFamily()))
    return emitOpError("family '") << getFamily() << "' is not one of "
                                   << "quadratic_online, quadratic_stateless, "
                                   << "quadratic_two_pass, quadratic_stencil, "
                                   << "linear_chunked";
  // The accessors of I64Attr are unsigned: read the signed values.
  int64_t tileQ = getTileQAttr().getInt(), tileK = getTileKAttr().getInt(),
          headBlock = getHeadBlockAttr().getInt();
  if (tileQ <= 0 || tileK <= 0 || headBlock <= 0)
    return emitOpError("tiles and the head block must be positive, got ")
           << tileQ << "x" << tileK << " and " << headBlock;
  if (getHalo().size() != 4 || llvm::any_of(getHalo(), [](int64_t h) {
        return h < 0;
      }))
    return emitOpError("halo must be 4 sizes >= 0 [top, bottom, left, right]");
  if ((getFamily() == "linear_chunked") != getChunk().has_value())
    return emitOpError("a chunk length is needed by, and only by, "
                       "linear_chunked kernels");
  if (getChunkAttr() && getChunkAttr().getInt() <= 0)
    return emitOpError("the chunk length must be positive, got ")
           << getChunkAttr().getInt();
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
#include "passes/plan/PlanOps.cpp.inc"
