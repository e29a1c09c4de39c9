#!/usr/bin/env bash
# GPU tests (ctest label `gpu`): every example variant the CUDA backend
# compiles runs against the float64 oracle on fresh random inputs (a new
# seed each run unless ATTNC_SEED is set), in bf16 and f16, on several
# shapes: tile-aligned, ragged with N != M, decode (N = 1) and N > M.
# Split-KV: every shape runs with the parts the runtime picks (decode
# splits, the short shapes do not), and the ragged and decode shapes again
# with every key tile its own part (ATTNC_CUDA_SPLITS=64), which includes
# parts whose tiles the masks skip. Outputs are poisoned (NaN) before each
# run. Variants the backend does not
# compile yet must be listed in UNSUPPORTED below, with the error they give;
# anything else that fails to compile fails the test.
#
#   test/gpu/examples.sh ATTNC [OUT_DIR]
#
# ATTNC_ONLY="v1 v2 ..." limits the run to those variants; ATTNC_JOBS runs
# that many at once (default: the CPU count).
# Exits 77 (ctest: skipped) when no GPU is visible. Writes OUT_DIR/results.txt
# (one line per run) and OUT_DIR/summary.txt.
set -uo pipefail
ATTNC=${1:?usage: examples.sh ATTNC [OUT_DIR]}
OUT=${2:-$(mktemp -d)}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$OUT"
if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "no GPU visible: skipping the GPU tests"
  exit 77
fi
export ATTNC_CACHE_DIR=${ATTNC_CACHE_DIR:-$OUT/cache}
TARGET=${ATTNC_TARGET:-sm_80}

# Variants the CUDA backend does not compile: name -> the start of the
# error they must give (none today; the list stays for new examples).
declare -A UNSUPPORTED=()

# SHAPE or SHAPE@PARTS (PARTS: ATTNC_CUDA_SPLITS for the run).
SHAPES=("B=2,N=128,M=128" "B=1,N=77,M=203" "B=2,N=1,M=1000" "B=1,N=150,M=90"
        "B=1,N=77,M=203@64" "B=2,N=1,M=1000@64")
JOBS=${ATTNC_JOBS:-$(nproc)}
mkdir -p "$OUT/runs"
rm -f "$OUT"/runs/*.txt

# Prints the GPU run's error location if the reference evaluator stops at
# the same location on the same inputs (a shape the variant does not
# accept).
expected_error() {
  local where ref
  where=$(echo "$1" | sed -n "s/^attnc: error: variant '[^']*': \([^ ]*:[0-9]*:[0-9]*:\).*/\1/p" | head -1)
  [ -n "$where" ] || return 0
  # (The reference run fails: keep its status out of the grep's.)
  ref=$("$ATTNC" run "$2" --target=reference --variant "$3" --shape "$4" --seed "$5" 2>&1)
  if echo "$ref" | grep -q "^attnc: error: variant '[^']*': $where"; then echo "$where"; fi
}

# One run: prints its result line (PASS, REJECTED or FAIL).
run_one() { # variant dtype shape[@parts] src
  local variant=$1 dtype=$2 shape=${3%@*} src=$4 seed log rc err ratio parts used
  parts=auto
  [[ "$3" == *@* ]] && parts=${3#*@}
  seed=${ATTNC_SEED:-$RANDOM$RANDOM}
  log=$(if [ "$parts" != auto ]; then export ATTNC_CUDA_SPLITS=$parts; fi
        "$ATTNC" run "$src" --target=$TARGET --variant "$variant" --shape "$shape" --seed "$seed" --check 2>&1)
  rc=$?
  ratio=$(echo "$log" | sed -n 's/.*max |err| [^ ]* (\([0-9.]*\) of the tolerance.*/\1/p' | sort -g | tail -1)
  err=$(echo "$log" | sed -n 's/.*check output 0 as stored: max |err| \([^ ]*\) .*/\1/p' | head -1)
  used=$(echo "$log" | sed -n 's/.*split-KV parts \(.*\)$/\1/p' | head -1 | tr ' ' ',')
  if [ $rc -eq 0 ]; then
    echo "PASS $variant $dtype $shape seed=$seed max_err=${err:-?} max_err_ratio=${ratio:-?} parts=${used:--}"
  elif [ -n "$(expected_error "$log" "$src" "$variant" "$shape" "$seed")" ]; then
    # The shape is outside the variant's domain: the oracle rejects it
    # too, at the same source location.
    echo "REJECTED $variant $dtype $3 seed=$seed (as by the oracle): $(echo "$log" | grep -m1 'error:')"
  else
    echo "FAIL $variant $dtype $3 seed=$seed: $(echo "$log" | tail -3 | tr '\n' ' ')"
  fi
}

variants_of() { grep -o '^attention [A-Za-z_0-9]*' "$1" | awk '{print $2}'; }

: >"$OUT/compile.txt"
n=0
for file in "$ROOT"/examples/*.attn; do
  for dtype in bf16 f16; do
    src="$OUT/src/$dtype/$(basename "$file")"
    mkdir -p "$(dirname "$src")"
    sed "s/\bbf16\b/$dtype/g" "$file" >"$src"
    for variant in $(variants_of "$src"); do
      if [ -n "${ATTNC_ONLY:-}" ] && [[ " $ATTNC_ONLY " != *" $variant "* ]]; then continue; fi
      # Compiles into the kernel cache first, so the runs load it.
      emitted=$("$ATTNC" "$src" --emit=cubin --target=$TARGET --variant "$variant" -o /dev/null 2>&1)
      if [ $? -ne 0 ]; then
        want=${UNSUPPORTED[$variant]:-}
        if [ -n "$want" ] && [[ "$emitted" == *"$want"* ]]; then
          [ $dtype = bf16 ] && echo "UNSUPPORTED $variant: $emitted" >>"$OUT/compile.txt"
        else
          echo "FAIL $variant $dtype: does not compile: $emitted" >>"$OUT/compile.txt"
        fi
        continue
      fi
      if [ -n "${UNSUPPORTED[$variant]:-}" ]; then
        echo "FAIL $variant: compiles now; remove it from UNSUPPORTED" >>"$OUT/compile.txt"
      fi
      for shape in "${SHAPES[@]}"; do
        n=$((n+1))
        run_one "$variant" "$dtype" "$shape" "$src" >"$OUT/runs/$n.txt" &
        while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
      done
    done
  done
done
wait
cat "$OUT/compile.txt" "$OUT"/runs/*.txt >"$OUT/results.txt"
pass=$(grep -c '^PASS' "$OUT/results.txt")
fail=$(grep -c '^FAIL' "$OUT/results.txt")
rejected=$(grep -c '^REJECTED' "$OUT/results.txt")
unsupported=$(grep -c '^UNSUPPORTED' "$OUT/results.txt")
{
  echo "GPU tests on $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | head -1), target $TARGET"
  echo "runs: $pass passed, $fail failed, $rejected rejected as by the oracle (shapes outside the variant's domain); $unsupported variants not compiled by the CUDA backend"
  echo "max |err| of output 0 per variant and dtype (over all shapes), and the largest share of the tolerance:"
  awk '$1 == "PASS" { key = $2 "/" $3; e = $6; r = $7; sub("max_err=", "", e); sub("max_err_ratio=", "", r);
         if (!(key in E) || e + 0 > E[key] + 0) E[key] = e; if (!(key in R) || r + 0 > R[key] + 0) R[key] = r }
       END { for (k in E) printf "  %s %s (%s)\n", k, E[k], R[k] }' "$OUT/results.txt" | sort
} | tee "$OUT/summary.txt"
grep '^FAIL' "$OUT/results.txt" | head -20
[ "$fail" -eq 0 ]
