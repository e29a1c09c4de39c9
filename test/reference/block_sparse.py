# RUN: %numpy_python %s
# Static BigBird-like block sparsity (examples/block_sparse.attn, blocks of
# 64 x 64, bidirectional) in the block-sparse flash form: for each query
# block qb and head h the set of visible key blocks is built as a Python set
# ({qb-1, qb, qb+1} | {0} | all if qb == 0 | {(7 qb + 13 h + 5) mod KB}),
# each visible key block gives a partial softmax (o_c, lse_c), and the
# partials are merged with logaddexp. Sizes: N = M = 200 (4 key blocks, the
# last partial), N = 70 < M = 300 (5 key blocks; blocks use the row i), and
# N = 11, M = 37 (one block).
import numpy as np
from attnref import run, check

for shape in ["B=1,N=200,M=200", "B=1,N=70,M=300", "B=2,N=11,M=37"]:
    d = run("block_sparse", shape, seed=21)["block_sparse"]
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    M = k.shape[2]
    KB = (M + 63) // 64
    want = np.zeros((B, H, N, v.shape[-1]))
    for h in range(H):
        for qb in range((N + 63) // 64):
            visible = {x for x in (qb - 1, qb, qb + 1) if 0 <= x < KB} | {0}
            visible |= set(range(KB)) if qb == 0 else set()
            visible.add((7 * qb + 13 * h + 5) % KB)
            rows = slice(qb * 64, min(N, qb * 64 + 64))
            parts = []
            for kb in sorted(visible):
                cols = slice(kb * 64, min(M, kb * 64 + 64))
                s = np.einsum("bid,bjd->bij", q[:, h, rows], k[:, h, cols]) / 8.0
                m = s.max(-1, keepdims=True)
                e = np.exp(s - m)
                parts.append(((e @ v[:, h, cols]) / e.sum(-1, keepdims=True),
                              m[..., 0] + np.log(e.sum(-1))))
            lse = np.logaddexp.reduce(np.stack([l for _, l in parts]), axis=0)
            want[:, h, rows] = sum(o * np.exp(l - lse)[..., None] for o, l in parts)
    check("block_sparse " + shape, d["out0"], want)
