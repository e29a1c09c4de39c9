# RUN: %numpy_python %s
# MoBA (examples/moba.attn) as ONE softmax over the union of the key sets,
# with no merge: for each (b, h, i) the keys are listed explicitly, the
# query's own block (j // BS == i' // BS, j <= i') plus every strictly past
# block kb with sel[b, h, i, kb] != 0, and the output and LSE come from a
# single softmax over that list (the example computes two softmaxes and an
# LSE merge). Blocks of 512 with M = 1100 (3 blocks), one block (N = 11,
# M = 37: the picked set is empty, its LSE -inf), N > M (both empty: output
# 0, LSE -inf); then the same program with blocks of 4 (many blocks, N == M
# and N != M).
import os
import numpy as np
from attnref import run, check, check_lse, check_zero_rows, softmax_keys, EXAMPLES

def union(d, BS):
    q, k, v, sel = d["q"], d["k"], d["v"], d["sel"]
    B, H, N, D = q.shape
    M = k.shape[2]
    o = np.zeros((B, H, N, v.shape[-1]))
    lse = np.full((B, H, N), -np.inf)
    for b in range(B):
        for h in range(H):
            for i in range(N):
                p = i + M - N
                own = [j for j in range(M) if j // BS == p // BS and j <= p]
                past = [j for kb in range(p // BS) if sel[b, h, i, kb] != 0
                        for j in range(kb * BS, min(M, kb * BS + BS))]
                keys = sorted(own + past)
                assert len(set(keys)) == len(keys)
                s = k[b, h, keys] @ q[b, h, i] / np.sqrt(D)
                o[b, h, i], lse[b, h, i] = softmax_keys(s, v[b, h, keys])
    return o, lse

for shape in ["B=1,N=5,M=1100", "B=2,N=11,M=37", "B=1,N=7,M=3"]:
    d = run("moba", shape, seed=34)["moba"]
    o, lse = union(d, 512)
    check("moba " + shape, d["out0"], o)
    check_lse("moba lse " + shape, d["out1"], lse)
    N, M = d["q"].shape[2], d["k"].shape[2]
    if N > M:
        check_zero_rows("moba " + shape, d["out0"], np.arange(N) + M - N < 0)

with open(os.path.join(EXAMPLES, "moba.attn")) as f:
    small = f.read().replace("512", "4")
for shape in ["B=1,N=29,M=29", "B=2,N=11,M=37"]:
    d = run("moba4", shape, seed=35, source=small)["moba"]
    assert d["sel"].shape[-1] == (d["k"].shape[2] + 3) // 4
    o, lse = union(d, 4)
    check("moba blocks of 4 " + shape, d["out0"], o)
    check_lse("moba blocks of 4 lse " + shape, d["out1"], lse)
