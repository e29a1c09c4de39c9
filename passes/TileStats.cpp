//===- TileStats.cpp - the attn-tile-stats pass ---------------------------===//

#include "passes/Passes.h"
#include "passes/TileClasses.h"

#include "mlir/IR/Builders.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNTILESTATS
#include "passes/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;

namespace {

/// The attn.qk whose scores `scores` transforms (each score op takes the
/// scores it modifies as operand 0).
attn::QKOp qkOf(Value scores) {
  while (Operation *def = scores.getDefiningOp()) {
    if (auto qk = dyn_cast<attn::QKOp>(def))
      return qk;
    if (def->getNumOperands() == 0 ||
        !isa<attn::ScoresType>(def->getOperand(0).getType()))
      return {};
    scores = def->getOperand(0);
  }
  return {};
}

struct AttnTileStatsPass
    : public attnc::impl::AttnTileStatsBase<AttnTileStatsPass> {
  using AttnTileStatsBase::AttnTileStatsBase;

  void runOnOperation() override {
    if (n < 1 || m < 1 || tileQ < 1 || tileK < 1) {
      getOperation().emitError("attn-tile-stats needs positive n, m, tile-q "
                               "and tile-k");
      return signalPassFailure();
    }
    Builder b(&getContext());
    getOperation().walk([&](attn::ApplyMaskOp apply) {
      attn::QKOp qk = qkOf(apply.getScores());
      // Sizes a predicate reads: q's and k's length dimension.
      auto sizeOf = [&](attn::DimOp dim) -> std::optional<int64_t> {
        if (!qk || dim.getIndexAttr().getInt() != 2)
          return std::nullopt;
        if (dim.getSource() == qk.getQ())
          return int64_t(n);
        if (dim.getSource() == qk.getK())
          return int64_t(m);
        return std::nullopt;
      };
      int64_t counts[3] = {0, 0, 0};
      for (int64_t i0 = 0; i0 < n; i0 += tileQ)
        for (int64_t j0 = 0; j0 < m; j0 += tileK) {
          Tile t{i0, std::min<int64_t>(i0 + tileQ, n) - 1, j0,
                 std::min<int64_t>(j0 + tileK, m) - 1};
          ++counts[static_cast<int>(
              classifyTile(apply.getMask(), t, n, m, sizeOf))];
        }
      apply->setAttr(
          "attn.tiles",
          b.getDictionaryAttr(
              {b.getNamedAttr("skip", b.getI64IntegerAttr(counts[0])),
               b.getNamedAttr("full", b.getI64IntegerAttr(counts[1])),
               b.getNamedAttr("partial", b.getI64IntegerAttr(counts[2]))}));
    });
  }
};

} // namespace
