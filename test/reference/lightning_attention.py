# RUN: %numpy_python %s
# Lightning Attention (examples/lightning_attention.attn: decay
# lambda_h = exp(g_h), no scale, no normaliser, 64 heads) in the recurrent
# form S_t = lambda S_{t-1} + k_t v_t^T, o_i = q_i^T S_{i'}, and in
# Lightning-2's tiled form with blocks of 6 keys: intra-block
# [(Q_i K_i^T) * M] V_i with M_ts = lambda^(t - s), inter-block
# Lambda Q_i (KV), KV <- lambda^B KV + (lambda^B Lambda^-1 K_i)^T V_i.
# N != M and N == M.
import numpy as np
from attnref import run, check

for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29"]:
    d = run("lightning_attention", shape, seed=24)["lightning_attention"]
    q, k, v, g = d["q"], d["k"], d["v"], d["g"]
    B, H, N, D = q.shape
    M = k.shape[2]
    lam = np.exp(g)
    S = np.zeros((B, H, D, v.shape[-1]))
    o = np.zeros((B, H, N, v.shape[-1]))
    for t in range(M):
        S = lam[None, :, None, None] * S + np.einsum("bhd,bhe->bhde",
                                                     k[:, :, t], v[:, :, t])
        if t >= M - N:
            o[:, :, t - (M - N)] = np.einsum("bhd,bhde->bhe",
                                             q[:, :, t - (M - N)], S)
    check("lightning recurrent " + shape, d["out0"], o)

    Bk = 6
    qa = np.zeros((B, H, M, D))
    qa[:, :, M - N:] = q
    KV = np.zeros((B, H, D, v.shape[-1]))
    oa = np.zeros((B, H, M, v.shape[-1]))
    for c0 in range(0, M, Bk):
        c1 = min(M, c0 + Bk)
        n = c1 - c0
        t = np.arange(n)
        Mm = np.where(t[:, None] >= t[None, :],
                      lam[:, None, None] ** (t[:, None] - t[None, :]), 0.0)
        Lam = lam[:, None] ** (t[None, :] + 1)                # [H, n]
        Qi, Ki, Vi = qa[:, :, c0:c1], k[:, :, c0:c1], v[:, :, c0:c1]
        intra = (np.einsum("bhid,bhjd->bhij", Qi, Ki) * Mm[None]) @ Vi
        inter = np.einsum("bhid,bhde->bhie", Qi * Lam[None, :, :, None], KV)
        oa[:, :, c0:c1] = intra + inter
        lamB = lam ** n
        KV = lamB[None, :, None, None] * KV + np.einsum(
            "bhjd,bhje->bhde", Ki * (lamB[:, None] / Lam)[None, :, :, None], Vi)
    check("lightning tiled " + shape, d["out0"], oa[:, :, M - N:])
