//===- Plan.h - turning attn IR into kernel plans ---------------*- C++ -*-===//

#ifndef ATTNC_PASSES_PLAN_H
#define ATTNC_PASSES_PLAN_H

#include "mlir/Pass/PassManager.h"

#include <optional>
#include <string>

namespace attnc {

/// What the schedule is chosen for, and tiles forced by the user (0 = the
/// cost model decides).
struct PlanOptions {
  std::string target = "cpu";
  int64_t tileQ = 0, tileK = 0, chunk = 0;
};

/// The largest forced tile (rows or keys) or linear chunk length.
constexpr int64_t kMaxForcedSize = 4096;

/// Why forced tiles and chunk (0: the cost model's) cannot be used, in one
/// sentence naming the option, or nothing when they can.
std::optional<std::string> checkForcedSizes(int64_t tileQ, int64_t tileK,
                                            int64_t chunk);

/// The named pipeline `attn-plan`: canonicalise score chains, then plan
/// every reduction into an `attn_plan.kernel` (docs/planning.md).
void buildPlanPipeline(mlir::OpPassManager &pm, const PlanOptions &options);

/// Registers `attn-plan{target=... tile-q=... tile-k=... chunk=...}`.
void registerPlanPipeline();

} // namespace attnc

#endif // ATTNC_PASSES_PLAN_H
