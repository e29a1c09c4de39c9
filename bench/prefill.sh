#!/usr/bin/env bash
# Prefill benchmark: attnc's plain softmax kernels (full and causal, 16
# heads of 128, bf16) against PyTorch SDPA (flash, cuDNN,
# memory-efficient), FlexAttention and flash_attn when installed, in one
# run on one GPU; prints a table with ratios and TFLOP/s. A report, not a
# test.
#
#   bench/prefill.sh ATTNC ATTNC_BENCH OUT_DIR
set -euo pipefail
ATTNC=${1:?usage: prefill.sh ATTNC ATTNC_BENCH OUT_DIR} BENCH=${2:?} OUT=${3:?}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$OUT"
args=()
for s in B=8,N=2048,M=2048 B=2,N=8192,M=8192 B=1,N=16384,M=16384; do args+=(--shape "$s"); done
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
: >"$OUT/peers.txt"
for v in prefill_full prefill_causal; do
  "$ATTNC" "$ROOT/bench/prefill.attn" --emit=cuda --target=sm_80 --variant $v -o "$OUT/$v.cu"
  causal=(); [ $v = prefill_causal ] && causal=(--causal)
  python3 "$ROOT/bench/peers.py" --heads 16 --kv-heads 16 --dim 128 "${causal[@]}" \
    --label $v/ --reps 10 "${args[@]}" >>"$OUT/peers.txt"
done
"$BENCH" "$OUT/prefill_full.cu" "$OUT/prefill_causal.cu" "${args[@]}" \
  --benchmark_out="$OUT/attnc.json" --benchmark_out_format=json \
  --benchmark_min_time=0.05 >"$OUT/attnc.txt" 2>&1
python3 "$ROOT/bench/report.py" "$OUT/attnc.json" "$OUT/peers.txt" \
  --flops prefill_full=16,128 --flops prefill_causal=16,128,causal | tee "$OUT/report.md"
