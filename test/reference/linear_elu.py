# RUN: %numpy_python %s
# Normalised linear attention with elu + 1 (examples/linear_elu.attn) in the
# recurrent form (VARIANTS.md 4.1): S_t = S_{t-1} + phi(k_t) v_t^T,
# z_t = z_{t-1} + phi(k_t), o_i = phi(q_i)^T S_{i'} / (phi(q_i)^T z_{i'} + eps)
# with i' = i + M - N, phi(x) = x + 1 for x > 0 and exp(x) otherwise. Then
# the chunked form with the normaliser as an extra value column of ones
# (v <- [v, 1]). N > M: rows before the first key have S = z = 0, output 0.
import numpy as np
from attnref import run, check, check_zero_rows

EPS = 1e-6
phi = lambda x: np.where(x > 0, x + 1.0, np.exp(np.minimum(x, 0.0)))

for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29", "B=1,N=13,M=5"]:
    d = run("linear_elu", shape, seed=22)["linear_elu"]
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    M = k.shape[2]
    fq, fk = phi(q), phi(k)
    # recurrent, one token at a time
    o = np.zeros((B, H, N, v.shape[-1]))
    S = np.zeros((B, H, D, v.shape[-1]))
    z = np.zeros((B, H, D))
    for i in range(N):            # rows with i' < 0 read the empty state
        if i + M - N < 0:
            o[:, :, i] = np.einsum("bhd,bhde->bhe", fq[:, :, i], S) / (
                np.einsum("bhd,bhd->bh", fq[:, :, i], z) + EPS)[..., None]
    for t in range(M):
        S += np.einsum("bhd,bhe->bhde", fk[:, :, t], v[:, :, t])
        z += fk[:, :, t]
        i = t - (M - N)
        if 0 <= i < N:
            num = np.einsum("bhd,bhde->bhe", fq[:, :, i], S)
            den = np.einsum("bhd,bhd->bh", fq[:, :, i], z) + EPS
            o[:, :, i] = num / den[..., None]
    check("linear_elu recurrent " + shape, d["out0"], o)
    # chunked (chunks of 8 keys), value column of ones carries z
    v1 = np.concatenate([v, np.ones(v.shape[:3] + (1,))], -1)
    S1 = np.zeros((B, H, D, v1.shape[-1]))
    o1 = np.zeros((B, H, N, v1.shape[-1]))
    for c0 in range(0, M, 8):
        c1 = min(M, c0 + 8)
        rows = [i for i in range(N) if c0 <= i + M - N < c1]
        for i in rows:
            p = i + M - N
            intra = np.einsum("bhd,bhjd->bhj", fq[:, :, i], fk[:, :, c0:p + 1])
            o1[:, :, i] = np.einsum("bhd,bhde->bhe", fq[:, :, i], S1) + \
                np.einsum("bhj,bhje->bhe", intra, v1[:, :, c0:p + 1])
        S1 += np.einsum("bhjd,bhje->bhde", fk[:, :, c0:c1], v1[:, :, c0:c1])
    o2 = o1[..., :-1] / (o1[..., -1:] + EPS)
    check("linear_elu chunked " + shape, d["out0"], o2)
    if N > M:
        check_zero_rows("linear_elu " + shape, d["out0"], np.arange(N) + M - N < 0)
