//===- attnc_launch.h - launch geometry of the fixed-shape kernels -*- C
//-*-===//
//
// The blocks of the device library's launches whose shape no plan chooses
// (the combine of split-KV parts, the variant body's tensor ops), shared by
// the emitter (host C++, which writes the manifest's grids) and the library
// (device code, which indexes by them): one definition, no mirrored
// literals. Plain macros, no includes.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LAUNCH_H
#define ATTNC_LAUNCH_H

/// combine<K>: one warp per row, ATTNC_COMBINE_ROWS rows per block.
#define ATTNC_COMBINE_ROWS 8
#define ATTNC_COMBINE_THREADS 256
/// Body ops (lib/attnc_body.cuh): ATTNC_BODY_ROWS rows of [B, H, T, D] per
/// block of ATTNC_BODY_THREADS threads.
#define ATTNC_BODY_ROWS 8
#define ATTNC_BODY_THREADS 256
/// Materialised-score launches (lib/attnc_scores.cuh): entry launches
/// cover ATTNC_SCORE_THREADS keys of one row per block, row launches one row.
#define ATTNC_SCORE_THREADS 128
/// Cumulative sums: one block per (batch, head).
#define ATTNC_CUMSUM_THREADS 64

#endif // ATTNC_LAUNCH_H
