# RUN: %numpy_python %s
# ALiBi (examples/alibi.attn) by explicit loops: for each (b, h, i) the list
# of allowed keys j = 0 .. i' (i' = i + M - N) and the bias
# -slope[h] * (i' - j) per key, then a softmax over that list. Second form:
# under softmax the bias equals +slope[h] * j up to a row constant (the
# - slope * i' part cancels), evaluated vectorised with a causal -inf mask.
# N != M (decode-like), N == M, N > M (fully masked rows).
import numpy as np
from attnref import run, check, check_zero_rows, rows_of, softmax_keys, \
    softmax_rows

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13", "B=1,N=13,M=5"]:
    d = run("alibi", shape, seed=6)["alibi"]
    q, k, v, slopes = d["q"], d["k"], d["v"], d["slopes"]
    B, H, N, D = q.shape
    M = k.shape[2]

    def row(b, h, i):
        p = i + M - N
        js = [j for j in range(M) if j <= p]
        s = np.array([q[b, h, i] @ k[b, h, j] / np.sqrt(D)
                      - slopes[h] * (p - j) for j in js])
        return softmax_keys(s, v[b, h, js])[0]

    check("alibi loops " + shape, d["out0"], rows_of(row, B, H, N))
    s = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(D) \
        + slopes[None, :, None, None] * np.arange(M)[None, None, None, :]
    s = np.where(np.arange(M)[None, :] <= np.arange(N)[:, None] + M - N,
                 s, -np.inf)
    check("alibi shifted " + shape, d["out0"], softmax_rows(s) @ v)
    if N > M:
        check_zero_rows("alibi " + shape, d["out0"], np.arange(N) + M - N < 0)
