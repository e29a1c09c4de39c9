#!/usr/bin/env python3
"""Joins attnc-bench's JSON and peers.py's lines into one markdown table.

Rows are (variant, shape) as attnc-bench names them; peers.py must have
been run with --label VARIANT/ so its lines name the same pair. Columns:
attnc with the parts the runtime picked, attnc with one part (units with
split kernels), each peer, and attnc's time over the fastest peer's. With
--flops VARIANT=HEADS,DIM[,causal] a TFLOP/s column (4·B·H·N·M·D, halved
for causal) is added for that variant.

  bench/report.py attnc.json peers.txt [--flops prefill_full=16,128 ...]
"""
import argparse
import json
import re


def main():
    p = argparse.ArgumentParser()
    p.add_argument("attnc")
    p.add_argument("peers")
    p.add_argument("--flops", action="append", default=[])
    a = p.parse_args()
    flops = {}
    for f in a.flops:
        name, spec = f.split("=")
        parts = spec.split(",")
        flops[name] = (int(parts[0]), int(parts[1]), parts[2:] == ["causal"])

    rows, order = {}, []
    for b in json.load(open(a.attnc))["benchmarks"]:
        m = re.match(r"(\w+)/([^/]+)/parts:(\w+)", b["name"])
        if not m or b.get("error_occurred"):
            continue
        key = (m.group(1), m.group(2))
        if key not in rows:
            rows[key] = {}
            order.append(key)
        us = b["real_time"] * {"us": 1, "ms": 1e3, "ns": 1e-3}[b["time_unit"]]
        rows[key]["attnc" if m.group(3) == "auto" else "attnc 1 part"] = us
        if m.group(3) == "auto":
            rows[key]["parts"] = int(b.get("parts", 1))
    peers = []
    for line in open(a.peers):
        m = re.match(r"peer (\w+)/(\S+) (\w+) ([\d.]+)", line)
        if m and (m.group(1), m.group(2)) in rows:
            rows[(m.group(1), m.group(2))][m.group(3)] = float(m.group(4))
            if m.group(3) not in peers:
                peers.append(m.group(3))

    split = any("attnc 1 part" in r for r in rows.values())
    head = ["variant", "shape", "attnc µs (parts)"] + (["attnc 1 part"] if split else []) \
        + [f"{n} µs" for n in peers] + ["attnc / best peer"]
    if flops:
        head.append("attnc TFLOP/s")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for key in order:
        r = rows[key]
        cells = [key[0], key[1], f"{r['attnc']:.1f} ({r['parts']})"]
        if split:
            cells.append(f"{r['attnc 1 part']:.1f}" if "attnc 1 part" in r else "")
        cells += [f"{r[n]:.1f}" if n in r else "n/a" for n in peers]
        best = min((r[n] for n in peers if n in r), default=None)
        cells.append(f"{r['attnc'] / best:.2f}" if best else "")
        if flops:
            f = flops.get(key[0])
            if f:
                s = dict(kv.split("=") for kv in key[1].split(","))
                n = 4 * int(s["B"]) * f[0] * int(s["N"]) * int(s["M"]) * f[1]
                n = n / 2 if f[2] else n
                cells.append(f"{n / (r['attnc'] * 1e-6) / 1e12:.0f}")
            else:
                cells.append("")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
