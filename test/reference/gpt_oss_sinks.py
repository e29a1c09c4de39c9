# RUN: %numpy_python %s
# Learned sink logits (examples/gpt_oss_sinks.attn, GQA 64 on 8). Banded
# layer: the sink as an extra logit column appended to each row (softmax over
# M + 1 columns, the last one dropped before V). Full layer: post hoc,
# O_sink = O * sigmoid(lse - sink) from a plain causal softmax (VARIANTS.md
# 1.9b). M = 150 > 128 makes the band cut. N > M: rows with no key give 0
# (the sink takes all the mass but carries no value).
import numpy as np
from attnref import run, check, check_zero_rows, softmax_rows

for shape in ["B=2,N=11,M=37", "B=1,N=20,M=150", "B=1,N=13,M=5"]:
    data = run("gpt_oss_sinks", shape, seed=30)
    for name in ["gpt_oss_sliding", "gpt_oss_full"]:
        d = data[name]
        q, k, v, sinks = d["q"], d["k"], d["v"], d["sinks"]
        B, H, N, D = q.shape
        Hkv, M = k.shape[1], k.shape[2]
        kk, vv = np.repeat(k, H // Hkv, 1), np.repeat(v, H // Hkv, 1)
        s = q @ kk.swapaxes(-1, -2) / 8.0
        p = np.arange(N)[:, None] + M - N
        j = np.arange(M)[None, :]
        if name == "gpt_oss_sliding":
            s = np.where((j <= p) & (j > p - 128), s, -np.inf)
            col = np.broadcast_to(sinks[None, :, None, None], (B, H, N, 1))
            want = softmax_rows(np.concatenate([s, col], -1))[..., :M] @ vv
        else:
            s = np.where(j <= p, s, -np.inf)
            m = s.max(-1)
            lse = np.where(np.isfinite(m), np.log(np.exp(
                s - np.where(np.isfinite(m), m, 0)[..., None]).sum(-1)) + m, -np.inf)
            gate = 1 / (1 + np.exp(sinks[None, :, None] - lse))
            want = (softmax_rows(s) @ vv) * gate[..., None]
        check(f"{name} {shape}", d["out0"], want)
        if N > M:
            check_zero_rows(f"{name} {shape}", d["out0"], np.arange(N) + M - N < 0)
