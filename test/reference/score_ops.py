# RUN: %numpy_python %s
# Score operations beyond the examples' settings, on tiny programs:
# * stencil with the default pad and an EVEN key width (w [3, 2, 4]: pad
#   [cq-1, 0, (ck-1)//2, ck-1-(ck-1)//2] = [1, 0, 1, 2]) on Mask_0 logits;
# * stencil with pad [0, 2, 2, 0] (queries look ahead, keys to the left) and
#   pad_value 0.5 on -inf-masked logits (removed entries read 0, entries
#   outside the matrix read 0.5);
# both as np.pad (constant pad_value) plus shifted-slice cross-correlation,
# then the causal softmax;
# * slice(kv, 3, 4) as V with GQA (features 3..6 of the shared kv head).
# N != M, N == M, N > M (fully masked rows are 0 after the re-mask).
import numpy as np
from attnref import run, check, check_zero_rows, softmax_rows

SRC = """
attention st_default(q: f32[B, 3, N, 4], k: f32[B, 3, M, 4], v: f32[B, 3, M, 3], w: f32[3, 2, 4]) {
  s = stencil(mask(dot(q, k) * scale, causal, fill=0), w)
  return softmax(mask(s, causal)) @ v
}
attention st_pad(q: f32[B, 3, N, 4], k: f32[B, 3, M, 4], v: f32[B, 3, M, 3], w: f32[3, 3, 3]) {
  s = stencil(mask(dot(q, k) * scale, causal), w, pad=[0, 2, 2, 0], pad_value=0.5)
  return softmax(mask(s, causal)) @ v
}
attention sl(q: f32[B, H, N, 8], kv: f32[B, Hkv, M, 8]) {
  return softmax(mask(dot(q, kv) * scale, causal)) @ slice(kv, 3, 4)
}
"""

def xcorr(x, w, pad, value):
    """x [B, H, N, M]; out = sum_{a,c} w[h, a, c] * P[:, h, i + a, j + c]
    over the padded matrix P (pad = [qb, qa, kb, ka])."""
    B, H, N, M = x.shape
    P = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[1]), (pad[2], pad[3])),
               constant_values=value)
    out = np.zeros_like(x)
    for a in range(w.shape[1]):
        for c in range(w.shape[2]):
            out += w[None, :, a, c, None, None] * P[:, :, a:a + N, c:c + M]
    return out

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13", "B=1,N=13,M=5"]:
    for name, pad, value in [("st_default", [1, 0, 1, 2], 0.0),
                             ("st_pad", [0, 2, 2, 0], 0.5)]:
        d = run("score_ops", shape, seed=43, source=SRC, variant=name)[name]
        q, k, v, w = d["q"], d["k"], d["v"], d["w"]
        N, M = q.shape[2], k.shape[2]
        allowed = np.arange(M)[None, :] <= np.arange(N)[:, None] + M - N
        s = np.where(allowed, q @ k.swapaxes(-1, -2) / 2.0, 0.0)
        s = xcorr(s, w, pad, value)
        want = softmax_rows(np.where(allowed, s, -np.inf)) @ v
        check(f"{name} {shape}", d["out0"], want)
        if N > M:
            check_zero_rows(f"{name} {shape}", d["out0"], np.arange(N) + M - N < 0)

for shape in ["B=2,H=4,Hkv=2,N=11,M=37", "B=1,H=3,Hkv=1,N=13,M=5"]:
    d = run("score_ops", shape, seed=44, source=SRC, variant="sl")["sl"]
    q, kv = d["q"], d["kv"]
    N, M = q.shape[2], kv.shape[2]
    G = q.shape[1] // kv.shape[1]
    kk = np.repeat(kv, G, axis=1)
    allowed = np.arange(M)[None, :] <= np.arange(N)[:, None] + M - N
    want = softmax_rows(np.where(allowed, q @ kk.swapaxes(-1, -2) / np.sqrt(8),
                                 -np.inf)) @ kk[..., 3:7]
    check("sl " + shape, d["out0"], want)
