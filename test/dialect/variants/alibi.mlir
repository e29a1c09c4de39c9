// ALiBi: Attention with Linear Biases (Press, Smith, Lewis 2022, "Train Short,
// Test Long", arXiv 2108.12409); VARIANTS.md 1.4.
//
//   s_ij = q_i.k_j / sqrt(d) - m_h * (i' - j),  i' = i + (M - N)
//   causal mask, softmax, o_i = sum_j p_ij v_j
//
// The slopes m_h are a parameter tensor<H x f32> (m_h = 2^(-8(h+1)/H) for H a
// power of 2; the closed form for other H is the caller's business). The bias
// uses absolute query positions, so decode / chunked prefill (N < M) get the
// same bias as the full sequence. The map runs after the 1/sqrt(d) scale.
// 32 heads of dim 128 (MPT-7B shapes).

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @alibi(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[SLOPES:[a-zA-Z0-9_]+]]: tensor<32xf32>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x32x?x128xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[BIASED:[a-zA-Z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 32> -> !attn.scores<logits, 32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[DIST:[a-zA-Z0-9_]+]] = arith.subi %[[IPOS]], %[[J]] : index
// CHECK-NEXT:     %[[DIST_I64:[a-zA-Z0-9_]+]] = arith.index_cast %[[DIST]] : index to i64
// CHECK-NEXT:     %[[DIST_F32:[a-zA-Z0-9_]+]] = arith.sitofp %[[DIST_I64]] : i64 to f32
// CHECK-NEXT:     %[[SLOPE:[a-zA-Z0-9_]+]] = attn.load %[[SLOPES]][%[[H]]] : tensor<32xf32>
// CHECK-NEXT:     %[[BIAS:[a-zA-Z0-9_]+]] = arith.mulf %[[SLOPE]], %[[DIST_F32]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.subf %[[X]], %[[BIAS]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[BIASED]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @alibi(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
                    %v: tensor<?x32x?x128xbf16>, %slopes: tensor<32xf32>)
    -> tensor<?x32x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x32x?x128xbf16>, tensor<?x32x?x128xbf16>
         -> !attn.scores<logits, 32>
  // delta = M - N: query row i sits at absolute position i + delta.
  %nq = attn.dim %q[2] : tensor<?x32x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x32x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 32> -> !attn.scores<logits, 32> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %ipos = arith.addi %i, %delta : index
    %dist = arith.subi %ipos, %j : index
    %dist_i64 = arith.index_cast %dist : index to i64
    %dist_f32 = arith.sitofp %dist_i64 : i64 to f32
    %slope = attn.load %slopes[%h] : tensor<32xf32>
    %bias = arith.mulf %slope, %dist_f32 : f32
    %y = arith.subf %x, %bias : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %biased, %causal fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x32x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
