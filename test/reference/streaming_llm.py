# RUN: %numpy_python %s
# StreamingLLM A-shape (examples/streaming_llm.attn): row i' = i + M - N sees
# the sink keys {0..3} and the window {i' - 1019 .. i'}, both only up to i'.
# Built per row as an explicit sorted key set (union of two ranges), then a
# softmax over that set. M = 1030 puts a gap between sinks and window; N > M
# gives rows with no key (output 0). A small program with prefix(2) and
# window(3) repeats the check where the two ranges overlap, touch and part.
import numpy as np
from attnref import run, check, check_lse, check_zero_rows, softmax_keys

def a_shape(q, k, v, sinks, W):
    B, H, N, D = q.shape
    M = k.shape[2]
    o = np.zeros((B, H, N, v.shape[-1]))
    lse = np.full((B, H, N), -np.inf)
    for i in range(N):
        p = i + M - N
        keys = sorted(set(range(0, min(sinks, p + 1))) |
                      set(range(max(0, p - W + 1), p + 1)))
        for b in range(B):
            for h in range(H):
                s = k[b, h, keys] @ q[b, h, i] / np.sqrt(D)
                o[b, h, i], lse[b, h, i] = softmax_keys(s, v[b, h, keys])
    return o, lse

for shape in ["B=1,N=3,M=1030", "B=2,N=11,M=37", "B=1,N=13,M=5"]:
    d = run("streaming_llm", shape, seed=12)["streaming_llm"]
    o, _ = a_shape(d["q"], d["k"], d["v"], 4, 1020)
    check("streaming_llm " + shape, d["out0"], o)
    N, M = d["q"].shape[2], d["k"].shape[2]
    if N > M:
        check_zero_rows("streaming_llm " + shape, d["out0"], np.arange(N) + M - N < 0)

SMALL = """
attention a_shape(q: f32[B, H, N, 4], k: f32[B, H, M, 4], v: f32[B, H, M, 4]) {
  s = mask(dot(q, k) * scale, causal & (prefix(2) | window(3)))
  return softmax(s) @ v, lse(s)
}
"""
for shape in ["B=1,H=2,N=13,M=13", "B=2,H=1,N=7,M=19", "B=1,H=2,N=9,M=4"]:
    d = run("small", shape, seed=13, source=SMALL)["a_shape"]
    o, lse = a_shape(d["q"], d["k"], d["v"], 2, 3)
    check("a_shape " + shape, d["out0"], o)
    check_lse("a_shape lse " + shape, d["out1"], lse)
