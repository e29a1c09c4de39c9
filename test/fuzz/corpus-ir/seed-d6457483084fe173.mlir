attn.variant @nsa(%q: tensor<?x64x?x192xbf16>,
                  %k_cmp: tensor<?x4x?x192xbf16>, %v_cmp: tensor<?x4x?x128xbf16>,
                  %k_slc: tensor<?x4x?x192xbf16>, %v_slc: tensor<?x4x?x128xbf16>,
                  %k_win: tensor<?x4x?x192xbf16>, %v_win: tensor<?x4x?x128xbf16>,
                  %sel: tensor<?x4x?x?xi8>, %gates: tensor<?x64x?x3xf32>)
    -> tensor<?x64x?x128xbf16> {
  %nq = attn.dim %q[2] : tensor<?x64x?x192xbf16>
  %mk = attn.dim %k_slc[2] : tensor<?x4x?x192xbf16>
  %delta = arith.subi %mk, %nq : index

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

  %s_win = attn.qk %q, %k_win : tensor<?x64x?x192xbf16>, tensor<?x4x?x192xbf16>
             -> !attn.scores<logits, 64>
  %win = attn.window 512
  %m_win = attn.apply_mask %s_win, %win fill neg_inf : !attn.scores<logits, 64>
  %p_win = attn.softmax %m_win : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
  %o_win = attn.pv %p_win, %v_win : !attn.scores<probs, 64>, tensor<?x4x?x128xbf16>
             -> tensor<?x64x?x128xf32>

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
