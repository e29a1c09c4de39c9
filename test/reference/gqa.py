# RUN: %numpy_python %s
# GQA (examples/gqa.attn, 32 query heads on 8 kv heads) in the packed form
# of FlashAttention's GQA kernels: the G = 4 query heads of a group become
# G * N rows of one attention against their shared kv head (no repeat of
# k/v), with row r holding query i = r mod N at position i + M - N. Checks
# the head mapping g(h) = h // G (not h mod Hkv). N != M, N == M, N > M
# (fully masked rows).
import numpy as np
from attnref import run, check, check_zero_rows, softmax_rows

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13", "B=1,N=13,M=5"]:
    d = run("gqa", shape, seed=4)["gqa"]
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    Hkv, M = k.shape[1], k.shape[2]
    G = H // Hkv
    assert (H, Hkv) == (32, 8)
    packed = q.reshape(B, Hkv, G * N, D)          # head h = g * G + r // N
    pos = np.tile(np.arange(N), G) + M - N         # per packed row
    s = np.einsum("bgrd,bgjd->bgrj", packed, k) / np.sqrt(D)
    s = np.where(np.arange(M)[None, :] <= pos[:, None], s, -np.inf)
    o = (softmax_rows(s) @ v).reshape(B, H, N, v.shape[-1])
    check("gqa " + shape, d["out0"], o)
    if N > M:
        check_zero_rows("gqa " + shape, d["out0"], np.arange(N) + M - N < 0)
