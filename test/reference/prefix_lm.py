# RUN: %numpy_python %s
# Prefix-LM (examples/prefix_lm.attn: causal | prefix(prefix_len)) with the
# allowed keys of each row listed explicitly: range(P_b) joined with
# range(i' + 1), i' = i + M - N, deduplicated. Random lengths (N != M,
# N == M), then given lengths with N > M: P = 0 leaves the rows before the
# first key empty (output 0), P = 3 gives them the bidirectional prefix.
import numpy as np
from attnref import run, check, check_zero_rows, softmax_keys

def prefix_lm(d):
    q, k, v, P = d["q"], d["k"], d["v"], d["prefix_len"]
    B, H, N, D = q.shape
    M = k.shape[2]
    o = np.zeros((B, H, N, v.shape[-1]))
    empty = np.zeros((B, N), bool)
    for b in range(B):
        for i in range(N):
            keys = sorted(set(range(int(P[b]))) | set(range(i + M - N + 1)))
            empty[b, i] = not keys
            for h in range(H):
                s = k[b, h, keys] @ q[b, h, i] / np.sqrt(D)
                o[b, h, i] = softmax_keys(s, v[b, h, keys])[0]
    return o, empty

for shape, seed in [("B=2,N=11,M=37", 16), ("B=3,N=13,M=13", 17)]:
    d = run("prefix_lm", shape, seed=seed)["prefix_lm"]
    print("prefix lengths", d["prefix_len"])
    check("prefix_lm " + shape, d["out0"], prefix_lm(d)[0])

rng = np.random.default_rng(18)
N, M = 12, 7
inputs = {"q": rng.normal(size=(2, 16, N, 128)).astype(np.float32),
          "k": rng.normal(size=(2, 16, M, 128)).astype(np.float32),
          "v": rng.normal(size=(2, 16, M, 128)).astype(np.float32),
          "prefix_len": np.array([0, 3], np.int32)}
d = run("prefix_lm", inputs=inputs)["prefix_lm"]
o, empty = prefix_lm(d)
assert empty.sum() == N - M and empty[0, :N - M].all()
check("prefix_lm given lengths", d["out0"], o)
check_zero_rows("prefix_lm given lengths", d["out0"], empty)
