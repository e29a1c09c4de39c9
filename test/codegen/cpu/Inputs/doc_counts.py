"""Checks the document kernel's tile count against the mask rules.

doc_counts.py SAVED_DIR RUN_OUTPUT N M TILE_Q TILE_K
"""
import re
import sys

import numpy as np

saved, output, N, M, BQ, BK = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
q_doc = np.load(f"{saved}/q_doc.npy")
k_doc = np.load(f"{saved}/k_doc.npy")
B = q_doc.shape[0]
expected = 0
total = 0
for b in range(B):
    for i0 in range(0, N, BQ):
        i1 = min(N, i0 + BQ) - 1
        for j0 in range(0, M, BK):
            j1 = min(M, j0 + BK) - 1
            total += 1
            causal_skip = j0 > i1 + (M - N)
            shared = np.intersect1d(q_doc[b, i0:i1 + 1], k_doc[b, j0:j1 + 1])
            if not causal_skip and shared.size > 0:
                expected += 1
text = open(output).read()
m = re.search(r"kernel doc_k0 \(quadratic_online\): computed (\d+) of (\d+) tiles", text)
if not m:
    sys.exit("no tile count in the run's output:\n" + text)
computed, seen = int(m.group(1)), int(m.group(2))
print(f"computed {computed} of {seen}; expected {expected} of {total}")
if (computed, seen) != (expected, total):
    sys.exit("the document kernel computed a different number of tiles")
if expected == total or expected == 0:
    sys.exit("the documents skip nothing or everything: the test proves nothing")
