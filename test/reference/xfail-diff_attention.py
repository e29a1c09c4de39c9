# RUN: %numpy_python %s
# XFAIL: *
# Differential attention (examples/diff_attention.attn) against the float64
# formula out = RMSNorm((A1 - lambda A2) V) * (1 - lambda_init),
# lambda_init = 0.8 - 0.6 exp(-0.3 * 5) = 0.66612190391094..., so the factor
# is 0.33387809608905783. Known bug: float literals become f32 constants
# (0.8 -> 0.800000011920929, 0.6 -> 0.6000000238418579, 0.3 ->
# 0.30000001192092896), so the float64 oracle multiplies every output by
# 0.3338780815082101: relative error 4.4e-8, above the 1e-9 float64
# tolerance. (After canonicalisation, --emit=mlir shows yet another value,
# arith.constant 0.3338781 : f32 = 0.3338780999183655. A literal in any
# elementwise expression is rounded to f32 the same way, while the factor of
# dot(q, k) * c stays float64.) The rest of the formula is checked at 1e-9
# by diff_attention.py.
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
