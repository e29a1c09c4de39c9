"""Helpers for the independent-form tests of the reference evaluator.

Each test runs `attnc run` on an example (random inputs drawn by attnc,
saved as .npy), then recomputes the outputs in NumPy a second, different way:
a closed form from VARIANTS.md (recurrent vs parallel, sink as an extra
logit, LSE merge, identity kernels...) and compares.
"""

import os
import subprocess
import sys
import tempfile

import numpy as np

ATTNC = os.environ.get("ATTNC", "attnc")
EXAMPLES = os.environ.get("ATTNC_EXAMPLES", "examples")


def run(example, shape="", seed=0, variant=None, source=None):
    """Runs `attnc run` on examples/<example>.attn (or on `source` text) and
    returns {variant: {name: array}} with the inputs and out0, out1, ..."""
    tmp = tempfile.mkdtemp(prefix="attnref-")
    path = os.path.join(EXAMPLES, example + ".attn")
    if source is not None:
        path = os.path.join(tmp, "program.attn")
        with open(path, "w") as f:
            f.write(source)
    cmd = [ATTNC, "run", path, "--target=reference", "--seed", str(seed),
           "--save", os.path.join(tmp, "out")]
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
    return data


def check(name, got, want, tol=1e-9):
    """Fails the test when got and want differ by more than tol (relative to
    max(1, max|want|)); prints the error either way."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        sys.exit(f"{name}: shape {got.shape} != {want.shape}")
    if np.isnan(got).any() or np.isnan(want).any():
        sys.exit(f"{name}: NaN (got {np.isnan(got).sum()}, "
                 f"want {np.isnan(want).sum()})")
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
