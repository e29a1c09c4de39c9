# RUN: %numpy_python %s
# FoX (examples/fox.attn) against the definition c_i - c_j = sum of log f over
# (j, i'], summed directly per pair instead of by cumsum, on N != M.
import numpy as np
from attnref import run, check, softmax_rows

for shape in ["B=2,N=11,M=37", "B=1,N=37,M=37"]:
    d = run("fox", shape)["fox"]
    q, k, v, logf = d["q"], d["k"], d["v"], d["logf"]
    B, H, N, D = q.shape
    M = k.shape[2]
    s = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(D)
    for i in range(N):
        p = i + M - N
        for j in range(M):
            s[:, :, i, j] = (s[:, :, i, j] + logf[:, :, j + 1:p + 1].sum(-1)
                             if j <= p else -np.inf)
    check("fox " + shape, d["out0"], softmax_rows(s) @ v)
