"""Inputs and expected outputs of numerics.attn (docs/limits.md, "NaN and
infinities"), computed here independently of attnc, in float64 NumPy.

  numerics.py make DIR [D N]
                          writes DIR/<variant>/<input>.npy (head dim D = 4,
                          N = M = 8 by default; the GPU test uses larger)
  numerics.py check DIR   checks DIR/<variant>/out<k>.npy (attnc run --save:
                          f32, so within f32 tolerances)
"""
import os
import sys

import numpy as np

inf, nan = np.inf, np.nan
B, H, N, M, D = 1, 2, 8, 8, 4
if len(sys.argv) > 4:
    D, N = int(sys.argv[3]), int(sys.argv[4])
    M = N
SCALE = 1 / np.sqrt(D)


def base(seed):
    r = np.random.default_rng(seed)
    q, k, v = (r.standard_normal(s) for s in [(B, H, N, D), (B, H, M, D),
                                               (B, H, M, D)])
    return q, k, v


def softmax_bias():
    bias = np.zeros((B, H, N, M))
    bias[0, 0, 2, 1] = nan        # a present NaN: row 2 is NaN
    bias[0, 0, 4, 6] = nan        # a masked NaN (j > i): row 4 is finite
    bias[0, 0, 5, 0] = inf        # a present +inf: row 5 is NaN
    bias[0, 0, 6, :] = -inf       # every logit -inf: output 0, LSE -inf
    bias[0, 0, 7, :] = -1e30      # manual masking: the mean of v_0..v_7
    bias[0, 1, 3, :] = nan        # a row of NaN logits
    bias[0, 1, 7, 2] = -inf       # one -inf logit: that entry has weight 0
    if N > 64:                    # in the last key tile (a split-KV part)
        bias[0, 0, N - 1, N - 3] = nan
        bias[0, 1, N - 2, N - 2] = inf
        bias[0, 1, N - 1, :] = -1e30
    return bias


def softpick_bias():
    bias = np.zeros((B, H, N, M))
    bias[0, 0, 2, 1] = nan        # row 2 NaN
    bias[0, 0, 3, 1] = 800.0      # e^800 overflows a plain exp: finite
    bias[0, 0, 4, :] = 750.0      # every logit large: finite
    bias[0, 0, 5, 0] = inf        # row 5 NaN
    bias[0, 0, 6, 3] = -inf       # a present -inf: |e^-inf - 1| = 1 counts
    bias[0, 1, 4, 6] = nan        # masked: finite
    if N > 64:
        bias[0, 0, N - 1, N - 3] = nan
        bias[0, 1, N - 2, N - 2] = inf
        bias[0, 1, N - 1, N - 5] = 800.0
    return bias


def logits(q, k, bias):
    s = np.einsum("bhid,bhjd->bhij", q, k) * SCALE + bias
    present = np.tril(np.ones((N, M), bool))
    return s, present


def ref_softmax(q, k, v, bias, sink=None):
    s, present = logits(q, k, bias)
    o = np.zeros((B, H, N, D))
    lse = np.zeros((B, H, N))
    for b in range(B):
        for h in range(H):
            for i in range(N):
                x = list(s[b, h, i][present[i]])
                vs = list(v[b, h][present[i]])
                if sink is not None:
                    x.append(sink[h])
                    vs.append(np.zeros(D))
                x, vs = np.array(x), np.array(vs)
                if np.isnan(x).any() or (x == inf).any():
                    o[b, h, i], lse[b, h, i] = nan, nan
                elif (x == -inf).all():
                    o[b, h, i], lse[b, h, i] = 0, -inf
                else:
                    m = x.max()
                    w = np.exp(x - m)
                    o[b, h, i] = w @ vs / w.sum()
                    lse[b, h, i] = m + np.log(w.sum())
    return o, lse


def ref_softpick(q, k, v, bias, eps=1e-6):
    s, present = logits(q, k, bias)
    o = np.zeros((B, H, N, D))
    for b in range(B):
        for h in range(H):
            for i in range(N):
                x = s[b, h, i][present[i]]
                if np.isnan(x).any() or (x == inf).any():
                    o[b, h, i] = nan
                    continue
                # e^-m (e^x - 1) with m = max(0, x): the same ratio.
                m = max(0.0, x.max())
                e = np.exp(x - m) - np.exp(-m)
                den = np.abs(e).sum() + eps * np.exp(-m)
                o[b, h, i] = np.maximum(e, 0) @ v[b, h][present[i]] / den
    return o


def decay_inputs(kind):
    g = {"ret": np.array([-inf, -0.1]),
         "sgla": -0.3 * np.ones((B, H, M)),
         "gla": -0.2 * np.ones((B, H, M, D))}[kind]
    if kind == "sgla":
        g[0, 0, 3] = -inf         # full forgetting at t = 3
        g[0, 1, 5] = g[0, 1, 6] = -inf
        g[0, 1, N - 2] = -inf
    if kind == "gla":
        g[0, 0, 3, 1] = -inf      # channel 1 forgets at t = 3
        g[0, 1, 0, :] = -inf      # t = 0: never crossed
        g[0, 1, 6, 2] = -inf
        g[0, 0, N - 2, 3] = -inf
    return g


def ref_decay(q, k, v, g, square=False):
    o = np.zeros((B, H, N, D))
    for b in range(B):
        for h in range(H):
            for i in range(N):
                for j in range(i + 1):
                    if g.ndim == 1:
                        f = np.ones(D) * (1.0 if i == j else
                                          np.exp(g[h] * (i - j)))
                    elif g.ndim == 3:
                        f = np.ones(D) * np.exp(g[b, h, j + 1:i + 1].sum())
                    else:
                        f = np.exp(g[b, h, j + 1:i + 1, :].sum(axis=0))
                    w = SCALE * (q[b, h, i] * k[b, h, j] * f).sum()
                    w = w * w if square else w
                    o[b, h, i] += w * v[b, h, j]
    return o


def fox_inputs():
    logf = -0.3 * np.ones((B, H, M))
    logf[0, 0, :] = -inf          # every gate closed: o_i = v_i
    logf[0, 1, 3] = -inf          # rows from 3 on read keys from 3 on
    logf[0, 1, M - 1] = -inf
    return logf


def ref_fox(q, k, v, logf):
    s = np.einsum("bhid,bhjd->bhij", q, k) * SCALE
    o = np.zeros((B, H, N, D))
    for b in range(B):
        for h in range(H):
            for i in range(N):
                # c_i - c_j = sum_{t=j+1..i} log f_t, summed directly.
                x = np.array([s[b, h, i, j] + logf[b, h, j + 1:i + 1].sum()
                              for j in range(i + 1)])
                m = x.max()
                w = np.exp(x - m)
                o[b, h, i] = w @ v[b, h, :i + 1] / w.sum()
    return o


def cases():
    q, k, v = base(1)
    bias = softmax_bias()
    sink = np.array([0.5, nan])
    yield "sm", dict(q=q, k=k, v=v, bias=bias), ref_softmax(q, k, v, bias)
    yield ("sm_sink", dict(q=q, k=k, v=v, bias=bias, sink=sink),
           ref_softmax(q, k, v, bias, sink))
    yield "mrg", dict(q=q, k=k, v=v, bias=bias), ref_softmax(q, k, v, bias)
    bias = softpick_bias()
    yield "sp", dict(q=q, k=k, v=v, bias=bias), (ref_softpick(q, k, v, bias),)
    logf = fox_inputs()
    yield "fox", dict(q=q, k=k, v=v, logf=logf), (ref_fox(q, k, v, logf),)
    for kind in ("ret", "sgla", "gla"):
        g = decay_inputs(kind)
        yield kind, dict(q=q, k=k, v=v, g=g), (ref_decay(q, k, v, g),)
        yield (kind + "_sq", dict(q=q, k=k, v=v, g=g),
               (ref_decay(q, k, v, g, square=True),))


def main():
    mode, root = sys.argv[1], sys.argv[2]
    bad = 0
    for name, inputs, outputs in cases():
        d = os.path.join(root, name)
        if mode == "make":
            os.makedirs(d, exist_ok=True)
            for n, x in inputs.items():
                np.save(os.path.join(d, n + ".npy"), x)
            continue
        for n, want in enumerate(outputs):
            got = np.load(os.path.join(d, "out%d.npy" % n))
            ok = np.array_equal(np.isnan(got), np.isnan(want)) and np.allclose(
                got, want, rtol=1e-4, atol=1e-5, equal_nan=True)
            print("%s out%d: %s" % (name, n, "ok" if ok else "MISMATCH"))
            if not ok:
                print("got", got, "\nwant", want, sep="\n")
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
