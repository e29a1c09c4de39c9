# RUN: %numpy_python %s
# GLA (examples/gla.attn: per-token, per-channel log decay g [B, 4, M, 256],
# scale 1/sqrt(256), dv = 512) in the recurrent form
# S_t = diag(exp(g_t)) S_{t-1} + k_t v_t^T, o_i = S_{i'}^T (tau q_i),
# i' = i + M - N, and in the chunked form with vector decay (chunks of 8,
# intra-chunk scores computed pairwise in log space,
# sum_d q_td k_sd exp(B_td - B_sd) for s <= t). N != M and N == M.
import numpy as np
from attnref import run, check

for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29"]:
    d = run("gla", shape, seed=26)["gla"]
    q, k, v, g = d["q"], d["k"], d["v"], d["g"]
    B, H, N, D = q.shape
    M = k.shape[2]
    tau = 1 / np.sqrt(D)
    S = np.zeros((B, H, D, v.shape[-1]))
    o = np.zeros((B, H, N, v.shape[-1]))
    for t in range(M):
        S = np.exp(g[:, :, t])[..., None] * S + \
            np.einsum("bhd,bhe->bhde", k[:, :, t], v[:, :, t])
        i = t - (M - N)
        if i >= 0:
            o[:, :, i] = np.einsum("bhde,bhd->bhe", S, tau * q[:, :, i])
    check("gla recurrent " + shape, d["out0"], o)

    qa = np.zeros((B, H, M, D))
    qa[:, :, M - N:] = q
    S = np.zeros((B, H, D, v.shape[-1]))
    oa = np.zeros((B, H, M, v.shape[-1]))
    for c0 in range(0, M, 8):
        c1 = min(M, c0 + 8)
        n = c1 - c0
        Bc = np.cumsum(g[:, :, c0:c1], 2)                    # [B, H, n, D]
        Qc, Kc, Vc = qa[:, :, c0:c1], k[:, :, c0:c1], v[:, :, c0:c1]
        low = np.tril(np.ones((n, n), bool))
        expo = np.where(low[None, None, :, :, None],
                        Bc[:, :, :, None, :] - Bc[:, :, None, :, :], -np.inf)
        P = np.einsum("bhtd,bhsd,bhtsd->bhts", Qc, Kc, np.exp(expo))
        oa[:, :, c0:c1] = tau * (P @ Vc + np.einsum(
            "bhtd,bhde->bhte", Qc * np.exp(Bc), S))
        S = np.exp(Bc[:, :, -1])[..., None] * S + np.einsum(
            "bhsd,bhse->bhde", Kc * np.exp(Bc[:, :, -1:] - Bc), Vc)
    check("gla chunked " + shape, d["out0"], oa[:, :, M - N:])
