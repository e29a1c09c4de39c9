// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// Round trip of index / parameter access and of tensor-level preprocessing of
// inputs: attn.dim, attn.load, attn.feature_map, attn.feature_slice,
// attn.cumsum.

// The inputs of an attn.variant: argument and result attributes, private
// visibility and an attribute dictionary survive the round trip.
// CHECK-LABEL: attn.variant private @variant_arg_attrs(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xbf16> {attn.role = "q"}, %{{[a-z0-9_]+}}: tensor<8xf32> {attn.role = "slope"})
// CHECK-SAME:    -> (tensor<?x8x?x64xbf16> {attn.role = "o"}) attributes {attn.note = "inputs"} {
// CHECK-NEXT:    attn.return %[[Q]] : tensor<?x8x?x64xbf16>
attn.variant private @variant_arg_attrs(%q: tensor<?x8x?x64xbf16> {attn.role = "q"},
                                        %slope: tensor<8xf32> {attn.role = "slope"})
    -> (tensor<?x8x?x64xbf16> {attn.role = "o"}) attributes {attn.note = "inputs"} {
  attn.return %q : tensor<?x8x?x64xbf16>
}

// attn.dim of a dynamic and of a static dimension (no folding without
// -canonicalize), on tensors of rank 4 and 1.
// CHECK-LABEL: attn.variant @dim(
// CHECK-SAME:    %[[K:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[S:[a-z0-9_]+]]: tensor<8xf32>)
// CHECK-NEXT:    attn.dim %[[K]][2] : tensor<?x?x?x64xbf16>{{$}}
// CHECK-NEXT:    attn.dim %[[K]][3] : tensor<?x?x?x64xbf16>{{$}}
// CHECK-NEXT:    attn.dim %[[K]][0] : tensor<?x?x?x64xbf16>{{$}}
// CHECK-NEXT:    attn.dim %[[S]][0] : tensor<8xf32>{{$}}
// CHECK-NEXT:    attn.return %[[K]]
attn.variant @dim(%k: tensor<?x?x?x64xbf16>, %s: tensor<8xf32>) -> tensor<?x?x?x64xbf16> {
  %M = attn.dim %k[2] : tensor<?x?x?x64xbf16>
  %D = attn.dim %k[3] : tensor<?x?x?x64xbf16>
  %B = attn.dim %k[0] : tensor<?x?x?x64xbf16>
  %H = attn.dim %s[0] : tensor<8xf32>
  attn.return %k : tensor<?x?x?x64xbf16>
}

// attn.load at the variant's top level: rank 1 (f32), rank 0 (no indices),
// rank 2 (i32 result, used as i32) and rank 4 (f16 result).
// CHECK-LABEL: attn.variant @load_top_level(
// CHECK-SAME:    %[[SL:[a-z0-9_]+]]: tensor<8xf32>, %[[L:[a-z0-9_]+]]: tensor<f32>, %[[DOC:[a-z0-9_]+]]: tensor<?x?xi32>, %[[T:[a-z0-9_]+]]: tensor<2x8x?x?xf16>)
// CHECK-NEXT:    %[[I:[a-z0-9_]+]] = attn.dim %[[DOC]][1] : tensor<?x?xi32>{{$}}
// CHECK-NEXT:    attn.load %[[SL]][%[[I]]] : tensor<8xf32>{{$}}
// CHECK-NEXT:    attn.load %[[L]][] : tensor<f32>{{$}}
// CHECK-NEXT:    %[[D0:[a-z0-9_]+]] = attn.load %[[DOC]][%[[I]], %[[I]]] : tensor<?x?xi32>{{$}}
// CHECK-NEXT:    arith.addi %[[D0]], %[[D0]] : i32
// CHECK-NEXT:    %[[T0:[a-z0-9_]+]] = attn.load %[[T]][%[[I]], %[[I]], %[[I]], %[[I]]] : tensor<2x8x?x?xf16>{{$}}
// CHECK-NEXT:    arith.addf %[[T0]], %[[T0]] : f16
attn.variant @load_top_level(%slope: tensor<8xf32>, %lam: tensor<f32>, %doc: tensor<?x?xi32>,
                             %tab: tensor<2x8x?x?xf16>) -> tensor<8xf32> {
  %i = attn.dim %doc[1] : tensor<?x?xi32>
  %a = attn.load %slope[%i] : tensor<8xf32>
  %b = attn.load %lam[] : tensor<f32>
  %d = attn.load %doc[%i, %i] : tensor<?x?xi32>
  %d2 = arith.addi %d, %d : i32
  %t = attn.load %tab[%i, %i, %i, %i] : tensor<2x8x?x?xf16>
  %t2 = arith.addf %t, %t : f16
  attn.return %slope : tensor<8xf32>
}

// attn.feature_map keeping the storage type (exp, the example of the op).
// CHECK-LABEL: attn.variant @feature_map_exp(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[F:[a-z0-9_]+]] = attn.feature_map %[[Q]] : tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[Y:[a-z0-9_]+]] = math.exp %[[X]] : f32
// CHECK-NEXT:      attn.yield %[[Y]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[F]] : tensor<?x?x?x64xbf16>
attn.variant @feature_map_exp(%q: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %fq = attn.feature_map %q : tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %y = math.exp %x : f32
    attn.yield %y : f32
  }
  attn.return %fq : tensor<?x?x?x64xbf16>
}

// attn.feature_map changing the storage type (bf16 -> f32), static shape,
// reading a per-head parameter with attn.load on the head index.
// CHECK-LABEL: attn.variant @feature_map_storage_and_load(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x8x16x64xbf16>, %[[SL:[a-z0-9_]+]]: tensor<8xf32>)
// CHECK-NEXT:    %[[F:[a-z0-9_]+]] = attn.feature_map %[[Q]] : tensor<2x8x16x64xbf16> -> tensor<2x8x16x64xf32> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %[[H:[a-z0-9_]+]]: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[M:[a-z0-9_]+]] = attn.load %[[SL]][%[[H]]] : tensor<8xf32>{{$}}
// CHECK-NEXT:      %[[Y:[a-z0-9_]+]] = arith.mulf %[[X]], %[[M]] : f32
// CHECK-NEXT:      attn.yield %[[Y]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[F]] : tensor<2x8x16x64xf32>
attn.variant @feature_map_storage_and_load(%q: tensor<2x8x16x64xbf16>, %slope: tensor<8xf32>)
    -> tensor<2x8x16x64xf32> {
  %fq = attn.feature_map %q : tensor<2x8x16x64xbf16> -> tensor<2x8x16x64xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %m = attn.load %slope[%h] : tensor<8xf32>
    %y = arith.mulf %x, %m : f32
    attn.yield %y : f32
  }
  attn.return %fq : tensor<2x8x16x64xf32>
}

// attn.feature_map: elu(x) + 1, the linear-attention feature map, on f16.
// CHECK-LABEL: attn.variant @feature_map_elu_plus_one(
// CHECK-SAME:    %[[K:[a-z0-9_]+]]: tensor<?x4x?x32xf16>)
// CHECK-NEXT:    %[[F:[a-z0-9_]+]] = attn.feature_map %[[K]] : tensor<?x4x?x32xf16> -> tensor<?x4x?x32xf16> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[ZERO:[a-z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[ONE:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[E:[a-z0-9_]+]] = math.exp %[[X]] : f32
// CHECK-NEXT:      %[[XP1:[a-z0-9_]+]] = arith.addf %[[X]], %[[ONE]] : f32
// CHECK-NEXT:      %[[POS:[a-z0-9_]+]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:      %[[R:[a-z0-9_]+]] = arith.select %[[POS]], %[[XP1]], %[[E]] : f32
// CHECK-NEXT:      attn.yield %[[R]] : f32
// CHECK-NEXT:    }
attn.variant @feature_map_elu_plus_one(%k: tensor<?x4x?x32xf16>) -> tensor<?x4x?x32xf16> {
  %fk = attn.feature_map %k : tensor<?x4x?x32xf16> -> tensor<?x4x?x32xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %zero = arith.constant 0.0 : f32
    %one = arith.constant 1.0 : f32
    %e = math.exp %x : f32
    %xp1 = arith.addf %x, %one : f32
    %pos = arith.cmpf ogt, %x, %zero : f32
    %r = arith.select %pos, %xp1, %e : f32
    attn.yield %r : f32
  }
  attn.return %fk : tensor<?x4x?x32xf16>
}

// attn.feature_slice: MLA's V as the first 512 of K's 576 features (static).
// CHECK-LABEL: attn.variant @feature_slice_mla(
// CHECK-SAME:    %[[K:[a-z0-9_]+]]: tensor<2x1x128x576xbf16>)
// CHECK-NEXT:    %[[V:[a-z0-9_]+]] = attn.feature_slice %[[K]] offset 0 size 512 : tensor<2x1x128x576xbf16> -> tensor<2x1x128x512xbf16>{{$}}
// CHECK-NEXT:    attn.return %[[V]] : tensor<2x1x128x512xbf16>
attn.variant @feature_slice_mla(%k: tensor<2x1x128x576xbf16>) -> tensor<2x1x128x512xbf16> {
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x128x576xbf16> -> tensor<2x1x128x512xbf16>
  attn.return %v : tensor<2x1x128x512xbf16>
}

// attn.feature_slice with a nonzero offset, dynamic dims and a dynamic input width.
// CHECK-LABEL: attn.variant @feature_slice_offset_dynamic(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x64xf16>, %[[R:[a-z0-9_]+]]: tensor<?x?x?x?xf32>)
// CHECK-NEXT:    %[[A:[a-z0-9_]+]] = attn.feature_slice %[[Q]] offset 32 size 32 : tensor<?x8x?x64xf16> -> tensor<?x8x?x32xf16>{{$}}
// CHECK-NEXT:    attn.feature_slice %[[R]] offset 7 size 3 : tensor<?x?x?x?xf32> -> tensor<?x?x?x3xf32>{{$}}
// CHECK-NEXT:    attn.return %[[A]] : tensor<?x8x?x32xf16>
attn.variant @feature_slice_offset_dynamic(%q: tensor<?x8x?x64xf16>, %r: tensor<?x?x?x?xf32>)
    -> tensor<?x8x?x32xf16> {
  %a = attn.feature_slice %q offset 32 size 32 : tensor<?x8x?x64xf16> -> tensor<?x8x?x32xf16>
  %b = attn.feature_slice %r offset 7 size 3 : tensor<?x?x?x?xf32> -> tensor<?x?x?x3xf32>
  attn.return %a : tensor<?x8x?x32xf16>
}

// attn.cumsum on a rank-3 [B, H, T] dynamic tensor (FoX's log forget gates).
// CHECK-LABEL: attn.variant @cumsum_rank3(
// CHECK-SAME:    %[[G:[a-z0-9_]+]]: tensor<?x?x?xf32>)
// CHECK-NEXT:    %[[C:[a-z0-9_]+]] = attn.cumsum %[[G]] : tensor<?x?x?xf32>{{$}}
// CHECK-NEXT:    attn.return %[[C]] : tensor<?x?x?xf32>
attn.variant @cumsum_rank3(%g: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %c = attn.cumsum %g : tensor<?x?x?xf32>
  attn.return %c : tensor<?x?x?xf32>
}

// attn.cumsum on a rank-4 [B, H, T, D] static tensor.
// CHECK-LABEL: attn.variant @cumsum_rank4(
// CHECK-SAME:    %[[G:[a-z0-9_]+]]: tensor<2x8x16x4xf32>)
// CHECK-NEXT:    %[[C:[a-z0-9_]+]] = attn.cumsum %[[G]] : tensor<2x8x16x4xf32>{{$}}
// CHECK-NEXT:    attn.return %[[C]] : tensor<2x8x16x4xf32>
attn.variant @cumsum_rank4(%g: tensor<2x8x16x4xf32>) -> tensor<2x8x16x4xf32> {
  %c = attn.cumsum %g : tensor<2x8x16x4xf32>
  attn.return %c : tensor<2x8x16x4xf32>
}
