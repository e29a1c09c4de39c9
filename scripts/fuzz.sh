#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs them.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 30)
#
# attn-fuzz-lang fuzzes the .attn parser, checker and lowering, seeded with
# test/fuzz/corpus-lang (the examples are copied in); attn-fuzz-ir fuzzes the
# attn IR parser and verifiers, seeded with test/fuzz/corpus-ir. New inputs
# that grow coverage are written back to the corpus folders; a crash leaves a
# crash-* file in build-fuzz/ and fails the script.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
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
cmake --build "$build" --target attn-fuzz-lang attn-fuzz-ir

# Uninstrumented LLVM libraries + instrumented headers: see test/lit.cfg.py.
export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=0"
mkdir -p "$root/test/fuzz/corpus-lang" "$root/test/fuzz/corpus-ir"
cp "$root"/examples/*.attn "$root/test/fuzz/corpus-lang/" 2>/dev/null || true
cd "$build"
for kind in lang ir; do
  echo "fuzz.sh: attn-fuzz-$kind for ${seconds}s"
  "$build/bin/attn-fuzz-$kind" -max_total_time="$seconds" -max_len=4096 \
    -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    "$root/test/fuzz/corpus-$kind" 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)|crash|ERROR" || true
  if ls crash-* timeout-* oom-* >/dev/null 2>&1; then
    echo "fuzz.sh: attn-fuzz-$kind found: $(ls crash-* timeout-* oom-* 2>/dev/null)" >&2
    exit 1
  fi
done
