#!/usr/bin/env bash
# compute-sanitizer memcheck and racecheck over a representative subset of
# examples (online, stateless, softpick, LSE output, run-time data masks,
# GQA, ragged sizes, wide heads in output slices, chunked linear,
# materialised two-pass scores, body ops and LSE merges) at a ragged shape,
# and split-KV decode (parts and their combine, with LSE, sink, softpick,
# weights and 512-wide output slices) at B=2, N=1, M=1000. Exits 77
# (ctest: skipped) without a GPU or compute-sanitizer.
#
#   test/gpu/sanitize.sh ATTNC
#
# ATTNC_TARGET (sm_80, the default, or sm_90a) picks the unit's target.
set -uo pipefail
ATTNC=${1:?usage: sanitize.sh ATTNC}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SAN=${COMPUTE_SANITIZER:-$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)}
if ! nvidia-smi -L >/dev/null 2>&1 || [ ! -x "$SAN" ]; then
  echo "no GPU or no compute-sanitizer: skipping"; exit 77
fi
TARGET=${ATTNC_TARGET:-sm_80}
echo "compute-sanitizer, target $TARGET"
status=0
for spec in "alibi alibi" "sigmoid sigmoid" "document_mask document_mask" \
            "runtime_block_mask runtime_block_mask" "softmax_causal softmax_causal_lse" \
            "gqa gqa" "gpt_oss_sinks gpt_oss_sliding" "softpick softpick" \
            "mla_decode mla_decode" "simple_gla mamba2_ssd" "linear_elu linear_elu" \
            "mta mta_300m" "moba moba" "diff_attention diff_attention" \
            "softmax_causal softmax_causal_lse B=2,N=1,M=1000" \
            "gpt_oss_sinks gpt_oss_sliding B=2,N=1,M=1000" \
            "softpick softpick B=2,N=1,M=1000" "sigmoid sigmoid B=2,N=1,M=1000" \
            "mla_decode mla_decode B=2,N=1,M=1000" "gqa gqa B=2,N=1,M=1000"; do
  set -- $spec
  shape=${3:-B=1,N=77,M=203}
  for tool in memcheck racecheck; do
    log=$("$SAN" --tool $tool --error-exitcode 99 "$ATTNC" run "$ROOT/examples/$1.attn" \
          --target="$TARGET" --variant "$2" --shape "$shape" --check 2>&1)
    rc=$?
    summary=$(echo "$log" | grep -E "ERROR SUMMARY|RACECHECK SUMMARY" | tail -1)
    echo "$2 $shape $tool: rc=$rc ${summary:-no summary} $(echo "$log" | grep -o 'split-KV parts.*' | head -1)"
    [ $rc -eq 0 ] || { status=1; echo "$log" | tail -15; }
  done
done
exit $status
