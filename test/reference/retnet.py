# RUN: %numpy_python %s
# RetNet retention (examples/retnet.attn: decay gamma_h = exp(g_h) per head,
# scale 1/sqrt(128), dv = 256, no normaliser) in the recurrent form
# S_t = gamma S_{t-1} + k_t v_t^T, o_i = tau q_i^T S_{i'} (i' = i + M - N),
# and in the RetNet paper's chunkwise form with chunks of 5:
# R_c = K_c^T (V_c * zeta) + gamma^C R_{c-1}, zeta_j = gamma^(C - j - 1),
# O_c = (Q_c K_c^T * D) V_c + (Q_c R_{c-1}) * xi, xi_j = gamma^(j + 1).
# N != M (queries are the last N positions) and N == M.
import numpy as np
from attnref import run, check

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13"]:
    d = run("retnet", shape, seed=23)["retnet"]
    q, k, v, g = d["q"], d["k"], d["v"], d["g"]
    B, H, N, D = q.shape
    M = k.shape[2]
    tau = 1 / np.sqrt(D)
    gamma = np.exp(g)[None, :, None, None]
    S = np.zeros((B, H, D, v.shape[-1]))
    o = np.zeros((B, H, N, v.shape[-1]))
    for t in range(M):
        S = gamma * S + np.einsum("bhd,bhe->bhde", k[:, :, t], v[:, :, t])
        if t >= M - N:
            o[:, :, t - (M - N)] = tau * np.einsum("bhd,bhde->bhe",
                                                   q[:, :, t - (M - N)], S)
    check("retnet recurrent " + shape, d["out0"], o)

    # chunkwise over all M positions (queries before M - N are padding)
    C = 5
    qa = np.zeros((B, H, M, D))
    qa[:, :, M - N:] = q
    R = np.zeros((B, H, D, v.shape[-1]))
    oa = np.zeros((B, H, M, v.shape[-1]))
    gam = np.exp(g)
    for c0 in range(0, M, C):
        c1 = min(M, c0 + C)
        n = c1 - c0
        idx = np.arange(n)
        Dm = np.where(idx[:, None] >= idx[None, :],
                      gam[:, None, None] ** (idx[:, None] - idx[None, :]), 0.0)
        xi = gam[:, None] ** (idx[None, :] + 1)              # [H, n]
        zeta = gam[:, None] ** (n - idx[None, :] - 1)        # [H, n]
        Qc, Kc, Vc = qa[:, :, c0:c1], k[:, :, c0:c1], v[:, :, c0:c1]
        inner = np.einsum("bhid,bhjd->bhij", Qc, Kc) * Dm[None]
        oa[:, :, c0:c1] = tau * (inner @ Vc + np.einsum(
            "bhid,bhde->bhie", Qc, R) * xi[None, :, :, None])
        R = np.einsum("bhjd,bhje->bhde", Kc, Vc * zeta[None, :, :, None]) + \
            (gam ** n)[None, :, None, None] * R
    check("retnet chunkwise " + shape, d["out0"], oa[:, :, M - N:])
