#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs them.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [--merge]     (default 30)
#
# attn-fuzz-lang fuzzes the .attn parser, checker and lowering, seeded with
# test/fuzz/corpus-lang and the examples; attn-fuzz-ir fuzzes the attn IR
# parser and verifiers, seeded with test/fuzz/corpus-ir; attn-fuzz-npy the
# .npy reader (test/fuzz/corpus-npy); attn-fuzz-shape the --shape parser and
# the size checks of a run behind it (test/fuzz/corpus-shape). The fuzzers work on
# copies in build-fuzz/; with --merge the inputs that add coverage are merged
# back into test/fuzz/ (minimised with libFuzzer's -merge=1). A crash leaves
# a crash-* file in build-fuzz/ and fails the script. Then, for as long
# again, the corpus programs attnc accepts run on the CPU backend against
# the oracle (`attnc run --target=cpu --check`, the sanitizer build when
# there is one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
merge="${2:-}"
build="$root/build-fuzz"
llvm=/usr/lib/llvm-22

. "$root/scripts/lib.sh"
install_packages clang-22 libclang-rt-22-dev
"$root/scripts/setup.sh" >/dev/null # the Debian LLVM/MLIR packages
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$llvm/bin/clang" -DCMAKE_CXX_COMPILER="$llvm/bin/clang++" \
    -DMLIR_DIR="$llvm/lib/cmake/mlir" -DLLVM_EXTERNAL_LIT="$llvm/bin/lit" \
    -DATTNC_FUZZ=ON
fi
cmake --build "$build" --target attn-fuzz-lang attn-fuzz-ir attn-fuzz-npy attn-fuzz-shape

# Uninstrumented LLVM libraries + instrumented headers: see test/lit.cfg.py.
export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=0"
cd "$build"
rm -f crash-* timeout-* oom-*
for kind in lang ir npy shape; do
  work="$build/corpus-$kind"
  mkdir -p "$work"
  cp "$root/test/fuzz/corpus-$kind"/* "$work/"
  [ "$kind" = lang ] && cp "$root"/examples/*.attn "$work/"
  echo "fuzz.sh: attn-fuzz-$kind for ${seconds}s"
  "$build/bin/attn-fuzz-$kind" -max_total_time="$seconds" -max_len=4096 \
    -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 "$work" 2>&1 |
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)|crash|ERROR" || true
  if ls crash-* timeout-* oom-* >/dev/null 2>&1; then
    echo "fuzz.sh: attn-fuzz-$kind found: $(ls crash-* timeout-* oom-* 2>/dev/null)" >&2
    exit 1
  fi
  if [ "$merge" = "--merge" ]; then
    fresh="$build/merged-$kind"
    rm -rf "$fresh" && mkdir -p "$fresh"
    "$build/bin/attn-fuzz-$kind" -merge=1 "$fresh" "$work" 2>&1 | grep MERGE-OUTER | tail -1
    rm -rf "$root/test/fuzz/corpus-$kind" && mv "$fresh" "$root/test/fuzz/corpus-$kind"
  fi
done

# The CPU backend on accepted mutants: every program of the language corpus
# (seeds and what the fuzzer added) that attnc accepts runs through `attnc
# run --target=cpu --check` at small sizes, for up to the same time, with the
# sanitizer build when there is one (CI: scripts/test.sh --sanitize builds it
# first). A located error (exit 1) is an answer and a difference from the
# oracle is counted (mutants are often ill-conditioned: exp of huge logits);
# a signal, a sanitizer report or a timeout is a failure.
attnc="$root/build-asan/bin/attnc"
[ -x "$attnc" ] || attnc="$root/build/bin/attnc"
export ATTNC_CACHE_DIR="$build/run-cache"
export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=1:abort_on_error=0:exitcode=99"
export LSAN_OPTIONS="suppressions=$root/test/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
deadline=$((SECONDS + seconds))
ran=0 accepted=0 differ=0
for program in "$build"/corpus-lang/*; do
  [ $SECONDS -ge $deadline ] && break
  ran=$((ran + 1))
  "$attnc" "$program" --emit=mlir -o /dev/null >/dev/null 2>&1 || continue
  accepted=$((accepted + 1))
  rc=0
  timeout 60 "$attnc" run "$program" --target=cpu --check --seed 1 \
    --shape B=1,H=2,N=9,M=13 >"$build/run.log" 2>&1 || rc=$?
  grep -q "differs from the oracle" "$build/run.log" && differ=$((differ + 1))
  if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
    echo "fuzz.sh: attnc run failed with status $rc on $program:" >&2
    tail -20 "$build/run.log" >&2
    exit 1
  fi
done
echo "fuzz.sh: attnc run --target=cpu --check on $accepted accepted of $ran" \
  "corpus programs ($differ differ from the oracle)"
