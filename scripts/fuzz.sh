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
# a crash-* file in build-fuzz/ and fails the script.
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
