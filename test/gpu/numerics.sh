#!/usr/bin/env bash
# GPU test of the NaN and infinity rule (docs/limits.md; issue 13, items 4
# and 7): the hand-made inputs of test/reference/Inputs/numerics.py (NaN,
# +inf, -inf and -1e30 logits, a NaN sink, softpick logits of 800, decays
# of -inf) through test/reference/Inputs/numerics.attn (less its *_sq
# variants: decayed quadratic kernels are CPU-only) with head dim 16 in
# bf16 and f16, checked against the oracle with --check (NaN exactly where
# the oracle has NaN, elsewhere within the tolerance): N = M = 8 (one key
# tile) and N = M = 200 (NaN, +inf and -1e30 rows in the last key tile),
# the latter also with every key tile its own split-KV part
# (ATTNC_CUDA_SPLITS=64: the combine sees NaN parts).
#
#   test/gpu/numerics.sh ATTNC [OUT_DIR]
#
# ATTNC_TARGET picks sm_80 (default) or sm_90a, as examples.sh does.
# Exits 77 (ctest: skipped) when no GPU is visible.
set -uo pipefail
ATTNC=${1:?usage: numerics.sh ATTNC [OUT_DIR]}
OUT=${2:-$(mktemp -d)}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$OUT"
if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "no GPU visible: skipping the GPU tests"
  exit 77
fi
export ATTNC_CACHE_DIR=${ATTNC_CACHE_DIR:-$OUT/cache}
TARGET=${ATTNC_TARGET:-sm_80}
# $PYTHON, else the first of Debian's and the PATH's python3 with NumPy (the
# GPU machine has NumPy only in its PyTorch environment).
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in /usr/bin/python3 "$(command -v python3)"; do
    if [ -x "$candidate" ] && "$candidate" -c "import numpy" 2>/dev/null; then
      PY=$candidate
      break
    fi
  done
fi
if [ -z "$PY" ]; then
  echo "numerics.sh: no python3 with NumPy (set PYTHON)" >&2
  exit 1
fi
fail=0
for dtype in bf16 f16; do
  src="$OUT/numerics-$dtype.attn"
  sed -e 's/g: f32\[B, 2, M, 4\]/g: f32[B, 2, M, 16]/' \
      -e "s/f32\[B, 2, \([NM]\), 4\]/$dtype[B, 2, \1, 16]/g" \
      -e '/^# The same decayed scores through the quadratic path/,$d' \
      "$ROOT/test/reference/Inputs/numerics.attn" >"$src"
  for n in 8 200; do
    in="$OUT/in-$n"
    [ -d "$in" ] || "$PY" "$ROOT/test/reference/Inputs/numerics.py" make "$in" 16 "$n" || exit 1
    for parts in auto 64; do
      [ $n = 8 ] && [ $parts = 64 ] && continue
      log="$OUT/$dtype-$n-$parts.txt"
      if [ $parts = auto ]; then
        "$ATTNC" run "$src" --inputs "$in" --target=$TARGET --check >"$log" 2>&1
      else
        ATTNC_CUDA_SPLITS=$parts "$ATTNC" run "$src" --inputs "$in" --target=$TARGET --check >"$log" 2>&1
      fi
      rc=$?
      ok=$(grep -c 'as stored: .*: ok$' "$log")
      if [ $rc -eq 0 ] && ! grep -q MISMATCH "$log"; then
        echo "PASS $dtype N=M=$n parts=$parts ($ok outputs checked)"
      else
        echo "FAIL $dtype N=M=$n parts=$parts: $(grep -m3 'MISMATCH\|error' "$log" | tr '\n' ' ')"
        fail=1
      fi
    done
  done
done
exit $fail
