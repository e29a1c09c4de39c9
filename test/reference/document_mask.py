# RUN: %numpy_python %s
# Document masking (examples/document_mask.attn, causal & document, GQA 32
# on 8) as independent attention per document: for each batch row and each
# document id, the queries of that document attend causally (absolute
# positions, i' = i + M - N) to that document's keys only, gathered with
# np.flatnonzero, never through an [N, M] mask. Random ids (N != M, N == M),
# then given ids with fully masked rows: a query whose document has no key,
# and queries whose document's keys all lie in their future; plus N > M.
import numpy as np
from attnref import run, check, check_zero_rows, softmax_keys

def per_document(d):
    q, k, v, qd, kd = d["q"], d["k"], d["v"], d["q_doc"], d["k_doc"]
    B, H, N, D = q.shape
    Hkv, M = k.shape[1], k.shape[2]
    G = H // Hkv
    o = np.zeros((B, H, N, v.shape[-1]))
    empty = np.zeros((B, N), bool)
    for b in range(B):
        for doc in np.unique(qd[b]):
            keys = np.flatnonzero(kd[b] == doc)
            for i in np.flatnonzero(qd[b] == doc):
                js = keys[keys <= i + M - N]
                empty[b, i] = len(js) == 0
                for h in range(H):
                    s = k[b, h // G, js] @ q[b, h, i] / np.sqrt(D)
                    o[b, h, i] = softmax_keys(s, v[b, h // G, js])[0]
    return o, empty

for shape in ["B=2,N=11,M=37", "B=2,N=29,M=29", "B=2,N=13,M=9"]:
    d = run("document_mask", shape, seed=14)["document_mask"]
    o, empty = per_document(d)
    check("document_mask " + shape, d["out0"], o)
    if empty.any():
        check_zero_rows("document_mask " + shape, d["out0"], empty)

rng = np.random.default_rng(15)
N, M = 9, 13
k_doc = np.array([[0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3]], np.int32)
# Query row i sits at i' = i + 4. Doc 7 has no key; row 0 (i' = 4) asks for
# doc 2, whose keys start at 7; row 3 (i' = 7) for doc 3, keys from 9.
q_doc = np.array([[2, 1, 7, 3, 2, 2, 3, 7, 3]], np.int32)
inputs = {"q": rng.normal(size=(1, 32, N, 128)).astype(np.float32),
          "k": rng.normal(size=(1, 8, M, 128)).astype(np.float32),
          "v": rng.normal(size=(1, 8, M, 128)).astype(np.float32),
          "q_doc": q_doc, "k_doc": k_doc}
d = run("document_mask", inputs=inputs)["document_mask"]
o, empty = per_document(d)
assert empty[0].tolist() == [True, False, True, True, False, False, False,
                             True, False], empty
check("document_mask given ids", d["out0"], o)
check_zero_rows("document_mask given ids", d["out0"], empty)
