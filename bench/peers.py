#!/usr/bin/env python3
"""Times peer attention kernels at the shapes of bench/decode.attn and
bench/prefill.attn.

PyTorch SDPA (flash, cuDNN and memory-efficient backends), FlexAttention
(torch.compile'd, no mask) and, when installed, flash_attn's
flash_attn_with_kvcache (its split-KV decode path). Same timing method as
attnc-bench: CUDA events around 20 back-to-back calls, the median of the
per-call times over the repetitions. A report, not a test.

  bench/peers.py --heads 32 --kv-heads 8 --dim 128 [--causal] \
                 --shape B=4,N=1,M=16384 ...

Prints one line per (shape, peer): `peer SHAPE NAME MICROSECONDS` or
`peer SHAPE NAME n/a REASON`.
"""
import argparse
import statistics
import warnings

import torch
import torch.nn.functional as F

warnings.filterwarnings("ignore")  # SDPA explains each backend it skips
# One compile per shape: let FlexAttention compile every shape rather than
# fall back to its unfused path after eight.
torch._dynamo.config.recompile_limit = 64

BATCH = 20


def timed(fn, reps):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    stop = torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(reps):
        start.record()
        for _ in range(BATCH):
            fn()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop) * 1e3 / BATCH)
    return statistics.median(times)


def peers(q, k, v, causal):
    """(name, callable) per peer; q [B, H, N, D], k/v [B, Hkv, M, D].
    Causal masks are top-left aligned in PyTorch: callers keep N = M."""
    from torch.nn.attention import SDPBackend, sdpa_kernel

    gqa = q.shape[1] != k.shape[1]
    out = []
    for name, backend in (("sdpa_flash", SDPBackend.FLASH_ATTENTION),
                          ("sdpa_cudnn", SDPBackend.CUDNN_ATTENTION),
                          ("sdpa_efficient", SDPBackend.EFFICIENT_ATTENTION)):
        def call(backend=backend):
            with sdpa_kernel(backend):
                return F.scaled_dot_product_attention(q, k, v, is_causal=causal,
                                                      enable_gqa=gqa)
        out.append((name, call))
    try:
        from torch.nn.attention.flex_attention import (create_block_mask,
                                                       flex_attention)
        flex = torch.compile(flex_attention, dynamic=False)
        mask = None
        if causal:
            mask = create_block_mask(lambda b, h, i, j: i >= j, None, None,
                                     q.shape[2], k.shape[2])
        out.append(("flex", lambda: flex(q, k, v, block_mask=mask,
                                         enable_gqa=gqa)))
    except Exception as e:  # an older torch
        out.append(("flex", e))
    try:
        from flash_attn import flash_attn_func, flash_attn_with_kvcache
        qt, kt, vt = (x.transpose(1, 2).contiguous() for x in (q, k, v))
        if q.shape[2] == 1:
            out.append(("flash_attn_kvcache",
                        lambda: flash_attn_with_kvcache(qt, kt, vt)))
        else:
            out.append(("flash_attn",
                        lambda: flash_attn_func(qt, kt, vt, causal=causal)))
    except Exception as e:
        out.append(("flash_attn", e))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--heads", type=int, required=True)
    p.add_argument("--kv-heads", type=int, required=True)
    p.add_argument("--dim", type=int, required=True)
    p.add_argument("--causal", action="store_true")
    p.add_argument("--shape", action="append", required=True)
    p.add_argument("--reps", type=int, default=30)
    p.add_argument("--label", default="")
    a = p.parse_args()
    torch.manual_seed(0)
    for shape in a.shape:
        s = dict((kv.split("=")[0], int(kv.split("=")[1])) for kv in shape.split(","))
        B, N, M = s["B"], s["N"], s["M"]
        dev = dict(device="cuda", dtype=torch.bfloat16)
        q = torch.rand(B, a.heads, N, a.dim, **dev) * 2 - 1
        k = torch.rand(B, a.kv_heads, M, a.dim, **dev) * 2 - 1
        v = torch.rand(B, a.kv_heads, M, a.dim, **dev) * 2 - 1
        ref = None
        if a.causal and N != M:
            raise SystemExit("peers.py: --causal needs N = M (PyTorch aligns "
                             "causal masks top-left, attnc bottom-right)")
        for name, fn in peers(q, k, v, a.causal):
            tag = f"peer {a.label}{shape} {name}"
            if isinstance(fn, Exception):
                print(f"{tag} n/a {type(fn).__name__}: {str(fn).splitlines()[0][:100]}", flush=True)
                continue
            try:
                o = fn()
                if o.dim() == 4 and o.shape[1] != a.heads:  # flash_attn: [B, N, H, D]
                    o = o.transpose(1, 2)
                if ref is None:
                    ref = o.float()
                err = (o.float() - ref).abs().max().item()
                us = timed(fn, a.reps)
                print(f"{tag} {us:.2f} (max |diff| vs the first peer {err:.2g})", flush=True)
            except Exception as e:
                print(f"{tag} n/a {type(e).__name__}: {str(e).splitlines()[0][:100]}", flush=True)
        del q, k, v, ref
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
