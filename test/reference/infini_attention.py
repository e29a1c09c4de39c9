# RUN: %numpy_python %s
# Infini-attention (examples/infini_attention.attn, segments of 2048) in the
# segment-recurrent form of VARIANTS.md 4.7: a state pass over segments,
#   M_s = M_{s-1} + sigma(K_s)^T V_s,  z_s = z_{s-1} + sum sigma(K_s),
#   A_mem = sigma(q) M_{s-1} / (sigma(q) z_{s-1} + 1e-6),  sigma = elu + 1,
# and the local branch as a causal softmax over the key slice
# [seg * S, i'] of the query's own segment; out = g A_mem + (1 - g) A_dot,
# g = sigmoid(beta_h). M = 2060 puts the queries in segment 1 with a full
# memory; N = 11, M = 37 keeps everything in segment 0 (memory read 0);
# N > M leaves rows with neither branch (exactly 0). The same program with
# segments of 8 runs the state pass over several segments.
import os
import numpy as np
from attnref import run, check, check_zero_rows, softmax_keys, EXAMPLES

phi = lambda x: np.where(x > 0, x + 1.0, np.exp(np.minimum(x, 0.0)))

def infini(d, SEG):
    q, k, v, beta = d["q"], d["k"], d["v"], d["beta"]
    B, H, N, D = q.shape
    M = k.shape[2]
    g = 1 / (1 + np.exp(-beta))
    o = np.zeros((B, H, N, v.shape[-1]))
    fq, fk = phi(q), phi(k)
    # memory state at the start of every segment, by a pass over segments
    nseg = (M + SEG - 1) // SEG + 1
    mem = [np.zeros((B, H, D, v.shape[-1]))]
    z = [np.zeros((B, H, D))]
    for s in range(nseg):
        sl = slice(s * SEG, min(M, s * SEG + SEG))
        mem.append(mem[-1] + np.einsum("bhjd,bhje->bhde", fk[:, :, sl], v[:, :, sl]))
        z.append(z[-1] + fk[:, :, sl].sum(2))
    for i in range(N):
        p = i + M - N
        if p < 0:
            continue                      # no key at all, both branches empty
        seg = p // SEG
        a_mem = np.einsum("bhd,bhde->bhe", fq[:, :, i], mem[seg]) / (
            np.einsum("bhd,bhd->bh", fq[:, :, i], z[seg]) + 1e-6)[..., None]
        lo = seg * SEG
        a_dot = np.zeros_like(a_mem)
        for b in range(B):
            for h in range(H):
                s = k[b, h, lo:p + 1] @ q[b, h, i] / np.sqrt(D)
                a_dot[b, h] = softmax_keys(s, v[b, h, lo:p + 1])[0]
        o[:, :, i] = g[None, :, None] * a_mem + (1 - g)[None, :, None] * a_dot
    return o

for shape in ["B=1,N=10,M=2060", "B=2,N=11,M=37", "B=1,N=13,M=5"]:
    d = run("infini_attention", shape, seed=37)["infini_attention"]
    check("infini_attention " + shape, d["out0"], infini(d, 2048))
    N, M = d["q"].shape[2], d["k"].shape[2]
    if N > M:
        check_zero_rows("infini_attention " + shape, d["out0"], np.arange(N) + M - N < 0)

with open(os.path.join(EXAMPLES, "infini_attention.attn")) as f:
    small = f.read().replace("2048", "8")
for shape in ["B=1,N=29,M=29", "B=2,N=11,M=37"]:
    d = run("infini8", shape, seed=38, source=small)["infini_attention"]
    check("infini_attention segments of 8 " + shape, d["out0"], infini(d, 8))
