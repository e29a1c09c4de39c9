# RUN: %numpy_python %s
# Sliding windows (examples/sliding_window.attn: window(4096), and
# window(4097) = FlashAttention window_left = 4096; GQA 32 on 8) by explicit
# key slices: row i sees k[max(0, i' - W + 1) : i' + 1], i' = i + M - N.
# M = 4098 makes both windows cut (the two variants then differ by one key
# per row, which is checked too). The same off-by-one on a small program with
# window(1) (only the own position) and window(5), N != M and N == M. N > M
# gives fully masked rows (output 0, LSE -inf).
import numpy as np
from attnref import run, check, check_lse, check_zero_rows, softmax_keys

def windowed(q, k, v, W):
    B, H, N, D = q.shape
    Hkv, M = k.shape[1], k.shape[2]
    G = H // Hkv
    o = np.zeros((B, H, N, v.shape[-1]))
    lse = np.full((B, H, N), -np.inf)
    for b in range(B):
        for h in range(H):
            for i in range(N):
                p = i + M - N
                lo = max(0, p - W + 1)
                if p < 0:
                    continue
                s = k[b, h // G, lo:p + 1] @ q[b, h, i] / np.sqrt(D)
                o[b, h, i], lse[b, h, i] = softmax_keys(s, v[b, h // G, lo:p + 1])
    return o, lse

for shape in ["B=2,N=11,M=37", "B=1,N=2,M=4098", "B=1,N=13,M=5"]:
    data = run("sliding_window", shape, seed=10)
    for name, W in [("sliding_window", 4096), ("sliding_window_fa_left", 4097)]:
        d = data[name]
        o, _ = windowed(d["q"], d["k"], d["v"], W)
        check(f"{name} {shape}", d["out0"], o)
        N, M = d["q"].shape[2], d["k"].shape[2]
        if N > M:
            check_zero_rows(f"{name} {shape}", d["out0"], np.arange(N) + M - N < 0)
    if shape == "B=1,N=2,M=4098":
        a, b = data["sliding_window"]["out0"], data["sliding_window_fa_left"]["out0"]
        if np.abs(a - b).max() < 1e-3:
            raise SystemExit("window(4096) and window(4097) should differ at M=4098")

SMALL = """
attention w1(q: f32[B, H, N, 8], k: f32[B, Hkv, M, 8], v: f32[B, Hkv, M, 8]) {
  s = mask(dot(q, k) * scale, window(1))
  return softmax(s) @ v, lse(s)
}
attention w5(q: f32[B, H, N, 8], k: f32[B, Hkv, M, 8], v: f32[B, Hkv, M, 8]) {
  s = mask(dot(q, k) * scale, window(5))
  return softmax(s) @ v, lse(s)
}
"""
for shape in ["B=2,H=6,Hkv=2,N=11,M=37", "B=1,H=3,Hkv=3,N=29,M=29",
              "B=1,H=4,Hkv=1,N=13,M=5"]:
    data = run("small", shape, seed=11, source=SMALL)
    for name, W in [("w1", 1), ("w5", 5)]:
        d = data[name]
        o, lse = windowed(d["q"], d["k"], d["v"], W)
        check(f"{name} {shape}", d["out0"], o)
        check_lse(f"{name} lse {shape}", d["out1"], lse)
        N, M = d["q"].shape[2], d["k"].shape[2]
        if N > M:
            check_zero_rows(f"{name} {shape}", d["out0"], np.arange(N) + M - N < 0)
        if W == 1:   # the own key only: o = v at the key i'
            pos = np.arange(N) + M - N
            ok = pos >= 0
            G = d["q"].shape[1] // d["k"].shape[1]
            vv = np.repeat(d["v"], G, axis=1)
            check(f"w1 own key {shape}", d["out0"][:, :, ok], vv[:, :, pos[ok]])
