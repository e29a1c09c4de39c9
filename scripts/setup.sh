#!/usr/bin/env bash
# Installs what attnc needs (Debian packages), configures and builds it.
#
#   scripts/setup.sh [--self-contained] [--sanitize] [--debug] [--build-dir DIR]
#
# Idempotent: packages already installed are not touched, an existing build
# directory is reused (incremental build). Default build directory: build/,
# build-static/ with --self-contained, build-asan/ with --sanitize.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
self_contained=OFF
sanitize=OFF
build_type=Release
build_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --self-contained) self_contained=ON ;;
    --sanitize) sanitize=ON; build_type=RelWithDebInfo ;;
    --debug) build_type=Debug ;;
    --build-dir) build_dir="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$1' (see --help)" >&2; exit 1 ;;
  esac
  shift
done
if [ -z "$build_dir" ]; then
  build_dir="$root/build"
  [ "$self_contained" = ON ] && build_dir="$root/build-static"
  [ "$sanitize" = ON ] && build_dir="$root/build-asan"
fi

llvm=/usr/lib/llvm-22
packages=(cmake ninja-build g++ python3 python3-numpy libgtest-dev libbenchmark-dev libmlir-22-dev mlir-22-tools llvm-22-dev
          llvm-22-tools libzstd-dev zlib1g-dev)
. "$root/scripts/lib.sh"
install_packages "${packages[@]}"

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build_dir" \
    -DCMAKE_BUILD_TYPE="$build_type" \
    -DMLIR_DIR="$llvm/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$llvm/bin/lit" \
    -DATTNC_SELF_CONTAINED="$self_contained" \
    -DATTNC_SANITIZE="$sanitize"
fi
cmake --build "$build_dir"
echo "setup.sh: built in $build_dir"
