// Native Sparse Attention, NSA (Yuan et al. 2025, DeepSeek, arXiv
// 2502.11089); VARIANTS.md 6b.
//
//   o_t = sum_{c in {cmp, slc, win}} g_t^c Attn(q_t, K_t^c, V_t^c),  g = sigmoid(MLP(x_t))
//
// Three causal softmax branches with their own keys and values, combined per
// token and head by gates in an output_map:
// * cmp: keys / values compressed from blocks of l = 32 tokens at stride
//   d = 16 (phi is computed outside: k_cmp, v_cmp hold Mc compressed rows).
//   Block c covers tokens [16c, 16c + 32) and is visible to the query at
//   absolute position t' = i + (M - N) iff 16c + 31 <= t'. The built-in
//   causal mask would align against Mc, so this is a predicate that reads M
//   and N from the uncompressed k_slc and from q.
// * slc: the top-n selected blocks of l' = 64 tokens (selection shared by the
//   G = 16 query heads of a kv group; it comes from the cmp scores and top-k,
//   computed outside). It arrives as a dense per-token map
//   sel[b, h_kv, i, j / 64] != 0, read by a predicate, and-ed with causal.
// * win: a causal window of w = 512 keys (attn.window 512).
// Gate logits are [B, Hq, N, 3] (cmp, slc, win); the output_map applies the
// sigmoid. Paper shapes: 64 query heads, 4 kv heads, dk = 192, dv = 128;
// default scale 1/sqrt(192) in every branch.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @nsa(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x64x?x192xbf16>,
// CHECK-SAME:      %[[K_CMP:[a-zA-Z0-9_]+]]: tensor<?x4x?x192xbf16>,
// CHECK-SAME:      %[[V_CMP:[a-zA-Z0-9_]+]]: tensor<?x4x?x128xbf16>,
// CHECK-SAME:      %[[K_SLC:[a-zA-Z0-9_]+]]: tensor<?x4x?x192xbf16>,
// CHECK-SAME:      %[[V_SLC:[a-zA-Z0-9_]+]]: tensor<?x4x?x128xbf16>,
// CHECK-SAME:      %[[K_WIN:[a-zA-Z0-9_]+]]: tensor<?x4x?x192xbf16>,
// CHECK-SAME:      %[[V_WIN:[a-zA-Z0-9_]+]]: tensor<?x4x?x128xbf16>,
// CHECK-SAME:      %[[SEL:[a-zA-Z0-9_]+]]: tensor<?x4x?x?xi8>,
// CHECK-SAME:      %[[GATES:[a-zA-Z0-9_]+]]: tensor<?x64x?x3xf32>) -> tensor<?x64x?x128xbf16> {
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x64x?x192xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K_SLC]][2] : tensor<?x4x?x192xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[S_CMP:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K_CMP]] : tensor<?x64x?x192xbf16>, tensor<?x4x?x192xbf16> -> !attn.scores<logits, 64>
// CHECK-NEXT:   %[[VIS_CMP:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[C16:[a-zA-Z0-9_]+]] = arith.constant 16 : index
// CHECK-NEXT:     %[[C31:[a-zA-Z0-9_]+]] = arith.constant 31 : index
// CHECK-NEXT:     %[[TPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[START:[a-zA-Z0-9_]+]] = arith.muli %[[J]], %[[C16]] : index
// CHECK-NEXT:     %[[LAST:[a-zA-Z0-9_]+]] = arith.addi %[[START]], %[[C31]] : index
// CHECK-NEXT:     %[[SEEN:[a-zA-Z0-9_]+]] = arith.cmpi ule, %[[LAST]], %[[TPOS]] : index
// CHECK-NEXT:     attn.yield %[[SEEN]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[M_CMP:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S_CMP]], %[[VIS_CMP]] fill neg_inf : !attn.scores<logits, 64>
// CHECK-NEXT:   %[[P_CMP:[a-zA-Z0-9_]+]] = attn.softmax %[[M_CMP]] : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
// CHECK-NEXT:   %[[O_CMP:[a-zA-Z0-9_]+]] = attn.pv %[[P_CMP]], %[[V_CMP]] : !attn.scores<probs, 64>, tensor<?x4x?x128xbf16> -> tensor<?x64x?x128xf32>
// CHECK-NEXT:   %[[S_SLC:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K_SLC]] : tensor<?x64x?x192xbf16>, tensor<?x4x?x192xbf16> -> !attn.scores<logits, 64>
// CHECK-NEXT:   %[[PICKED:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[C16:[a-zA-Z0-9_]+]] = arith.constant 16 : index
// CHECK-NEXT:     %[[C64:[a-zA-Z0-9_]+]] = arith.constant 64 : index
// CHECK-NEXT:     %[[ZERO:[a-zA-Z0-9_]+]] = arith.constant 0 : i8
// CHECK-NEXT:     %[[HKV:[a-zA-Z0-9_]+]] = arith.divui %[[H]], %[[C16]] : index
// CHECK-NEXT:     %[[BLK:[a-zA-Z0-9_]+]] = arith.divui %[[J]], %[[C64]] : index
// CHECK-NEXT:     %[[FLAG:[a-zA-Z0-9_]+]] = attn.load %[[SEL]][%[[B]], %[[HKV]], %[[I]], %[[BLK]]] : tensor<?x4x?x?xi8>
// CHECK-NEXT:     %[[ON:[a-zA-Z0-9_]+]] = arith.cmpi ne, %[[FLAG]], %[[ZERO]] : i8
// CHECK-NEXT:     attn.yield %[[ON]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[VIS_SLC:[a-zA-Z0-9_]+]] = attn.mask_and %[[PICKED]], %[[CAUSAL]]
// CHECK-NEXT:   %[[M_SLC:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S_SLC]], %[[VIS_SLC]] fill neg_inf : !attn.scores<logits, 64>
// CHECK-NEXT:   %[[P_SLC:[a-zA-Z0-9_]+]] = attn.softmax %[[M_SLC]] : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
// CHECK-NEXT:   %[[O_SLC:[a-zA-Z0-9_]+]] = attn.pv %[[P_SLC]], %[[V_SLC]] : !attn.scores<probs, 64>, tensor<?x4x?x128xbf16> -> tensor<?x64x?x128xf32>
// CHECK-NEXT:   %[[S_WIN:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K_WIN]] : tensor<?x64x?x192xbf16>, tensor<?x4x?x192xbf16> -> !attn.scores<logits, 64>
// CHECK-NEXT:   %[[WIN:[a-zA-Z0-9_]+]] = attn.window 512
// CHECK-NEXT:   %[[M_WIN:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S_WIN]], %[[WIN]] fill neg_inf : !attn.scores<logits, 64>
// CHECK-NEXT:   %[[P_WIN:[a-zA-Z0-9_]+]] = attn.softmax %[[M_WIN]] : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
// CHECK-NEXT:   %[[O_WIN:[a-zA-Z0-9_]+]] = attn.pv %[[P_WIN]], %[[V_WIN]] : !attn.scores<probs, 64>, tensor<?x4x?x128xbf16> -> tensor<?x64x?x128xf32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.output_map %[[O_CMP]], %[[O_SLC]], %[[O_WIN]] : tensor<?x64x?x128xf32>, tensor<?x64x?x128xf32>, tensor<?x64x?x128xf32> -> tensor<?x64x?x128xbf16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X_CMP:[a-zA-Z0-9_]+]]: f32, %[[X_SLC:[a-zA-Z0-9_]+]]: f32, %[[X_WIN:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[C0:[a-zA-Z0-9_]+]] = arith.constant 0 : index
// CHECK-NEXT:     %[[C1:[a-zA-Z0-9_]+]] = arith.constant 1 : index
// CHECK-NEXT:     %[[C2:[a-zA-Z0-9_]+]] = arith.constant 2 : index
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[L_CMP:[a-zA-Z0-9_]+]] = attn.load %[[GATES]][%[[B]], %[[H]], %[[I]], %[[C0]]] : tensor<?x64x?x3xf32>
// CHECK-NEXT:     %[[L_SLC:[a-zA-Z0-9_]+]] = attn.load %[[GATES]][%[[B]], %[[H]], %[[I]], %[[C1]]] : tensor<?x64x?x3xf32>
// CHECK-NEXT:     %[[L_WIN:[a-zA-Z0-9_]+]] = attn.load %[[GATES]][%[[B]], %[[H]], %[[I]], %[[C2]]] : tensor<?x64x?x3xf32>
// CHECK-NEXT:     %[[N_CMP:[a-zA-Z0-9_]+]] = arith.negf %[[L_CMP]] : f32
// CHECK-NEXT:     %[[E_CMP:[a-zA-Z0-9_]+]] = math.exp %[[N_CMP]] : f32
// CHECK-NEXT:     %[[D_CMP:[a-zA-Z0-9_]+]] = arith.addf %[[ONE]], %[[E_CMP]] : f32
// CHECK-NEXT:     %[[G_CMP:[a-zA-Z0-9_]+]] = arith.divf %[[ONE]], %[[D_CMP]] : f32
// CHECK-NEXT:     %[[N_SLC:[a-zA-Z0-9_]+]] = arith.negf %[[L_SLC]] : f32
// CHECK-NEXT:     %[[E_SLC:[a-zA-Z0-9_]+]] = math.exp %[[N_SLC]] : f32
// CHECK-NEXT:     %[[D_SLC:[a-zA-Z0-9_]+]] = arith.addf %[[ONE]], %[[E_SLC]] : f32
// CHECK-NEXT:     %[[G_SLC:[a-zA-Z0-9_]+]] = arith.divf %[[ONE]], %[[D_SLC]] : f32
// CHECK-NEXT:     %[[N_WIN:[a-zA-Z0-9_]+]] = arith.negf %[[L_WIN]] : f32
// CHECK-NEXT:     %[[E_WIN:[a-zA-Z0-9_]+]] = math.exp %[[N_WIN]] : f32
// CHECK-NEXT:     %[[D_WIN:[a-zA-Z0-9_]+]] = arith.addf %[[ONE]], %[[E_WIN]] : f32
// CHECK-NEXT:     %[[G_WIN:[a-zA-Z0-9_]+]] = arith.divf %[[ONE]], %[[D_WIN]] : f32
// CHECK-NEXT:     %[[T_CMP:[a-zA-Z0-9_]+]] = arith.mulf %[[G_CMP]], %[[X_CMP]] : f32
// CHECK-NEXT:     %[[T_SLC:[a-zA-Z0-9_]+]] = arith.mulf %[[G_SLC]], %[[X_SLC]] : f32
// CHECK-NEXT:     %[[T_WIN:[a-zA-Z0-9_]+]] = arith.mulf %[[G_WIN]], %[[X_WIN]] : f32
// CHECK-NEXT:     %[[SUM0:[a-zA-Z0-9_]+]] = arith.addf %[[T_CMP]], %[[T_SLC]] : f32
// CHECK-NEXT:     %[[SUM:[a-zA-Z0-9_]+]] = arith.addf %[[SUM0]], %[[T_WIN]] : f32
// CHECK-NEXT:     attn.yield %[[SUM]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x64x?x128xbf16>
// CHECK-NEXT: }
attn.variant @nsa(%q: tensor<?x64x?x192xbf16>,
                  %k_cmp: tensor<?x4x?x192xbf16>, %v_cmp: tensor<?x4x?x128xbf16>,
                  %k_slc: tensor<?x4x?x192xbf16>, %v_slc: tensor<?x4x?x128xbf16>,
                  %k_win: tensor<?x4x?x192xbf16>, %v_win: tensor<?x4x?x128xbf16>,
                  %sel: tensor<?x4x?x?xi8>, %gates: tensor<?x64x?x3xf32>)
    -> tensor<?x64x?x128xbf16> {
  %nq = attn.dim %q[2] : tensor<?x64x?x192xbf16>
  %mk = attn.dim %k_slc[2] : tensor<?x4x?x192xbf16>
  %delta = arith.subi %mk, %nq : index

  // Compressed branch.
  %s_cmp = attn.qk %q, %k_cmp : tensor<?x64x?x192xbf16>, tensor<?x4x?x192xbf16>
             -> !attn.scores<logits, 64>
  %vis_cmp = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %c16 = arith.constant 16 : index
    %c31 = arith.constant 31 : index
    %tpos = arith.addi %i, %delta : index
    %start = arith.muli %j, %c16 : index
    %last = arith.addi %start, %c31 : index
    %seen = arith.cmpi ule, %last, %tpos : index
    attn.yield %seen : i1
  }
  %m_cmp = attn.apply_mask %s_cmp, %vis_cmp fill neg_inf : !attn.scores<logits, 64>
  %p_cmp = attn.softmax %m_cmp : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o_cmp = attn.pv %p_cmp, %v_cmp : !attn.scores<probs, 64>, tensor<?x4x?x128xbf16>
             -> tensor<?x64x?x128xf32>

  // Selected branch.
  %s_slc = attn.qk %q, %k_slc : tensor<?x64x?x192xbf16>, tensor<?x4x?x192xbf16>
             -> !attn.scores<logits, 64>
  %picked = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %c16 = arith.constant 16 : index
    %c64 = arith.constant 64 : index
    %zero = arith.constant 0 : i8
    %hkv = arith.divui %h, %c16 : index
    %blk = arith.divui %j, %c64 : index
    %flag = attn.load %sel[%b, %hkv, %i, %blk] : tensor<?x4x?x?xi8>
    %on = arith.cmpi ne, %flag, %zero : i8
    attn.yield %on : i1
  }
  %causal = attn.causal
  %vis_slc = attn.mask_and %picked, %causal
  %m_slc = attn.apply_mask %s_slc, %vis_slc fill neg_inf : !attn.scores<logits, 64>
  %p_slc = attn.softmax %m_slc : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o_slc = attn.pv %p_slc, %v_slc : !attn.scores<probs, 64>, tensor<?x4x?x128xbf16>
             -> tensor<?x64x?x128xf32>

  // Sliding-window branch.
  %s_win = attn.qk %q, %k_win : tensor<?x64x?x192xbf16>, tensor<?x4x?x192xbf16>
             -> !attn.scores<logits, 64>
  %win = attn.window 512
  %m_win = attn.apply_mask %s_win, %win fill neg_inf : !attn.scores<logits, 64>
  %p_win = attn.softmax %m_win : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o_win = attn.pv %p_win, %v_win : !attn.scores<probs, 64>, tensor<?x4x?x128xbf16>
             -> tensor<?x64x?x128xf32>

  // Gated sum.
  %o = attn.output_map %o_cmp, %o_slc, %o_win
         : tensor<?x64x?x128xf32>, tensor<?x64x?x128xf32>, tensor<?x64x?x128xf32>
         -> tensor<?x64x?x128xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x_cmp: f32, %x_slc: f32, %x_win: f32):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %one = arith.constant 1.000000e+00 : f32
    %l_cmp = attn.load %gates[%b, %h, %i, %c0] : tensor<?x64x?x3xf32>
    %l_slc = attn.load %gates[%b, %h, %i, %c1] : tensor<?x64x?x3xf32>
    %l_win = attn.load %gates[%b, %h, %i, %c2] : tensor<?x64x?x3xf32>
    %n_cmp = arith.negf %l_cmp : f32
    %e_cmp = math.exp %n_cmp : f32
    %d_cmp = arith.addf %one, %e_cmp : f32
    %g_cmp = arith.divf %one, %d_cmp : f32
    %n_slc = arith.negf %l_slc : f32
    %e_slc = math.exp %n_slc : f32
    %d_slc = arith.addf %one, %e_slc : f32
    %g_slc = arith.divf %one, %d_slc : f32
    %n_win = arith.negf %l_win : f32
    %e_win = math.exp %n_win : f32
    %d_win = arith.addf %one, %e_win : f32
    %g_win = arith.divf %one, %d_win : f32
    %t_cmp = arith.mulf %g_cmp, %x_cmp : f32
    %t_slc = arith.mulf %g_slc, %x_slc : f32
    %t_win = arith.mulf %g_win, %x_win : f32
    %sum0 = arith.addf %t_cmp, %t_slc : f32
    %sum = arith.addf %sum0, %t_win : f32
    attn.yield %sum : f32
  }
  attn.return %o : tensor<?x64x?x128xbf16>
}
