// tanh logit soft-capping: Gemma-2 (Gemma Team 2024, arXiv 2408.00118),
// Grok-1; VARIANTS.md 1.6.
//
//   s_ij = c tanh((tau q_i.k_j) / c),  c = 50,  applied after the scale
//   causal mask, o_i = sum_j softmax_j(s_ij) v_j
//
// Gemma-2 27B: tau = query_pre_attn_scalar^(-1/2) = 144^(-1/2) = 1/12, not
// 1/sqrt(head_dim); 32 query heads, 16 kv heads, head dim 128 (global layers;
// the local layers add attn.window 4096).

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @softcap(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x32x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] scale 0.083333333333333329 : tensor<?x32x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 32>
// CHECK-NEXT:   %[[CAPPED:[a-zA-Z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 32> -> !attn.scores<logits, 32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[CAP:[a-zA-Z0-9_]+]] = arith.constant 5.000000e+01 : f32
// CHECK-NEXT:     %[[XS:[a-zA-Z0-9_]+]] = arith.divf %[[X]], %[[CAP]] : f32
// CHECK-NEXT:     %[[T:[a-zA-Z0-9_]+]] = math.tanh %[[XS]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.mulf %[[CAP]], %[[T]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[CAPPED]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 32>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 32>, tensor<?x16x?x128xbf16> -> tensor<?x32x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x32x?x128xbf16>
// CHECK-NEXT: }
attn.variant @softcap(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                      %v: tensor<?x16x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  // 1/12
  %s = attn.qk %q, %k scale 0.083333333333333329
         : tensor<?x32x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 32>
  %capped = attn.map %s : !attn.scores<logits, 32> -> !attn.scores<logits, 32> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %cap = arith.constant 5.000000e+01 : f32
    %xs = arith.divf %x, %cap : f32
    %t = math.tanh %xs : f32
    %y = arith.mulf %cap, %t : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %capped, %causal fill neg_inf : !attn.scores<logits, 32>
  %p = attn.softmax %sm : !attn.scores<logits, 32> -> !attn.scores<probs, 32>
  %o = attn.pv %p, %v : !attn.scores<probs, 32>, tensor<?x16x?x128xbf16>
         -> tensor<?x32x?x128xbf16>
  attn.return %o : tensor<?x32x?x128xbf16>
}
