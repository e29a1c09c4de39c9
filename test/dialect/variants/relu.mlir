// ReLU attention (Wortsman, Lee, Gilmer, Kornblith 2023, "Replacing softmax
// with ReLU in Vision Transformers", arXiv 2309.08586); VARIANTS.md section 3.
//
//   o_i = (1/L) sum_j relu(q_i.k_j / sqrt(d)) v_j,  L = sequence length (M)
//
// No row normalisation: a map turns logits into probs. Bidirectional (ViT);
// ViT-B shapes, 12 heads of dim 64.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @relu(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>) -> tensor<?x12x?x64xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16> -> !attn.scores<logits, 12>
// CHECK-NEXT:   %[[LEN:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x12x?x64xbf16>
// CHECK-NEXT:   %[[LEN_I64:[a-zA-Z0-9_]+]] = arith.index_cast %[[LEN]] : index to i64
// CHECK-NEXT:   %[[LEN_F32:[a-zA-Z0-9_]+]] = arith.sitofp %[[LEN_I64]] : i64 to f32
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 12> -> !attn.scores<probs, 12> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ZERO:[a-zA-Z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:     %[[R:[a-zA-Z0-9_]+]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.divf %[[R]], %[[LEN_F32]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16> -> tensor<?x12x?x64xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x12x?x64xbf16>
// CHECK-NEXT: }
attn.variant @relu(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                   %v: tensor<?x12x?x64xbf16>) -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  %len = attn.dim %k[2] : tensor<?x12x?x64xbf16>
  %len_i64 = arith.index_cast %len : index to i64
  %len_f32 = arith.sitofp %len_i64 : i64 to f32
  %p = attn.map %s : !attn.scores<logits, 12> -> !attn.scores<probs, 12> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %r = arith.maximumf %x, %zero : f32
    %y = arith.divf %r, %len_f32 : f32
    attn.yield %y : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16>
         -> tensor<?x12x?x64xbf16>
  attn.return %o : tensor<?x12x?x64xbf16>
}
