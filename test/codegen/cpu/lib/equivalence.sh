#!/bin/sh
# equivalence.sh EXAMPLE SEED SHAPE...
# Runs EXAMPLE on the CPU backend against the float64 oracle (attnc run
# --check) at every SHAPE, under three schedules: the cost model's tiles,
# 16x16 tiles with chunk 16, and odd 7x5 tiles with chunk 3 (so no length
# is a multiple of a tile). Each run fails on any output outside the
# tolerance of its type (stored) or of f32 (computed); the script fails if
# a run fails or reports no check.
set -u
example=$1 seed=$2
shift 2
status=0
for shape in "$@"; do
  for tiles in "" "--tile-q=16 --tile-k=16 --chunk=16" "--tile-q=7 --tile-k=5 --chunk=3"; do
    seed=$((seed + 1))
    out=$("$ATTNC" run "$example" --check --shape "$shape" --seed "$seed" $tiles 2>&1)
    rc=$?
    if [ $rc -ne 0 ] || ! printf '%s\n' "$out" | grep -q "as computed: .*: ok"; then
      echo "FAIL: $example --shape $shape --seed $seed $tiles (exit $rc)"
      printf '%s\n' "$out"
      status=1
    else
      printf '%s\n' "$out" | grep "^variant\|check output\|kernel"
    fi
  done
done
exit $status
