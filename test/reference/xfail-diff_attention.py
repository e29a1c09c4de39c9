# RUN: %numpy_python %s
# XFAIL: *
# Differential attention (examples/diff_attention.attn) against the float64
# formula out = RMSNorm((A1 - lambda A2) V) * (1 - lambda_init),
# lambda_init = 0.8 - 0.6 exp(-0.3 * 5) = 0.66612190391094..., so the factor
# is 0.33387809608905783. Known bug: the frontend folds the constant
# expression into an f32 literal (arith.constant 0.3338781 : f32 =
# 0.3338780999183655), and the float64 oracle multiplies by that: relative
# error 1.15e-8 on every output, above the 1e-9 float64 tolerance. (A float
# literal in any elementwise expression is rounded to f32 the same way, while
# dot(q, k) * c keeps c in float64.) The rest of the formula is checked at
# 1e-9 by diff_attention.py.
import numpy as np
from attnref import run, check, rmsnorm, softmax_rows

d = run("diff_attention", "B=1,N=11,M=37", seed=29)["diff_attention"]
q1, k1, q2, k2, v = d["q1"], d["k1"], d["q2"], d["k2"], d["v"]
N, M = q1.shape[2], k1.shape[2]
allowed = np.arange(M)[None, :] <= np.arange(N)[:, None] + M - N
a1 = softmax_rows(np.where(allowed, q1 @ k1.swapaxes(-1, -2) / 8.0, -np.inf))
a2 = softmax_rows(np.where(allowed, q2 @ k2.swapaxes(-1, -2) / 8.0, -np.inf))
lambda_init = 0.8 - 0.6 * np.exp(-0.3 * 5)
want = rmsnorm((a1 - d["lam"][0] * a2) @ v, d["subln_w"], 1e-5) * (1 - lambda_init)
check("diff_attention float64 lambda_init", d["out0"], want)
