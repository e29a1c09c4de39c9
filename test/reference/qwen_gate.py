# RUN: %numpy_python %s
# Output-gated attention (examples/qwen_gate.attn: GQA 16 on 2, dim 256,
# y = softmax(causal) V, out = y * sigmoid(gate)). The attention in the
# online form over key tiles of 6 with the two kv heads' query groups
# packed into rows (row r of group g: head g * 8 + r // N), the gate as
# 0.5 (1 + tanh(x / 2)). N != M, N == M, N > M (y = 0, so out = 0 exactly).
import numpy as np
from attnref import run, check, check_zero_rows, flash_rows, sigmoid_tanh

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13", "B=1,N=13,M=5"]:
    d = run("qwen_gate", shape, seed=28)["qwen_gate"]
    q, k, v, gate = d["q"], d["k"], d["v"], d["gate"]
    B, H, N, D = q.shape
    Hkv, M = k.shape[1], k.shape[2]
    G = H // Hkv
    pos = np.tile(np.arange(N), G) + M - N
    s = np.einsum("bgrd,bgjd->bgrj", q.reshape(B, Hkv, G * N, D), k) / 16.0
    s = np.where(np.arange(M)[None, :] <= pos[:, None], s, -np.inf)
    y, _ = flash_rows(s, v, tile=6)
    y = y.reshape(B, H, N, -1)
    check("qwen_gate " + shape, d["out0"], y * sigmoid_tanh(gate))
    if N > M:
        check_zero_rows("qwen_gate " + shape, d["out0"], np.arange(N) + M - N < 0)
