#!/usr/bin/env bash
# Cold-compile and warm-cache load times per example variant on the GPU:
# three runs each with an empty kernel cache (NVRTC compiles) and five with
# a warm one (the cubin comes from disk), in separate processes; prints the
# medians. A report, not a test.
#
#   test/gpu/timings.sh ATTNC [OUT_DIR]
set -uo pipefail
ATTNC=${1:?usage: timings.sh ATTNC [OUT_DIR]}
OUT=${2:-$(mktemp -d)}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET=${ATTNC_TARGET:-sm_80}
mkdir -p "$OUT"
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.*$1 \([0-9.]*\) ms.*/\1/p"; }
printf "%-28s %12s %12s %12s\n" variant "cold NVRTC" "cold load" "warm load" | tee "$OUT/timings.txt"
for file in "$ROOT"/examples/*.attn; do
  for variant in $(grep -o '^attention [A-Za-z_0-9]*' "$file" | awk '{print $2}'); do
    "$ATTNC" "$file" --emit=cuda --target=$TARGET --variant "$variant" -o /dev/null 2>/dev/null || continue
    cold=() coldLoad=() warm=()
    for r in 1 2 3; do
      export ATTNC_CACHE_DIR=$(mktemp -d)
      line=$("$ATTNC" run "$file" --target=$TARGET --variant "$variant" --shape B=1,N=16,M=16 2>&1 | grep "  gpu ")
      cold+=("$(echo "$line" | sed -n 's/.*compiled by NVRTC in \([0-9]*\) ms.*/\1/p')")
      coldLoad+=("$(echo "$line" | field "loaded in")")
    done
    for r in 1 2 3 4 5; do
      line=$("$ATTNC" run "$file" --target=$TARGET --variant "$variant" --shape B=1,N=16,M=16 2>&1 | grep "  gpu ")
      echo "$line" | grep -q "from the cache" || echo "warning: $variant: warm run was not a cache hit: $line" >&2
      warm+=("$(echo "$line" | field "loaded in")")
    done
    printf "%-28s %9s ms %9s ms %9s ms\n" "$variant" \
      "$(printf '%s\n' "${cold[@]}" | median)" "$(printf '%s\n' "${coldLoad[@]}" | median)" \
      "$(printf '%s\n' "${warm[@]}" | median)" | tee -a "$OUT/timings.txt"
  done
done
