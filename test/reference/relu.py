# RUN: %numpy_python %s
# ReLU attention (examples/relu.attn: (1/M) sum_j relu(q.k / 8) v_j, no mask,
# no normaliser) with relu(x) = (x + |x|) / 2 and the key sum split into
# tiles of 10 that are added (split-KV of a normaliser-free attention).
# N < M, N == M, N > M (cross attention; every row sees every key).
import numpy as np
from attnref import run, check

for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29", "B=2,N=13,M=5"]:
    d = run("relu", shape, seed=27)["relu"]
    q, k, v = d["q"], d["k"], d["v"]
    M = k.shape[2]
    o = 0.0
    for j0 in range(0, M, 10):
        s = np.einsum("bhid,bhjd->bhij", q, k[:, :, j0:j0 + 10]) / 8.0
        o = o + ((s + np.abs(s)) / 2) @ v[:, :, j0:j0 + 10]
    check("relu " + shape, d["out0"], o / M)
