#!/usr/bin/env bash
# Formats every C++ and CUDA source of the repository with clang-format-22
# and the root .clang-format (LLVM style); with --check, changes nothing and
# fails listing the files that are not formatted (CI runs this).
#
#   scripts/format.sh [--check]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
format=clang-format-22
if ! command -v "$format" >/dev/null; then
  echo "format.sh: $format is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.cuh' '*.cu' | grep -v '^test/fuzz/')
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    "$format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format.sh: ${#bad[@]} of ${#files[@]} files are not formatted (run scripts/format.sh):"
    printf '  %s\n' "${bad[@]}"
    exit 1
  fi
  echo "format.sh: ${#files[@]} files formatted"
else
  "$format" -i "${files[@]}"
fi
