# RUN: %numpy_python %s
# Mask kinds that the examples do not cover, on tiny programs (f32, head dim
# 4, value dim 3), each against a per-row list of allowed keys built from
# the definition in docs/language.md (never a vectorised mask), with one
# softmax and its LSE per row: prefix(3) (not causal: early queries see
# future keys), !causal (strictly future keys: the last row has none), a
# blocks(...) condition on the query ROW block i // 4 (not i'), a condition
# reading a parameter with floor-mod of negatives ((j - i) % 4, Python
# semantics), document(...) without causal, a block map shared by all heads
# ([B, 1, NB, MB]), and a learned sink on rows with no key (output 0, LSE =
# the sink). N != M both ways and N == M; empty rows must give exactly 0 and
# LSE -inf.
import numpy as np
from attnref import run, check, check_lse, check_zero_rows, softmax_keys

HEAD = "(q: f32[B, H, N, 4], k: f32[B, H, M, 4], v: f32[B, H, M, 3]{extra})"
BODY = """ {{
  s = mask(dot(q, k) * scale, {mask})
  return softmax(s{sink}) @ v, lse(s{sink})
}}
"""
PROGRAMS = {
    "m_prefix": ("prefix(3)", "", lambda d, b, h, i, j, p: j < 3),
    "m_not_causal": ("!causal", "", lambda d, b, h, i, j, p: j > p),
    "m_blocks": ("blocks(4, 3, (qb + kb) % 3 == 1)", "",
                 lambda d, b, h, i, j, p: (i // 4 + j // 3) % 3 == 1),
    "m_cond": ("(j - i) % 4 != 1 & j < lim[b]", ", lim: i32[B]",
               lambda d, b, h, i, j, p: (j - i) % 4 != 1 and j < d["lim"][b]),
    "m_doc": ("document(qd, kd)", ", qd: i32[B, N], kd: i32[B, M]",
              lambda d, b, h, i, j, p: d["qd"][b, i] == d["kd"][b, j]),
    "m_map": ("block_mask(map, 2, 5)", ", map: i8[B, 1, NB, MB]",
              lambda d, b, h, i, j, p: d["map"][b, 0, i // 2, j // 5] != 0),
    "m_sink": ("causal", ", sink: f32[H]", lambda d, b, h, i, j, p: j <= p),
}
source = ""
for name, (mask, extra, _) in PROGRAMS.items():
    source += "attention " + name + HEAD.format(extra=extra) + BODY.format(
        mask=mask, sink=", sink=sink" if name == "m_sink" else "")

for shape in ["B=2,H=3,N=11,M=37", "B=1,H=2,N=13,M=13", "B=2,H=2,N=17,M=6"]:
    data = run("mask_kinds", shape, seed=41, source=source)
    for name, (_, _, allowed) in PROGRAMS.items():
        d = data[name]
        q, k, v = d["q"], d["k"], d["v"]
        B, H, N, D = q.shape
        M = k.shape[2]
        o = np.zeros((B, H, N, 3))
        lse = np.full((B, H, N), -np.inf)
        for b in range(B):
            for h in range(H):
                for i in range(N):
                    keys = [j for j in range(M) if allowed(d, b, h, i, j, i + M - N)]
                    s = k[b, h, keys] @ q[b, h, i] / 2.0
                    if name == "m_sink":     # the sink as one more logit
                        s1 = np.append(s, d["sink"][h])
                        e = np.exp(s1 - s1.max())
                        o[b, h, i] = e[:-1] @ v[b, h, keys] / e.sum()
                        lse[b, h, i] = s1.max() + np.log(e.sum())
                    else:
                        o[b, h, i], lse[b, h, i] = softmax_keys(s, v[b, h, keys])
        check(f"{name} {shape}", d["out0"], o)
        check_lse(f"{name} lse {shape}", d["out1"], lse)
        empty = np.isneginf(lse) if name != "m_sink" else \
            (np.arange(N) + M - N < 0)[None, None, :].repeat(B, 0).repeat(H, 1)
        if empty.any():
            check_zero_rows(f"{name} {shape}", d["out0"], empty)
