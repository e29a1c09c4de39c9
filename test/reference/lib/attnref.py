"""Helpers for the independent-form tests of the reference evaluator.

Each test runs `attnc run` on an example (random inputs drawn by attnc,
saved as .npy), then recomputes the outputs in NumPy a second, different way:
a closed form from VARIANTS.md (recurrent vs parallel, sink as an extra
logit, LSE merge, identity kernels...) and compares.

run() can also feed given inputs (--inputs) and tiny programs (source=).
check() / check_lse() compare at 1e-9 relative (float64), check_zero_rows()
asserts that fully masked rows are exactly 0; softmax_rows(), softmax_keys()
(one row over its allowed keys), flash_rows() (online softmax over key
tiles, optional sink), sigmoid_tanh(), rmsnorm() and rows_of() are shared
building blocks for the second evaluation.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

ATTNC = os.environ.get("ATTNC", "attnc")
EXAMPLES = os.environ.get("ATTNC_EXAMPLES", "examples")


def run(example, shape="", seed=0, variant=None, source=None, inputs=None):
    """Runs `attnc run` on examples/<example>.attn (or on `source` text) and
    returns {variant: {name: array}} with the inputs and out0, out1, ...

    `inputs` ({name: array}, or {variant: {name: array}}) replaces the random
    inputs: the arrays are written as .npy files (keep their dtypes: integer
    arrays for integer parameters) and passed with --inputs. The returned
    inputs are the ones attnc used (rounded to the declared element type)."""
    tmp = tempfile.mkdtemp(prefix="attnref-")
    path = os.path.join(EXAMPLES, example + ".attn")
    if source is not None:
        path = os.path.join(tmp, "program.attn")
        with open(path, "w") as f:
            f.write(source)
    cmd = [ATTNC, "run", path, "--target=reference", "--seed", str(seed),
           "--save", os.path.join(tmp, "out")]
    if inputs is not None:
        folder = os.path.join(tmp, "in")
        os.makedirs(folder)
        for name, value in inputs.items():
            if isinstance(value, dict):
                os.makedirs(os.path.join(folder, name), exist_ok=True)
                for n, a in value.items():
                    np.save(os.path.join(folder, name, n + ".npy"),
                            np.ascontiguousarray(a))
            else:
                np.save(os.path.join(folder, name + ".npy"),
                        np.ascontiguousarray(value))
        cmd += ["--inputs", folder]
    if shape:
        cmd += ["--shape", shape]
    if variant:
        cmd += ["--variant", variant]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("attnc run failed:\n" + result.stdout + result.stderr)
    data = {}
    root = os.path.join(tmp, "out")
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        data[name] = {f[:-4]: np.load(os.path.join(folder, f))
                      for f in os.listdir(folder) if f.endswith(".npy")}
    shutil.rmtree(tmp)
    return data


def _arrays(name, got, want):
    """got and want as float64 arrays of one shape, with no NaN."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        sys.exit(f"{name}: shape {got.shape} != {want.shape}")
    if np.isnan(got).any() or np.isnan(want).any():
        sys.exit(f"{name}: NaN (got {np.isnan(got).sum()}, "
                 f"want {np.isnan(want).sum()})")
    return got, want


def check(name, got, want, tol=1e-9):
    """Fails the test when got and want differ by more than tol (relative to
    max(1, max|want|)); prints the error either way."""
    got, want = _arrays(name, got, want)
    scale = max(1.0, float(np.abs(want).max(initial=0.0)))
    err = float(np.abs(got - want).max(initial=0.0)) / scale
    print(f"{name}: max relative error {err:.3e}")
    if not err <= tol:
        sys.exit(f"{name}: error {err:.3e} > {tol:.1e}")


def softmax_rows(s):
    """Row softmax where -inf entries are removed; all-removed rows give 0."""
    m = np.max(s, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.where(np.isfinite(s), np.exp(s - m), 0.0)
    d = e.sum(axis=-1, keepdims=True)
    return np.where(d > 0, e / np.where(d > 0, d, 1.0), 0.0)


def expand_kv(x, heads):
    """GQA: repeats kv heads so that head h reads kv head h // (H / Hkv)."""
    return np.repeat(x, heads // x.shape[1], axis=1)


def check_lse(name, got, want, tol=1e-9):
    """Like check, for log-sum-exps: -inf entries (rows with no key) must be
    exactly -inf in both, the finite ones close."""
    got, want = _arrays(name, got, want)
    gi, wi = np.isneginf(got), np.isneginf(want)
    if (gi != wi).any():
        sys.exit(f"{name}: -inf at {np.argwhere(gi != wi)[:4].tolist()} "
                 f"differs (got {got[gi != wi][:4]}, want {want[gi != wi][:4]})")
    print(f"{name}: {int(wi.sum())} rows with LSE -inf")
    check(name, np.where(wi, 0.0, got), np.where(wi, 0.0, want), tol)


def check_zero_rows(name, out, rows):
    """The rows of out[B, H, N, D] where rows is true must be exactly 0 (not
    NaN); rows is [B, H, N], [B, N] (every head) or [N] (every batch and
    head). At least one such row must exist."""
    out = np.asarray(out)
    rows = np.asarray(rows, bool)
    if rows.ndim == 2:
        rows = rows[:, None, :]
    rows = np.broadcast_to(rows, out.shape[:3])
    if not rows.any():
        sys.exit(f"{name}: the test meant to have fully masked rows, has none")
    bad = out[rows]
    if np.isnan(bad).any() or (bad != 0).any():
        sys.exit(f"{name}: fully masked rows are not exactly 0 "
                 f"(max |x| {np.nanmax(np.abs(bad))}, NaN {np.isnan(bad).sum()})")
    print(f"{name}: {int(rows.sum())} fully masked rows are exactly 0")


def rows_of(fn, B, H, N):
    """Calls fn(b, h, i) for every row and stacks the results [B, H, N, ...]."""
    return np.array([[[fn(b, h, i) for i in range(N)] for h in range(H)]
                     for b in range(B)])


def softmax_keys(s, v):
    """Plain softmax over a 1-D vector of logits s (the allowed keys only),
    then the weighted sum of the rows of v; (0, -inf) for no keys. Returns
    (o, lse), with the log-sum-exp from the max-shifted sum."""
    if len(s) == 0:
        return np.zeros(v.shape[-1]), -np.inf
    m = np.max(s)
    e = np.exp(s - m)
    return (e @ v) / e.sum(), m + np.log(e.sum())


def flash_rows(s, v, tile=7, sink=None):
    """Online ("flash") softmax over key tiles of `tile` columns: running max m,
    running sum l, rescaled accumulator; -inf entries are absent keys.
    s [..., N, M], v [..., M, Dv]. With sink (broadcastable to s[..., 0]) the
    state starts at m = sink, l = 1 (the sink logit's own term). Returns
    (o, lse); rows with no key give o = 0, lse = -inf."""
    shape = s.shape[:-1]
    m = np.full(shape, -np.inf) if sink is None else \
        np.broadcast_to(np.asarray(sink, float), shape).copy()
    l = np.zeros(shape) if sink is None else np.ones(shape)
    acc = np.zeros(shape + (v.shape[-1],))
    for j0 in range(0, s.shape[-1], tile):
        blk = s[..., j0:j0 + tile]
        m_new = np.maximum(m, blk.max(-1))
        safe = np.where(np.isfinite(m_new), m_new, 0.0)
        alpha = np.where(np.isfinite(m), np.exp(m - safe), 0.0)
        p = np.where(np.isfinite(blk), np.exp(blk - safe[..., None]), 0.0)
        l = alpha * l + p.sum(-1)
        acc = alpha[..., None] * acc + p @ v[..., j0:j0 + tile, :]
        m = m_new
    live = l > 0
    o = np.where(live[..., None], acc / np.where(live, l, 1.0)[..., None], 0.0)
    lse = np.where(live, m + np.log(np.where(live, l, 1.0)), -np.inf)
    return o, lse


def sigmoid_tanh(x):
    """sigmoid(x) as 0.5 (1 + tanh(x / 2)) (FlashSigmoid's form)."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, float)))


def rmsnorm(x, w=None, eps=1e-5):
    """Per-row RMSNorm over the last axis, optional weight."""
    r = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    y = x / r
    return y if w is None else y * w
