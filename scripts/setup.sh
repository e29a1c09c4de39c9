#!/usr/bin/env bash
# Installs what attnc needs (Debian packages), configures and builds it.
#
#   scripts/setup.sh [--self-contained] [--sanitize] [--debug] [--build-dir DIR]
#
# Idempotent: packages already installed are not touched, an existing build
# directory is reused (incremental build). Default build directory: build/,
# build-static/ with --self-contained, build-asan/ with --sanitize.
# A machine without the CUDA compiler (no nvcc on PATH, no /usr/local/cuda,
# no $CUDA_HOME) gets nvcc and NVRTC from PyPI (CUDA 13, in
# $ATTNC_CUDA_PREFIX, default ~/.local/share/attnc/cuda13), and the build's
# tests use them (ATTNC_CUDA_HOME).
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
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
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
          llvm-22-tools libzstd-dev zlib1g-dev clang-format-22)
. "$root/scripts/lib.sh"
install_packages "${packages[@]}"

# The CUDA compiler: attnc emits CUDA without it, but the CUDA compile tests
# (nvcc, NVRTC for --emit=cubin) need it, and CI requires it
# (ATTNC_REQUIRE_CUDA_TOOLKIT in scripts/test.sh).
cuda_home=""
cuda_version=13.0
install_cuda_compiler() {
  local prefix="${ATTNC_CUDA_PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}/attnc/cuda13}"
  local home="$prefix/nvidia/cu13"
  if [ ! -x "$home/bin/nvcc" ] || ! ls "$home"/lib/libnvrtc.so* >/dev/null 2>&1; then
    echo "setup.sh: no CUDA compiler found; installing nvcc and NVRTC $cuda_version from PyPI into $prefix"
    local python=python3
    if ! "$python" -m pip --version >/dev/null 2>&1; then
      install_packages python3-pip
    fi
    if ! "$python" -m pip install -q --disable-pip-version-check --root-user-action=ignore --target "$prefix" --upgrade \
        "nvidia-cuda-nvcc==$cuda_version.*" "nvidia-cuda-nvrtc==$cuda_version.*" \
        "nvidia-cuda-runtime==$cuda_version.*" "nvidia-cuda-crt==$cuda_version.*" \
        "nvidia-nvvm==$cuda_version.*"; then
      echo "setup.sh: could not install the CUDA compiler from PyPI; the CUDA compile tests" \
           "need nvcc and NVRTC (install the CUDA 13 toolkit, or set ATTNC_CUDA_HOME)" >&2
      return 0
    fi
  fi
  # The runtime and lit look for NVRTC in $CUDA_HOME/lib64.
  [ -e "$home/lib64" ] || ln -s lib "$home/lib64"
  cuda_home="$home"
  echo "setup.sh: CUDA compiler in $cuda_home (nvcc: $cuda_home/bin/nvcc;" \
       "NVRTC for attnc: export ATTNC_NVRTC=$(ls "$cuda_home"/lib/libnvrtc.so.* | head -1))"
}
if [ -n "${ATTNC_CUDA_HOME:-}" ]; then
  cuda_home="$ATTNC_CUDA_HOME"
elif ! command -v nvcc >/dev/null 2>&1 && [ ! -d /usr/local/cuda ] &&
     { [ -z "${CUDA_HOME:-}" ] || [ ! -x "$CUDA_HOME/bin/nvcc" ]; }; then
  install_cuda_compiler
fi

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build_dir" \
    -DCMAKE_BUILD_TYPE="$build_type" \
    -DMLIR_DIR="$llvm/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$llvm/bin/lit" \
    -DATTNC_SELF_CONTAINED="$self_contained" \
    -DATTNC_SANITIZE="$sanitize" \
    -DATTNC_CUDA_HOME="$cuda_home"
elif [ -n "$cuda_home" ] &&
     ! grep -qx "ATTNC_CUDA_HOME:PATH=$cuda_home" "$build_dir/CMakeCache.txt"; then
  cmake "$build_dir" -DATTNC_CUDA_HOME="$cuda_home" >/dev/null
fi
cmake --build "$build_dir"
echo "setup.sh: built in $build_dir"
