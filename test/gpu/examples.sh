#!/usr/bin/env bash
# GPU tests (ctest label `gpu`): every example variant the CUDA backend
# compiles runs against the float64 oracle on fresh random inputs (a new
# seed each run unless ATTNC_SEED is set), in bf16 and f16, on several
# shapes: tile-aligned, ragged with N != M, decode (N = 1) and N > M.
# Outputs are poisoned (NaN) before each run. Variants the backend does not
# compile yet must be listed in UNSUPPORTED below, with the error they give;
# anything else that fails to compile fails the test.
#
#   test/gpu/examples.sh ATTNC [OUT_DIR]
#
# ATTNC_ONLY="v1 v2 ..." limits the run to those variants.
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

SHAPES=("B=2,N=128,M=128" "B=1,N=77,M=203" "B=2,N=1,M=1000" "B=1,N=150,M=90")
pass=0 fail=0 unsupported=0 rejected=0
: >"$OUT/results.txt"
declare -A maxratio

# Prints the GPU run's error location if the reference evaluator stops at
# the same location on the same inputs (a shape the variant does not
# accept).
expected_error() {
  local where
  where=$(echo "$1" | sed -n "s/^attnc: error: variant '[^']*': \([^ ]*:[0-9]*:[0-9]*:\).*/\1/p" | head -1)
  [ -n "$where" ] || return 0
  "$ATTNC" run "$2" --target=reference --variant "$3" --shape "$4" --seed "$5" 2>&1 |
    grep -q "^attnc: error: variant '[^']*': $where" && echo "$where"
}

variants_of() { grep -o '^attention [A-Za-z_0-9]*' "$1" | awk '{print $2}'; }

for file in "$ROOT"/examples/*.attn; do
  for dtype in bf16 f16; do
    src="$OUT/src/$dtype/$(basename "$file")"
    mkdir -p "$(dirname "$src")"
    sed "s/\bbf16\b/$dtype/g" "$file" >"$src"
    for variant in $(variants_of "$src"); do
      if [ -n "${ATTNC_ONLY:-}" ] && [[ " $ATTNC_ONLY " != *" $variant "* ]]; then continue; fi
      emitted=$("$ATTNC" "$src" --emit=cuda --target=$TARGET --variant "$variant" -o /dev/null 2>&1)
      if [ $? -ne 0 ]; then
        want=${UNSUPPORTED[$variant]:-}
        if [ -n "$want" ] && [[ "$emitted" == *"$want"* ]]; then
          [ $dtype = bf16 ] && { unsupported=$((unsupported+1)); echo "UNSUPPORTED $variant: $emitted" >>"$OUT/results.txt"; }
        else
          fail=$((fail+1)); echo "FAIL $variant $dtype: does not compile: $emitted" >>"$OUT/results.txt"
        fi
        continue
      fi
      if [ -n "${UNSUPPORTED[$variant]:-}" ]; then
        fail=$((fail+1)); echo "FAIL $variant: compiles now; remove it from UNSUPPORTED" >>"$OUT/results.txt"
      fi
      for shape in "${SHAPES[@]}"; do
        seed=${ATTNC_SEED:-$RANDOM$RANDOM}
        log=$("$ATTNC" run "$src" --target=$TARGET --variant "$variant" --shape "$shape" --seed "$seed" --check 2>&1)
        rc=$?
        ratio=$(echo "$log" | sed -n 's/.*max |err| [^ ]* (\([0-9.]*\) of the tolerance.*/\1/p' | sort -g | tail -1)
        errline=$(echo "$log" | sed -n 's/.*check output 0 as stored: max |err| \([^ ]*\) .*/\1/p' | head -1)
        key="$variant/$dtype"
        if [ $rc -eq 0 ]; then
          pass=$((pass+1))
          echo "PASS $variant $dtype $shape seed=$seed max_err=${errline:-?} max_err_ratio=${ratio:-?}" >>"$OUT/results.txt"
        elif [ -n "$(expected_error "$log" "$src" "$variant" "$shape" "$seed")" ]; then
          # The shape is outside the variant's domain: the oracle rejects
          # it too, at the same source location.
          rejected=$((rejected+1))
          echo "REJECTED $variant $dtype $shape seed=$seed (as by the oracle): $(echo "$log" | grep -m1 'error:')" >>"$OUT/results.txt"
        else
          fail=$((fail+1))
          echo "FAIL $variant $dtype $shape seed=$seed: $(echo "$log" | tail -3 | tr '\n' ' ')" >>"$OUT/results.txt"
        fi
        prev=${maxratio[$key]:-0}
        if [ -n "$errline" ] && awk "BEGIN{exit !($errline > $prev)}"; then maxratio[$key]=$errline; fi
      done
    done
  done
done
{
  echo "GPU tests on $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | head -1), target $TARGET"
  echo "runs: $pass passed, $fail failed, $rejected rejected as by the oracle (shapes outside the variant's domain); $unsupported variants not compiled by the CUDA backend"
  echo "max |err| of output 0 per variant and dtype (over all shapes):"
  for key in $(echo "${!maxratio[@]}" | tr ' ' '\n' | sort); do echo "  $key ${maxratio[$key]}"; done
} | tee "$OUT/summary.txt"
grep '^FAIL' "$OUT/results.txt" | head -20
[ $fail -eq 0 ]
