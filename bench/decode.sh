#!/usr/bin/env bash
# Decode benchmark: attnc's split-KV kernels (the parts the runtime picks,
# and no split) against PyTorch SDPA (flash, cuDNN, memory-efficient),
# FlexAttention and flash_attn's KV-cache kernel, in one run on one GPU.
# Llama-style heads (32 query heads of 128, MHA and GQA with 8 KV heads),
# one query row against 4k-64k keys; prints a table with ratios. A
# report, not a test.
#
#   bench/decode.sh ATTNC ATTNC_BENCH OUT_DIR
set -euo pipefail
ATTNC=${1:?usage: decode.sh ATTNC ATTNC_BENCH OUT_DIR} BENCH=${2:?} OUT=${3:?}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$OUT"
SHAPES=()
for B in 1 4 16; do for M in 4096 16384 65536; do SHAPES+=("B=$B,N=1,M=$M"); done; done
args=()
for s in "${SHAPES[@]}"; do args+=(--shape "$s"); done
units=()
for v in decode_mha decode_gqa; do
  "$ATTNC" "$ROOT/bench/decode.attn" --emit=cuda --target=sm_80 --variant $v -o "$OUT/$v.cu"
  units+=("$OUT/$v.cu")
done
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader
"$BENCH" "${units[@]}" "${args[@]}" --benchmark_out="$OUT/attnc.json" \
  --benchmark_out_format=json --benchmark_min_time=0.02 >"$OUT/attnc.txt" 2>&1
python3 "$ROOT/bench/peers.py" --heads 32 --kv-heads 32 --dim 128 --label decode_mha/ "${args[@]}" >"$OUT/peers.txt"
python3 "$ROOT/bench/peers.py" --heads 32 --kv-heads 8 --dim 128 --label decode_gqa/ "${args[@]}" >>"$OUT/peers.txt"
python3 "$ROOT/bench/report.py" "$OUT/attnc.json" "$OUT/peers.txt" | tee "$OUT/report.md"
