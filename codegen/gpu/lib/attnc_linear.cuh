//===- attnc_linear.cuh - chunked linear attention (CUDA) -------*- C++ -*-===//
//
// The linear_chunked family (VARIANTS.md section 4): causal
//   o_i = sum_{j <= p(i)} scale (q_i . (k_j * exp(B_p - B_j))) v_j
// (optionally divided by the same sum without v, plus eps), with B the
// cumulative log-decay: none, a scalar per head [H], per token [B, H, M] or
// per token and channel [B, H, M, D]. Each block owns one (batch, head) and
// DVS of the DV value columns and walks the keys in chunks of C: the state
// S [D x DVS] (and z [D] for the row sum) carries earlier chunks, the
// chunk's own keys enter through the C x C intra-chunk matrix A.
//
// The arithmetic is fp32 on CUDA cores with the decay applied per entry
// as exp(B_i - B_j) <= 1, which needs no secondary chunking and cannot
// overflow; tensor-core chunks are future work (docs/codegen-cuda.md).
//
// K supplies: D, DV, DVS, C, NT (threads); Q, KT, V, O, G (tensor indices,
// G = -1 without decay); kScale; kRowNorm, kEps; kCode (the error code of a
// decay tensor whose shape does not fit).
//
//===----------------------------------------------------------------------===//

namespace attnc {

template <class K> __host__ __device__ constexpr int linearSharedBytes() {
  return 4 * (K::C * K::D /* Bd, per channel at most */ + K::D * K::DVS + K::D +
              K::C * K::C + K::C * K::DVS);
}

template <class K> __device__ void linearChunked(const AttncArgs &a) {
  constexpr int D = K::D, DVS = K::DVS, C = K::C, NT = K::NT;
  static_assert(K::SMEM == linearSharedBytes<K>(), "the plan's shared memory");
  extern __shared__ __align__(16) unsigned char smem[];
  float *Bd = reinterpret_cast<float *>(smem); // [C][GD] cumulative decay
  float *S = Bd + C * D;                       // [D][DVS]
  float *z = S + D * DVS;                      // [D]
  float *A = z + D;                            // [C][C]
  float *Vs = A + C * C;                       // [C][DVS]

  const AttncTensor &q = a.t[K::Q], &k = a.t[K::KT], &v = a.t[K::V];
  const AttncTensor &o = a.t[K::O];
  const i64 H = q.shape[1], N = q.shape[2], M = k.shape[2];
  const i64 b = blockIdx.z, h = blockIdx.y, e0 = i64(blockIdx.x) * DVS;
  const i64 hk = h / (H / k.shape[1]), hv = h / (H / v.shape[1]);
  const i64 off = M - N;
  const int tid = threadIdx.x;

  // The decay tensor's layout.
  const AttncTensor *g = K::G >= 0 ? &a.t[K::G] : nullptr;
  const bool channel = g && g->rank == 4;
  const int GD = channel ? D : 1;
  if (g) {
    bool fits =
        g->rank == 1 ? g->shape[0] == H
        : g->rank == 3
            ? g->shape[0] == q.shape[0] && g->shape[1] == H && g->shape[2] == M
        : g->rank == 4 ? g->shape[0] == q.shape[0] && g->shape[1] == H &&
                             g->shape[2] == M && g->shape[3] == D
                       : false;
    if (!fits) {
      if (tid == 0)
        fail(a, K::kCode);
      return;
    }
  }
  auto decayAt = [&](i64 j, int d) -> float {
    if (!g)
      return 0.0f;
    if (g->rank == 1)
      return readF(*g, h * g->stride[0]);
    i64 base = b * g->stride[0] + h * g->stride[1] + j * g->stride[2];
    return readF(*g, g->rank == 4 ? base + d * g->stride[3] : base);
  };
  auto qAt = [&](i64 i, int d) {
    return readF(q, b * q.stride[0] + h * q.stride[1] + i * q.stride[2] + d);
  };
  auto kAt = [&](i64 j, int d) {
    return readF(k, b * k.stride[0] + hk * k.stride[1] + j * k.stride[2] + d);
  };
  auto out = [&](i64 i, i64 e, float x) {
    writeF(o, b * o.stride[0] + h * o.stride[1] + i * o.stride[2] + e, x);
  };
  auto bd = [&](int t, int d) { return Bd[t * GD + (channel ? d : 0)]; };
  // exp(g_{c0+t0+1} + ... + g_{c0+t1}) within the chunk starting at c0. A
  // -inf decay (full forgetting) makes later Bd -inf and their difference
  // NaN: the sum is then read again from the decay tensor (weight 0 across
  // the forgetting point, the finite decay after it). The fast path costs
  // one isnan test per factor; the rereads happen only after a -inf or NaN.
  auto between = [&](i64 c0, int t1, int t0, int d) {
    float x = bd(t1, d) - bd(t0, d);
    if (isnan(x)) {
      x = 0.0f;
      for (int u = t0 + 1; u <= t1; ++u)
        x += decayAt(c0 + u, d);
    }
    return expf(x);
  };

  // Rows whose position precedes every key (N > M) read nothing: zeros.
  for (i64 x = tid; x < (off < 0 ? mini(-off, N) : 0) * DVS; x += NT)
    out(x / DVS, e0 + x % DVS, 0.0f);
  for (int x = tid; x < D * DVS; x += NT)
    S[x] = 0.0f;
  for (int x = tid; x < D; x += NT)
    z[x] = 0.0f;

  for (i64 c0 = 0; c0 < M; c0 += C) {
    const int n = int(mini(C, M - c0));
    __syncthreads(); // the previous chunk's readers are done
    for (int d = tid; d < GD; d += NT) {
      float acc = 0.0f;
      for (int t = 0; t < n; ++t) {
        acc += decayAt(c0 + t, d);
        Bd[t * GD + d] = acc;
      }
    }
    for (int x = tid; x < n * DVS; x += NT) {
      int t = x / DVS, e = x % DVS;
      Vs[x] = readF(v, b * v.stride[0] + hv * v.stride[1] +
                           (c0 + t) * v.stride[2] + e0 + e);
    }
    __syncthreads();

    // Queries at positions c0 .. c0 + n - 1.
    const i64 qa = maxi(0, c0 - off), qb = mini(N, c0 + n - off);
    const int nq = int(maxi(0, qb - qa));
    // A[r][t]: query qa + r against key c0 + t (t <= its position).
    for (int x = tid; x < nq * C; x += NT) {
      int r = x / C, t = x % C;
      i64 i = qa + r;
      int tp = int(i + off - c0);
      float w = 0.0f;
      if (t <= tp && t < n) {
        for (int d = 0; d < D; ++d) {
          float f = qAt(i, d) * kAt(c0 + t, d);
          w += g ? f * between(c0, tp, t, d) : f;
        }
        w *= K::kScale;
      }
      A[x] = w;
    }
    __syncthreads();
    for (int x = tid; x < nq * DVS; x += NT) {
      int r = x / DVS, e = x % DVS;
      i64 i = qa + r;
      int tp = int(i + off - c0);
      float acc = 0.0f, den = 0.0f;
      for (int d = 0; d < D; ++d) {
        float f = K::kScale * qAt(i, d) * (g ? expf(bd(tp, d)) : 1.0f);
        acc += f * S[d * DVS + e];
        if (K::kRowNorm)
          den += f * z[d];
      }
      for (int t = 0; t <= tp; ++t) {
        acc += A[r * C + t] * Vs[t * DVS + e];
        if (K::kRowNorm)
          den += A[r * C + t];
      }
      float dd = K::kRowNorm ? den + K::kEps : 1.0f;
      out(i, e0 + e, dd != 0.0f ? acc / dd : 0.0f);
    }
    __syncthreads();

    // The state moves to the end of the chunk.
    for (int x = tid; x < D * DVS; x += NT) {
      int d = x / DVS, e = x % DVS;
      float last = g ? bd(n - 1, d) : 0.0f;
      float s = S[x] * (g ? expf(last) : 1.0f);
      for (int t = 0; t < n; ++t)
        s += kAt(c0 + t, d) * (g ? between(c0, n - 1, t, d) : 1.0f) *
             Vs[t * DVS + e];
      S[x] = s;
    }
    if (K::kRowNorm)
      for (int d = tid; d < D; d += NT) {
        float last = g ? bd(n - 1, d) : 0.0f;
        float s = z[d] * (g ? expf(last) : 1.0f);
        for (int t = 0; t < n; ++t)
          s += kAt(c0 + t, d) * (g ? between(c0, n - 1, t, d) : 1.0f);
        z[d] = s;
      }
  }
}

} // namespace attnc
