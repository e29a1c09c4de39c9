# RUN: %numpy_python %s
# Multi-Token Attention (examples/mta.attn, both variants), two ways.
# 1. Random kernels, the key-query convolution as a direct loop in the
#    paper's index form (VARIANTS.md 7.1): for every (i, j),
#      C_ij = sum_{i'=0..5} sum_{j'=-5..5} theta_{i',j'} M0[i - i', j - j'],
#      theta_{i',j'} = W[5 - i', 5 - j'],  M0 = Mask_0(QK^T / 8),
#    entries outside the N x M matrix read 0; then head mixing by explicit
#    sums over heads, causal softmax, the post-softmax grouped head
#    convolution (mta) or post-softmax key-query convolution, re-mask and
#    full head mixing (mta_300m), A V, RMSNorm (eps 1e-5, shared weight)
#    and the scalar gate o * sigmoid(w . o + b).
# 2. Identity kernels (W[h, 5, 5] = 1, head mixes = I) given as inputs: both
#    variants must equal plain causal softmax attention, then RMSNorm and gate.
# N != M, N == M, N > M (rows before the first key: exactly 0).
import numpy as np
from attnref import run, check, check_zero_rows, rmsnorm, softmax_rows

def conv_paper(x, W):
    """x [B, H, N, M] with masked entries already 0; W [H, 6, 11]."""
    B, H, N, M = x.shape
    out = np.zeros_like(x)
    for i in range(N):
        for j in range(M):
            acc = np.zeros((B, H))
            for ip in range(6):
                for jp in range(-5, 6):
                    ii, jj = i - ip, j - jp
                    if 0 <= ii < N and 0 <= jj < M:
                        acc += W[None, :, 5 - ip, 5 - jp] * x[:, :, ii, jj]
            out[:, :, i, j] = acc
    return out

def mix(x, w):
    """head mixing: out[g*c + h2] = sum_h1 w[g, h1, h2] x[g*c + h1]."""
    G, c, _ = w.shape
    out = np.zeros_like(x)
    for g in range(G):
        for h2 in range(c):
            for h1 in range(c):
                out[:, g * c + h2] += w[g, h1, h2] * x[:, g * c + h1]
    return out

def epilogue(o, d):
    o = rmsnorm(o, d["norm_w"], 1e-5)
    z = o @ d["gate_w"] + d["gate_b"][0]
    return o / (1 + np.exp(-z))[..., None]

def mta(d, post_conv):
    q, k, v = d["q"], d["k"], d["v"]
    B, H, N, D = q.shape
    M = k.shape[2]
    allowed = np.arange(M)[None, :] <= np.arange(N)[:, None] + M - N
    s = np.where(allowed, q @ k.swapaxes(-1, -2) / 8.0, 0.0)       # Mask_0
    s = mix(conv_paper(s, d["theta"]), d["w_pre"])
    a = softmax_rows(np.where(allowed, s, -np.inf))
    if post_conv:
        a = np.where(allowed, conv_paper(a, d["theta_post"]), 0.0)
        a = mix(a, d["head_kernel"])
    else:
        a = mix(a, d["w_post"])
    return epilogue(a @ v, d)

for shape in ["B=2,N=11,M=37", "B=1,N=13,M=13", "B=1,N=13,M=5"]:
    data = run("mta", shape, seed=39)
    for name in ["mta", "mta_300m"]:
        d = data[name]
        check(f"{name} {shape}", d["out0"], mta(d, name == "mta_300m"))
        N, M = d["q"].shape[2], d["k"].shape[2]
        if N > M:
            check_zero_rows(f"{name} {shape}", d["out0"], np.arange(N) + M - N < 0)

rng = np.random.default_rng(40)
ident = np.zeros((16, 6, 11), np.float32)
ident[:, 5, 5] = 1
for B, N, M in [(2, 11, 37), (1, 13, 13), (1, 13, 5)]:
    inputs = {"q": rng.normal(size=(B, 16, N, 64)).astype(np.float32),
              "k": rng.normal(size=(B, 16, M, 64)).astype(np.float32),
              "v": rng.normal(size=(B, 16, M, 64)).astype(np.float32),
              "theta": ident, "theta_post": ident,
              "w_pre": np.eye(16, dtype=np.float32)[None],
              "head_kernel": np.eye(16, dtype=np.float32)[None],
              "w_post": np.stack([np.eye(4, dtype=np.float32)] * 4),
              "norm_w": (1 + 0.1 * rng.normal(size=64)).astype(np.float32),
              "gate_w": (0.1 * rng.normal(size=64)).astype(np.float32),
              "gate_b": np.array([0.3], np.float32)}
    data = run("mta", inputs=inputs)
    for name in ["mta", "mta_300m"]:
        d = data[name]
        allowed = np.arange(M)[None, :] <= np.arange(N)[:, None] + M - N
        plain = softmax_rows(np.where(allowed, d["q"] @ d["k"].swapaxes(-1, -2) / 8.0,
                                      -np.inf)) @ d["v"]
        check(f"{name} identity kernels B={B},N={N},M={M}", d["out0"], epilogue(plain, d))
