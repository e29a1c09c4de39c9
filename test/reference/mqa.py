# RUN: %numpy_python %s
# MQA (examples/mqa.attn, 16 query heads on one kv head): all H * N query
# rows of a batch form one [H * N, M] attention against the single kv head,
# evaluated in the online (flash) form over key tiles of 4. N != M, N == M,
# and N > M (rows before the first key: output exactly 0).
import numpy as np
from attnref import run, check, check_zero_rows, flash_rows

for shape in ["B=2,N=11,M=37", "B=1,N=29,M=29", "B=2,N=9,M=4"]:
    d = run("mqa", shape, seed=5)["mqa"]
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    M = k.shape[2]
    assert k.shape[1] == 1
    rows = q.reshape(B, H * N, D)
    pos = np.tile(np.arange(N), H) + M - N
    s = np.einsum("brd,bjd->brj", rows, k[:, 0]) / np.sqrt(D)
    s = np.where(np.arange(M)[None, None, :] <= pos[None, :, None], s, -np.inf)
    o, _ = flash_rows(s, v[:, 0], tile=4)
    check("mqa " + shape, d["out0"], o.reshape(B, H, N, -1))
    if N > M:
        check_zero_rows("mqa " + shape, d["out0"], np.arange(N) + M - N < 0)
