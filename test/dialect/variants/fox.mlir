// Forgetting Transformer, FoX (Lin, Nikishin, He, Courville 2025, arXiv
// 2503.02130); VARIANTS.md 5b.
//
//   f_t^h = sigmoid(w_f^h . x_t + b_f^h),  c_t = sum_{l <= t} log f_l
//   s_ij = q_i.k_j / sqrt(d) + (c_i' - c_j)  for j <= i',  i' = i + (M - N)
//   o_i = sum_j softmax_j(s_ij) v_j
//
// %logf holds the per-token, per-head log forget gates log f_t <= 0 for the M
// key positions (the queries are the last N of them); attn.cumsum turns them
// into c in f32. The data-dependent bias is a map added after the scale.
// 16 heads of dim 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @fox(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[LOGF:[a-zA-Z0-9_]+]]: tensor<?x16x?xf32>) -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   %[[C:[a-zA-Z0-9_]+]] = attn.cumsum %[[LOGF]] : tensor<?x16x?xf32>
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x16x?x128xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x16x?x128xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[BIASED:[a-zA-Z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 16> -> !attn.scores<logits, 16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[CI:[a-zA-Z0-9_]+]] = attn.load %[[C]][%[[B]], %[[H]], %[[IPOS]]] : tensor<?x16x?xf32>
// CHECK-NEXT:     %[[CJ:[a-zA-Z0-9_]+]] = attn.load %[[C]][%[[B]], %[[H]], %[[J]]] : tensor<?x16x?xf32>
// CHECK-NEXT:     %[[BIAS:[a-zA-Z0-9_]+]] = arith.subf %[[CI]], %[[CJ]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.addf %[[X]], %[[BIAS]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[BIASED]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16> -> tensor<?x16x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x16x?x128xbf16>
// CHECK-NEXT: }
attn.variant @fox(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                  %v: tensor<?x16x?x128xbf16>, %logf: tensor<?x16x?xf32>)
    -> tensor<?x16x?x128xbf16> {
  %c = attn.cumsum %logf : tensor<?x16x?xf32>
  %s = attn.qk %q, %k : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16>
         -> !attn.scores<logits, 16>
  %nq = attn.dim %q[2] : tensor<?x16x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x16x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 16> -> !attn.scores<logits, 16> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %ipos = arith.addi %i, %delta : index
    %ci = attn.load %c[%b, %h, %ipos] : tensor<?x16x?xf32>
    %cj = attn.load %c[%b, %h, %j] : tensor<?x16x?xf32>
    %bias = arith.subf %ci, %cj : f32
    %y = arith.addf %x, %bias : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %biased, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}
