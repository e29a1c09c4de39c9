# RUN: %numpy_python %s
# Full softmax (examples/softmax_full.attn) as the LSE merge of three
# disjoint key sets (j mod 3): each part is its own softmax with its own
# log-sum-exp, and lse = logaddexp(lse_0, lse_1, lse_2),
# o = sum_c o_c exp(lse_c - lse) (VARIANTS.md section 1, split-KV merge).
# Cross-attention sizes (N < M, N > M), N == M, and M = 1 (two empty parts).
import numpy as np
from attnref import run, check, softmax_keys

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13", "B=2,N=29,M=5", "B=1,N=3,M=1"]:
    d = run("softmax_full", shape, seed=1)["softmax_full"]
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    M = k.shape[2]
    want = np.zeros((B, H, N, v.shape[-1]))
    for b in range(B):
        for h in range(H):
            for i in range(N):
                parts = []
                for c in range(3):
                    js = np.arange(c, M, 3)
                    s = k[b, h, js] @ q[b, h, i] / np.sqrt(D)
                    parts.append(softmax_keys(s, v[b, h, js]))
                lse = np.logaddexp.reduce([l for _, l in parts])
                want[b, h, i] = sum(o * np.exp(l - lse) for o, l in parts
                                    if np.isfinite(l))
    check("softmax_full " + shape, d["out0"], want)
