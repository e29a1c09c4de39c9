//===- attnc_scores.cuh - kernels over materialised scores ------*- C++ -*-===//
//
// The quadratic_two_pass and quadratic_stencil families on the GPU: every
// score op of the kernel is one launch over a [B, H, N, M] f32 score
// tensor in GPU memory (element ops in place), so stencils see their halo
// and head mixes all heads without tiling. Absent entries (removed by a
// mask) hold one NaN payload, distinct from the NaNs arithmetic makes:
// maps keep them absent, stencils and head mixes read them as 0, softmax
// skips them and P V gives them no weight.
//
// This trades memory (B H N M floats per live score tensor) and bandwidth
// for generality; the fused two-pass tile schedule is future work
// (docs/codegen-cuda.md). Entry launches: grid (ceil(M / T) * N, H, B)
// with T = ATTNC_SCORE_THREADS threads; row launches: grid (N, H, B) with T
// threads.
//
//===----------------------------------------------------------------------===//

namespace attnc {

constexpr int kScoreThreads = ATTNC_SCORE_THREADS;
#define ATTNC_ABSENT_BITS 0x7fc0a77c

__device__ __forceinline__ float absentScore() {
  return __int_as_float(ATTNC_ABSENT_BITS);
}
__device__ __forceinline__ bool isAbsent(float x) {
  return __float_as_int(x) == ATTNC_ABSENT_BITS;
}
/// A score as stencils and head mixes read it.
__device__ __forceinline__ float scoreOrZero(float x) {
  return isAbsent(x) ? 0.0f : x;
}

/// f(b, h, i, j, off) for this thread's entry of score tensor s.
template <class F>
__device__ __forceinline__ void forScoreEntry(const AttncTensor &s, F f) {
  const i64 M = s.shape[3], blocks = (M + kScoreThreads - 1) / kScoreThreads;
  const i64 b = blockIdx.z, h = blockIdx.y, i = i64(blockIdx.x) / blocks;
  const i64 j = (i64(blockIdx.x) % blocks) * kScoreThreads + threadIdx.x;
  if (j < M)
    f(b, h, i, j, at4(s, b, h, i, j));
}

/// S = scale * q k^T (k shared by H / Hk query heads).
__device__ inline void qkScores(const AttncArgs &a, int qi, int ki, int si,
                                float scale) {
  const AttncTensor &q = a.t[qi], &k = a.t[ki], &s = a.t[si];
  const i64 G = q.shape[1] / k.shape[1], D = q.shape[3];
  forScoreEntry(s, [&](i64 b, i64 h, i64 i, i64 j, i64 off) {
    i64 qo = b * q.stride[0] + h * q.stride[1] + i * q.stride[2];
    i64 ko = b * k.stride[0] + (h / G) * k.stride[1] + j * k.stride[2];
    float acc = 0.0f;
    for (i64 d = 0; d < D; ++d)
      acc += readF(q, qo + d) * readF(k, ko + d);
    static_cast<float *>(s.data)[off] = acc * scale;
  });
}

/// attn.stencil: out = sum_{a, c} w[h, a, c] x[i + a - top, j + c - left],
/// `pad` outside the scores.
__device__ inline void stencilScores(const AttncArgs &a, int in, int wi,
                                     int out, int top, int left, float pad) {
  const AttncTensor &x = a.t[in], &w = a.t[wi], &y = a.t[out];
  const i64 N = x.shape[2], M = x.shape[3];
  forScoreEntry(y, [&](i64 b, i64 h, i64 i, i64 j, i64 off) {
    float acc = 0.0f;
    for (i64 r = 0; r < w.shape[1]; ++r)
      for (i64 c = 0; c < w.shape[2]; ++c) {
        i64 ii = i + r - top, jj = j + c - left;
        float v = pad;
        if (ii >= 0 && ii < N && jj >= 0 && jj < M)
          v = scoreOrZero(
              static_cast<const float *>(x.data)[at4(x, b, h, ii, jj)]);
        acc +=
            readF(w, h * w.stride[0] + r * w.stride[1] + c * w.stride[2]) * v;
      }
    static_cast<float *>(y.data)[off] = acc;
  });
}

/// attn.head_mix: out[h] = sum_{h1 < c} w[g, h1, h % c] x[g c + h1],
/// g = h / c, c = w's dim 1.
__device__ inline void headMixScores(const AttncArgs &a, int in, int wi,
                                     int out, int code) {
  const AttncTensor &x = a.t[in], &w = a.t[wi], &y = a.t[out];
  const i64 c = w.shape[1];
  if (w.shape[0] * c != x.shape[1] || w.shape[2] != c) {
    if (blockIdx.x == 0 && threadIdx.x == 0)
      fail(a, code);
    return;
  }
  forScoreEntry(y, [&](i64 b, i64 h, i64 i, i64 j, i64 off) {
    i64 g = h / c, h2 = h % c;
    float acc = 0.0f;
    for (i64 h1 = 0; h1 < c; ++h1)
      acc += readF(w, g * w.stride[0] + h1 * w.stride[1] + h2 * w.stride[2]) *
             scoreOrZero(static_cast<const float *>(
                 x.data)[at4(x, b, g * c + h1, i, j)]);
    static_cast<float *>(y.data)[off] = acc;
  });
}

__device__ __forceinline__ float blockReduce(float x, bool isMax, float *tmp) {
  for (int o = ATTNC_WARP_SIZE / 2; o > 0; o >>= 1) {
    float y = attncShflXor(x, o);
    x = isMax ? maximumf(x, y) : x + y;
  }
  const int warp = attncWarp(), lane = attncLane();
  __syncthreads();
  if (lane == 0)
    tmp[warp] = x;
  __syncthreads();
  x = tmp[0];
  for (int w = 1; w < kScoreThreads / ATTNC_WARP_SIZE; ++w)
    x = isMax ? maximumf(x, tmp[w]) : x + tmp[w];
  return x;
}

/// attn.softmax over each row in place (block per row), in base 2 with
/// `toBase2` folding log2(e) unless the scores are log2-domain already.
/// Optional sink logit per head (natural units) and LSE [B, H, N].
__device__ inline void softmaxRows(const AttncArgs &a, int si, float toBase2,
                                   int sink, int lse) {
  __shared__ float tmp[kScoreThreads / ATTNC_WARP_SIZE];
  const AttncTensor &s = a.t[si];
  const i64 b = blockIdx.z, h = blockIdx.y, i = blockIdx.x, M = s.shape[3];
  float *row = static_cast<float *>(s.data) + at4(s, b, h, i, 0);
  float m = sink >= 0 ? readF(a.t[sink], h * a.t[sink].stride[0]) * ATTNC_LOG2E
                      : -ATTNC_INF;
  for (i64 j = threadIdx.x; j < M; j += kScoreThreads)
    if (!isAbsent(row[j]))
      m = maximumf(m, row[j] * toBase2); // keeps a NaN (docs/limits.md)
  m = blockReduce(m, true, tmp);
  // A NaN or +inf logit or sink makes the row's weights and LSE NaN.
  const bool nan = !(m < ATTNC_INF);
  float l = 0.0f;
  if (m != -ATTNC_INF && !nan)
    for (i64 j = threadIdx.x; j < M; j += kScoreThreads)
      if (!isAbsent(row[j]))
        l += exp2f(row[j] * toBase2 - m);
  l = blockReduce(l, false, tmp);
  if (sink >= 0 && m != -ATTNC_INF && !nan)
    l += exp2f(readF(a.t[sink], h * a.t[sink].stride[0]) * ATTNC_LOG2E - m);
  // (A NaN row is NaN everywhere, so that P V makes its output NaN.)
  for (i64 j = threadIdx.x; j < M; j += kScoreThreads)
    if (nan)
      row[j] = ATTNC_NAN;
    else if (!isAbsent(row[j]))
      row[j] = l > 0.0f ? exp2f(row[j] * toBase2 - m) / l : 0.0f;
  if (lse >= 0 && threadIdx.x == 0) {
    const AttncTensor &ls = a.t[lse];
    writeF(ls, b * ls.stride[0] + h * ls.stride[1] + i * ls.stride[2],
           nan        ? ATTNC_NAN
           : l > 0.0f ? (m + log2f(l)) * ATTNC_LN2
                      : -ATTNC_INF);
  }
}

/// O = P V over present weights (block per row, threads over columns).
__device__ inline void pvRows(const AttncArgs &a, int pi, int vi, int oi) {
  const AttncTensor &p = a.t[pi], &v = a.t[vi], &o = a.t[oi];
  const i64 b = blockIdx.z, h = blockIdx.y, i = blockIdx.x, M = p.shape[3];
  const i64 hv = h / (p.shape[1] / v.shape[1]), DV = v.shape[3];
  const float *row = static_cast<const float *>(p.data) + at4(p, b, h, i, 0);
  for (i64 d = threadIdx.x; d < DV; d += kScoreThreads) {
    float acc = 0.0f;
    for (i64 j = 0; j < M; ++j) {
      float w = row[j];
      if (!isAbsent(w))
        acc += w * readF(v, b * v.stride[0] + hv * v.stride[1] +
                                j * v.stride[2] + d);
    }
    writeF(o, at4(o, b, h, i, d), acc);
  }
}

} // namespace attnc
