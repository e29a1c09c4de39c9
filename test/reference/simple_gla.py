# RUN: %numpy_python %s
# Simple GLA and Mamba-2 SSD (examples/simple_gla.attn) in the recurrent
# form: S_t = exp(g_t) S_{t-1} + k_t v_t^T with the per-token log decay
# g [B, H, M], o_i = tau q_i^T S_{i'} (i' = i + M - N); simple_gla with
# tau = 1/sqrt(128), mamba2_ssd with Q = C, K = B, V = dt x, tau = 1 and the
# skip y += D_h x. Also the chunked form (VARIANTS.md 4, chunks of 8:
# inter-chunk (q_t e^{B_t})^T S_prev plus the intra-chunk masked product,
# S_new = e^{B_C} S_prev + sum_s (k_s e^{B_C - B_s}) v_s^T). N != M, N == M.
import numpy as np
from attnref import run, check

def recurrent(q, k, v, g, tau):
    B, H, N, D = q.shape
    M = k.shape[2]
    S = np.zeros((B, H, D, v.shape[-1]))
    o = np.zeros((B, H, N, v.shape[-1]))
    for t in range(M):
        S = np.exp(g[:, :, t])[..., None, None] * S + \
            np.einsum("bhd,bhe->bhde", k[:, :, t], v[:, :, t])
        i = t - (M - N)
        if i >= 0:
            o[:, :, i] = tau * np.einsum("bhd,bhde->bhe", q[:, :, i], S)
    return o

def chunked(q, k, v, g, tau, C=8):
    B, H, N, D = q.shape
    M = k.shape[2]
    qa = np.zeros((B, H, M, D))
    qa[:, :, M - N:] = q
    S = np.zeros((B, H, D, v.shape[-1]))
    o = np.zeros((B, H, M, v.shape[-1]))
    for c0 in range(0, M, C):
        c1 = min(M, c0 + C)
        n = c1 - c0
        Bc = np.cumsum(g[:, :, c0:c1], -1)                   # [B, H, n]
        diff = Bc[..., :, None] - Bc[..., None, :]
        L = np.where(np.tril(np.ones((n, n), bool)),
                     np.exp(np.where(np.tril(np.ones((n, n), bool)), diff, 0.0)), 0.0)
        Qc, Kc, Vc = qa[:, :, c0:c1], k[:, :, c0:c1], v[:, :, c0:c1]
        intra = (np.einsum("bhid,bhjd->bhij", Qc, Kc) * L) @ Vc
        inter = np.einsum("bhid,bhde->bhie", Qc * np.exp(Bc)[..., None], S)
        o[:, :, c0:c1] = tau * (intra + inter)
        S = np.exp(Bc[..., -1])[..., None, None] * S + np.einsum(
            "bhjd,bhje->bhde", Kc * np.exp(Bc[..., -1:] - Bc)[..., None], Vc)
    return o[:, :, M - N:]

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13"]:
    data = run("simple_gla", shape, seed=25)
    d = data["simple_gla"]
    args = (d["q"], d["k"], d["v"], d["g"], 1 / np.sqrt(128))
    check("simple_gla recurrent " + shape, d["out0"], recurrent(*args))
    check("simple_gla chunked " + shape, d["out0"], chunked(*args))
    d = data["mamba2_ssd"]
    args = (d["c"], d["bm"], d["dtx"], d["dta"], 1.0)
    skip = d["skip"][None, :, None, None] * d["x"]
    check("mamba2_ssd recurrent " + shape, d["out0"], recurrent(*args) + skip)
    check("mamba2_ssd chunked " + shape, d["out0"], chunked(*args, C=5) + skip)
