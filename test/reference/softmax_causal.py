# RUN: %numpy_python %s
# Causal softmax (examples/softmax_causal.attn, both variants) against the
# online ("flash") form: keys in tiles of 5 with a running max, sum and
# rescaled accumulator; the LSE of the second variant comes from the final
# (m, l) state. The causal mask is built by slicing each row's keys
# k[:pos+1], pos = i + M - N (bottom-right). N != M, N == M, and N > M,
# where the first N - M rows have no key: output 0 and LSE -inf.
import numpy as np
from attnref import run, check, check_lse, check_zero_rows, flash_rows

for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29", "B=2,N=13,M=5"]:
    data = run("softmax_causal", shape, seed=3)
    for name in ["softmax_causal", "softmax_causal_lse"]:
        d = data[name]
        q, k, v = d["q"], d["k"], d["v"]
        B, H, N, D = q.shape
        M = k.shape[2]
        s = np.full((B, H, N, M), -np.inf)
        for i in range(N):
            keys = max(0, i + M - N + 1)          # keys 0 .. pos
            s[:, :, i, :keys] = np.einsum("bhd,bhjd->bhj", q[:, :, i],
                                          k[:, :, :keys]) / np.sqrt(D)
        o, lse = flash_rows(s, v, tile=5)
        check(f"{name} {shape}", d["out0"], o)
        if name == "softmax_causal_lse":
            check_lse(f"{name} lse {shape}", d["out1"], lse)
        if N > M:
            check_zero_rows(f"{name} {shape}", d["out0"],
                            np.arange(N) + M - N < 0)
