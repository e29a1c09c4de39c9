#!/usr/bin/env bash
# The main job: install, build, compile an example to attn IR, then run it.
# Without a GPU (for now: always) it runs on the CPU with the float64
# reference evaluator and prints a summary of each output.
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
echo "== attnc run $example --target=cpu $*"
"$attnc" run "$example" --target=cpu --shape "B=2,H=4,N=100,M=100" "$@"
