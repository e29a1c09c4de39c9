# RUN: %numpy_python %s
# Run-time block mask (examples/runtime_block_mask.attn: block_mask(map, 128,
# 128) & causal). Per (b, h, i): the allowed keys are listed by walking the
# key blocks kb with map[b, h, i // 128, kb] != 0 (query ROW i, not i') and
# taking range(kb * 128, min(M, kb * 128 + 128)) cut at i' = i + M - N.
# Sizes: one block each way (N = 11, M = 37: a 0 in the map empties the
# whole head), partial blocks both ways (N = 130, M = 300: NB = 2, MB = 3),
# N > M, and a given map with all-zero block rows. Empty rows must be 0.
import numpy as np
from attnref import run, check, check_zero_rows, softmax_keys

def block_sparse(d):
    q, k, v, bm = d["q"], d["k"], d["v"], d["block_map"]
    B, H, N, D = q.shape
    M = k.shape[2]
    o = np.zeros((B, H, N, v.shape[-1]))
    empty = np.zeros((B, H, N), bool)
    for b in range(B):
        for h in range(H):
            for i in range(N):
                keys = []
                for kb in range(bm.shape[3]):
                    if bm[b, h, i // 128, kb] != 0:
                        keys += [j for j in range(kb * 128, min(M, kb * 128 + 128))
                                 if j <= i + M - N]
                empty[b, h, i] = not keys
                s = k[b, h, keys] @ q[b, h, i] / np.sqrt(D)
                o[b, h, i] = softmax_keys(s, v[b, h, keys])[0]
    return o, empty

for shape in ["B=2,N=11,M=37", "B=1,N=130,M=300", "B=1,N=13,M=5"]:
    d = run("runtime_block_mask", shape, seed=19)["runtime_block_mask"]
    o, empty = block_sparse(d)
    check("runtime_block_mask " + shape, d["out0"], o)
    check_zero_rows("runtime_block_mask " + shape, d["out0"], empty)

rng = np.random.default_rng(20)
N, M = 200, 260            # NB = 2, MB = 3
bm = (rng.random((1, 32, 2, 3)) < 0.5).astype(np.int8)
bm[0, :4, 0, :] = 0        # heads 0-3: first query block sees nothing
bm[0, 4:8, 1, :] = 0       # heads 4-7: second query block sees nothing
bm[0, 8, :, :] = 0         # head 8: nothing at all
bm[0, 9, :, 2] = 1         # head 9: only the last (partial) key block...
bm[0, 9, :, :2] = 0        # ...which is in the future of rows i' < 256
inputs = {"q": rng.normal(size=(1, 32, N, 128)).astype(np.float32),
          "k": rng.normal(size=(1, 32, M, 128)).astype(np.float32),
          "v": rng.normal(size=(1, 32, M, 128)).astype(np.float32),
          "block_map": bm}
d = run("runtime_block_mask", inputs=inputs)["runtime_block_mask"]
o, empty = block_sparse(d)
check("runtime_block_mask given map", d["out0"], o)
check_zero_rows("runtime_block_mask given map", d["out0"], empty)
