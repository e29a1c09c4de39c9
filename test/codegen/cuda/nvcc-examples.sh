#!/usr/bin/env bash
# Compiles every example variant's emitted CUDA with nvcc for sm_80 and
# sm_90a and fails on a compile error or on local-memory spills (ptxas -v)
# in any kernel. Variants the CUDA backend does not compile yet are listed
# with the error they give (test/gpu/examples.sh keeps the same list).
#
#   nvcc-examples.sh ATTNC OUT_DIR
set -uo pipefail
ATTNC=$1 OUT=$2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
NVCC=${NVCC:-nvcc}
mkdir -p "$OUT"
status=0 compiled=0 unsupported=0
for file in "$ROOT"/examples/*.attn; do
  for variant in $(grep -o '^attention [A-Za-z_0-9]*' "$file" | awk '{print $2}'); do
    cu="$OUT/$variant.cu"
    if ! err=$("$ATTNC" "$file" --emit=cuda --target=sm_80 --variant "$variant" -o "$cu" 2>&1); then
      case "$err" in
        *"the CUDA backend"*) unsupported=$((unsupported+1)); echo "unsupported: $variant: $err";;
        *) echo "FAIL: $variant: $err"; status=1;;
      esac
      continue
    fi
    for gencode in arch=compute_80,code=sm_80 arch=compute_90a,code=sm_90a; do
      if ! log=$("$NVCC" -cubin -gencode "$gencode" -Xptxas -v -o "$OUT/$variant.cubin" -x cu "$cu" 2>&1); then
        echo "FAIL: $variant ($gencode) does not compile:"; echo "$log" | head -20; status=1; continue
      fi
      spills=$(echo "$log" | grep -o '[0-9]* bytes spill stores' | awk '{s+=$1} END{print s+0}')
      regs=$(echo "$log" | grep -o 'Used [0-9]* registers' | awk '{print $2}' | sort -n | tail -1)
      echo "$variant ${gencode#*code=}: ${regs} registers, ${spills} bytes spilled"
      if [ "$spills" != 0 ]; then echo "FAIL: $variant spills"; status=1; fi
    done
    compiled=$((compiled+1))
  done
done
echo "compiled $compiled variants for sm_80 and sm_90a; $unsupported not supported by the CUDA backend yet"
exit $status
