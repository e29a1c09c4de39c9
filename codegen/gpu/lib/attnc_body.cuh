//===- attnc_body.cuh - tensor ops of the variant body (GPU) ----*- C++ -*-===//
//
// The ops a variant body runs between kernels: feature maps and slices,
// cumulative sums, output maps, LSE merges, per-head RMSNorm and gates.
// They are memory-bound; each is one launch over [B, H, T, D] tensors with
// grid (ceil(T / kBodyRows), H, B) and kBodyThreads threads: element ops
// stride over the block's rows x D, row ops give each warp one row.
//
//===----------------------------------------------------------------------===//

namespace attnc {

constexpr int kBodyRows = ATTNC_BODY_ROWS, kBodyThreads = ATTNC_BODY_THREADS;

/// The offset of [b, h, i, d] in a rank-4 tensor.
__device__ __forceinline__ i64 at4(const AttncTensor &t, i64 b, i64 h, i64 i,
                                   i64 d) {
  return b * t.stride[0] + h * t.stride[1] + i * t.stride[2] + d * t.stride[3];
}

/// Stores a float into element `off` of a float tensor of any dtype.
__device__ __forceinline__ void writeF(const AttncTensor &t, i64 off, float x) {
  switch (t.dtype) {
  case ATTNC_F16:
    static_cast<u16 *>(t.data)[off] = floatToF16(x);
    break;
  case ATTNC_BF16:
    static_cast<u16 *>(t.data)[off] = floatToBf16(x);
    break;
  case ATTNC_F64:
    static_cast<double *>(t.data)[off] = double(x);
    break;
  default:
    static_cast<float *>(t.data)[off] = x;
    break;
  }
}

/// Runs f(b, h, i, d) for every element of the block's rows of a
/// [B, H, T, D] tensor.
template <class F>
__device__ __forceinline__ void forBlockElements(i64 T, i64 D, F f) {
  const i64 b = blockIdx.z, h = blockIdx.y, i0 = i64(blockIdx.x) * kBodyRows;
  for (i64 e = threadIdx.x; e < kBodyRows * D; e += kBodyThreads) {
    i64 i = i0 + e / D, d = e % D;
    if (i < T)
      f(b, h, i, d);
  }
}

/// Runs f(b, h, i, lane) in every warp for its row of the block's rows;
/// the warp's lanes then split the row's D elements.
template <class F> __device__ __forceinline__ void forBlockRows(i64 T, F f) {
  const i64 b = blockIdx.z, h = blockIdx.y;
  const i64 i = i64(blockIdx.x) * kBodyRows + attncWarp();
  if (attncWarp() < kBodyRows && i < T)
    f(b, h, i, attncLane());
}

__device__ __forceinline__ float warpSum(float x) {
  for (int o = ATTNC_WARP_SIZE / 2; o > 0; o >>= 1)
    x += attncShflXor(x, o);
  return x;
}

/// attn.feature_slice: out[..., d] = in[..., offset + d].
__device__ inline void featureSlice(const AttncArgs &a, int in, int out,
                                    i64 offset, int code) {
  const AttncTensor &x = a.t[in], &y = a.t[out];
  if (offset + y.shape[3] > x.shape[3]) {
    fail(a, code);
    return;
  }
  forBlockElements(y.shape[2], y.shape[3], [&](i64 b, i64 h, i64 i, i64 d) {
    writeF(y, at4(y, b, h, i, d), readF(x, at4(x, b, h, i, offset + d)));
  });
}

/// attn.cumsum along dim 2 of a [B, H, T] or [B, H, T, D] tensor; grid
/// (1, H, B), each thread a channel.
__device__ inline void cumsum(const AttncArgs &a, int in, int out) {
  const AttncTensor &x = a.t[in], &y = a.t[out];
  const i64 b = blockIdx.z, h = blockIdx.y;
  const i64 D = x.rank == 4 ? x.shape[3] : 1;
  for (i64 d = threadIdx.x; d < D; d += blockDim.x) {
    float acc = 0.0f;
    for (i64 t = 0; t < x.shape[2]; ++t) {
      i64 ox = b * x.stride[0] + h * x.stride[1] + t * x.stride[2] +
               (x.rank == 4 ? d * x.stride[3] : 0);
      i64 oy = b * y.stride[0] + h * y.stride[1] + t * y.stride[2] +
               (y.rank == 4 ? d * y.stride[3] : 0);
      acc += readF(x, ox);
      writeF(y, oy, acc);
    }
  }
}

/// A per-channel parameter of head_rmsnorm / head_gate: [D] or [H, D].
__device__ __forceinline__ float channelParam(const AttncTensor &w, i64 h,
                                              i64 d) {
  return w.rank == 1 ? readF(w, d * w.stride[0])
                     : readF(w, h * w.stride[0] + d * w.stride[1]);
}
__device__ __forceinline__ bool channelParamFits(const AttncTensor &w,
                                                 const AttncTensor &x) {
  return w.shape[w.rank - 1] == x.shape[3] &&
         (w.rank != 2 || w.shape[0] == x.shape[1]);
}

/// attn.head_rmsnorm: x / sqrt(mean(x^2) + eps) * w per row.
__device__ inline void headRMSNorm(const AttncArgs &a, int in, int weight,
                                   float eps, int out, int code) {
  const AttncTensor &x = a.t[in], &y = a.t[out];
  if (weight >= 0 && !channelParamFits(a.t[weight], x)) {
    fail(a, code);
    return;
  }
  const i64 D = x.shape[3];
  forBlockRows(x.shape[2], [&](i64 b, i64 h, i64 i, int lane) {
    float ms = 0.0f;
    for (i64 d = lane; d < D; d += ATTNC_WARP_SIZE) {
      float v = readF(x, at4(x, b, h, i, d));
      ms += v * v;
    }
    float r = 1.0f / sqrtf(warpSum(ms) / float(D) + eps);
    for (i64 d = lane; d < D; d += ATTNC_WARP_SIZE) {
      float w = weight >= 0 ? channelParam(a.t[weight], h, d) : 1.0f;
      writeF(y, at4(y, b, h, i, d), readF(x, at4(x, b, h, i, d)) * r * w);
    }
  });
}

/// attn.head_gate: x * sigmoid(w . x + bias) per row.
__device__ inline void headGate(const AttncArgs &a, int in, int weight,
                                int bias, int out, int code) {
  const AttncTensor &x = a.t[in], &y = a.t[out], &bs = a.t[bias];
  if (!channelParamFits(a.t[weight], x) ||
      (bs.shape[0] != 1 && bs.shape[0] != x.shape[1])) {
    fail(a, code);
    return;
  }
  const i64 D = x.shape[3];
  forBlockRows(x.shape[2], [&](i64 b, i64 h, i64 i, int lane) {
    float z = 0.0f;
    for (i64 d = lane; d < D; d += ATTNC_WARP_SIZE)
      z += channelParam(a.t[weight], h, d) * readF(x, at4(x, b, h, i, d));
    z = warpSum(z) + readF(bs, (bs.shape[0] == 1 ? 0 : h) * bs.stride[0]);
    float gate = 1.0f / (1.0f + expf(-z));
    for (i64 d = lane; d < D; d += ATTNC_WARP_SIZE)
      writeF(y, at4(y, b, h, i, d), readF(x, at4(x, b, h, i, d)) * gate);
  });
}

/// attn.merge of NUM (output, LSE) pairs: outs / lses hold tensor indices.
template <int NUM>
__device__ inline void merge(const AttncArgs &a, const int (&outs)[NUM],
                             const int (&lses)[NUM], int out, int lseOut) {
  const AttncTensor &y = a.t[out], &ly = a.t[lseOut];
  const i64 D = y.shape[3];
  forBlockRows(y.shape[2], [&](i64 b, i64 h, i64 i, int lane) {
    float l[NUM], m = -ATTNC_INF;
    for (int n = 0; n < NUM; ++n) {
      const AttncTensor &ln = a.t[lses[n]];
      l[n] = readF(ln, b * ln.stride[0] + h * ln.stride[1] + i * ln.stride[2]);
      m = maximumf(m, l[n]);
    }
    // A NaN or +inf LSE makes the row NaN (docs/limits.md).
    const bool nan = !(m < ATTNC_INF);
    float lse = nan ? ATTNC_NAN : -ATTNC_INF;
    if (m != -ATTNC_INF && !nan) {
      float sum = 0.0f;
      for (int n = 0; n < NUM; ++n)
        sum += expf(l[n] - m);
      lse = m + logf(sum);
    }
    if (lane == 0)
      writeF(ly, b * ly.stride[0] + h * ly.stride[1] + i * ly.stride[2], lse);
    for (i64 d = lane; d < D; d += ATTNC_WARP_SIZE) {
      float acc = nan ? ATTNC_NAN : 0.0f;
      if (lse != -ATTNC_INF && !nan)
        for (int n = 0; n < NUM; ++n)
          acc += expf(l[n] - lse) *
                 readF(a.t[outs[n]], at4(a.t[outs[n]], b, h, i, d));
      writeF(y, at4(y, b, h, i, d), acc);
    }
  });
}

} // namespace attnc
