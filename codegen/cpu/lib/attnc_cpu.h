//===- attnc_cpu.h - the CPU device library ---------------------*- C++ -*-===//
//
// The mainloops the CPU backend's emitted code instantiates, with the same
// structure as the GPU kernels: score tiles of tile_q x tile_k (times the
// head block), skipped when the mask analysis proves them empty, online
// softmax / softpick state per row, stateless accumulation, the two passes
// of post-normaliser ops, and the chunk recurrence of linear attention.
// Emitted code supplies the per-variant parts (score chains, masks, regions)
// as functors. This header is embedded into attnc and prepended to every
// emitted file; it depends on the C++17 standard library only.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CPU_H
#define ATTNC_CPU_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "attnc_cpu_abi.h"

namespace attnc_cpu {

using i64 = std::int64_t;
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kLog2e = 1.4426950408889634f;
constexpr float kLn2 = 0.69314718055994531f;

/// max(a, b), NaN when either is NaN (std::max(-inf, NaN) is -inf).
inline float maximumNaN(float a, float b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
}

[[noreturn]] inline void fail(const std::string &message) {
  throw std::runtime_error(message);
}
/// An error that already names the op (and source location) it comes from;
/// outer handlers pass it on unchanged.
struct Located : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] inline void failAt(const char *where, const std::string &message) {
  throw Located(std::string(where) + message);
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

/// A row-major tensor view (rank <= 4). Floats are f32; integer inputs i64.
template <class T> struct Tensor {
  T *p = nullptr;
  int rank = 0;
  i64 s[4] = {1, 1, 1, 1};
  const char *name = "a tensor";

  i64 dim(int d) const { return s[d]; }
  i64 size() const {
    i64 n = 1;
    for (int d = 0; d < rank; ++d)
      n *= s[d];
    return n;
  }
  std::string shape() const {
    std::string r = "[";
    for (int d = 0; d < rank; ++d)
      r += (d ? ", " : "") + std::to_string(s[d]);
    return r + "]";
  }
  T &operator()(i64 a) const { return p[a]; }
  T &operator()(i64 a, i64 b) const { return p[a * s[1] + b]; }
  T &operator()(i64 a, i64 b, i64 c) const {
    return p[(a * s[1] + b) * s[2] + c];
  }
  T &operator()(i64 a, i64 b, i64 c, i64 d) const {
    return p[((a * s[1] + b) * s[2] + c) * s[3] + d];
  }
  /// A bounds-checked read (attn.load in region code at `where`).
  template <class... I> T load(const char *where, I... index) const {
    i64 ix[] = {i64(index)...};
    i64 off = 0;
    for (int d = 0; d < rank; ++d) {
      if (ix[d] < 0 || ix[d] >= s[d]) {
        std::string at;
        for (int e = 0; e < rank; ++e)
          at += (e ? ", " : "") + std::to_string(ix[e]);
        failAt(where, "attn.load: index [" + at + "] is outside '" + name +
                          "' of shape " + shape());
      }
      off = off * s[d] + ix[d];
    }
    return p[off];
  }
};

/// An f32 tensor the emitted program owns (kernel outputs, intermediates).
struct Owned {
  std::vector<float> data;
  Tensor<float> t;
  Tensor<float> &make(std::initializer_list<i64> shape) {
    t.rank = int(shape.size());
    int d = 0;
    for (i64 x : shape)
      t.s[d++] = x;
    for (; d < 4; ++d)
      t.s[d] = 1;
    data.assign(size_t(t.size()), 0.0f);
    t.p = data.data();
    t.name = "an intermediate";
    return t;
  }
};

inline void expect(bool ok, const std::string &message) {
  if (!ok)
    fail(message);
}

//===----------------------------------------------------------------------===//
// Score tiles
//===----------------------------------------------------------------------===//

/// Scores of heads [h0, h1), rows [i0, i1), keys [j0, j1) (half-open), with
/// a present flag per entry (a removed entry is -inf as a logit, 0 as a
/// probability).
struct Tile {
  i64 h0 = 0, h1 = 0, i0 = 0, i1 = 0, j0 = 0, j1 = 0, ni = 0, nj = 0;
  std::vector<float> v;
  std::vector<unsigned char> on;
  void shape(i64 h0_, i64 h1_, i64 i0_, i64 i1_, i64 j0_, i64 j1_) {
    h0 = h0_, h1 = h1_, i0 = i0_, i1 = i1_, j0 = j0_, j1 = j1_;
    ni = i1 - i0, nj = j1 - j0;
    size_t n = size_t((h1 - h0) * ni * nj);
    v.assign(n, 0.0f);
    on.assign(n, 1);
  }
  size_t at(i64 h, i64 i, i64 j) const {
    return size_t(((h - h0) * ni + (i - i0)) * nj + (j - j0));
  }
  /// Copies the entries of `from` (a tile covering this one).
  void copyFrom(const Tile &from) {
    for (i64 h = h0; h < h1; ++h)
      for (i64 i = i0; i < i1; ++i)
        for (i64 j = j0; j < j1; ++j) {
          size_t a = at(h, i, j), b = from.at(h, i, j);
          v[a] = from.v[b];
          on[a] = from.on[b];
        }
  }
};

/// What a chain of score ops is known to hold over a region.
enum Known : int { Unknown = 0, Absent = 1, ZeroOrAbsent = 2 };

/// The log-decay of attn.qk: [H], [B, H, M] or [B, H, M, D], and N <= M.
inline void checkDecay(const Tensor<float> &g, const Tensor<float> &q,
                       const Tensor<float> &k) {
  i64 B = q.dim(0), H = q.dim(1), N = q.dim(2), D = q.dim(3), M = k.dim(2);
  expect(N <= M, "attn.qk: a decayed dot product needs N <= M (queries "
                 "are the last N keys' positions)");
  bool ok = g.rank == 1 ? g.dim(0) == H
                        : g.dim(0) == B && g.dim(1) == H && g.dim(2) == M &&
                              (g.rank == 3 || g.dim(3) == D);
  expect(ok, "attn.qk: the decay has shape " + g.shape() +
                 ", which does not match q " + q.shape() + " and k " +
                 k.shape());
}

/// The dot products of attn.qk over a tile, with optional log-decay.
struct QK {
  Tensor<float> q, k;
  const Tensor<float> *g = nullptr;
  float scale = 1;
  i64 B = 0, H = 0, N = 0, M = 0, D = 0, G = 1;
  /// Prefix sums of the decay per (b, h) (rank 3: [M + 1]; rank 4:
  /// [D][M + 1]), in double: the quadratic path is the reference shape of
  /// the computation, the chunked path keeps f32 chunk-local sums.
  std::vector<double> prefix;

  void prepare(bool hasScale) {
    B = q.dim(0), H = q.dim(1), N = q.dim(2), D = q.dim(3), M = k.dim(2);
    expect(k.dim(0) == B, "attn.qk: k's batch is " + std::to_string(k.dim(0)) +
                              " but " + std::to_string(B) + " is expected");
    expect(k.dim(3) == D, "attn.qk: k's head dim is " +
                              std::to_string(k.dim(3)) + " but " +
                              std::to_string(D) + " is expected");
    expect(k.dim(1) > 0 && H % k.dim(1) == 0,
           "attn.qk: q has " + std::to_string(H) +
               " heads, not a multiple of k's " + std::to_string(k.dim(1)));
    G = H / k.dim(1);
    if (!hasScale)
      scale = 1.0f / std::sqrt(float(D));
    if (!g)
      return;
    checkDecay(*g, q, k);
    if (g->rank == 1)
      return;
    i64 C = g->rank == 4 ? D : 1;
    prefix.assign(size_t(B * H * C * (M + 1)), 0.0);
    for (i64 bh = 0; bh < B * H; ++bh)
      for (i64 c = 0; c < C; ++c) {
        double *row = &prefix[size_t((bh * C + c) * (M + 1))];
        for (i64 t = 0; t < M; ++t)
          row[t + 1] = row[t] + double(g->p[(bh * M + t) * C + c]);
      }
  }

  /// exp(g_{j+1} + ... + g_pos) of channel d from its prefix sums `pre`.
  /// A -inf decay (full forgetting) makes later prefixes -inf and their
  /// difference NaN: the sum is then taken directly, which gives weight 0
  /// across the forgetting point and the finite decay after it.
  float decayFactor(const double *pre, i64 b, i64 h, i64 d, i64 j,
                    i64 pos) const {
    double x = pre[pos + 1] - pre[j + 1];
    if (std::isnan(x)) {
      x = 0;
      for (i64 t = j + 1; t <= pos; ++t)
        x += double(g->rank == 4 ? (*g)(b, h, t, d) : (*g)(b, h, t));
    }
    return float(std::exp(x));
  }

  void tile(Tile &t, i64 b) const {
    i64 off = M - N;
    for (i64 h = t.h0; h < t.h1; ++h) {
      i64 hk = h / G;
      for (i64 i = t.i0; i < t.i1; ++i) {
        const float *qi = &q(b, h, i, 0);
        i64 pos = i + off;
        for (i64 j = t.j0; j < t.j1; ++j) {
          const float *kj = &k(b, hk, j, 0);
          float dot = 0;
          if (!g) {
            for (i64 d = 0; d < D; ++d)
              dot += qi[d] * kj[d];
          } else if (j <= pos) {
            if (g->rank == 4) {
              const double *pre = &prefix[size_t((b * H + h) * D * (M + 1))];
              for (i64 d = 0; d < D; ++d)
                dot += qi[d] * kj[d] *
                       decayFactor(pre + d * (M + 1), b, h, d, j, pos);
            } else {
              for (i64 d = 0; d < D; ++d)
                dot += qi[d] * kj[d];
              if (g->rank == 1) {
                // g^0 = 1 also for g = -inf (where -inf * 0 is NaN).
                if (pos != j)
                  dot *= std::exp((*g)(h) * float(pos - j));
              } else {
                const double *pre = &prefix[size_t((b * H + h) * (M + 1))];
                dot *= decayFactor(pre, b, h, 0, j, pos);
              }
            }
          }
          t.v[t.at(h, i, j)] = scale * dot;
        }
      }
    }
  }
};

/// attn.stencil over `out`'s region from `in`, a tile over the region
/// widened by the halo and clipped to the matrix.
inline void stencil(Tile &out, const Tile &in, const Tensor<float> &w, i64 top,
                    i64 left, float padValue, i64 N, i64 M) {
  i64 cq = w.dim(1), ck = w.dim(2);
  for (i64 h = out.h0; h < out.h1; ++h)
    for (i64 i = out.i0; i < out.i1; ++i)
      for (i64 j = out.j0; j < out.j1; ++j) {
        float acc = 0;
        for (i64 a = 0; a < cq; ++a)
          for (i64 c = 0; c < ck; ++c) {
            i64 ii = i + a - top, jj = j + c - left;
            float x = padValue;
            if (ii >= 0 && ii < N && jj >= 0 && jj < M) {
              size_t k = in.at(h, ii, jj);
              x = in.on[k] ? in.v[k] : 0.0f;
            }
            acc += w(h, a, c) * x;
          }
        size_t k = out.at(h, i, j);
        out.v[k] = acc;
        out.on[k] = 1;
      }
}

/// attn.head_mix over `out`'s region (whole groups of heads).
inline void headMix(Tile &out, const Tile &in, const Tensor<float> &w) {
  i64 c = w.dim(1);
  for (i64 h = out.h0; h < out.h1; ++h) {
    i64 g = h / c, h2 = h % c;
    for (i64 i = out.i0; i < out.i1; ++i)
      for (i64 j = out.j0; j < out.j1; ++j) {
        float acc = 0;
        for (i64 h1 = 0; h1 < c; ++h1) {
          size_t k = in.at(g * c + h1, i, j);
          acc += w(g, h1, h2) * (in.on[k] ? in.v[k] : 0.0f);
        }
        size_t k = out.at(h, i, j);
        out.v[k] = acc;
        out.on[k] = 1;
      }
  }
}

//===----------------------------------------------------------------------===//
// Masks: tile classes, interval evaluation and the integer helpers of
// region code (shared with the CUDA library)
//===----------------------------------------------------------------------===//

#define ATTNC_FN inline
#include "attnc_rules.h"
#undef ATTNC_FN

/// The pre-kernel of a document mask: min and max id per tile-row block of
/// queries and per tile-column block of keys, so a tile is Skip when the
/// ranges are disjoint and Full when both are one and the same id.
struct DocumentBlocks {
  i64 BQ = 0, BK = 0, nq = 0, nk = 0, B = 0;
  std::vector<i64> qlo, qhi, klo, khi;
  void build(const Tensor<std::int64_t> &qd, const Tensor<std::int64_t> &kd,
             i64 bq, i64 bk, i64 N, i64 M) {
    expect(qd.dim(1) == N && kd.dim(1) == M && qd.dim(0) == kd.dim(0),
           "attn.document: document ids have shapes " + qd.shape() + " and " +
               kd.shape() + " but the scores need [B, " + std::to_string(N) +
               "] and [B, " + std::to_string(M) + "]");
    if (bq == BQ && bk == BK && B == qd.dim(0) && nq == (N + bq - 1) / bq &&
        nk == (M + bk - 1) / bk)
      return;
    BQ = bq, BK = bk, B = qd.dim(0);
    nq = (N + bq - 1) / bq, nk = (M + bk - 1) / bk;
    auto reduce = [&](const Tensor<std::int64_t> &ids, i64 L, i64 blk, i64 n,
                      std::vector<i64> &lo, std::vector<i64> &hi) {
      lo.assign(size_t(B * n), std::numeric_limits<i64>::max());
      hi.assign(size_t(B * n), std::numeric_limits<i64>::min());
      for (i64 b = 0; b < B; ++b)
        for (i64 t = 0; t < L; ++t) {
          size_t k = size_t(b * n + t / blk);
          lo[k] = std::min(lo[k], ids(b, t));
          hi[k] = std::max(hi[k], ids(b, t));
        }
    };
    reduce(qd, N, bq, nq, qlo, qhi);
    reduce(kd, M, bk, nk, klo, khi);
  }
  /// Rows [i0, i1] and keys [j0, j1] (inclusive), any alignment.
  int cls(i64 b, i64 i0, i64 i1, i64 j0, i64 j1) const {
    i64 ql = std::numeric_limits<i64>::max(),
        qh = std::numeric_limits<i64>::min();
    i64 kl = ql, kh = qh;
    for (i64 r = i0 / BQ; r <= i1 / BQ; ++r)
      ql = std::min(ql, qlo[size_t(b * nq + r)]),
      qh = std::max(qh, qhi[size_t(b * nq + r)]);
    for (i64 c = j0 / BK; c <= j1 / BK; ++c)
      kl = std::min(kl, klo[size_t(b * nk + c)]),
      kh = std::max(kh, khi[size_t(b * nk + c)]);
    if (qh < kl || kh < ql)
      return Skip;
    if (ql == qh && kl == kh && ql == kl)
      return Full;
    return Partial;
  }
};

/// A run-time block map [B, H or 1, ceil(N/bq), ceil(M/bk)] read as tile
/// classes: all blocks a tile touches off is Skip, all on is Full.
inline int blockMapCls(const Tensor<std::int64_t> &map, i64 bq, i64 bk, i64 b,
                       i64 h0, i64 h1, i64 i0, i64 i1, i64 j0, i64 j1) {
  bool any = false, all = true;
  for (i64 h = h0; h <= h1; ++h)
    for (i64 r = i0 / bq; r <= i1 / bq; ++r)
      for (i64 c = j0 / bk; c <= j1 / bk; ++c) {
        bool on = map(b, map.dim(1) == 1 ? 0 : h, r, c) != 0;
        any |= on;
        all &= on;
      }
  return !any ? Skip : all ? Full : Partial;
}
inline void checkBlockMap(const Tensor<std::int64_t> &map, i64 bq, i64 bk,
                          i64 B, i64 H, i64 N, i64 M) {
  i64 nb = (N + bq - 1) / bq, mb = (M + bk - 1) / bk;
  expect(map.dim(0) == B && (map.dim(1) == H || map.dim(1) == 1) &&
             map.dim(2) == nb && map.dim(3) == mb,
         "attn.block_mask: the block map has shape " + map.shape() +
             " but the scores need [" + std::to_string(B) + ", " +
             std::to_string(H) + " or 1, " + std::to_string(nb) + ", " +
             std::to_string(mb) + "]");
}

//===----------------------------------------------------------------------===//
// Quadratic mainloops
//===----------------------------------------------------------------------===//

/// The tiles of one kernel and the count of those it computed.
struct Schedule {
  i64 B = 0, H = 0, N = 0, M = 0;
  i64 HB = 1, BQ = 32, BK = 64;
};
struct Counter {
  i64 computed = 0, total = 0;
};

/// Values a pv reads: v [B, Hv, M, Dv], query head h reads v head h / G.
struct Values {
  const Tensor<float> *v = nullptr;
  i64 Dv = 0, G = 1;
  void check(const Schedule &s) {
    if (!v)
      return;
    expect(v->dim(0) == s.B, "attn.pv: v's batch is " +
                                 std::to_string(v->dim(0)) + " but " +
                                 std::to_string(s.B) + " is expected");
    expect(v->dim(2) == s.M, "attn.pv: v's length is " +
                                 std::to_string(v->dim(2)) + " but " +
                                 std::to_string(s.M) + " is expected");
    expect(v->dim(1) > 0 && s.H % v->dim(1) == 0,
           "attn.pv: v has " + std::to_string(v->dim(1)) +
               " heads, which do not divide the " + std::to_string(s.H) +
               " query heads");
    Dv = v->dim(3);
    G = s.H / v->dim(1);
  }
  const float *row(i64 b, i64 h, i64 j) const { return &(*v)(b, h / G, j, 0); }
};

/// Visits every tile in the order the GPU kernels do: per batch, head
/// block and query tile, the key tiles left to right. `body(b, h0, h1, i0,
/// i1)` owns the row state; `tiles(j0, j1)` is called inside it.
template <class Row> void forEachRowTile(const Schedule &s, Row row) {
  for (i64 b = 0; b < s.B; ++b)
    for (i64 h0 = 0; h0 < s.H; h0 += s.HB)
      for (i64 i0 = 0; i0 < s.N; i0 += s.BQ)
        row(b, h0, std::min(s.H, h0 + s.HB), i0, std::min(s.N, i0 + s.BQ));
}

enum class Norm { Softmax, Softpick };

/// Online softmax (running max m and sum l, rescaled as m grows) or online
/// softpick (running max m, numerator and |exp(x) - 1| sum scaled by
/// exp(-m)). With `log2Domain` the scores are already multiplied by
/// log2(e) (folded into the scale) and exp2 is used. `sink` (per head,
/// natural units) starts each row at m = sink, l = 1. Writes `out` [B, H,
/// N, Dv] when values are given, `lse` (natural log) and `lse2` (the
/// log2-domain LSE, for a second pass) when non-null.
template <class Skip, class Score>
void online(const Schedule &s, Counter &count, Skip skip, Score score,
            Values vals, Norm norm, float eps, const Tensor<float> *sink,
            bool log2Domain, float *out, float *lse, float *lse2) {
  vals.check(s);
  if (sink)
    expect(sink->dim(0) == s.H,
           "attn.softmax: the sink has " + std::to_string(sink->dim(0)) +
               " logits but there are " + std::to_string(s.H) + " heads");
  const float toBase2 = log2Domain ? 1.0f : kLog2e;
  const i64 Dv = vals.Dv;
  std::vector<float> m, l, acc;
  forEachRowTile(s, [&](i64 b, i64 h0, i64 h1, i64 i0, i64 i1) {
    i64 rows = (h1 - h0) * (i1 - i0);
    // Softmax state is in log2 units; softpick's in natural units.
    float m0 = norm == Norm::Softpick ? 0.0f : -kInf;
    m.assign(size_t(rows), m0);
    l.assign(size_t(rows), 0.0f);
    acc.assign(size_t(rows * Dv), 0.0f);
    if (sink && norm == Norm::Softmax)
      for (i64 h = h0; h < h1; ++h)
        for (i64 r = 0; r < i1 - i0; ++r) {
          m[size_t((h - h0) * (i1 - i0) + r)] = (*sink)(h)*kLog2e;
          l[size_t((h - h0) * (i1 - i0) + r)] = 1.0f;
        }
    for (i64 j0 = 0; j0 < s.M; j0 += s.BK) {
      i64 j1 = std::min(s.M, j0 + s.BK);
      ++count.total;
      if (skip(b, h0, h1, i0, i1, j0, j1) == Absent)
        continue;
      ++count.computed;
      const Tile &t = score(b, h0, h1, i0, i1, j0, j1);
      for (i64 h = h0; h < h1; ++h)
        for (i64 i = i0; i < i1; ++i) {
          size_t r = size_t((h - h0) * (i1 - i0) + (i - i0));
          // The running max keeps a NaN (std::max(-inf, NaN) would not):
          // a NaN logit makes its row NaN (docs/limits.md).
          float mx = -kInf;
          for (i64 j = j0; j < j1; ++j) {
            size_t k = t.at(h, i, j);
            if (t.on[k])
              mx = maximumNaN(mx, norm == Norm::Softmax ? t.v[k] * toBase2
                                                        : t.v[k]);
          }
          if (norm == Norm::Softmax && mx == -kInf)
            continue; // no weight in this tile's part of the row
          float mNew = maximumNaN(m[r], mx);
          float *a = &acc[r * size_t(Dv)];
          if (norm == Norm::Softmax) {
            float alpha = std::exp2(m[r] - mNew);
            l[r] *= alpha;
            for (i64 d = 0; d < Dv; ++d)
              a[d] *= alpha;
            for (i64 j = j0; j < j1; ++j) {
              size_t k = t.at(h, i, j);
              if (!t.on[k])
                continue;
              float p = std::exp2(t.v[k] * toBase2 - mNew);
              l[r] += p;
              if (Dv) {
                const float *vj = vals.row(b, h, j);
                for (i64 d = 0; d < Dv; ++d)
                  a[d] += p * vj[d];
              }
            }
          } else {
            float alpha = std::exp(m[r] - mNew), base = std::exp(-mNew);
            l[r] *= alpha;
            for (i64 d = 0; d < Dv; ++d)
              a[d] *= alpha;
            for (i64 j = j0; j < j1; ++j) {
              size_t k = t.at(h, i, j);
              if (!t.on[k])
                continue;
              float x = t.v[k];
              // exp(-m) * (exp(x) - 1), accurate near x = 0.
              float e =
                  x < 80.0f ? std::expm1(x) * base : std::exp(x - mNew) - base;
              l[r] += std::fabs(e);
              float p = std::max(e, 0.0f);
              if (Dv && p != 0) {
                const float *vj = vals.row(b, h, j);
                for (i64 d = 0; d < Dv; ++d)
                  a[d] += p * vj[d];
              }
            }
          }
          m[r] = mNew;
        }
    }
    for (i64 h = h0; h < h1; ++h)
      for (i64 i = i0; i < i1; ++i) {
        size_t r = size_t((h - h0) * (i1 - i0) + (i - i0));
        size_t row = size_t((b * s.H + h) * s.N + i);
        float denom =
            norm == Norm::Softmax ? l[r] : l[r] + eps * std::exp(-m[r]);
        // A NaN or +inf logit (or sink) makes the row's output and LSE NaN.
        bool nan = !(m[r] < kInf) || std::isnan(denom);
        bool empty = !nan && denom == 0.0f;
        if (out)
          for (i64 d = 0; d < Dv; ++d)
            out[row * size_t(Dv) + d] = nan     ? NAN
                                        : empty ? 0.0f
                                                : acc[r * Dv + d] / denom;
        float l2 = nan ? NAN : empty ? -kInf : m[r] + std::log2(l[r]);
        if (lse)
          lse[row] = l2 * kLn2;
        if (lse2)
          lse2[row] = l2;
      }
  });
}

/// Row normalisation of attn.row_normalize, folded into the accumulation.
struct RowNorm {
  int kind = 0; // 0 none, 1 sum, 2 abs_sum, 3 sum_abs
  float eps = 0;
  bool hasFloor = false;
  float floor = 0;
};

/// Weights used as they are (sigmoid, ReLU, the second pass of two-pass
/// kernels), optionally normalised by their row sums.
template <class Skip, class Weights>
void stateless(const Schedule &s, Counter &count, Skip skip, Weights weights,
               Values vals, RowNorm rn, float *out) {
  vals.check(s);
  const i64 Dv = vals.Dv;
  std::vector<float> acc, sum, sumAbs;
  forEachRowTile(s, [&](i64 b, i64 h0, i64 h1, i64 i0, i64 i1) {
    i64 rows = (h1 - h0) * (i1 - i0);
    acc.assign(size_t(rows * Dv), 0.0f);
    sum.assign(size_t(rows), 0.0f);
    sumAbs.assign(size_t(rows), 0.0f);
    for (i64 j0 = 0; j0 < s.M; j0 += s.BK) {
      i64 j1 = std::min(s.M, j0 + s.BK);
      ++count.total;
      if (skip(b, h0, h1, i0, i1, j0, j1) != Unknown)
        continue;
      ++count.computed;
      const Tile &t = weights(b, h0, h1, i0, i1, j0, j1);
      for (i64 h = h0; h < h1; ++h)
        for (i64 i = i0; i < i1; ++i) {
          size_t r = size_t((h - h0) * (i1 - i0) + (i - i0));
          float *a = &acc[r * size_t(Dv)];
          for (i64 j = j0; j < j1; ++j) {
            size_t k = t.at(h, i, j);
            if (!t.on[k] || t.v[k] == 0.0f)
              continue;
            float w = t.v[k];
            sum[r] += w;
            sumAbs[r] += std::fabs(w);
            const float *vj = vals.row(b, h, j);
            for (i64 d = 0; d < Dv; ++d)
              a[d] += w * vj[d];
          }
        }
    }
    for (i64 h = h0; h < h1; ++h)
      for (i64 i = i0; i < i1; ++i) {
        size_t r = size_t((h - h0) * (i1 - i0) + (i - i0));
        size_t row = size_t((b * s.H + h) * s.N + i);
        float d = 1.0f;
        if (rn.kind) {
          d = rn.kind == 1   ? sum[r]
              : rn.kind == 2 ? std::fabs(sum[r])
                             : sumAbs[r];
          if (rn.hasFloor)
            d = std::max(d, rn.floor);
          d += rn.eps;
        }
        for (i64 x = 0; x < Dv; ++x)
          out[row * size_t(Dv) + x] = d != 0 ? acc[r * Dv + x] / d : 0.0f;
      }
  });
}

//===----------------------------------------------------------------------===//
// Linear attention, chunked
//===----------------------------------------------------------------------===//

/// out_i = sum_{j <= i'} scale * (sum_d q_id k_jd exp(G_d(i') - G_d(j))) v_j
/// (optionally over the same sum without v plus eps), computed per chunk of
/// C keys: the intra-chunk part directly (masked before exp), the part of
/// earlier chunks from the state S[d][e] = sum_j k_jd v_je exp(G_d(c0 - 1) -
/// G_d(j)). G is the cumulative log-decay, kept chunk-local in f32.
struct Linear {
  Tensor<float> q, k, v;
  const Tensor<float> *g = nullptr;
  float scale = 1;
  bool hasScale = false, causal = true, rowNorm = false;
  float eps = 0;
  i64 C = 64;
};

inline void linearChunked(const Linear &L, Counter &count, float *out) {
  i64 B = L.q.dim(0), H = L.q.dim(1), N = L.q.dim(2), D = L.q.dim(3);
  i64 M = L.k.dim(2), Dv = L.v.dim(3);
  expect(L.k.dim(0) == B && L.k.dim(3) == D,
         "attn.qk: k has shape " + L.k.shape() + " for q " + L.q.shape());
  expect(L.k.dim(1) > 0 && H % L.k.dim(1) == 0,
         "attn.qk: q has " + std::to_string(H) +
             " heads, not a multiple of k's " + std::to_string(L.k.dim(1)));
  expect(L.v.dim(0) == B && L.v.dim(2) == M,
         "attn.pv: v has shape " + L.v.shape() + " for k " + L.k.shape());
  expect(L.v.dim(1) > 0 && H % L.v.dim(1) == 0,
         "attn.pv: v has " + std::to_string(L.v.dim(1)) +
             " heads, which do not divide the " + std::to_string(H) +
             " query heads");
  const Tensor<float> *g = L.g;
  if (g)
    checkDecay(*g, L.q, L.k);
  i64 Gk = H / L.k.dim(1), Gv = H / L.v.dim(1);
  float scale = L.hasScale ? L.scale : 1.0f / std::sqrt(float(D));
  i64 C = L.causal ? L.C : std::max<i64>(M, 1);
  i64 off = M - N;
  bool channel = g && g->rank == 4;
  i64 GD = channel ? D : 1;
  std::vector<float> S(static_cast<size_t>(D * Dv));
  std::vector<float> z(static_cast<size_t>(D));
  std::vector<float> G(static_cast<size_t>(C * GD));
  std::vector<float> o(static_cast<size_t>(Dv));
  std::fill(out, out + B * H * N * Dv, 0.0f);
  for (i64 b = 0; b < B; ++b)
    for (i64 h = 0; h < H; ++h) {
      std::fill(S.begin(), S.end(), 0.0f);
      std::fill(z.begin(), z.end(), 0.0f);
      for (i64 c0 = 0; c0 < M; c0 += C) {
        i64 c1 = std::min(M, c0 + C), n = c1 - c0;
        ++count.total;
        ++count.computed;
        // Chunk-local cumulative log-decay G[t][d] = sum_{c0 <= s <= t} g_s.
        for (i64 t = 0; t < n; ++t)
          for (i64 d = 0; d < GD; ++d) {
            float x = !g             ? 0.0f
                      : g->rank == 1 ? (*g)(h)
                      : g->rank == 3 ? (*g)(b, h, c0 + t)
                                     : (*g)(b, h, c0 + t, d);
            G[size_t(t * GD + d)] =
                (t ? G[size_t((t - 1) * GD + d)] : 0.0f) + x;
          }
        auto decay = [&](i64 t, i64 d) {
          return G[size_t(t * GD + (channel ? d : 0))];
        };
        // exp(g_{c0+j+1} + ... + g_{c0+t}). A -inf decay (full forgetting)
        // makes later G -inf and their difference NaN: the sum is then taken
        // directly (weight 0 across the forgetting point, the finite decay
        // after it).
        auto between = [&](i64 t, i64 j, i64 d) {
          float x = decay(t, d) - decay(j, d);
          if (std::isnan(x)) {
            x = 0;
            for (i64 u = j + 1; u <= t; ++u)
              x += g->rank == 1   ? (*g)(h)
                   : g->rank == 3 ? (*g)(b, h, c0 + u)
                                  : (*g)(b, h, c0 + u, d);
          }
          return std::exp(x);
        };
        // Queries in this chunk (all of them when not causal).
        i64 qa = L.causal ? std::max<i64>(0, c0 - off) : 0;
        i64 qb = L.causal ? std::min<i64>(N, c1 - off) : N;
        bool last = c1 == M;
        if (!L.causal && !last)
          qb = qa; // non-causal: queries read the full state at the end
        for (i64 i = qa; i < qb; ++i) {
          i64 p = L.causal ? i + off : c1 - 1; // position in [c0, c1)
          i64 tp = p - c0;
          std::fill(o.begin(), o.end(), 0.0f);
          float den = 0;
          // Earlier chunks, through the state.
          for (i64 d = 0; d < D; ++d) {
            float f = scale * L.q(b, h, i, d) * std::exp(decay(tp, d));
            den += f * z[size_t(d)];
            const float *Sd = &S[size_t(d * Dv)];
            for (i64 e = 0; e < Dv; ++e)
              o[size_t(e)] += f * Sd[e];
          }
          // This chunk, keys up to the query's position.
          i64 jEnd = L.causal ? p : c1 - 1;
          for (i64 j = c0; j <= jEnd; ++j) {
            float w = 0;
            for (i64 d = 0; d < D; ++d)
              w += L.q(b, h, i, d) * L.k(b, h / Gk, j, d) *
                   (g ? between(tp, j - c0, d) : 1.0f);
            w *= scale;
            den += w;
            const float *vj = &L.v(b, h / Gv, j, 0);
            for (i64 e = 0; e < Dv; ++e)
              o[size_t(e)] += w * vj[e];
          }
          float dd = L.rowNorm ? den + L.eps : 1.0f;
          float *row = &out[size_t(((b * H + h) * N + i) * Dv)];
          for (i64 e = 0; e < Dv; ++e)
            row[e] = dd != 0 ? o[size_t(e)] / dd : 0.0f;
        }
        // The state moves to the end of the chunk.
        for (i64 d = 0; d < D; ++d) {
          float keep = std::exp(decay(n - 1, d));
          float *Sd = &S[size_t(d * Dv)];
          for (i64 e = 0; e < Dv; ++e)
            Sd[e] *= keep;
          z[size_t(d)] *= keep;
          for (i64 j = c0; j < c1; ++j) {
            float f = L.k(b, h / Gk, j, d) * between(n - 1, j - c0, d);
            z[size_t(d)] += f;
            const float *vj = &L.v(b, h / Gv, j, 0);
            for (i64 e = 0; e < Dv; ++e)
              Sd[e] += f * vj[e];
          }
        }
      }
    }
}

//===----------------------------------------------------------------------===//
// Tensor ops outside kernels
//===----------------------------------------------------------------------===//

inline void featureSlice(const Tensor<float> &x, i64 offset, i64 size,
                         Owned &out) {
  expect(offset + size <= x.dim(3),
         "attn.feature_slice: features [" + std::to_string(offset) + ", " +
             std::to_string(offset + size) + ") exceed the input's " +
             std::to_string(x.dim(3)));
  Tensor<float> &o = out.make({x.dim(0), x.dim(1), x.dim(2), size});
  for (i64 r = 0; r < x.dim(0) * x.dim(1) * x.dim(2); ++r)
    std::memcpy(&o.p[r * size], &x.p[r * x.dim(3) + offset],
                size_t(size) * sizeof(float));
}

inline void cumsum(const Tensor<float> &x, Owned &out) {
  Tensor<float> &o = out.make({x.dim(0), x.dim(1), x.dim(2), x.dim(3)});
  o.rank = x.rank;
  i64 T = x.dim(2), D = x.rank == 4 ? x.dim(3) : 1;
  for (i64 bh = 0; bh < x.dim(0) * x.dim(1); ++bh)
    for (i64 d = 0; d < D; ++d) {
      float acc = 0;
      for (i64 t = 0; t < T; ++t) {
        size_t k = size_t((bh * T + t) * D + d);
        acc += x.p[k];
        o.p[k] = acc;
      }
    }
}

inline void merge(const std::vector<const Tensor<float> *> &outs,
                  const std::vector<const Tensor<float> *> &lses, Owned &out,
                  Owned &lseOut) {
  const Tensor<float> &f = *outs.front();
  for (const Tensor<float> *o : outs)
    expect(o->shape() == f.shape(),
           "attn.merge: merges outputs of different shapes");
  for (const Tensor<float> *l : lses)
    expect(l->rank == 3 && l->dim(0) == f.dim(0) && l->dim(1) == f.dim(1) &&
               l->dim(2) == f.dim(2),
           "attn.merge: an lse of shape " + l->shape() +
               " does not match the outputs " + f.shape());
  i64 B = f.dim(0), H = f.dim(1), N = f.dim(2), D = f.dim(3);
  Tensor<float> &o = out.make({B, H, N, D});
  Tensor<float> &ls = lseOut.make({B, H, N});
  for (i64 r = 0; r < B * H * N; ++r) {
    float m = -kInf;
    for (const Tensor<float> *l : lses)
      m = maximumNaN(m, l->p[r]);
    if (m == -kInf) {
      ls.p[r] = -kInf;
      continue;
    }
    if (!(m < kInf)) { // a NaN or +inf LSE: the row is NaN
      ls.p[r] = NAN;
      for (i64 d = 0; d < D; ++d)
        o.p[r * D + d] = NAN;
      continue;
    }
    float sum = 0;
    for (const Tensor<float> *l : lses)
      sum += std::exp(l->p[r] - m);
    ls.p[r] = m + std::log(sum);
    for (size_t n = 0; n < outs.size(); ++n) {
      float w = std::exp(lses[n]->p[r] - m) / sum;
      for (i64 d = 0; d < D; ++d)
        o.p[r * D + d] += w * outs[n]->p[r * D + d];
    }
  }
}

/// A per-channel parameter of head_rmsnorm / head_gate: [D] or [H, D].
inline float channelParam(const Tensor<float> &w, i64 h, i64 d) {
  return w.rank == 1 ? w(d) : w(h, d);
}
inline void checkChannelParam(const Tensor<float> &w, const Tensor<float> &x,
                              const char *op) {
  expect(w.dim(w.rank - 1) == x.dim(3) && (w.rank != 2 || w.dim(0) == x.dim(1)),
         std::string(op) + ": the weight has shape " + w.shape() +
             " for an output " + x.shape());
}

inline void headRMSNorm(const Tensor<float> &x, const Tensor<float> *w,
                        float eps, Owned &out) {
  if (w)
    checkChannelParam(*w, x, "attn.head_rmsnorm");
  i64 D = x.dim(3);
  Tensor<float> &o = out.make({x.dim(0), x.dim(1), x.dim(2), D});
  for (i64 b = 0; b < x.dim(0); ++b)
    for (i64 h = 0; h < x.dim(1); ++h)
      for (i64 i = 0; i < x.dim(2); ++i) {
        const float *xi = &x(b, h, i, 0);
        float ms = 0;
        for (i64 d = 0; d < D; ++d)
          ms += xi[d] * xi[d];
        float r = 1.0f / std::sqrt(ms / float(D) + eps);
        for (i64 d = 0; d < D; ++d)
          o(b, h, i, d) = xi[d] * r * (w ? channelParam(*w, h, d) : 1.0f);
      }
}

inline void headGate(const Tensor<float> &x, const Tensor<float> &w,
                     const Tensor<float> &bias, Owned &out) {
  checkChannelParam(w, x, "attn.head_gate");
  expect(bias.dim(0) == 1 || bias.dim(0) == x.dim(1),
         "attn.head_gate: the bias has shape " + bias.shape() + " for " +
             std::to_string(x.dim(1)) + " heads");
  i64 D = x.dim(3);
  Tensor<float> &o = out.make({x.dim(0), x.dim(1), x.dim(2), D});
  for (i64 b = 0; b < x.dim(0); ++b)
    for (i64 h = 0; h < x.dim(1); ++h)
      for (i64 i = 0; i < x.dim(2); ++i) {
        const float *xi = &x(b, h, i, 0);
        float zz = bias.dim(0) == 1 ? bias(0) : bias(h);
        for (i64 d = 0; d < D; ++d)
          zz += channelParam(w, h, d) * xi[d];
        float gate = 1.0f / (1.0f + std::exp(-zz));
        for (i64 d = 0; d < D; ++d)
          o(b, h, i, d) = xi[d] * gate;
      }
}

/// Float helpers of region code (minimum / maximum propagate NaN).
inline float minimumf(float a, float b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
}
inline float maximumf(float a, float b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
}

} // namespace attnc_cpu

#endif // ATTNC_CPU_H
