# RUN: %numpy_python %s
# Row normalisers of the RetNet family (VARIANTS.md section 3) on a tiny
# retention program (decay per head, causal), none of which the examples
# use: kind=sum_abs with floor 1 (torchscale / AttentionEngine), kind=abs_sum
# with floor 1 (the paper), kind=sum with eps. The expectation is the ONLINE
# normaliser of VARIANTS.md section 9: over key tiles of 4, keep the running
# denominator r_raw (sum of |R|, or the signed sum), r = max(|r_raw|, 1), and
# rescale the accumulator by r_old / r_new, so nothing divides a finished row.
# N != M and N == M; D_ij = gamma^(i' - j) by explicit powers.
import numpy as np
from attnref import run, check

SRC = ""
for name, args in [("n_sum_abs", "kind=sum_abs, floor=1"),
                   ("n_abs_sum", "kind=abs_sum, floor=1"),
                   ("n_sum_eps", "kind=sum, eps=0.5")]:
    SRC += f"""
attention {name}(q: f32[B, H, N, 4], k: f32[B, H, M, 4], v: f32[B, H, M, 3], g: f32[H]) {{
  r = mask(dot(q, k, decay=g) * scale, causal)
  return normalize(r, {args}) @ v
}}
"""

for shape in ["B=2,H=3,N=11,M=37", "B=1,H=2,N=13,M=13"]:
    data = run("normalize_kinds", shape, seed=42, source=SRC)
    for name in ["n_sum_abs", "n_abs_sum", "n_sum_eps"]:
        d = data[name]
        q, k, v, g = d["q"], d["k"], d["v"], d["g"]
        B, H, N, D = q.shape
        M = k.shape[2]
        R = np.zeros((B, H, N, M))
        for i in range(N):
            p = i + M - N
            for j in range(p + 1):
                R[:, :, i, j] = (q[:, :, i] * k[:, :, j]).sum(-1) / 2.0 * \
                    np.exp(g)[None, :] ** (p - j)
        raw = np.zeros((B, H, N))
        acc = np.zeros((B, H, N, 3))
        old = None
        for j0 in range(0, M, 4):
            blk = R[..., j0:j0 + 4]
            if name == "n_sum_abs":
                raw = raw + np.abs(blk).sum(-1)
                new = np.maximum(raw, 1.0)
            elif name == "n_abs_sum":
                raw = raw + blk.sum(-1)
                new = np.maximum(np.abs(raw), 1.0)
            else:
                raw = raw + blk.sum(-1)
                new = raw + 0.5
            if old is not None:
                acc = acc * (old / new)[..., None]
            acc = acc + (blk / new[..., None]) @ v[:, :, j0:j0 + 4]
            old = new
        check(f"{name} {shape}", d["out0"], acc)
