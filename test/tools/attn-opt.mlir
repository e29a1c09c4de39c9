// attn-opt registers only the dialects attn IR uses.
// RUN: attn-opt --show-dialects | FileCheck %s --check-prefix=DIALECTS
// DIALECTS: Available Dialects: arith,attn,attn_plan,builtin,math{{$}}

// Pass pipelines and IR printing work as in mlir-opt.
// RUN: attn-opt %s --pass-pipeline='builtin.module(canonicalize)' \
// RUN:   --mlir-print-ir-after-all 2>&1 | FileCheck %s --check-prefix=AFTER
// AFTER: IR Dump After Canonicalizer
// AFTER: attn.variant @folds

// Canonicalization applies the dialect's folders.
// RUN: attn-opt %s --canonicalize | FileCheck %s --check-prefix=FOLD

// FOLD-LABEL: attn.variant @folds(
// FOLD-SAME:    %[[Q:[^:]*]]: tensor<?x4x?x32xf16>, %[[K:[^:]*]]: tensor<?x4x?x32xf16>, %[[V:[^:]*]]: tensor<?x4x?x32xf16>
attn.variant @folds(%q: tensor<?x4x?x32xf16>, %k: tensor<?x4x?x32xf16>,
                    %v: tensor<?x4x?x32xf16>) -> tensor<?x4x?x32xf16> {
  // FOLD: %[[S:.*]] = attn.qk %[[Q]], %[[K]]
  %s = attn.qk %q, %k : tensor<?x4x?x32xf16>, tensor<?x4x?x32xf16> -> !attn.scores<logits, 4>
  // and(c, c) is c; not(not(c)) is c.
  // FOLD-NEXT: %[[C:.*]] = attn.causal
  %c = attn.causal
  %cc = attn.mask_and %c, %c
  %n = attn.mask_not %cc
  %nn = attn.mask_not %n
  // Masking twice with the same mask and fill is masking once.
  // FOLD-NEXT: %[[M:.*]] = attn.apply_mask %[[S]], %[[C]] fill neg_inf : !attn.scores<logits, 4>
  // FOLD-NOT: attn.apply_mask
  %m1 = attn.apply_mask %s, %nn fill neg_inf : !attn.scores<logits, 4>
  %m2 = attn.apply_mask %m1, %c fill neg_inf : !attn.scores<logits, 4>
  // FOLD-NEXT: %[[P:.*]] = attn.softmax %[[M]]
  %p = attn.softmax %m2 : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  // FOLD-NEXT: %[[O:.*]] = attn.pv %[[P]], %[[V]]
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x32xf16> -> tensor<?x4x?x32xf16>
  // FOLD-NEXT: attn.return %[[O]]
  attn.return %o : tensor<?x4x?x32xf16>
}
