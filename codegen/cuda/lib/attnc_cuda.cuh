//===- attnc_cuda.cuh - the CUDA device library (sm_80) ---------*- C++ -*-===//
//
// The mainloops the CUDA emitter instantiates. Self-contained: no CUDA or
// C++ headers, so NVRTC compiles it without an include path; bf16/f16 live
// in 16-bit integers and every conversion, copy and matrix product is
// inline PTX (cp.async, ldmatrix, mma.sync m16n8k16).
//
// Emitted code supplies a kernel description K (head dims, tiles, tensor
// indices, the per-entry score chain, the tile-class test) and wraps
// `attention<K>` in an extern "C" __global__ function. See
// codegen/cuda/EmitCuda.cpp for the contract and docs/codegen-cuda.md for
// the design.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CUDA_CUH
#define ATTNC_CUDA_CUH

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

//===----------------------------------------------------------------------===//
// Errors and tensor reads in region code
//===----------------------------------------------------------------------===//

/// Records the first failed check (a manifest error code); the runtime
/// reports it with its source location after the launch.
__device__ __forceinline__ void fail(const AttncArgs &a, int code) {
  atomicCAS(a.error, 0, code);
}

__device__ __forceinline__ float bf16ToFloat(u16 x) {
  return __int_as_float(int(u32(x) << 16));
}
__device__ __forceinline__ float f16ToFloat(u16 x) {
  float f;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(x));
  return f;
}

/// Element `off` of tensor t as a float / integer, whatever its dtype.
__device__ __forceinline__ float readF(const AttncTensor &t, i64 off) {
  switch (t.dtype) {
  case ATTNC_F32: return static_cast<const float *>(t.data)[off];
  case ATTNC_F16: return f16ToFloat(static_cast<const u16 *>(t.data)[off]);
  case ATTNC_BF16: return bf16ToFloat(static_cast<const u16 *>(t.data)[off]);
  case ATTNC_F64: return float(static_cast<const double *>(t.data)[off]);
  case ATTNC_I32: return float(static_cast<const int *>(t.data)[off]);
  case ATTNC_I8: return float(static_cast<const signed char *>(t.data)[off]);
  default: return float(static_cast<const i64 *>(t.data)[off]);
  }
}
__device__ __forceinline__ i64 readI(const AttncTensor &t, i64 off) {
  switch (t.dtype) {
  case ATTNC_I32: return static_cast<const int *>(t.data)[off];
  case ATTNC_I64: return static_cast<const i64 *>(t.data)[off];
  case ATTNC_I8: return static_cast<const signed char *>(t.data)[off];
  default: return i64(readF(t, off));
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
                                  i64 b, i64 hl, i64 hh, i64 i0, i64 i1,
                                  i64 j0, i64 j1) {
  const AttncTensor &m = a.t[t];
  bool any = false, all = true;
  if (m.shape[1] == 1)
    hl = hh = 0;
  for (i64 h = hl; h <= hh; ++h)
    for (i64 r = i0 / bq; r <= i1 / bq; ++r)
      for (i64 c = j0 / bk; c <= j1 / bk; ++c) {
        bool on = readI(m, b * m.stride[0] + h * m.stride[1] +
                               r * m.stride[2] + c * m.stride[3]) != 0;
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
// Tensor-core primitives (sm_80)
//===----------------------------------------------------------------------===//

/// bf16 inputs.
struct Bf16 {
  __device__ static __forceinline__ u32 pack(float lo, float hi) {
    u32 r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
  }
  /// The two halves of a pack, back in f32.
  __device__ static __forceinline__ float lo(u32 x) {
    return __int_as_float(int(x << 16));
  }
  __device__ static __forceinline__ float hi(u32 x) {
    return __int_as_float(int(x & 0xffff0000u));
  }
  __device__ static __forceinline__ void mma(float *c, const u32 *a,
                                             const u32 *b) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]),
                   "r"(b[1]));
  }
};
/// fp16 inputs.
struct F16 {
  __device__ static __forceinline__ u32 pack(float lo, float hi) {
    u32 r;
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
  }
  __device__ static __forceinline__ float lo(u32 x) {
    return f16ToFloat(u16(x & 0xffffu));
  }
  __device__ static __forceinline__ float hi(u32 x) { return f16ToFloat(u16(x >> 16)); }
  __device__ static __forceinline__ void mma(float *c, const u32 *a,
                                             const u32 *b) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]),
                   "r"(b[1]));
  }
};

__device__ __forceinline__ u32 smemAddr(const void *p) {
  return u32(__cvta_generic_to_shared(p));
}
__device__ __forceinline__ void cpAsync16(u32 dst, const void *src, bool valid) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(dst),
               "l"(src), "r"(valid ? 16 : 0));
}
__device__ __forceinline__ void cpAsyncCommit() {
  asm volatile("cp.async.commit_group;");
}
__device__ __forceinline__ void cpAsyncWaitAll() {
  asm volatile("cp.async.wait_group 0;" ::: "memory");
}
__device__ __forceinline__ void ldmatrix4(u32 *r, u32 addr) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(addr));
}
__device__ __forceinline__ void ldmatrix4T(u32 *r, u32 addr) {
  asm volatile(
      "ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
      : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
      : "r"(addr));
}

/// A shared-memory tile of R rows x C 16-byte chunks (8 elements each),
/// with the chunk index XOR-swizzled by the row so ldmatrix reads of 8
/// rows hit distinct banks.
template <int C> struct Swizzle {
  static constexpr int S = C % 8 == 0 ? 8 : C % 4 == 0 ? 4 : C % 2 == 0 ? 2 : 1;
  __device__ static __forceinline__ int at(int row, int chunk) {
    return row * C * 8 + ((chunk ^ (row & (S - 1))) << 3);
  }
};

/// Copies rows [r0, r0 + R) of a [rows x 8C] matrix (row stride `rs`
/// elements, rows from `rmax` on read as zeros) into shared memory. With
/// P > 1, tile row r is row r0 + r / P of matrix r % P, the matrices `ps`
/// elements apart (P heads sharing a tile).
template <int R, int C, int NT, int P = 1>
__device__ __forceinline__ void loadTile(u16 *s, const u16 *g, i64 rs, i64 r0,
                                         i64 rmax, i64 ps = 0) {
  for (int x = threadIdx.x; x < R * C; x += NT) {
    int r = x / C, ch = x % C;
    bool in = r0 + r / P < rmax;
    const u16 *src = g + (in ? (r0 + r / P) * rs + (r % P) * ps : 0) + ch * 8;
    cpAsync16(smemAddr(s + Swizzle<C>::at(r, ch)), src, in);
  }
}

//===----------------------------------------------------------------------===//
// The quadratic mainloop
//===----------------------------------------------------------------------===//

enum Norm : int { Softmax = 0, Weights = 1, Softpick = 2 };

/// Shared memory one block of K needs (bytes).
template <class K> __host__ __device__ constexpr int sharedBytes() {
  return (K::BQ * K::D + K::BK * K::D + K::BK * K::DVS) * 2;
}

/// The factor a row's accumulated output is multiplied by, from its
/// running max m, sum l and sum of |w| lAbs (the epilogue of attention<K>
/// and of combine<K> after merging split parts).
template <class K>
__device__ __forceinline__ float rowScale(float m, float l, float lAbs) {
  if (K::NORM == Softmax)
    return l > 0.0f ? 1.0f / l : 0.0f;
  if (K::NORM == Softpick) {
    float d = l + K::kEps * expf(-m);
    return d > 0.0f ? 1.0f / d : 0.0f;
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
  float v = l > 0.0f ? m + log2f(l) : -ATTNC_INF;
  static_cast<float *>(ls.data)[b * ls.stride[0] + h * ls.stride[1] +
                                i * ls.stride[2]] = v * ATTNC_LN2;
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

/// One block: BQ = 16 x W rows of one batch and DVS of the DV output
/// columns. Row r is query i0 + r / G of head blockIdx.y * G + r % G:
/// with K::G > 1 (packed GQA) a tile holds G query heads that share one
/// KV head, which is then read once for all of them. (blockIdx.x = row tile * DV / DVS + slice; slices
/// above 256 columns would not fit the accumulator in registers), every
/// key tile
/// of M that the kernel's tile test does not prove absent. Warp w owns rows
/// 16w..16w+15; S = Q K^T and O += P V run on mma.sync with operands
/// from ldmatrix; K and V tiles arrive by cp.async, V's copy overlapping
/// S = Q K^T and the next K's overlapping P V.
///
/// K::Norm == Softmax: online softmax in base 2 (K::kLog2: the score chain
/// already yields log2-domain logits), with an optional sink logit per head
/// (K::SINK) and LSE output (K::LSE, natural log, [B, H, N] f32).
/// K::Norm == Weights: the chain yields weights used as they are,
/// optionally divided by their row sum (K::ROWNORM 1 sum, 2 |sum|, 3 sum of
/// |w|, with K::kFloor / K::kEps).
///
/// Split-KV (K::PO >= 0): the grid holds S = gridDim.x / (row tiles x
/// slices) parts (a row tile is BQ / G queries); blockIdx.x = (part * row tiles + row tile) * slices +
/// slice, and part z runs key tiles [z T / S, (z + 1) T / S) of the T.
/// With S > 1 a block writes its unnormalised f32 accumulator to
/// t[PO] = [S, B*H*N, DV] and (max, sum, sum of |w|) to t[PS] =
/// [S, B*H*N, 3], for combine<K>; the sink joins part 0 only.
template <class K> __device__ void attention(const AttncArgs &a) {
  typedef typename K::T T;
  constexpr int D = K::D, DV = K::DVS, BQ = K::BQ, BK = K::BK, W = K::W;
  constexpr int NT = 32 * W, CD = D / 8, CV = DV / 8;
  constexpr int NS = K::DV / K::DVS, P = K::G, BQR = BQ / P;
  static_assert(BQ % P == 0, "packed heads divide the rows");
  static_assert(K::DV % K::DVS == 0, "output slices");
  static_assert(BQ == 16 * W, "a warp owns 16 query rows");
  static_assert(K::NT == 32 * W, "the plan's threads are its warps'");
  static_assert(K::SMEM == sharedBytes<K>(), "the plan's shared memory");
  static_assert(D % 16 == 0 && DV % 16 == 0 && BK % 16 == 0, "tile shapes");
  extern __shared__ __align__(128) unsigned char smem[];
  u16 *sQ = reinterpret_cast<u16 *>(smem);
  u16 *sK = sQ + BQ * D;
  u16 *sV = sK + BK * D;

  const AttncTensor &q = a.t[K::Q], &k = a.t[K::KT], &v = a.t[K::V];
  const AttncTensor &o = a.t[K::O];
  const i64 H = q.shape[1], N = q.shape[2], M = k.shape[2];
  const int slice = int(blockIdx.x % NS);
  const i64 rowTiles = (N + BQR - 1) / BQR;
  const i64 part = i64(blockIdx.x / NS) / rowTiles,
            parts = K::PO >= 0 ? i64(gridDim.x / NS) / rowTiles : 1;
  // Query heads [hl, hh] and queries [i0, i1]; KV head hk.
  const i64 b = blockIdx.z, i0 = (i64(blockIdx.x / NS) % rowTiles) * BQR;
  const i64 hl = i64(blockIdx.y) * P, hh = hl + P - 1;
  const i64 hk = hl / (H / k.shape[1]);
  if (i0 >= N)
    return;
  const i64 i1 = (i0 + BQR < N ? i0 + BQR : N) - 1;
  const u16 *qp = static_cast<const u16 *>(q.data) + b * q.stride[0] +
                  hl * q.stride[1];
  const u16 *kp = static_cast<const u16 *>(k.data) + b * k.stride[0] +
                  hk * k.stride[1];
  const u16 *vp = static_cast<const u16 *>(v.data) + b * v.stride[0] +
                  hk * v.stride[1] + slice * DV;

  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int g = lane >> 2, t4 = lane & 3;
  const i64 allTiles = (M + BK - 1) / BK;
  const i64 tBegin = part * allTiles / parts,
            nTiles = (part + 1) * allTiles / parts;

  // The next key tile from `t` on that may hold entries, and its class.
  auto next = [&](i64 t, int &cls) -> i64 {
    for (; t < nTiles; ++t) {
      i64 j0 = t * BK, j1 = (j0 + BK < M ? j0 + BK : M) - 1;
      if (!K::absent(a, b, hl, hh, i0, i1, j0, j1)) {
        cls = K::cls(a, b, hl, hh, i0, i1, j0, j1);
        return t;
      }
    }
    return nTiles;
  };

  float acc[DV / 8][4];
#pragma unroll
  for (int n = 0; n < DV / 8; ++n)
    acc[n][0] = acc[n][1] = acc[n][2] = acc[n][3] = 0.0f;
  // Rows g and g + 8 of the warp's 16: running max (base 2) and partial
  // sums of this thread's columns.
  const float m0 = K::NORM == Softpick ? 0.0f : -ATTNC_INF;
  float mx[2] = {m0, m0}, l[2] = {0.0f, 0.0f};
  float lAbs[2] = {0.0f, 0.0f};
  // This thread's rows g and g + 8 of the warp's 16: query and head.
  // (Recomputed where used: holding them costs registers the widest
  // kernels lack.)
  auto rowI = [&](int r) { return i0 + (warp * 16 + g + 8 * r) / P; };
  auto rowH = [&](int r) { return hl + (warp * 16 + g + 8 * r) % P; };
  const bool idle = i0 + (warp * 16) / P >= N; // the same in all lanes
  if (K::NORM == Softmax && K::SINK >= 0 && part == 0) {
    // The sink joins every row's normaliser as one more logit.
    const AttncTensor &sk = a.t[K::SINK];
#pragma unroll
    for (int r = 0; r < 2; ++r) {
      mx[r] = readF(sk, rowH(r) * sk.stride[0]) * ATTNC_LOG2E;
      l[r] = t4 == 0 ? 1.0f : 0.0f;
    }
  }

  int cls = Partial;
  i64 t = next(tBegin, cls);
  loadTile<BQ, CD, NT, P>(sQ, qp, q.stride[2], i0, N, q.stride[1]);
  if (t < nTiles)
    loadTile<BK, CD, NT>(sK, kp, k.stride[2], t * BK, M);
  cpAsyncCommit();

  while (t < nTiles) {
    const i64 j0 = t * BK;
    cpAsyncWaitAll();
    __syncthreads();
    loadTile<BK, CV, NT>(sV, vp, v.stride[2], j0, M);
    cpAsyncCommit();

    // S = Q K^T for the warp's 16 rows (a warp whose rows are all past N
    // only joins the copies and barriers).
    float s[BK / 8][4];
    if (!idle) {
#pragma unroll
      for (int n = 0; n < BK / 8; ++n)
        s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.0f;
#pragma unroll(D <= 256 ? D / 16 : 4)
      for (int kc = 0; kc < D / 16; ++kc) {
        u32 af[4];
        ldmatrix4(af, smemAddr(sQ + Swizzle<CD>::at(warp * 16 + (lane & 7) +
                                                       8 * ((lane >> 3) & 1),
                                                   2 * kc + (lane >> 4))));
#pragma unroll
        for (int np = 0; np < BK / 16; ++np) {
          u32 bf[4];
          ldmatrix4(bf, smemAddr(sK + Swizzle<CD>::at(np * 16 + (lane & 7) +
                                                         8 * (lane >> 4),
                                                     2 * kc + ((lane >> 3) & 1))));
          T::mma(s[2 * np], af, bf);
          T::mma(s[2 * np + 1], af, bf + 2);
        }
      }

      // The score chain per entry; absent entries are -inf (softmax) or
      // weight 0.
#pragma unroll
      for (int n = 0; n < BK / 8; ++n)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          i64 i = rowI(e >> 1);
          i64 j = j0 + n * 8 + 2 * t4 + (e & 1);
          float x = 0.0f;
          bool on = i < N && j < M &&
                    K::score(a, b, rowH(e >> 1), i, j, s[n][e], cls, x);
          if (K::NORM == Softmax)
            s[n][e] = on ? (K::kLog2 ? x : x * ATTNC_LOG2E) : -ATTNC_INF;
          else if (K::NORM == Softpick)
            s[n][e] = on ? x : -ATTNC_INF;
          else
            s[n][e] = on ? x : 0.0f;
        }

      if (K::NORM == Softmax) {
#pragma unroll
        for (int r = 0; r < 2; ++r) {
          float m = mx[r];
#pragma unroll
          for (int n = 0; n < BK / 8; ++n)
            m = fmaxf(m, fmaxf(s[n][2 * r], s[n][2 * r + 1]));
          m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, 1));
          m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, 2));
          // A row with nothing present yet keeps zeros (no -inf - -inf).
          float base = m == -ATTNC_INF ? 0.0f : m;
          float alpha = exp2f(mx[r] - base);
          mx[r] = m;
          l[r] *= alpha;
#pragma unroll
          for (int n = 0; n < DV / 8; ++n) {
            acc[n][2 * r] *= alpha;
            acc[n][2 * r + 1] *= alpha;
          }
#pragma unroll
          for (int n = 0; n < BK / 8; ++n) {
            float p0 = exp2f(s[n][2 * r] - base), p1 = exp2f(s[n][2 * r + 1] - base);
            s[n][2 * r] = p0;
            s[n][2 * r + 1] = p1;
            l[r] += p0 + p1;
          }
        }
      } else if (K::NORM == Softpick) {
        // Natural units; numerator and |e^x - 1| sum carry a factor e^-m,
        // m (from 0) the running max (VARIANTS.md, softpick).
#pragma unroll
        for (int r = 0; r < 2; ++r) {
          float m = mx[r];
#pragma unroll
          for (int n = 0; n < BK / 8; ++n)
            m = fmaxf(m, fmaxf(s[n][2 * r], s[n][2 * r + 1]));
          m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, 1));
          m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, 2));
          float alpha = expf(mx[r] - m), base = expf(-m);
          mx[r] = m;
          l[r] *= alpha;
#pragma unroll
          for (int n = 0; n < DV / 8; ++n) {
            acc[n][2 * r] *= alpha;
            acc[n][2 * r + 1] *= alpha;
          }
#pragma unroll
          for (int n = 0; n < BK / 8; ++n)
#pragma unroll
            for (int c = 0; c < 2; ++c) {
              float x = s[n][2 * r + c];
              float e = x == -ATTNC_INF ? 0.0f
                        : x < 80.0f     ? expm1f(x) * base
                                        : expf(x - m) - base;
              l[r] += fabsf(e);
              s[n][2 * r + c] = fmaxf(e, 0.0f);
            }
        }
      } else if (K::ROWNORM != 0) {
#pragma unroll
        for (int n = 0; n < BK / 8; ++n)
#pragma unroll
          for (int e = 0; e < 4; ++e) {
            l[e >> 1] += s[n][e];
            lAbs[e >> 1] += fabsf(s[n][e]);
          }
      }
    }

    cpAsyncWaitAll();
    __syncthreads();
    int cls2 = Partial;
    i64 t2 = next(t + 1, cls2);
    if (t2 < nTiles) {
      loadTile<BK, CD, NT>(sK, kp, k.stride[2], t2 * BK, M);
      cpAsyncCommit();
    }

    // O += P V. Kernels writing f32 intermediates (which later ops may
    // amplify, as a norm of a difference does) add P's rounding residual
    // as a second product: P = hi + lo in two 16-bit parts.
    if (!idle)
#pragma unroll
      for (int kc = 0; kc < BK / 16; ++kc) {
        u32 pf[4], pl[4];
#pragma unroll
        for (int x = 0; x < 4; ++x) {
          float p0 = s[2 * kc + (x >> 1)][2 * (x & 1)],
                p1 = s[2 * kc + (x >> 1)][2 * (x & 1) + 1];
          pf[x] = T::pack(p0, p1);
          if (K::kOutF32)
            pl[x] = T::pack(p0 - T::lo(pf[x]), p1 - T::hi(pf[x]));
        }
#pragma unroll
        for (int np = 0; np < DV / 16; ++np) {
          u32 bf[4];
          ldmatrix4T(bf, smemAddr(sV + Swizzle<CV>::at(kc * 16 + (lane & 7) +
                                                          8 * ((lane >> 3) & 1),
                                                      2 * np + (lane >> 4))));
          T::mma(acc[2 * np], pf, bf);
          T::mma(acc[2 * np + 1], pf, bf + 2);
          if (K::kOutF32) {
            T::mma(acc[2 * np], pl, bf);
            T::mma(acc[2 * np + 1], pl, bf + 2);
          }
        }
      }
    t = t2;
    cls = cls2;
  }
  cpAsyncWaitAll();

  // Epilogue: row sums across the row's four threads, then out = acc / l.
#pragma unroll
  for (int r = 0; r < 2; ++r) {
    l[r] += __shfl_xor_sync(0xffffffffu, l[r], 1);
    l[r] += __shfl_xor_sync(0xffffffffu, l[r], 2);
    lAbs[r] += __shfl_xor_sync(0xffffffffu, lAbs[r], 1);
    lAbs[r] += __shfl_xor_sync(0xffffffffu, lAbs[r], 2);
  }
#pragma unroll
  for (int r = 0; r < 2; ++r) {
    const i64 i = rowI(r), h = rowH(r);
    if (i >= N)
      continue;
    if (K::PO >= 0 && parts > 1) {
      // A part of a split row: raw sums for combine<K>.
      const i64 row = ((part * q.shape[0] + b) * H + h) * N + i;
      float *po = static_cast<float *>(a.t[K::PO].data) + row * K::DV +
                  slice * DV + 2 * t4;
#pragma unroll
      for (int n = 0; n < DV / 8; ++n) {
        po[n * 8] = acc[n][2 * r];
        po[n * 8 + 1] = acc[n][2 * r + 1];
      }
      if (t4 == 0 && slice == 0) {
        float *ps = static_cast<float *>(a.t[K::PS].data) + row * 3;
        ps[0] = mx[r];
        ps[1] = l[r];
        ps[2] = lAbs[r];
      }
      continue;
    }
    const float scale = rowScale<K>(mx[r], l[r], lAbs[r]);
    if (K::NORM == Softmax && K::LSE >= 0 && t4 == 0 && slice == 0)
      storeLse<K>(a, b, h, i, mx[r], l[r]);
    const i64 orow = b * o.stride[0] + h * o.stride[1] + i * o.stride[2] +
                     slice * DV;
#pragma unroll
    for (int n = 0; n < DV / 8; ++n)
      storePair<K>(o, orow + n * 8 + 2 * t4, acc[n][2 * r] * scale,
                   acc[n][2 * r + 1] * scale);
  }
}

/// Merges the S parts attention<K> wrote for split rows: one warp per row
/// (blockIdx.x * kRows + warp of [B, H, N], grid ceil(N / kRows) x H x B,
/// ATTNC_COMBINE_THREADS threads). Part z weighs 2^(m_z - m) (softmax, base 2), e^(m_z - m)
/// (softpick) or 1 (weights), m the largest max; the merged sums give the
/// row's scale as in attention<K>'s own epilogue.
template <class K> __device__ void combine(const AttncArgs &a) {
  constexpr int kRows = ATTNC_COMBINE_ROWS, kMaxParts = ATTNC_MAX_SPLITS;
  static_assert(ATTNC_COMBINE_THREADS == 32 * kRows, "a warp per row");
  __shared__ float weight[kRows][kMaxParts];
  const AttncTensor &q = a.t[K::Q], &o = a.t[K::O];
  const AttncTensor &po = a.t[K::PO], &ps = a.t[K::PS];
  const i64 B = q.shape[0], H = q.shape[1], N = q.shape[2];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
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
      m = fmaxf(m, stats[(z * rows + row) * 3]);
  float l = 0.0f, lAbs = 0.0f;
  for (i64 z = lane; z < parts; z += 32) {
    const float *st = stats + (z * rows + row) * 3;
    float w = K::NORM == Softmax    ? (st[0] == -ATTNC_INF ? 0.0f : exp2f(st[0] - m))
              : K::NORM == Softpick ? expf(st[0] - m)
                                    : 1.0f;
    weight[warp][z] = w;
    l += w * st[1];
    lAbs += w * st[2];
  }
#pragma unroll
  for (int x = 16; x > 0; x >>= 1) {
    l += __shfl_xor_sync(0xffffffffu, l, x);
    lAbs += __shfl_xor_sync(0xffffffffu, lAbs, x);
  }
  __syncwarp();
  const float scale = rowScale<K>(m, l, lAbs);
  if (K::NORM == Softmax && K::LSE >= 0 && lane == 0)
    storeLse<K>(a, b, h, i, m, l);
  const float *part = static_cast<const float *>(po.data) + row * K::DV;
  const i64 orow = b * o.stride[0] + h * o.stride[1] + i * o.stride[2];
  for (int c = 2 * lane; c < K::DV; c += 64) {
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

#endif // ATTNC_CUDA_CUH
