// Infini-attention (Munkhdalai, Faruqui, Gopal 2024, "Leave No Context
// Behind", arXiv 2404.07143); VARIANTS.md 4.7.
//
//   segments of S = 2048 tokens; for a query in segment s:
//   A_dot = causal softmax(Q K^T / sqrt(d)) V within segment s
//   A_mem = sigma(Q) M_{s-1} / (sigma(Q) z_{s-1}),  sigma = elu + 1,
//           M_{s-1} = sum_{j in segments < s} sigma(k_j) v_j^T,  z_{s-1} = sum sigma(k_j)
//   A = sigmoid(beta_h) A_mem + (1 - sigmoid(beta_h)) A_dot
//
// Quadratic form: the local branch is a block-diagonal causal softmax (a
// same-segment predicate on absolute positions and-ed with causal); the
// memory branch is normalised linear attention over the earlier segments
// only: phi(q).phi(k) scores (scale 1.0), a predicate seg(j) < seg(i'), an
// identity map to probs and a row_normalize by the sum. The first segment
// has M_0 = 0, z_0 = 0 (0/0): the eps 1e-6 of row_normalize makes its memory
// output 0. This is the linear memory update; the delta-rule update
// (M_s += sigma(K)^T (V - sigma(K) M_{s-1} / (sigma(K) z_{s-1}))) is not a
// function of pairwise scores and is not written here.
// 8 heads of dim 128; beta : tensor<H x f32>.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @infini_attention(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x8x?x128xbf16>,
// CHECK-SAME:      %[[BETA:[a-zA-Z0-9_]+]]: tensor<8xf32>) -> tensor<?x8x?x128xbf16> {
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x8x?x128xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x8x?x128xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[SEG:[a-zA-Z0-9_]+]] = arith.constant 2048 : index
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> !attn.scores<logits, 8>
// CHECK-NEXT:   %[[SAME_SEG:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[SI:[a-zA-Z0-9_]+]] = arith.divui %[[IPOS]], %[[SEG]] : index
// CHECK-NEXT:     %[[SJ:[a-zA-Z0-9_]+]] = arith.divui %[[J]], %[[SEG]] : index
// CHECK-NEXT:     %[[EQ:[a-zA-Z0-9_]+]] = arith.cmpi eq, %[[SI]], %[[SJ]] : index
// CHECK-NEXT:     attn.yield %[[EQ]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[LOCAL:[a-zA-Z0-9_]+]] = attn.mask_and %[[CAUSAL]], %[[SAME_SEG]]
// CHECK-NEXT:   %[[M_DOT:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[LOCAL]] fill neg_inf : !attn.scores<logits, 8>
// CHECK-NEXT:   %[[P_DOT:[a-zA-Z0-9_]+]] = attn.softmax %[[M_DOT]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
// CHECK-NEXT:   %[[O_DOT:[a-zA-Z0-9_]+]] = attn.pv %[[P_DOT]], %[[V]] : !attn.scores<probs, 8>, tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32>
// CHECK-NEXT:   %[[FQ:[a-zA-Z0-9_]+]] = attn.feature_map %[[Q]] : tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[T:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ZERO:[a-zA-Z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[POS:[a-zA-Z0-9_]+]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:     %[[XP1:[a-zA-Z0-9_]+]] = arith.addf %[[X]], %[[ONE]] : f32
// CHECK-NEXT:     %[[EX:[a-zA-Z0-9_]+]] = math.exp %[[X]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.select %[[POS]], %[[XP1]], %[[EX]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[FK:[a-zA-Z0-9_]+]] = attn.feature_map %[[K]] : tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[T:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ZERO:[a-zA-Z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[POS:[a-zA-Z0-9_]+]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:     %[[XP1:[a-zA-Z0-9_]+]] = arith.addf %[[X]], %[[ONE]] : f32
// CHECK-NEXT:     %[[EX:[a-zA-Z0-9_]+]] = math.exp %[[X]] : f32
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.select %[[POS]], %[[XP1]], %[[EX]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[S_MEM:[a-zA-Z0-9_]+]] = attn.qk %[[FQ]], %[[FK]] scale 1.000000e+00 : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32> -> !attn.scores<logits, 8>
// CHECK-NEXT:   %[[EARLIER:[a-zA-Z0-9_]+]] = attn.predicate {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index):
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[SI:[a-zA-Z0-9_]+]] = arith.divui %[[IPOS]], %[[SEG]] : index
// CHECK-NEXT:     %[[SJ:[a-zA-Z0-9_]+]] = arith.divui %[[J]], %[[SEG]] : index
// CHECK-NEXT:     %[[LT:[a-zA-Z0-9_]+]] = arith.cmpi ult, %[[SJ]], %[[SI]] : index
// CHECK-NEXT:     attn.yield %[[LT]] : i1
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[M_MEM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S_MEM]], %[[EARLIER]] fill neg_inf : !attn.scores<logits, 8>
// CHECK-NEXT:   %[[A_MEM:[a-zA-Z0-9_]+]] = attn.map %[[M_MEM]] : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     attn.yield %[[X]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[P_MEM:[a-zA-Z0-9_]+]] = attn.row_normalize %[[A_MEM]] kind sum eps 9.9999999999999995E-7 : !attn.scores<probs, 8>
// CHECK-NEXT:   %[[O_MEM:[a-zA-Z0-9_]+]] = attn.pv %[[P_MEM]], %[[V]] : !attn.scores<probs, 8>, tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.output_map %[[O_MEM]], %[[O_DOT]] : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32> -> tensor<?x8x?x128xbf16> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[D:[a-zA-Z0-9_]+]]: index, %[[XM:[a-zA-Z0-9_]+]]: f32, %[[XD:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[ONE:[a-zA-Z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:     %[[BH:[a-zA-Z0-9_]+]] = attn.load %[[BETA]][%[[H]]] : tensor<8xf32>
// CHECK-NEXT:     %[[NB:[a-zA-Z0-9_]+]] = arith.negf %[[BH]] : f32
// CHECK-NEXT:     %[[E:[a-zA-Z0-9_]+]] = math.exp %[[NB]] : f32
// CHECK-NEXT:     %[[DEN:[a-zA-Z0-9_]+]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:     %[[W:[a-zA-Z0-9_]+]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:     %[[WM:[a-zA-Z0-9_]+]] = arith.mulf %[[W]], %[[XM]] : f32
// CHECK-NEXT:     %[[WD0:[a-zA-Z0-9_]+]] = arith.subf %[[ONE]], %[[W]] : f32
// CHECK-NEXT:     %[[WD:[a-zA-Z0-9_]+]] = arith.mulf %[[WD0]], %[[XD]] : f32
// CHECK-NEXT:     %[[R:[a-zA-Z0-9_]+]] = arith.addf %[[WM]], %[[WD]] : f32
// CHECK-NEXT:     attn.yield %[[R]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x8x?x128xbf16>
// CHECK-NEXT: }
attn.variant @infini_attention(%q: tensor<?x8x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                               %v: tensor<?x8x?x128xbf16>, %beta: tensor<8xf32>)
    -> tensor<?x8x?x128xbf16> {
  %nq = attn.dim %q[2] : tensor<?x8x?x128xbf16>
  %mk = attn.dim %k[2] : tensor<?x8x?x128xbf16>
  %delta = arith.subi %mk, %nq : index
  %seg = arith.constant 2048 : index

  // Local branch: causal softmax inside the query's segment.
  %s = attn.qk %q, %k : tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16>
         -> !attn.scores<logits, 8>
  %same_seg = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %si = arith.divui %ipos, %seg : index
    %sj = arith.divui %j, %seg : index
    %eq = arith.cmpi eq, %si, %sj : index
    attn.yield %eq : i1
  }
  %causal = attn.causal
  %local = attn.mask_and %causal, %same_seg
  %m_dot = attn.apply_mask %s, %local fill neg_inf : !attn.scores<logits, 8>
  %p_dot = attn.softmax %m_dot : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o_dot = attn.pv %p_dot, %v : !attn.scores<probs, 8>, tensor<?x8x?x128xbf16>
             -> tensor<?x8x?x128xf32>

  // Memory branch: normalised elu+1 linear attention over earlier segments.
  %fq = attn.feature_map %q : tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %fk = attn.feature_map %k : tensor<?x8x?x128xbf16> -> tensor<?x8x?x128xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %xp1 = arith.addf %x, %one : f32
    %ex = math.exp %x : f32
    %y = arith.select %pos, %xp1, %ex : f32
    attn.yield %y : f32
  }
  %s_mem = attn.qk %fq, %fk scale 1.0 : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
             -> !attn.scores<logits, 8>
  %earlier = attn.predicate {
  ^bb0(%b: index, %h: index, %i: index, %j: index):
    %ipos = arith.addi %i, %delta : index
    %si = arith.divui %ipos, %seg : index
    %sj = arith.divui %j, %seg : index
    %lt = arith.cmpi ult, %sj, %si : index
    attn.yield %lt : i1
  }
  %m_mem = attn.apply_mask %s_mem, %earlier fill neg_inf : !attn.scores<logits, 8>
  %a_mem = attn.map %m_mem : !attn.scores<logits, 8> -> !attn.scores<probs, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    attn.yield %x : f32
  }
  %p_mem = attn.row_normalize %a_mem kind sum eps 1.0e-06 : !attn.scores<probs, 8>
  %o_mem = attn.pv %p_mem, %v : !attn.scores<probs, 8>, tensor<?x8x?x128xbf16>
             -> tensor<?x8x?x128xf32>

  // Blend.
  %o = attn.output_map %o_mem, %o_dot : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
         -> tensor<?x8x?x128xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %xm: f32, %xd: f32):
    %one = arith.constant 1.000000e+00 : f32
    %bh = attn.load %beta[%h] : tensor<8xf32>
    %nb = arith.negf %bh : f32
    %e = math.exp %nb : f32
    %den = arith.addf %one, %e : f32
    %w = arith.divf %one, %den : f32
    %wm = arith.mulf %w, %xm : f32
    %wd0 = arith.subf %one, %w : f32
    %wd = arith.mulf %wd0, %xd : f32
    %r = arith.addf %wm, %wd : f32
    attn.yield %r : f32
  }
  attn.return %o : tensor<?x8x?x128xbf16>
}
