#!/usr/bin/env bash
# Regenerates docs/attn-dialect.md from the dialect's ODS (build first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
cmake --build "$build" --target AttncDialectIncGen
cp "$build/dialect/AttnOps.md" "$root/docs/attn-dialect.md"
