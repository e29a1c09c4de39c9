// Normalised linear attention with the elu+1 feature map (Katharopoulos,
// Vyas, Pappas, Fleuret 2020, "Transformers are RNNs", arXiv 2006.16236);
// VARIANTS.md 4.1, in quadratic form.
//
//   phi(x) = elu(x) + 1 = (x > 0 ? x + 1 : exp(x))
//   o_i = sum_{j <= i'} (phi(q_i).phi(k_j)) v_j / (sum_{j <= i'} phi(q_i).phi(k_j) + eps)
//
// Feature maps on q and k (f32 storage), unscaled dot products (scale 1.0),
// causal mask, identity map to probs (masked entries 0), row normalisation by
// the plain sum with eps = 1e-6. The chunked / recurrent form of section 4
// (S_i, z_i) evaluates the same function. 8 heads of dim 64.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @linear_elu(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
// CHECK-NEXT:   %[[FQ:[a-zA-Z0-9_]+]] = attn.feature_map %[[Q]] : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[T:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ZERO:[a-zA-Z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[POS:[a-zA-Z0-9_]+]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:     %[[XP1:[a-zA-Z0-9_]+]] = arith.addf %[[X]], %[[ONE]] : f32
// CHECK-NEXT:     %[[EX:[a-zA-Z0-9_]+]] = math.exp %[[X]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.select %[[POS]], %[[XP1]], %[[EX]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[FK:[a-zA-Z0-9_]+]] = attn.feature_map %[[K]] : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[T:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ZERO:[a-zA-Z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[POS:[a-zA-Z0-9_]+]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:     %[[XP1:[a-zA-Z0-9_]+]] = arith.addf %[[X]], %[[ONE]] : f32
// CHECK-NEXT:     %[[EX:[a-zA-Z0-9_]+]] = math.exp %[[X]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.select %[[POS]], %[[XP1]], %[[EX]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[FQ]], %[[FK]] scale 1.000000e+00 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32> -> !attn.scores<logits, 8>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 8>
// CHECK-NEXT:   %[[A:[a-zA-Z0-9_]+]] = attn.map %[[SM]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     attn.yield %[[X]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.row_normalize %[[A]] kind sum eps 9.9999999999999995E-7 : !attn.scores<probs, 8>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x8x?x64xbf16>
// CHECK-NEXT: }
attn.variant @linear_elu(%q: tensor<?x8x?x64xbf16>, %k: tensor<?x8x?x64xbf16>,
                         %v: tensor<?x8x?x64xbf16>) -> tensor<?x8x?x64xbf16> {
  %fq = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %fk = attn.feature_map %k : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %s = attn.qk %fq, %fk scale 1.0 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
         -> !attn.scores<logits, 8>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 8>
  %a = attn.map %sm : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %p = attn.row_normalize %a kind sum eps 1.0e-06 : !attn.scores<probs, 8>
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x8x?x64xbf16>
         -> tensor<?x8x?x64xbf16>
  attn.return %o : tensor<?x8x?x64xbf16>
}
