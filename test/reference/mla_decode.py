# RUN: %numpy_python %s
# MLA decode, weight-absorbed (examples/mla_decode.attn): MQA with one latent
# kv head of 576 features, V = its first 512, scale 1/sqrt(192) (NOT
# 1/sqrt(576)). All 128 heads x N queries of a batch row are one [128 N, M]
# attention against the shared cache; the LSE is np.logaddexp.reduce over the
# allowed logits. N = 1 (decode), N = 4 (MTP drafts, causal among
# themselves), N == M, and N > M (rows with no key: output 0, LSE -inf).
import numpy as np
from attnref import run, check, check_lse, check_zero_rows, softmax_rows

for shape in ["B=2,N=1,M=37", "B=1,N=4,M=29", "B=1,N=6,M=6", "B=1,N=7,M=3"]:
    d = run("mla_decode", shape, seed=31)["mla_decode"]
    q, kv = d["q"], d["kv"]
    B, H, N, D = q.shape
    M = kv.shape[2]
    s = np.einsum("brd,bjd->brj", q.reshape(B, H * N, D), kv[:, 0]) / np.sqrt(192)
    pos = np.tile(np.arange(N), H) + M - N
    s = np.where(np.arange(M)[None, None, :] <= pos[None, :, None], s, -np.inf)
    o = softmax_rows(s) @ kv[:, 0, :, :512]
    lse = np.logaddexp.reduce(s, axis=-1)
    check("mla_decode " + shape, d["out0"], o.reshape(B, H, N, 512))
    check_lse("mla_decode lse " + shape, d["out1"], lse.reshape(B, H, N))
    if N > M:
        check_zero_rows("mla_decode " + shape, d["out0"], np.arange(N) + M - N < 0)
