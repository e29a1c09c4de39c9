# RUN: %numpy_python %s
# Differential attention (examples/diff_attention.attn) with the signed map
# formed first: (A1 - lambda A2) V as ONE weighted sum (the example takes
# A1 V - lambda A2 V), A1, A2 causal softmaxes from two separate q/k pairs,
# then RMSNorm over the 128 features (eps 1e-5, weight subln_w) and
# * (1 - lambda_init), lambda_init = 0.8 - 0.6 exp(-0.3 * 5). N != M,
# N == M, N > M (both maps empty: RMSNorm of 0 is exactly 0).
# Region arithmetic is f32: a constant subexpression such as (1 - lambda_init)
# is evaluated exactly and rounded to f32 once (docs/language.md), so the
# factor here is the f32 rounding of its float64 value.
import numpy as np
from attnref import run, check, check_zero_rows, rmsnorm, softmax_rows

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13", "B=1,N=13,M=5"]:
    d = run("diff_attention", shape, seed=29)["diff_attention"]
    q1, k1, q2, k2, v = d["q1"], d["k1"], d["q2"], d["k2"], d["v"]
    lam, w = d["lam"][0], d["subln_w"]
    B, H, N, D = q1.shape
    M = k1.shape[2]
    allowed = np.arange(M)[None, :] <= np.arange(N)[:, None] + M - N
    a1 = softmax_rows(np.where(allowed, q1 @ k1.swapaxes(-1, -2) / 8.0, -np.inf))
    a2 = softmax_rows(np.where(allowed, q2 @ k2.swapaxes(-1, -2) / 8.0, -np.inf))
    diff = (a1 - lam * a2) @ v
    factor = float(np.float32(1 - (0.8 - 0.6 * np.exp(-0.3 * 5))))
    check("diff_attention " + shape, d["out0"], rmsnorm(diff, w, 1e-5) * factor)
    if N > M:
        check_zero_rows("diff_attention " + shape, d["out0"], np.arange(N) + M - N < 0)
