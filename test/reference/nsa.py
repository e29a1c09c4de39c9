# RUN: %numpy_python %s
# NSA (examples/nsa.attn: 64 query heads on 4 kv heads, three branches with
# their own keys) from the branch formulas, per (b, h, i) with explicit key
# lists, i' = i + M - N, kv head h // 16:
#   cmp: compressed block c covers tokens [16c, 16c + 32) and is visible once
#        complete, 16c + 31 <= i'      (keys c of k_cmp, Mc of them)
#   slc: keys j <= i' whose 64-block is selected, sel[b, h // 16, i, j // 64]
#   win: keys i' - 512 < j <= i'
# o = sum_c sigmoid(gate_c) o_c, sigmoid as 0.5 (1 + tanh(x / 2)); a branch
# with no key contributes 0. M = 600 makes the window cut and leaves Mc = 40
# partly unfinished; N = 11, M = 37 leaves the cmp branch empty for
# i' < 31; N > M leaves every branch empty (output 0).
import numpy as np
from attnref import run, check, check_zero_rows, sigmoid_tanh, softmax_keys

for shape in ["B=1,N=4,M=600,Mc=40,S=10", "B=2,N=11,M=37,Mc=3,S=1",
              "B=1,N=9,M=5,Mc=2,S=1"]:
    d = run("nsa", shape, seed=36)["nsa"]
    q, sel, gates = d["q"], d["sel"], d["gates"]
    B, H, N, D = q.shape
    M, Mc = d["k_slc"].shape[2], d["k_cmp"].shape[2]
    o = np.zeros((B, H, N, 128))
    empty = np.ones((B, H, N), bool)
    counts = {"cmp": 0, "slc": 0, "win": 0}
    for b in range(B):
        for h in range(H):
            g = h // 16
            for i in range(N):
                p = i + M - N
                branches = {
                    "cmp": ("k_cmp", "v_cmp", [c for c in range(Mc) if 16 * c + 31 <= p]),
                    "slc": ("k_slc", "v_slc", [j for j in range(M)
                                               if j <= p and sel[b, g, i, j // 64] != 0]),
                    "win": ("k_win", "v_win", list(range(max(0, p - 511), p + 1))),
                }
                for c, (name, (kn, vn, keys)) in enumerate(branches.items()):
                    if not keys:
                        continue
                    counts[name] += 1
                    empty[b, h, i] = False
                    s = d[kn][b, g, keys] @ q[b, h, i] / np.sqrt(192)
                    o[b, h, i] += sigmoid_tanh(gates[b, h, i, c]) * \
                        softmax_keys(s, d[vn][b, g, keys])[0]
    print(shape, "rows with keys per branch:", counts)
    check("nsa " + shape, d["out0"], o)
    if N > M:
        check_zero_rows("nsa " + shape, d["out0"], empty)
