# RUN: %numpy_python %s
# tanh soft-capping (examples/softcap.attn, Gemma-2 27B: scale 1/12, cap 50,
# GQA 32 on 16). Second form: c tanh(x / c) written with exponentials,
# c (1 - 2 / (exp(2x / c) + 1)); per-row key slices for the masks: causal
# keys [0, i'], local keys [i' - 4096 + 1, i'] (window(4096)). M = 4098 makes
# the window drop the first keys of every row; N > M gives fully masked rows.
import numpy as np
from attnref import run, check, check_zero_rows, softmax_keys

C = 50.0
for shape in ["B=2,N=11,M=37", "B=1,N=2,M=4098", "B=1,N=13,M=5"]:
    data = run("softcap", shape, seed=9)
    for name, window in [("gemma2_global", None), ("gemma2_local", 4096)]:
        d = data[name]
        q, k, v = d["q"], d["k"], d["v"]
        B, H, N, D = q.shape
        Hkv, M = k.shape[1], k.shape[2]
        G = H // Hkv
        want = np.zeros((B, H, N, v.shape[-1]))
        for b in range(B):
            for h in range(H):
                for i in range(N):
                    p = i + M - N
                    lo = 0 if window is None else max(0, p - window + 1)
                    if p < lo:
                        continue
                    x = k[b, h // G, lo:p + 1] @ q[b, h, i] / 12.0
                    s = C * (1.0 - 2.0 / (np.exp(2.0 * x / C) + 1.0))
                    want[b, h, i] = softmax_keys(s, v[b, h // G, lo:p + 1])[0]
        check(f"{name} {shape}", d["out0"], want)
        if N > M:
            check_zero_rows(f"{name} {shape}", d["out0"], np.arange(N) + M - N < 0)
