// Sigmoid attention (Ramapuram et al. 2024, "Theory, Analysis, and Best
// Practices for Sigmoid Self-Attention", arXiv 2409.04431; FlashSigmoid);
// VARIANTS.md section 2.
//
//   o_i = sum_{j allowed} sigmoid(q_i.k_j / sqrt(d) + b) v_j,  b = -log(n)
//
// No row normalisation: a map turns the masked logits into probs directly
// (masked entries become 0). n is the sequence length, here the key length M
// read with attn.dim. Causal.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @sigmoid(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>) -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[N:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x16x?x128xbf16>
// CHECK-NEXT:   %[[N_I64:[a-zA-Z0-9_]+]] = arith.index_cast %[[N]] : index to i64
// CHECK-NEXT:   %[[N_F32:[a-zA-Z0-9_]+]] = arith.sitofp %[[N_I64]] : i64 to f32
// CHECK-NEXT:   %[[LOGN:[a-zA-Z0-9_]+]] = math.log %[[N_F32]] : f32
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.map %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[Z:[a-zA-Z0-9_]+]] = arith.subf %[[X]], %[[LOGN]] : f32
// CHECK-NEXT:     %[[NEGZ:[a-zA-Z0-9_]+]] = arith.negf %[[Z]] : f32
// CHECK-NEXT:     %[[E:[a-zA-Z0-9_]+]] = math.exp %[[NEGZ]] : f32
// CHECK-NEXT:     %[[DEN:[a-zA-Z0-9_]+]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:     %[[SIG:[a-zA-Z0-9_]+]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:     attn.yield %[[SIG]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16> -> tensor<?x16x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x16x?x128xbf16>
// CHECK-NEXT: }
attn.variant @sigmoid(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                      %v: tensor<?x16x?x128xbf16>) -> tensor<?x16x?x128xbf16> {
  %s = attn.qk %q, %k : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  // log(n), n = M.
  %n = attn.dim %k[2] : tensor<?x16x?x128xbf16>
  %n_i64 = arith.index_cast %n : index to i64
  %n_f32 = arith.sitofp %n_i64 : i64 to f32
  %logn = math.log %n_f32 : f32
  %p = attn.map %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %one = arith.constant 1.000000e+00 : f32
    %z = arith.subf %x, %logn : f32
    %negz = arith.negf %z : f32
    %e = math.exp %negz : f32
    %den = arith.addf %one, %e : f32
    %sig = arith.divf %one, %den : f32
    attn.yield %sig : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}
