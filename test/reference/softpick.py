# RUN: %numpy_python %s
# Softpick (examples/softpick.attn, eps 1e-6) in its online form (VARIANTS.md
# section 3): over key tiles of 5 keep a running max m, rescale numerator
# and denominator by exp(m_old - m_new), with e = exp(s - m) - exp(-m), so
# num / (den + eps exp(-m)) = relu(exp(s) - 1) V / (sum |exp(s) - 1| + eps).
# Causal keys by slicing. N != M, N == M, N > M (rows with no key: 0).
import numpy as np
from attnref import run, check, check_zero_rows

EPS = 1e-6
for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29", "B=1,N=13,M=5"]:
    d = run("softpick", shape, seed=32)["softpick"]
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    M = k.shape[2]
    o = np.zeros((B, H, N, v.shape[-1]))
    for i in range(N):
        keys = i + M - N + 1
        if keys <= 0:
            continue
        m = np.full((B, H), -np.inf)
        num = np.zeros((B, H, v.shape[-1]))
        den = np.zeros((B, H))
        for j0 in range(0, keys, 5):
            j1 = min(keys, j0 + 5)
            s = np.einsum("bhd,bhjd->bhj", q[:, :, i], k[:, :, j0:j1]) / np.sqrt(D)
            m_new = np.maximum(m, s.max(-1))
            a = np.exp(m - m_new)
            e = np.exp(s - m_new[..., None]) - np.exp(-m_new)[..., None]
            num = num * a[..., None] + np.einsum("bhj,bhjd->bhd", np.maximum(e, 0),
                                                 v[:, :, j0:j1])
            den = den * a + np.abs(e).sum(-1)
            m = m_new
        o[:, :, i] = num / (den + EPS * np.exp(-m))[..., None]
    check("softpick " + shape, d["out0"], o)
    if N > M:
        check_zero_rows("softpick " + shape, d["out0"], np.arange(N) + M - N < 0)
