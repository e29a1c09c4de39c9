// Linear attention with a per-token scalar decay: Simple GLA (fla
// chunk_simple_gla) and Mamba-2 SSD read as attention (Dao & Gu 2024,
// "Transformers are SSMs", arXiv 2405.21060); VARIANTS.md 4.4.
//
//   o_i = sum_{j <= i'} tau (q_i.k_j) exp(sum_{t=j+1..i'} g_t) v_j
//
// g [B, H, M] <= 0 is qk's per-token decay; no normaliser (identity map to
// probs after the causal mask).
//
// @simple_gla: fla's default scale tau = 1/sqrt(dk); 16 heads, dk = dv = 128.
// @mamba2_ssd: Q = C, K = B, V = dt (.) x, g_t = dt_t A_h (A_h < 0,
// dt = softplus(dt_raw + dt_bias)), scale 1, plus the skip
// y_t += D_h x_t (an output_map). Mamba2-130m shapes: 24 heads,
// d_state = dk = 128, headdim = dv = 64. Mamba-2 shares C and B across the
// heads of a group (ngroups = 1 there); the dialect has no head broadcast for
// q, so C and B arrive expanded to all 24 heads.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @simple_gla(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x128xbf16>,
// CHECK-SAME:      %[[G:[a-zA-Z0-9_]+]]: tensor<?x16x?xf32>) -> tensor<?x16x?x128xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] decay(%[[G]] : tensor<?x16x?xf32>) : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.map %[[SM]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     attn.yield %[[X]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16> -> tensor<?x16x?x128xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x16x?x128xbf16>
// CHECK-NEXT: }
attn.variant @simple_gla(%q: tensor<?x16x?x128xbf16>, %k: tensor<?x16x?x128xbf16>,
                         %v: tensor<?x16x?x128xbf16>, %g: tensor<?x16x?xf32>)
    -> tensor<?x16x?x128xbf16> {
  %s = attn.qk %q, %k decay(%g : tensor<?x16x?xf32>)
         : tensor<?x16x?x128xbf16>, tensor<?x16x?x128xbf16> -> !attn.scores<logits, 16>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.map %sm : !attn.scores<logits, 16> -> !attn.scores<probs, 16> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<?x16x?x128xbf16>
         -> tensor<?x16x?x128xbf16>
  attn.return %o : tensor<?x16x?x128xbf16>
}

// CHECK-LABEL: attn.variant @mamba2_ssd(
// CHECK-SAME:      %[[C:[a-zA-Z0-9_]+]]: tensor<?x24x?x128xbf16>,
// CHECK-SAME:      %[[BM:[a-zA-Z0-9_]+]]: tensor<?x24x?x128xbf16>,
// CHECK-SAME:      %[[DTX:[a-zA-Z0-9_]+]]: tensor<?x24x?x64xbf16>,
// CHECK-SAME:      %[[X:[a-zA-Z0-9_]+]]: tensor<?x24x?x64xbf16>,
// CHECK-SAME:      %[[DTA:[a-zA-Z0-9_]+]]: tensor<?x24x?xf32>,
// CHECK-SAME:      %[[SKIP:[a-zA-Z0-9_]+]]: tensor<24xf32>) -> tensor<?x24x?x64xf32> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[C]], %[[BM]] decay(%[[DTA]] : tensor<?x24x?xf32>) scale 1.000000e+00 : tensor<?x24x?x128xbf16>, tensor<?x24x?x128xbf16> -> !attn.scores<logits, 24>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 24>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.map %[[SM]] : !attn.scores<logits, 24> -> !attn.scores<probs, 24> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[E:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     attn.yield %[[E]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[DTX]] : !attn.scores<probs, 24>, tensor<?x24x?x64xbf16> -> tensor<?x24x?x64xf32>
// CHECK-NEXT:   %[[Y:[a-zA-Z0-9_]+]] = attn.output_map %[[O]], %[[X]] : tensor<?x24x?x64xf32>, tensor<?x24x?x64xbf16> -> tensor<?x24x?x64xf32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[OV:[a-zA-Z0-9_]+]]: f32, %[[XV:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[DH:[a-zA-Z0-9_]+]] = attn.load %[[SKIP]][%[[H]]] : tensor<24xf32>
// CHECK-NEXT:     %[[DX:[a-zA-Z0-9_]+]] = arith.mulf %[[DH]], %[[XV]] : f32
// CHECK-NEXT:     %[[R:[a-zA-Z0-9_]+]] = arith.addf %[[OV]], %[[DX]] : f32
// CHECK-NEXT:     attn.yield %[[R]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   attn.return %[[Y]] : tensor<?x24x?x64xf32>
// CHECK-NEXT: }
attn.variant @mamba2_ssd(%c: tensor<?x24x?x128xbf16>, %bm: tensor<?x24x?x128xbf16>,
                         %dtx: tensor<?x24x?x64xbf16>, %x: tensor<?x24x?x64xbf16>,
                         %dta: tensor<?x24x?xf32>, %skip: tensor<24xf32>)
    -> tensor<?x24x?x64xf32> {
  %s = attn.qk %c, %bm decay(%dta : tensor<?x24x?xf32>) scale 1.0
         : tensor<?x24x?x128xbf16>, tensor<?x24x?x128xbf16> -> !attn.scores<logits, 24>
  %causal = attn.causal
  %sm = attn.apply_mask %s, %causal fill neg_inf : !attn.scores<logits, 24>
  %p = attn.map %sm : !attn.scores<logits, 24> -> !attn.scores<probs, 24> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %e: f32):
    attn.yield %e : f32
  }
  %o = attn.pv %p, %dtx : !attn.scores<probs, 24>, tensor<?x24x?x64xbf16>
         -> tensor<?x24x?x64xf32>
  %y = attn.output_map %o, %x : tensor<?x24x?x64xf32>, tensor<?x24x?x64xbf16>
         -> tensor<?x24x?x64xf32> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %ov: f32, %xv: f32):
    %dh = attn.load %skip[%h] : tensor<24xf32>
    %dx = arith.mulf %dh, %xv : f32
    %r = arith.addf %ov, %dx : f32
    attn.yield %r : f32
  }
  attn.return %y : tensor<?x24x?x64xf32>
}
