// T5 relative position bias (Raffel et al. 2020, arXiv 1910.10683; bucketing
// of HF T5Attention._relative_position_bucket); VARIANTS.md 1.5.
//
//   s_ij = q_i.k_j + B[bucket(j - i'), h],  i' = i + (M - N)   (no 1/sqrt(d))
//   o_i = sum_j softmax_j(s_ij) v_j
//
// bucket (nb = 32 buckets, max_distance = 128), with rel = j - i':
// * bidirectional (encoder): nb' = 16 per sign, off = (rel > 0) * 16,
//   a = |rel|; unidirectional (decoder): nb' = 32, off = 0, a = max(-rel, 0);
// * exact buckets for a < nb'/2, else
//   nb'/2 + trunc(log(a / (nb'/2)) / log(128 / (nb'/2)) * nb'/2) capped at
//   nb' - 1 (computed in f32, as in T5);
// * bucket = off + (a < nb'/2 ? a : large).
// The table is [nb, H] (nn.Embedding(32, H).weight), read with attn.load.
// The log's argument is clamped to a >= nb'/2 so that it stays finite on the
// exact branch, which the select discards anyway.
// T5-base shapes: 12 heads of dim 64. Scale 1.0.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @t5_encoder(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[TABLE:[a-zA-Z0-9_]+]]: tensor<32x12xf32>) -> tensor<?x12x?x64xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] scale 1.000000e+00 : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16> -> !attn.scores<logits, 12>
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x12x?x64xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x12x?x64xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[BIASED:[a-zA-Z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 12> -> !attn.scores<logits, 12> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[C0:[a-zA-Z0-9_]+]] = arith.constant 0 : i64
// CHECK-NEXT:     %[[C8:[a-zA-Z0-9_]+]] = arith.constant 8 : i64
// CHECK-NEXT:     %[[C15:[a-zA-Z0-9_]+]] = arith.constant 15 : i64
// CHECK-NEXT:     %[[C16:[a-zA-Z0-9_]+]] = arith.constant 16 : i64
// CHECK-NEXT:     %[[C8F:[a-zA-Z0-9_]+]] = arith.constant 8.000000e+00 : f32
// CHECK-NEXT:     %[[LOG16:[a-zA-Z0-9_]+]] = arith.constant 2.77258873 : f32
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[IPOS_I64:[a-zA-Z0-9_]+]] = arith.index_cast %[[IPOS]] : index to i64
// CHECK-NEXT:     %[[J_I64:[a-zA-Z0-9_]+]] = arith.index_cast %[[J]] : index to i64
// CHECK-NEXT:     %[[REL:[a-zA-Z0-9_]+]] = arith.subi %[[J_I64]], %[[IPOS_I64]] : i64
// CHECK-NEXT:     %[[IS_AFTER:[a-zA-Z0-9_]+]] = arith.cmpi sgt, %[[REL]], %[[C0]] : i64
// CHECK-NEXT:     %[[OFF:[a-zA-Z0-9_]+]] = arith.select %[[IS_AFTER]], %[[C16]], %[[C0]] : i64
// CHECK-NEXT:     %[[A:[a-zA-Z0-9_]+]] = math.absi %[[REL]] : i64
// CHECK-NEXT:     %[[IS_SMALL:[a-zA-Z0-9_]+]] = arith.cmpi slt, %[[A]], %[[C8]] : i64
// CHECK-NEXT:     %[[A_BIG:[a-zA-Z0-9_]+]] = arith.maxsi %[[A]], %[[C8]] : i64
// CHECK-NEXT:     %[[A_F:[a-zA-Z0-9_]+]] = arith.sitofp %[[A_BIG]] : i64 to f32
// CHECK-NEXT:     %[[RATIO:[a-zA-Z0-9_]+]] = arith.divf %[[A_F]], %[[C8F]] : f32
// CHECK-NEXT:     %[[LG:[a-zA-Z0-9_]+]] = math.log %[[RATIO]] : f32
// CHECK-NEXT:     %[[FRAC:[a-zA-Z0-9_]+]] = arith.divf %[[LG]], %[[LOG16]] : f32
// CHECK-NEXT:     %[[STEPS:[a-zA-Z0-9_]+]] = arith.mulf %[[FRAC]], %[[C8F]] : f32
// CHECK-NEXT:     %[[STEPS_I:[a-zA-Z0-9_]+]] = arith.fptosi %[[STEPS]] : f32 to i64
// CHECK-NEXT:     %[[LARGE_RAW:[a-zA-Z0-9_]+]] = arith.addi %[[C8]], %[[STEPS_I]] : i64
// CHECK-NEXT:     %[[LARGE:[a-zA-Z0-9_]+]] = arith.minsi %[[LARGE_RAW]], %[[C15]] : i64
// CHECK-NEXT:     %[[IN_SIGN:[a-zA-Z0-9_]+]] = arith.select %[[IS_SMALL]], %[[A]], %[[LARGE]] : i64
// CHECK-NEXT:     %[[BUCKET:[a-zA-Z0-9_]+]] = arith.addi %[[OFF]], %[[IN_SIGN]] : i64
// CHECK-NEXT:     %[[BUCKET_IDX:[a-zA-Z0-9_]+]] = arith.index_cast %[[BUCKET]] : i64 to index
// CHECK-NEXT:     %[[BIAS:[a-zA-Z0-9_]+]] = attn.load %[[TABLE]][%[[BUCKET_IDX]], %[[H]]] : tensor<32x12xf32>
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.addf %[[X]], %[[BIAS]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[BIASED]] : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16> -> tensor<?x12x?x64xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x12x?x64xbf16>
// CHECK-NEXT: }
attn.variant @t5_encoder(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                         %v: tensor<?x12x?x64xbf16>, %table: tensor<32x12xf32>)
    -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k scale 1.0 : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  %nq = attn.dim %q[2] : tensor<?x12x?x64xbf16>
  %mk = attn.dim %k[2] : tensor<?x12x?x64xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 12> -> !attn.scores<logits, 12> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %c0 = arith.constant 0 : i64
    %c8 = arith.constant 8 : i64
    %c15 = arith.constant 15 : i64
    %c16 = arith.constant 16 : i64
    %c8f = arith.constant 8.000000e+00 : f32
    // log(max_distance / max_exact) = log(128 / 8)
    %log16 = arith.constant 2.77258873 : f32
    %ipos = arith.addi %i, %delta : index
    %ipos_i64 = arith.index_cast %ipos : index to i64
    %j_i64 = arith.index_cast %j : index to i64
    %rel = arith.subi %j_i64, %ipos_i64 : i64
    %is_after = arith.cmpi sgt, %rel, %c0 : i64
    %off = arith.select %is_after, %c16, %c0 : i64
    %a = math.absi %rel : i64
    %is_small = arith.cmpi slt, %a, %c8 : i64
    %a_big = arith.maxsi %a, %c8 : i64
    %a_f = arith.sitofp %a_big : i64 to f32
    %ratio = arith.divf %a_f, %c8f : f32
    %lg = math.log %ratio : f32
    %frac = arith.divf %lg, %log16 : f32
    %steps = arith.mulf %frac, %c8f : f32
    %steps_i = arith.fptosi %steps : f32 to i64
    %large_raw = arith.addi %c8, %steps_i : i64
    %large = arith.minsi %large_raw, %c15 : i64
    %in_sign = arith.select %is_small, %a, %large : i64
    %bucket = arith.addi %off, %in_sign : i64
    %bucket_idx = arith.index_cast %bucket : i64 to index
    %bias = attn.load %table[%bucket_idx, %h] : tensor<32x12xf32>
    %y = arith.addf %x, %bias : f32
    attn.yield %y : f32
  }
  %p = attn.softmax %biased : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
  %o = attn.pv %p, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16>
         -> tensor<?x12x?x64xbf16>
  attn.return %o : tensor<?x12x?x64xbf16>
}

// CHECK-LABEL: attn.variant @t5_decoder(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x12x?x64xbf16>,
// CHECK-SAME:      %[[TABLE:[a-zA-Z0-9_]+]]: tensor<32x12xf32>) -> tensor<?x12x?x64xbf16> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] scale 1.000000e+00 : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16> -> !attn.scores<logits, 12>
// CHECK-NEXT:   %[[NQ:[a-zA-Z0-9_]+]] = attn.dim %[[Q]][2] : tensor<?x12x?x64xbf16>
// CHECK-NEXT:   %[[MK:[a-zA-Z0-9_]+]] = attn.dim %[[K]][2] : tensor<?x12x?x64xbf16>
// CHECK-NEXT:   %[[DELTA:[a-zA-Z0-9_]+]] = arith.subi %[[MK]], %[[NQ]] : index
// CHECK-NEXT:   %[[BIASED:[a-zA-Z0-9_]+]] = attn.map %[[S]] : !attn.scores<logits, 12> -> !attn.scores<logits, 12> {
// CHECK-NEXT:   ^bb0(%[[B:[a-zA-Z0-9_]+]]: index, %[[H:[a-zA-Z0-9_]+]]: index, %[[I:[a-zA-Z0-9_]+]]: index, %[[J:[a-zA-Z0-9_]+]]: index, %[[X:[a-zA-Z0-9_]+]]: f32):
// CHECK-NEXT:     %[[C0:[a-zA-Z0-9_]+]] = arith.constant 0 : i64
// CHECK-NEXT:     %[[C16:[a-zA-Z0-9_]+]] = arith.constant 16 : i64
// CHECK-NEXT:     %[[C31:[a-zA-Z0-9_]+]] = arith.constant 31 : i64
// CHECK-NEXT:     %[[C16F:[a-zA-Z0-9_]+]] = arith.constant 1.600000e+01 : f32
// CHECK-NEXT:     %[[LOG8:[a-zA-Z0-9_]+]] = arith.constant 2.07944155 : f32
// CHECK-NEXT:     %[[IPOS:[a-zA-Z0-9_]+]] = arith.addi %[[I]], %[[DELTA]] : index
// CHECK-NEXT:     %[[IPOS_I64:[a-zA-Z0-9_]+]] = arith.index_cast %[[IPOS]] : index to i64
// CHECK-NEXT:     %[[J_I64:[a-zA-Z0-9_]+]] = arith.index_cast %[[J]] : index to i64
// CHECK-NEXT:     %[[BACK:[a-zA-Z0-9_]+]] = arith.subi %[[IPOS_I64]], %[[J_I64]] : i64
// CHECK-NEXT:     %[[A:[a-zA-Z0-9_]+]] = arith.maxsi %[[BACK]], %[[C0]] : i64
// CHECK-NEXT:     %[[IS_SMALL:[a-zA-Z0-9_]+]] = arith.cmpi slt, %[[A]], %[[C16]] : i64
// CHECK-NEXT:     %[[A_BIG:[a-zA-Z0-9_]+]] = arith.maxsi %[[A]], %[[C16]] : i64
// CHECK-NEXT:     %[[A_F:[a-zA-Z0-9_]+]] = arith.sitofp %[[A_BIG]] : i64 to f32
// CHECK-NEXT:     %[[RATIO:[a-zA-Z0-9_]+]] = arith.divf %[[A_F]], %[[C16F]] : f32
// CHECK-NEXT:     %[[LG:[a-zA-Z0-9_]+]] = math.log %[[RATIO]] : f32
// CHECK-NEXT:     %[[FRAC:[a-zA-Z0-9_]+]] = arith.divf %[[LG]], %[[LOG8]] : f32
// CHECK-NEXT:     %[[STEPS:[a-zA-Z0-9_]+]] = arith.mulf %[[FRAC]], %[[C16F]] : f32
// CHECK-NEXT:     %[[STEPS_I:[a-zA-Z0-9_]+]] = arith.fptosi %[[STEPS]] : f32 to i64
// CHECK-NEXT:     %[[LARGE_RAW:[a-zA-Z0-9_]+]] = arith.addi %[[C16]], %[[STEPS_I]] : i64
// CHECK-NEXT:     %[[LARGE:[a-zA-Z0-9_]+]] = arith.minsi %[[LARGE_RAW]], %[[C31]] : i64
// CHECK-NEXT:     %[[BUCKET:[a-zA-Z0-9_]+]] = arith.select %[[IS_SMALL]], %[[A]], %[[LARGE]] : i64
// CHECK-NEXT:     %[[BUCKET_IDX:[a-zA-Z0-9_]+]] = arith.index_cast %[[BUCKET]] : i64 to index
// CHECK-NEXT:     %[[BIAS:[a-zA-Z0-9_]+]] = attn.load %[[TABLE]][%[[BUCKET_IDX]], %[[H]]] : tensor<32x12xf32>
// CHECK-NEXT:     %[[Y:[a-zA-Z0-9_]+]] = arith.addf %[[X]], %[[BIAS]] : f32
// CHECK-NEXT:     attn.yield %[[Y]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[SM:[a-zA-Z0-9_]+]] = attn.apply_mask %[[BIASED]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 12>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[SM]] : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16> -> tensor<?x12x?x64xbf16>
// CHECK-NEXT:   attn.return %[[O]] : tensor<?x12x?x64xbf16>
// CHECK-NEXT: }
attn.variant @t5_decoder(%q: tensor<?x12x?x64xbf16>, %k: tensor<?x12x?x64xbf16>,
                         %v: tensor<?x12x?x64xbf16>, %table: tensor<32x12xf32>)
    -> tensor<?x12x?x64xbf16> {
  %s = attn.qk %q, %k scale 1.0 : tensor<?x12x?x64xbf16>, tensor<?x12x?x64xbf16>
         -> !attn.scores<logits, 12>
  %nq = attn.dim %q[2] : tensor<?x12x?x64xbf16>
  %mk = attn.dim %k[2] : tensor<?x12x?x64xbf16>
  %delta = arith.subi %mk, %nq : index
  %biased = attn.map %s : !attn.scores<logits, 12> -> !attn.scores<logits, 12> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    %c0 = arith.constant 0 : i64
    %c16 = arith.constant 16 : i64
    %c31 = arith.constant 31 : i64
    %c16f = arith.constant 1.600000e+01 : f32
    // log(max_distance / max_exact) = log(128 / 16)
    %log8 = arith.constant 2.07944155 : f32
    %ipos = arith.addi %i, %delta : index
    %ipos_i64 = arith.index_cast %ipos : index to i64
    %j_i64 = arith.index_cast %j : index to i64
    // a = -min(j - i', 0) = max(i' - j, 0)
    %back = arith.subi %ipos_i64, %j_i64 : i64
    %a = arith.maxsi %back, %c0 : i64
    %is_small = arith.cmpi slt, %a, %c16 : i64
    %a_big = arith.maxsi %a, %c16 : i64
    %a_f = arith.sitofp %a_big : i64 to f32
    %ratio = arith.divf %a_f, %c16f : f32
    %lg = math.log %ratio : f32
    %frac = arith.divf %lg, %log8 : f32
    %steps = arith.mulf %frac, %c16f : f32
    %steps_i = arith.fptosi %steps : f32 to i64
    %large_raw = arith.addi %c16, %steps_i : i64
    %large = arith.minsi %large_raw, %c31 : i64
    %bucket = arith.select %is_small, %a, %large : i64
    %bucket_idx = arith.index_cast %bucket : i64 to index
    %bias = attn.load %table[%bucket_idx, %h] : tensor<32x12xf32>
    %y = arith.addf %x, %bias : f32
    attn.yield %y : f32
  }
  %causal = attn.causal
  %sm = attn.apply_mask %biased, %causal fill neg_inf : !attn.scores<logits, 12>
  %p = attn.softmax %sm : !attn.scores<logits, 12> -> !attn.scores<probs, 12>
  %o = attn.pv %p, %v : !attn.scores<probs, 12>, tensor<?x12x?x64xbf16>
         -> tensor<?x12x?x64xbf16>
  attn.return %o : tensor<?x12x?x64xbf16>
}
