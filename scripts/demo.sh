#!/usr/bin/env bash
# The main job: install, build, compile an example to attn IR and kernel
# plans, then run it. Without a GPU (for now: always) it runs the plans on
# the CPU backend, checked against the float64 oracle, and prints a summary
# of each output.
#
#   scripts/demo.sh [EXAMPLE.attn] [attnc run options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
example="${1:-$root/examples/sigmoid_alibi.attn}"
shift || true
attnc="$root/build/bin/attnc"
echo "== attnc $example --emit=mlir"
"$attnc" "$example" --emit=mlir
echo "== attnc $example --emit=plan --target=cpu"
"$attnc" "$example" --emit=plan --target=cpu
echo "== attnc run $example --target=cpu --check $*"
"$attnc" run "$example" --target=cpu --check --shape "B=2,H=4,N=100,M=100" "$@"
