// Gated attention with an elementwise sigmoid output gate (Qiu et al. 2025,
// "Gated Attention for Large Language Models", arXiv 2505.06708; Qwen3-Next);
// VARIANTS.md 5a.
//
//   Y_h = softmax(causal(Q K^T / sqrt(d))) V,   Y'_h = Y_h (.) sigmoid(X W_theta^h)
//
// %gate holds the gate logits X W_theta per head and channel ("elementwise",
// [B, H, N, Dv]), computed outside from the layer's pre-norm hidden state; the
// gate is an output_map epilogue. Qwen3-Next full-attention layers: 16 query
// heads, 2 kv heads, head dim 256.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @qwen_gate(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x256xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x2x?x256xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x2x?x256xbf16>,
// CHECK-SAME:      %[[GATE:[a-zA-Z0-9_]+]]: tensor<?x16x?x256xbf16>) -> tensor<?x16x?x256xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x256xbf16>, tensor<?x2x?x256xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x2x?x256xbf16> -> tensor<?x16x?x256xf32>
// CHECK-NEXT:   %[[Y:[a-zA-Z0-9_]+]] = attn.output_map %[[O]], %[[GATE]] : tensor<?x16x?x256xf32>, tensor<?x16x?x256xbf16> -> tensor<?x16x?x256xbf16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32, %[[G:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[NG:[a-zA-Z0-9_]+]] = arith.negf %[[G]] : f32
// CHECK-NEXT:     %[[E:[a-zA-Z0-9_]+]] = math.exp %[[NG]] : f32
// CHECK-NEXT:     %[[DEN:[a-zA-Z0-9_]+]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:     %[[SIG:[a-zA-Z0-9_]+]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:     %[[R:[a-zA-Z0-9_]+]] = arith.mulf %[[X]], %[[SIG]] : f32
// CHECK-NEXT:     attn.yield %[[R]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   attn.return %[[Y]] : tensor<?x16x?x256xbf16>
// CHECK-NEXT: }
attn.variant @qwen_gate(%q: tensor<?x16x?x256xbf16>, %k: tensor<?x2x?x256xbf16>,
                        %v: tensor<?x2x?x256xbf16>, %gate: tensor<?x16x?x256xbf16>)
    -> tensor<?x16x?x256xbf16> {
  %s = attn.qk %q, %k : tensor<?x16x?x256xbf16>, tensor<?x2x?x256xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x2x?x256xbf16>
         -> tensor<?x16x?x256xf32>
  %y = attn.output_map %o, %gate : tensor<?x16x?x256xf32>, tensor<?x16x?x256xbf16>
         -> tensor<?x16x?x256xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32, %g: f32):
    %one = arith.constant 1.000000e+00 : f32
    %ng = arith.negf %g : f32
    %e = math.exp %ng : f32
    %den = arith.addf %one, %e : f32
    %sig = arith.divf %one, %den : f32
    %r = arith.mulf %x, %sig : f32
    attn.yield %r : f32
  }
  attn.return %y : tensor<?x16x?x256xbf16>
}
