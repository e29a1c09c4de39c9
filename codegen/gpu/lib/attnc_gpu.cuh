//===- attnc_gpu.cuh - the target-neutral GPU device library ----*- C++ -*-===//
//
// What every GPU target's kernels share: tensor reads and device errors in
// region code, the tile-class rules (codegen/lib/attnc_rules.h, spliced in),
// the normalisers' epilogue and the combine of split-KV parts. Written
// against the target's intrinsics header, `attnc_target.cuh` (spliced in
// below: codegen/cuda/lib/attnc_target.cuh for NVIDIA), which supplies
//
//   ATTNC_WARP_SIZE                   threads per warp (wavefront)
//   attncLane(), attncWarp()          this thread's lane and warp
//   attncShflXor(x, m), attncSyncWarp()
//   bf16ToFloat, f16ToFloat, floatToBf16, floatToF16
//   Bf16, F16                         16-bit operand types: pack(lo, hi)
//                                     into 32 bits, lo(x), hi(x) back
//
// The body ops (attnc_body.cuh), materialised scores (attnc_scores.cuh) and
// the chunked linear kernel (attnc_linear.cuh) beside it are neutral too;
// the quadratic mainloops are per architecture (codegen/cuda/lib/sm80).
// Self-contained: no CUDA, HIP or C++ headers, so the runtime compilers
// need no include path.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_GPU_CUH
#define ATTNC_GPU_CUH

namespace attnc {

typedef long long i64;
typedef unsigned int u32;
typedef unsigned short u16;

#define ATTNC_INF __int_as_float(0x7f800000)
#define ATTNC_NAN __int_as_float(0x7fffffff)
#define ATTNC_LOG2E 1.4426950408889634f
#define ATTNC_LN2 0.69314718055994531f
#ifndef INFINITY
#define INFINITY ATTNC_INF
#endif
#ifndef NAN
#define NAN ATTNC_NAN
#endif

} // namespace attnc

#include "attnc_target.cuh"

namespace attnc {

//===----------------------------------------------------------------------===//
// Errors and tensor reads in region code
//===----------------------------------------------------------------------===//

/// Records the first failed check (a manifest error code); the runtime
/// reports it with its source location after the launch.
__device__ __forceinline__ void fail(const AttncArgs &a, int code) {
  atomicCAS(a.error, 0, code);
}

/// Element `off` of tensor t as a float / integer, whatever its dtype.
__device__ __forceinline__ float readF(const AttncTensor &t, i64 off) {
  switch (t.dtype) {
  case ATTNC_F32:
    return static_cast<const float *>(t.data)[off];
  case ATTNC_F16:
    return f16ToFloat(static_cast<const u16 *>(t.data)[off]);
  case ATTNC_BF16:
    return bf16ToFloat(static_cast<const u16 *>(t.data)[off]);
  case ATTNC_F64:
    return float(static_cast<const double *>(t.data)[off]);
  case ATTNC_I32:
    return float(static_cast<const int *>(t.data)[off]);
  case ATTNC_I8:
    return float(static_cast<const signed char *>(t.data)[off]);
  default:
    return float(static_cast<const i64 *>(t.data)[off]);
  }
}
__device__ __forceinline__ i64 readI(const AttncTensor &t, i64 off) {
  switch (t.dtype) {
  case ATTNC_I32:
    return static_cast<const int *>(t.data)[off];
  case ATTNC_I64:
    return static_cast<const i64 *>(t.data)[off];
  case ATTNC_I8:
    return static_cast<const signed char *>(t.data)[off];
  default:
    return i64(readF(t, off));
  }
}

/// attn.load: a bounds-checked read; out of bounds records `code` and
/// reads 0 (the launch then fails with the load's location).
__device__ __forceinline__ bool offsetOf(const AttncArgs &a, int t, int code,
                                         int n, const i64 *ix, i64 &off) {
  const AttncTensor &x = a.t[t];
  off = 0;
  for (int d = 0; d < n; ++d) {
    if (ix[d] < 0 || ix[d] >= x.shape[d]) {
      fail(a, code);
      return false;
    }
    off += ix[d] * x.stride[d];
  }
  return true;
}
template <class... I>
__device__ __forceinline__ float loadF(const AttncArgs &a, int t, int code,
                                       I... index) {
  i64 ix[] = {i64(index)...}, off;
  return offsetOf(a, t, code, int(sizeof...(I)), ix, off) ? readF(a.t[t], off)
                                                          : 0.0f;
}
template <class... I>
__device__ __forceinline__ i64 loadI(const AttncArgs &a, int t, int code,
                                     I... index) {
  i64 ix[] = {i64(index)...}, off;
  return offsetOf(a, t, code, int(sizeof...(I)), ix, off) ? readI(a.t[t], off)
                                                          : 0;
}

// Float helpers of region code (NaN-propagating, as the CPU library's).
__device__ __forceinline__ float minimumf(float a, float b) {
  return isnan(a) || isnan(b) ? ATTNC_NAN : fminf(a, b);
}
__device__ __forceinline__ float maximumf(float a, float b) {
  return isnan(a) || isnan(b) ? ATTNC_NAN : fmaxf(a, b);
}

//===----------------------------------------------------------------------===//
// Tile classes, interval arithmetic and the integer helpers of region code
// (shared with the CPU library)
//===----------------------------------------------------------------------===//

#define ATTNC_FN __device__ __forceinline__
#include "attnc_rules.h"
#undef ATTNC_FN

/// A run-time block map [B, H or 1, ceil(N/bq), ceil(M/bk)] over a tile.
__device__ inline int blockMapCls(const AttncArgs &a, int t, i64 bq, i64 bk,
                                  i64 b, i64 hl, i64 hh, i64 i0, i64 i1, i64 j0,
                                  i64 j1) {
  const AttncTensor &m = a.t[t];
  bool any = false, all = true;
  if (m.shape[1] == 1)
    hl = hh = 0;
  for (i64 h = hl; h <= hh; ++h)
    for (i64 r = i0 / bq; r <= i1 / bq; ++r)
      for (i64 c = j0 / bk; c <= j1 / bk; ++c) {
        bool on = readI(m, b * m.stride[0] + h * m.stride[1] + r * m.stride[2] +
                               c * m.stride[3]) != 0;
        any |= on;
        all &= on;
      }
  return !any ? Skip : all ? Full : Partial;
}
__device__ inline bool blockMapOk(const AttncArgs &a, int t, i64 bq, i64 bk,
                                  i64 b, i64 h, i64 i, i64 j) {
  const AttncTensor &m = a.t[t];
  i64 hh = m.shape[1] == 1 ? 0 : h;
  return readI(m, b * m.stride[0] + hh * m.stride[1] + (i / bq) * m.stride[2] +
                      (j / bk) * m.stride[3]) != 0;
}

//===----------------------------------------------------------------------===//
// What every quadratic mainloop shares
//===----------------------------------------------------------------------===//

enum Norm : int { Softmax = 0, Weights = 1, Softpick = 2 };

/// The factor a row's accumulated output is multiplied by, from its
/// running max m, sum l and sum of |w| lAbs (the epilogue of attention<K>
/// and of combine<K> after merging split parts).
///
/// NaN (docs/limits.md): a NaN or +inf logit gives the row a NaN weight
/// (exp of NaN, or of inf - inf), so l is NaN and 1 / l spreads it to the
/// output; a NaN or +inf running max (a sink, or a split part's max)
/// makes the row NaN even where nothing else is present. These tests run
/// once per row, after the mainloop: the inner loop is unchanged.
template <class K>
__device__ __forceinline__ float rowScale(float m, float l, float lAbs) {
  if (K::NORM == Softmax)
    return !(m < ATTNC_INF) ? ATTNC_NAN : l != 0.0f ? 1.0f / l : 0.0f;
  if (K::NORM == Softpick) {
    float d = l + K::kEps * expf(-m);
    return !(m < ATTNC_INF) ? ATTNC_NAN : d != 0.0f ? 1.0f / d : 0.0f;
  }
  if (K::ROWNORM == 0)
    return 1.0f;
  float d = K::ROWNORM == 1 ? l : K::ROWNORM == 2 ? fabsf(l) : lAbs;
  if (K::kHasFloor)
    d = fmaxf(d, K::kFloor);
  d += K::kEps;
  return d != 0.0f ? 1.0f / d : 0.0f;
}

/// Writes row i's LSE (natural log) from its base-2 max and sum.
template <class K>
__device__ __forceinline__ void storeLse(const AttncArgs &a, i64 b, i64 h,
                                         i64 i, float m, float l) {
  const AttncTensor &ls = a.t[K::LSE];
  // NaN for a NaN or +inf logit or sink (docs/limits.md).
  float v = !(m < ATTNC_INF) || isnan(l) ? ATTNC_NAN
            : l > 0.0f                   ? m + log2f(l)
                                         : -ATTNC_INF;
  static_cast<float *>(
      ls.data)[b * ls.stride[0] + h * ls.stride[1] + i * ls.stride[2]] =
      v * ATTNC_LN2;
}

/// Stores two adjacent output columns at element offset `off` of `o`.
template <class K>
__device__ __forceinline__ void storePair(const AttncTensor &o, i64 off,
                                          float x0, float x1) {
  if (K::kOutF32) {
    float *op = static_cast<float *>(o.data) + off;
    op[0] = x0;
    op[1] = x1;
  } else {
    *reinterpret_cast<u32 *>(static_cast<u16 *>(o.data) + off) =
        K::T::pack(x0, x1);
  }
}

/// Merges the S parts attention<K> wrote for split rows: one warp per row
/// (blockIdx.x * kRows + warp of [B, H, N], grid ceil(N / kRows) x H x B,
/// ATTNC_COMBINE_THREADS threads). Part z weighs 2^(m_z - m) (softmax, base 2),
/// e^(m_z - m) (softpick) or 1 (weights), m the largest max; the merged sums
/// give the row's scale as in attention<K>'s own epilogue.
template <class K> __device__ void combine(const AttncArgs &a) {
  constexpr int kRows = ATTNC_COMBINE_ROWS, kMaxParts = ATTNC_MAX_SPLITS;
  static_assert(ATTNC_COMBINE_THREADS == ATTNC_WARP_SIZE * kRows,
                "a warp per row");
  __shared__ float weight[kRows][kMaxParts];
  const AttncTensor &q = a.t[K::Q], &o = a.t[K::O];
  const AttncTensor &po = a.t[K::PO], &ps = a.t[K::PS];
  const i64 B = q.shape[0], H = q.shape[1], N = q.shape[2];
  const int lane = attncLane(), warp = attncWarp();
  const i64 b = blockIdx.z, h = blockIdx.y, i = i64(blockIdx.x) * kRows + warp;
  const i64 parts = po.shape[0];
  if (parts > kMaxParts)
    __trap(); // the runtime never splits further (chooseSplits)
  if (i >= N)
    return;
  const i64 rows = B * H * N, row = (b * H + h) * N + i;
  const float *stats = static_cast<const float *>(ps.data);
  float m = K::NORM == Weights ? 0.0f : -ATTNC_INF;
  if (K::NORM != Weights)
    for (i64 z = 0; z < parts; ++z)
      m = maximumf(m, stats[(z * rows + row) * 3]); // keeps a NaN part
  float l = 0.0f, lAbs = 0.0f;
  for (i64 z = lane; z < parts; z += ATTNC_WARP_SIZE) {
    const float *st = stats + (z * rows + row) * 3;
    float w = K::NORM == Softmax
                  ? (st[0] == -ATTNC_INF ? 0.0f : exp2f(st[0] - m))
              : K::NORM == Softpick ? expf(st[0] - m)
                                    : 1.0f;
    weight[warp][z] = w;
    l += w * st[1];
    lAbs += w * st[2];
  }
#pragma unroll
  for (int x = ATTNC_WARP_SIZE / 2; x > 0; x >>= 1) {
    l += attncShflXor(l, x);
    lAbs += attncShflXor(lAbs, x);
  }
  attncSyncWarp();
  const float scale = rowScale<K>(m, l, lAbs);
  if (K::NORM == Softmax && K::LSE >= 0 && lane == 0)
    storeLse<K>(a, b, h, i, m, l);
  const float *part = static_cast<const float *>(po.data) + row * K::DV;
  const i64 orow = b * o.stride[0] + h * o.stride[1] + i * o.stride[2];
  for (int c = 2 * lane; c < K::DV; c += 2 * ATTNC_WARP_SIZE) {
    float x0 = 0.0f, x1 = 0.0f;
    for (i64 z = 0; z < parts; ++z) {
      float2 p = *reinterpret_cast<const float2 *>(part + z * rows * K::DV + c);
      x0 += weight[warp][z] * p.x;
      x1 += weight[warp][z] * p.y;
    }
    storePair<K>(o, orow + c, x0 * scale, x1 * scale);
  }
}

} // namespace attnc

#endif // ATTNC_GPU_CUH
