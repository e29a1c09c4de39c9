//===- TileClasses.h - which tiles a mask skips, keeps or splits -*- C++
//-*-===//
//
// Mask analysis for block sparsity (docs/planning.md). For a tile of queries
// [i0, i1] and keys [j0, j1] at run-time lengths N, M, a mask is:
//   * Skip: no pair in the tile is allowed (the kernel does not visit it);
//   * Full: every pair is allowed (no per-element mask);
//   * Partial: anything else, or unknown (run-time data: document ids,
//     block maps, parameter loads).
// Built-in masks use closed forms; predicate regions are evaluated with
// interval arithmetic over the tile's index ranges, which is sound by
// construction: Full and Skip are only claimed when proven.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_PASSES_TILECLASSES_H
#define ATTNC_PASSES_TILECLASSES_H

#include "dialect/AttnOps.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace attnc {

enum class TileClass { Skip, Full, Partial };

struct Tile {
  int64_t i0, i1; // query rows, inclusive
  int64_t j0, j1; // keys, inclusive
};

/// The run-time value of an `attn.dim` that a predicate reads, when the
/// caller knows it (e.g. N for q's dimension 2); nullopt otherwise.
using SizeOf = llvm::function_ref<std::optional<int64_t>(attn::DimOp)>;

/// Classifies `tile` for the mask computed by `mask` (an !attn.mask value)
/// at query length N and key length M. Sizes read inside predicates are
/// unknown (so such tiles stay partial) unless `sizeOf` gives them.
TileClass classifyTile(mlir::Value mask, const Tile &tile, int64_t N, int64_t M,
                       SizeOf sizeOf = nullptr);

} // namespace attnc

#endif // ATTNC_PASSES_TILECLASSES_H
