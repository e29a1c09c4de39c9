# RUN: %numpy_python %s
# Sigmoid attention (examples/sigmoid.attn): sigmoid evaluated as
# 0.5 (1 + tanh(x / 2)) (FlashSigmoid), bias -log(M), no normaliser, and
# the sum over keys taken as independent key tiles that are simply added
# (split-KV merge of a normaliser-free attention is plain addition). The
# causal mask comes from slicing k[:i'+1]. N != M, N == M, N > M (rows
# before the first key: exactly 0).
import numpy as np
from attnref import run, check, check_zero_rows, sigmoid_tanh

for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29", "B=1,N=13,M=5"]:
    d = run("sigmoid", shape, seed=7)["sigmoid"]
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    M = k.shape[2]
    o = np.zeros((B, H, N, v.shape[-1]))
    for i in range(N):
        keys = max(0, i + M - N + 1)
        for j0 in range(0, keys, 6):              # tiles of 6 keys
            j1 = min(keys, j0 + 6)
            s = np.einsum("bhd,bhjd->bhj", q[:, :, i], k[:, :, j0:j1]) / np.sqrt(D)
            o[:, :, i] += np.einsum("bhj,bhjd->bhd", sigmoid_tanh(s - np.log(M)),
                                    v[:, :, j0:j1])
    check("sigmoid " + shape, d["out0"], o)
    if N > M:
        check_zero_rows("sigmoid " + shape, d["out0"], np.arange(N) + M - N < 0)
