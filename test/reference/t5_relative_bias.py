# RUN: %numpy_python %s
# T5 relative position bias (examples/t5_relative_bias.attn, bidirectional,
# 32 buckets, max_distance 128, no 1/sqrt(d)). The buckets are computed with
# the logarithmic formula of HF T5Attention._relative_position_bucket
# (VARIANTS.md 1.5), not the example's threshold counts:
#   rel = j - i', off = 16 if rel > 0, a = |rel|,
#   bucket = off + (a if a < 8 else min(8 + floor(log(a / 8) / log(16) * 8), 15)),
# in float64 and in float32 (as T5 computes it; both must agree). Then the
# softmax per row by explicit loops. M = 200 reaches distances past 128
# (saturated buckets); N == M covers both signs; N > M too.
import math
import numpy as np
from attnref import run, check, rows_of, softmax_keys

def bucket(rel):
    off = 16 if rel > 0 else 0
    a = abs(rel)
    if a < 8:
        return off + a
    large = 8 + int(math.floor(math.log(a / 8) / math.log(128 / 8) * 8))
    f32 = np.float32
    large32 = 8 + int(np.log(f32(a) / f32(8)) / f32(math.log(16)) * f32(8))
    assert large == large32, (a, large, large32)
    return off + min(large, 15)

for shape in ["B=1,N=5,M=200", "B=2,N=37,M=37", "B=1,N=29,M=11"]:
    d = run("t5_relative_bias", shape, seed=33)["t5_encoder"]
    q, k, v, table = d["q"], d["k"], d["v"], d["table"]
    B, H, N, D = q.shape
    M = k.shape[2]
    buckets = {rel: bucket(rel) for rel in range(-(N + M), N + M)}

    def row(b, h, i):
        p = i + M - N
        s = np.array([q[b, h, i] @ k[b, h, j] + table[buckets[j - p], h]
                      for j in range(M)])
        return softmax_keys(s, v[b, h])[0]

    check("t5_encoder " + shape, d["out0"], rows_of(row, B, H, N))
    used = sorted({buckets[j - (i + M - N)] for i in range(N) for j in range(M)})
    print("buckets used:", used)
