// Differential attention, DIFF Transformer (Ye et al. 2024, arXiv 2410.05258;
// microsoft/unilm Diff-Transformer multihead_diffattn.py); VARIANTS.md 5d.
//
//   DiffAttn_h = (softmax(Q1 K1^T / sqrt(d)) - lambda softmax(Q2 K2^T / sqrt(d))) V
//   lambda = exp(lq1 . lk1) - exp(lq2 . lk2) + lambda_init
//   out_h = RMSNorm_2d(DiffAttn_h) * (1 - lambda_init),
//   lambda_init = 0.8 - 0.6 exp(-0.3 depth)   (depth = 0-based layer index)
//
// Each output head has two q/k sub-heads of dim d (q1 = q[:, 0::2],
// q2 = q[:, 1::2] of the code's 2H heads) and one value head of dim 2d. Both
// maps are causal softmaxes. Since (A1 - lambda A2) V = A1 V - lambda A2 V, the
// signed combination is an output_map on the two branch outputs. In V1
// lambda is one scalar per layer, computed from the learned vectors by the
// caller and passed as tensor<1xf32>. subln = RMSNorm(2d, eps 1e-5) with a
// weight [2d]. The layer index is the constant depth = 5 here.
// 16 heads, d = 64, value dim 2d = 128.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @diff_attention(
// CHECK-SAME:      %[[Q1:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[K1:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[Q2:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[K2:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[LAMBDA:[a-zA-Z0-9_]+]]: tensor<1xf32>,
// CHECK-SAME:      %[[SUBLN_W:[a-zA-Z0-9_]+]]: tensor<128xf32>) -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[S1:[a-zA-Z0-9_]+]] = attn.qk %[[Q1]], %[[K1]] : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[M1:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S1]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P1:[a-zA-Z0-9_]+]] = attn.softmax %[[M1]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[O1:[a-zA-Z0-9_]+]] = attn.pv %[[P1]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16> -> tensor<?x16x?x128xf32>
// CHECK-NEXT:   %[[S2:[a-zA-Z0-9_]+]] = attn.qk %[[Q2]], %[[K2]] : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[M2:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S2]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P2:[a-zA-Z0-9_]+]] = attn.softmax %[[M2]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[O2:[a-zA-Z0-9_]+]] = attn.pv %[[P2]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16> -> tensor<?x16x?x128xf32>
// CHECK-NEXT:   %[[DIFF:[a-zA-Z0-9_]+]] = attn.output_map %[[O1]], %[[O2]] : tensor<?x16x?x128xf32>, tensor<?x16x?x128xf32> -> tensor<?x16x?x128xf32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X1:[a-zA-Z0-9_]+]]: f32, %[[X2:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[C0:[a-zA-Z0-9_]+]] = arith.constant 0 : index
// CHECK-NEXT:     %[[LAM:[a-zA-Z0-9_]+]] = attn.load %[[LAMBDA]][%[[C0]]] : tensor<1xf32>
// CHECK-NEXT:     %[[SCALED:[a-zA-Z0-9_]+]] = arith.mulf %[[LAM]], %[[X2]] : f32
// CHECK-NEXT:     %[[R:[a-zA-Z0-9_]+]] = arith.subf %[[X1]], %[[SCALED]] : f32
// CHECK-NEXT:     attn.yield %[[R]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[NORMED:[a-zA-Z0-9_]+]] = attn.head_rmsnorm %[[DIFF]] weight(%[[SUBLN_W]] : tensor<128xf32>) : tensor<?x16x?x128xf32> -> tensor<?x16x?x128xf32>
// CHECK-NEXT:   %[[DEPTH:[a-zA-Z0-9_]+]] = arith.constant 5.000000e+00 : f32
// CHECK-NEXT:   %[[NEG03:[a-zA-Z0-9_]+]] = arith.constant -3.000000e-01 : f32
// CHECK-NEXT:   %[[C08:[a-zA-Z0-9_]+]] = arith.constant 8.000000e-01 : f32
// CHECK-NEXT:   %[[C06:[a-zA-Z0-9_]+]] = arith.constant 6.000000e-01 : f32
// CHECK-NEXT:   %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:   %[[ARG:[a-zA-Z0-9_]+]] = arith.mulf %[[NEG03]], %[[DEPTH]] : f32
// CHECK-NEXT:   %[[DECAY:[a-zA-Z0-9_]+]] = math.exp %[[ARG]] : f32
// CHECK-NEXT:   %[[SUB:[a-zA-Z0-9_]+]] = arith.mulf %[[C06]], %[[DECAY]] : f32
// CHECK-NEXT:   %[[LAMBDA_INIT:[a-zA-Z0-9_]+]] = arith.subf %[[C08]], %[[SUB]] : f32
// CHECK-NEXT:   %[[RESCALE:[a-zA-Z0-9_]+]] = arith.subf %[[ONE]], %[[LAMBDA_INIT]] : f32
// CHECK-NEXT:   %[[OUT:[a-zA-Z0-9_]+]] = attn.output_map %[[NORMED]] : tensor<?x16x?x128xf32> -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.mulf %[[X]], %[[RESCALE]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   attn.return %[[OUT]] : tensor<?x16x?x128xbf16>
// CHECK-NEXT: }
attn.variant @diff_attention(%q1: tensor<?x16x?x64xbf16>, %k1: tensor<?x16x?x64xbf16>,
                             %q2: tensor<?x16x?x64xbf16>, %k2: tensor<?x16x?x64xbf16>,
                             %v: tensor<?x16x?x128xbf16>, %lambda: tensor<1xf32>,
                             %subln_w: tensor<128xf32>) -> tensor<?x16x?x128xbf16> {
  %causal = attn.causal
  %s1 = attn.qk %q1, %k1 : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16>
          -> !attn.scores<logits, 16>
  %m1 = attn.apply_mask %s1, %causal fill neg_inf : !attn.scores<logits, 16>
  %p1 = attn.softmax %m1 : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o1 = attn.pv %p1, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
          -> tensor<?x16x?x128xf32>
  %s2 = attn.qk %q2, %k2 : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16>
          -> !attn.scores<logits, 16>
  %m2 = attn.apply_mask %s2, %causal fill neg_inf : !attn.scores<logits, 16>
  %p2 = attn.softmax %m2 : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o2 = attn.pv %p2, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
          -> tensor<?x16x?x128xf32>
  %diff = attn.output_map %o1, %o2 : tensor<?x16x?x128xf32>, tensor<?x16x?x128xf32>
            -> tensor<?x16x?x128xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x1: f32, %x2: f32):
    %c0 = arith.constant 0 : index
    %lam = attn.load %lambda[%c0] : tensor<1xf32>
    %scaled = arith.mulf %lam, %x2 : f32
    %r = arith.subf %x1, %scaled : f32
    attn.yield %r : f32
  }
  %normed = attn.head_rmsnorm %diff weight(%subln_w : tensor<128xf32>) eps 1.0e-05
              : tensor<?x16x?x128xf32> -> tensor<?x16x?x128xf32>
  // 1 - lambda_init = 1 - (0.8 - 0.6 exp(-0.3 depth)), depth = 5.
  %depth = arith.constant 5.000000e+00 : f32
  %neg03 = arith.constant -3.000000e-01 : f32
  %c08 = arith.constant 8.000000e-01 : f32
  %c06 = arith.constant 6.000000e-01 : f32
  %one = arith.constant 1.000000e+00 : f32
  %arg = arith.mulf %neg03, %depth : f32
  %decay = math.exp %arg : f32
  %sub = arith.mulf %c06, %decay : f32
  %lambda_init = arith.subf %c08, %sub : f32
  %rescale = arith.subf %one, %lambda_init : f32
  %out = attn.output_map %normed : tensor<?x16x?x128xf32> -> tensor<?x16x?x128xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    %y = arith.mulf %x, %rescale : f32
    attn.yield %y : f32
  }
  attn.return %out : tensor<?x16x?x128xbf16>
}
