#!/usr/bin/env bash
# Emits every example variant's CUDA for each NVIDIA target (attnc
# --target=sm_80 and --target=sm_90a), compiles each unit with nvcc for its
# architecture (-arch=sm_80, -arch=sm_90a) and fails on a compile error or on
# local-memory spills (ptxas -v) in any kernel. Variants the CUDA backend does
# not compile yet are listed with the error they give (test/gpu/examples.sh
# keeps the same list).
#
#   nvcc-examples.sh ATTNC OUT_DIR
set -uo pipefail
ATTNC=$1 OUT=$2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
NVCC=${NVCC:-nvcc}
TARGETS=(sm_80 sm_90a)
mkdir -p "$OUT"
status=0 compiled=0 unsupported=0
for file in "$ROOT"/examples/*.attn; do
  for variant in $(grep -o '^attention [A-Za-z_0-9]*' "$file" | awk '{print $2}'); do
    ok=1
    for target in "${TARGETS[@]}"; do
      cu="$OUT/$variant.$target.cu"
      if ! err=$("$ATTNC" "$file" --emit=cuda --target="$target" --variant "$variant" -o "$cu" 2>&1); then
        case "$err" in
          *"the CUDA backend"*) unsupported=$((unsupported+1)); echo "unsupported: $variant ($target): $err";;
          *) echo "FAIL: $variant ($target): $err"; status=1;;
        esac
        ok=0; continue
      fi
      if ! log=$("$NVCC" -cubin -arch="$target" -Xptxas -v -o "$OUT/$variant.$target.cubin" -x cu "$cu" 2>&1); then
        echo "FAIL: $variant ($target) does not compile:"; echo "$log" | head -20; status=1; ok=0; continue
      fi
      spills=$(echo "$log" | grep -o '[0-9]* bytes spill stores' | awk '{s+=$1} END{print s+0}')
      regs=$(echo "$log" | grep -o 'Used [0-9]* registers' | awk '{print $2}' | sort -n | tail -1)
      echo "$variant $target: ${regs} registers, ${spills} bytes spilled"
      if [ "$spills" != 0 ]; then echo "FAIL: $variant ($target) spills"; status=1; fi
    done
    [ $ok = 1 ] && compiled=$((compiled+1))
  done
done
echo "compiled $compiled variants for ${TARGETS[*]}; $unsupported (variant, target) pairs not supported by the CUDA backend yet"
exit $status
