#!/usr/bin/env bash
# Installs, builds and runs every test: the normal build, the self-contained
# build (whose binaries must not need libLLVM/libMLIR) and, with --sanitize,
# the ASan/UBSan build as well.
#
#   scripts/test.sh [--sanitize]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="$(nproc)"
# The three builds emit the same CPU-backend sources: one JIT cache for all
# of them (fresh per run) compiles each program once.
export ATTNC_CACHE_DIR="${ATTNC_CACHE_DIR:-$(mktemp -d)}"
# The CUDA compile tests must run: lit fails when nvcc or NVRTC is missing
# (scripts/setup.sh installs them) instead of reporting them unsupported.
export ATTNC_REQUIRE_CUDA_TOOLKIT="${ATTNC_REQUIRE_CUDA_TOOLKIT:-1}"

run_suite() {
  "$root/scripts/setup.sh" "$@"
  local dir="$root/build"
  case "${1:-}" in
    --self-contained) dir="$root/build-static" ;;
    --sanitize) dir="$root/build-asan" ;;
  esac
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
}

run_suite
# Formatting (clang-format-22, installed by setup.sh) is checked like a test.
"$root/scripts/format.sh" --check
run_suite --self-contained
if [ "${1:-}" = "--sanitize" ]; then
  run_suite --sanitize
fi
