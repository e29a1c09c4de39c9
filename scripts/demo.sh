#!/usr/bin/env bash
# The main job: install, build, then run attn-opt on an example variant
# (causal softmax attention in attn IR): parse, verify, canonicalize, print.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
example="${1:-$root/test/dialect/variants/softmax_causal.mlir}"
"$root/build/bin/attn-opt" --canonicalize "$example"
