# RUN: %numpy_python %s
# Sigmoid attention with ALiBi (examples/sigmoid_alibi.attn, symbolic head
# count) by explicit loops per (b, h, i) over the allowed keys j <= i', with
# the bias -slope[h] (i' - j) on the absolute position i' = i + M - N (no
# normaliser, so the bias does not cancel) and sigmoid via tanh. H = 3 and
# H = 5 (not powers of two), N != M, N == M, N > M (exact zero rows).
import numpy as np
from attnref import run, check, check_zero_rows, rows_of, sigmoid_tanh

for shape in ["B=2,H=3,N=11,M=37", "B=1,H=5,N=13,M=13", "B=1,H=3,N=13,M=5"]:
    d = run("sigmoid_alibi", shape, seed=8)["sigmoid_alibi"]
    q, k, v, slope = d["q"], d["k"], d["v"], d["slope"]
    B, H, N, D = q.shape
    M = k.shape[2]

    def row(b, h, i):
        p = i + M - N
        acc = np.zeros(v.shape[-1])
        for j in range(M):
            if j > p:
                break
            x = q[b, h, i] @ k[b, h, j] / 8.0 - slope[h] * (p - j) - np.log(M)
            acc += sigmoid_tanh(x) * v[b, h, j]
        return acc

    check("sigmoid_alibi " + shape, d["out0"], rows_of(row, B, H, N))
    if N > M:
        check_zero_rows("sigmoid_alibi " + shape, d["out0"],
                        np.arange(N) + M - N < 0)
