//===- attnc_sm80.cuh - the mma.sync quadratic mainloop (sm_80) -*- C++ -*-===//
//
// The `mma_sync` mainloop of online and stateless quadratic kernels: tiles
// arrive by cp.async, operands through ldmatrix, both products run on
// mma.sync m16n8k16 (every conversion, copy and matrix product is inline
// PTX). sm_90a instantiates it too until it has a wgmma mainloop of its own.
//
// Emitted code supplies a kernel description K (head dims, tiles, tensor
// indices, the per-entry score chain, the tile-class test, and the plan's
// geometry, which static_asserts below check against this loop's rules) and
// wraps `attention<K>` in an extern "C" __global__ function. See
// codegen/gpu/EmitGpu.cpp for the contract and docs/codegen-cuda.md for the
// design.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_SM80_CUH
#define ATTNC_SM80_CUH

namespace attnc {

//===----------------------------------------------------------------------===//
// Tensor-core primitives (sm_80)
//===----------------------------------------------------------------------===//

/// D[16 x 8] += A[16 x 16] B[16 x 8] for operands of type T (Bf16, F16).
template <class T> struct Mma;
template <> struct Mma<Bf16> {
  __device__ static __forceinline__ void run(float *c, const u32 *a,
                                             const u32 *b) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]),
                   "r"(b[1]));
  }
};
template <> struct Mma<F16> {
  __device__ static __forceinline__ void run(float *c, const u32 *a,
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
__device__ __forceinline__ void cpAsync16(u32 dst, const void *src,
                                          bool valid) {
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

/// Shared memory one block of K needs (bytes).
template <class K> __host__ __device__ constexpr int sharedBytes() {
  return (K::BQ * K::D + K::BK * K::D + K::BK * K::DVS) * 2;
}

/// One block: BQ = 16 x W rows of one batch and DVS of the DV output
/// columns. Row r is query i0 + r / G of head blockIdx.y * G + r % G:
/// with K::G > 1 (packed GQA) a tile holds G query heads that share one
/// KV head, which is then read once for all of them. (blockIdx.x = row tile *
/// DV / DVS + slice; slices above 256 columns would not fit the accumulator in
/// registers), every key tile of M that the kernel's tile test does not prove
/// absent. Warp w owns rows 16w..16w+15; S = Q K^T and O += P V run on mma.sync
/// with operands from ldmatrix; K and V tiles arrive by cp.async, V's copy
/// overlapping S = Q K^T and the next K's overlapping P V.
///
/// K::Norm == Softmax: online softmax in base 2 (K::kLog2: the score chain
/// already yields log2-domain logits), with an optional sink logit per head
/// (K::SINK) and LSE output (K::LSE, natural log, [B, H, N] f32).
/// K::Norm == Weights: the chain yields weights used as they are,
/// optionally divided by their row sum (K::ROWNORM 1 sum, 2 |sum|, 3 sum of
/// |w|, with K::kFloor / K::kEps).
///
/// Split-KV (K::PO >= 0): the grid holds S = gridDim.x / (row tiles x
/// slices) parts (a row tile is BQ / G queries); blockIdx.x = (part * row tiles
/// + row tile) * slices + slice, and part z runs key tiles [z T / S, (z + 1) T
/// / S) of the T. With S > 1 a block writes its unnormalised f32 accumulator to
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
  const u16 *qp =
      static_cast<const u16 *>(q.data) + b * q.stride[0] + hl * q.stride[1];
  const u16 *kp =
      static_cast<const u16 *>(k.data) + b * k.stride[0] + hk * k.stride[1];
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
          ldmatrix4(bf,
                    smemAddr(sK + Swizzle<CD>::at(np * 16 + (lane & 7) +
                                                      8 * (lane >> 4),
                                                  2 * kc + ((lane >> 3) & 1))));
          Mma<T>::run(s[2 * np], af, bf);
          Mma<T>::run(s[2 * np + 1], af, bf + 2);
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
            // -inf marks absent entries; a present -inf logit adds
            // |e^-inf - 1| = 1 to the denominator (docs/limits.md), so it
            // enters as the lowest finite float.
            s[n][e] =
                on ? (x == -ATTNC_INF ? -3.402823466e38f : x) : -ATTNC_INF;
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
            float p0 = exp2f(s[n][2 * r] - base),
                  p1 = exp2f(s[n][2 * r + 1] - base);
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
          ldmatrix4T(bf,
                     smemAddr(sV + Swizzle<CV>::at(kc * 16 + (lane & 7) +
                                                       8 * ((lane >> 3) & 1),
                                                   2 * np + (lane >> 4))));
          Mma<T>::run(acc[2 * np], pf, bf);
          Mma<T>::run(acc[2 * np + 1], pf, bf + 2);
          if (K::kOutF32) {
            Mma<T>::run(acc[2 * np], pl, bf);
            Mma<T>::run(acc[2 * np + 1], pl, bf + 2);
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
    const i64 orow =
        b * o.stride[0] + h * o.stride[1] + i * o.stride[2] + slice * DV;
#pragma unroll
    for (int n = 0; n < DV / 8; ++n)
      storePair<K>(o, orow + n * 8 + 2 * t4, acc[n][2 * r] * scale,
                   acc[n][2 * r + 1] * scale);
  }
}

} // namespace attnc

#endif // ATTNC_SM80_CUH
