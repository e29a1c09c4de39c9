// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// Round trip of the output ops: attn.pv, attn.output_map, attn.head_rmsnorm,
// attn.head_gate, attn.merge.
// attn.pv: MHA with dynamic heads, same storage type.
// CHECK-LABEL: attn.variant @pv_mha(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>, %[[V:[a-z0-9_]+]]: tensor<?x?x?x64xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[V]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] :
// CHECK-NEXT:    %[[O:[a-z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>{{$}}
// CHECK-NEXT:    attn.return %[[O]] : tensor<?x?x?x64xbf16>
attn.variant @pv_mha(%q: tensor<?x?x?x64xbf16>, %v: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %v : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %v : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

// attn.pv: GQA (8 query heads over 2 kv heads) with Dv != Dqk, and an f32
// result storage type for bf16 values.
// CHECK-LABEL: attn.variant @pv_gqa(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x?x192xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x?x192xbf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x?x128xbf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] :
// CHECK-NEXT:    %[[O:[a-z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 8>, tensor<?x2x?x128xbf16> -> tensor<?x8x?x128xbf16>{{$}}
// CHECK-NEXT:    %[[O32:[a-z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 8>, tensor<?x2x?x128xbf16> -> tensor<?x8x?x128xf32>{{$}}
// CHECK-NEXT:    attn.return %[[O]], %[[O32]] : tensor<?x8x?x128xbf16>, tensor<?x8x?x128xf32>
attn.variant @pv_gqa(%q: tensor<?x8x?x192xbf16>, %k: tensor<?x2x?x192xbf16>,
                     %v: tensor<?x2x?x128xbf16>) -> (tensor<?x8x?x128xbf16>, tensor<?x8x?x128xf32>) {
  %s = attn.qk %q, %k : tensor<?x8x?x192xbf16>, tensor<?x2x?x192xbf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x2x?x128xbf16> -> tensor<?x8x?x128xbf16>
  %o32 = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x2x?x128xbf16> -> tensor<?x8x?x128xf32>
  attn.return %o, %o32 : tensor<?x8x?x128xbf16>, tensor<?x8x?x128xf32>
}

// attn.pv: MQA (one kv head) with fully static shapes, f16.
// CHECK-LABEL: attn.variant @pv_mqa_static(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x16x32x64xf16>, %[[K:[a-z0-9_]+]]: tensor<2x1x48x64xf16>, %[[V:[a-z0-9_]+]]: tensor<2x1x48x64xf16>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = attn.qk %[[Q]], %[[K]] :
// CHECK-NEXT:    %[[P:[a-z0-9_]+]] = attn.softmax %[[S]] :
// CHECK-NEXT:    %[[O:[a-z0-9_]+]] = attn.pv %[[P]], %[[V]] : !attn.scores<probs, 16>, tensor<2x1x48x64xf16> -> tensor<2x16x32x64xf16>{{$}}
attn.variant @pv_mqa_static(%q: tensor<2x16x32x64xf16>, %k: tensor<2x1x48x64xf16>,
                            %v: tensor<2x1x48x64xf16>) -> tensor<2x16x32x64xf16> {
  %s = attn.qk %q, %k : tensor<2x16x32x64xf16>, tensor<2x1x48x64xf16> -> !attn.scores<logits, 16>
  %p = attn.softmax %s : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<2x1x48x64xf16> -> tensor<2x16x32x64xf16>
  attn.return %o : tensor<2x16x32x64xf16>
}

// attn.output_map of two inputs (differential attention o1 - lambda * o2),
// reading a rank-0 parameter, with a bf16 result storage type.
// CHECK-LABEL: attn.variant @output_map_diff(
// CHECK-SAME:    %[[O1:[a-z0-9_]+]]: tensor<?x8x?x64xf32>, %[[O2:[a-z0-9_]+]]: tensor<?x8x?x64xf32>, %[[LAM:[a-z0-9_]+]]: tensor<f32>)
// CHECK-NEXT:    %[[D:[a-z0-9_]+]] = attn.output_map %[[O1]], %[[O2]] : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32> -> tensor<?x8x?x64xbf16> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X:[a-z0-9_]+]]: f32, %[[Y:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[L:[a-z0-9_]+]] = attn.load %[[LAM]][] : tensor<f32>{{$}}
// CHECK-NEXT:      %[[LY:[a-z0-9_]+]] = arith.mulf %[[L]], %[[Y]] : f32
// CHECK-NEXT:      %[[R:[a-z0-9_]+]] = arith.subf %[[X]], %[[LY]] : f32
// CHECK-NEXT:      attn.yield %[[R]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[D]] : tensor<?x8x?x64xbf16>
attn.variant @output_map_diff(%o1: tensor<?x8x?x64xf32>, %o2: tensor<?x8x?x64xf32>,
                              %lam: tensor<f32>) -> tensor<?x8x?x64xbf16> {
  %d = attn.output_map %o1, %o2 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
         -> tensor<?x8x?x64xbf16> {
  ^bb0(%b: index, %h: index, %i: index, %e: index, %x: f32, %y: f32):
    %l = attn.load %lam[] : tensor<f32>
    %ly = arith.mulf %l, %y : f32
    %r = arith.subf %x, %ly : f32
    attn.yield %r : f32
  }
  attn.return %d : tensor<?x8x?x64xbf16>
}

// attn.output_map of one static input (constant rescaling).
// CHECK-LABEL: attn.variant @output_map_single(
// CHECK-SAME:    %[[O:[a-z0-9_]+]]: tensor<2x4x16x32xf16>)
// CHECK-NEXT:    %[[M:[a-z0-9_]+]] = attn.output_map %[[O]] : tensor<2x4x16x32xf16> -> tensor<2x4x16x32xf16> {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %{{[a-z0-9_]+}}: index, %[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[C:[a-z0-9_]+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT:      %[[R:[a-z0-9_]+]] = arith.mulf %[[X]], %[[C]] : f32
// CHECK-NEXT:      attn.yield %[[R]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    attn.return %[[M]] : tensor<2x4x16x32xf16>
attn.variant @output_map_single(%o: tensor<2x4x16x32xf16>) -> tensor<2x4x16x32xf16> {
  %m = attn.output_map %o : tensor<2x4x16x32xf16> -> tensor<2x4x16x32xf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    %c = arith.constant 0.5 : f32
    %r = arith.mulf %x, %c : f32
    attn.yield %r : f32
  }
  attn.return %m : tensor<2x4x16x32xf16>
}

// attn.head_rmsnorm without weight (eps omitted, and eps equal to the default
// 1e-5, both printed without eps) and with a non-default eps.
// CHECK-LABEL: attn.variant @head_rmsnorm_no_weight(
// CHECK-SAME:    %[[O:[a-z0-9_]+]]: tensor<?x8x?x64xf32>)
// CHECK-NEXT:    attn.head_rmsnorm %[[O]] : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>{{$}}
// CHECK-NEXT:    attn.head_rmsnorm %[[O]] : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>{{$}}
// CHECK-NEXT:    attn.head_rmsnorm %[[O]] eps 9.9999999999999995E-7 : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>{{$}}
attn.variant @head_rmsnorm_no_weight(%o: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %a = attn.head_rmsnorm %o : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>
  %b = attn.head_rmsnorm %o eps 1.0e-05 : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>
  %c = attn.head_rmsnorm %o eps 1.0e-06 : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>
  attn.return %a : tensor<?x8x?x64xf32>
}

// attn.head_rmsnorm with a shared [Dv] weight and a per-head [H, Dv] weight,
// with and without eps, on static and dynamic outputs.
// CHECK-LABEL: attn.variant @head_rmsnorm_weight(
// CHECK-SAME:    %[[O:[a-z0-9_]+]]: tensor<?x8x?x64xf32>, %[[W:[a-z0-9_]+]]: tensor<64xf32>, %[[WH:[a-z0-9_]+]]: tensor<8x64xf32>, %[[S:[a-z0-9_]+]]: tensor<2x8x16x64xbf16>)
// CHECK-NEXT:    attn.head_rmsnorm %[[O]] weight(%[[W]] : tensor<64xf32>) eps 1.000000e-03 : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>{{$}}
// CHECK-NEXT:    attn.head_rmsnorm %[[O]] weight(%[[WH]] : tensor<8x64xf32>) : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>{{$}}
// CHECK-NEXT:    attn.head_rmsnorm %[[S]] weight(%[[WH]] : tensor<8x64xf32>) eps 2.000000e-01 : tensor<2x8x16x64xbf16> -> tensor<2x8x16x64xbf16>{{$}}
// CHECK-NEXT:    attn.head_rmsnorm %[[S]] weight(%[[W]] : tensor<64xf32>) : tensor<2x8x16x64xbf16> -> tensor<2x8x16x64xbf16>{{$}}
attn.variant @head_rmsnorm_weight(%o: tensor<?x8x?x64xf32>, %w: tensor<64xf32>,
                                  %wh: tensor<8x64xf32>, %s: tensor<2x8x16x64xbf16>)
    -> tensor<?x8x?x64xf32> {
  %a = attn.head_rmsnorm %o weight(%w : tensor<64xf32>) eps 1.0e-03 : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>
  %b = attn.head_rmsnorm %o weight(%wh : tensor<8x64xf32>) : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>
  %c = attn.head_rmsnorm %s weight(%wh : tensor<8x64xf32>) eps 0.2 : tensor<2x8x16x64xbf16> -> tensor<2x8x16x64xbf16>
  %d = attn.head_rmsnorm %s weight(%w : tensor<64xf32>) : tensor<2x8x16x64xbf16> -> tensor<2x8x16x64xbf16>
  attn.return %a : tensor<?x8x?x64xf32>
}

// attn.head_gate with a per-head [H, Dv] weight and [H] bias, and with a
// shared [Dv] weight and [1] bias, after an attn.head_rmsnorm (MTA epilogue).
// CHECK-LABEL: attn.variant @head_gate(
// CHECK-SAME:    %[[O:[a-z0-9_]+]]: tensor<?x8x?x64xf32>, %[[WH:[a-z0-9_]+]]: tensor<8x64xf32>, %[[BH:[a-z0-9_]+]]: tensor<8xf32>, %[[W:[a-z0-9_]+]]: tensor<64xf32>, %[[B1:[a-z0-9_]+]]: tensor<1xf32>)
// CHECK-NEXT:    %[[N:[a-z0-9_]+]] = attn.head_rmsnorm %[[O]] weight(%[[W]] : tensor<64xf32>) : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>{{$}}
// CHECK-NEXT:    %[[G:[a-z0-9_]+]] = attn.head_gate %[[N]], %[[WH]], %[[BH]] : tensor<?x8x?x64xf32>, tensor<8x64xf32>, tensor<8xf32> -> tensor<?x8x?x64xf32>{{$}}
// CHECK-NEXT:    %[[G1:[a-z0-9_]+]] = attn.head_gate %[[G]], %[[W]], %[[B1]] : tensor<?x8x?x64xf32>, tensor<64xf32>, tensor<1xf32> -> tensor<?x8x?x64xf32>{{$}}
// CHECK-NEXT:    attn.return %[[G1]] : tensor<?x8x?x64xf32>
attn.variant @head_gate(%o: tensor<?x8x?x64xf32>, %wh: tensor<8x64xf32>, %bh: tensor<8xf32>,
                        %w: tensor<64xf32>, %b1: tensor<1xf32>) -> tensor<?x8x?x64xf32> {
  %n = attn.head_rmsnorm %o weight(%w : tensor<64xf32>) : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>
  %g = attn.head_gate %n, %wh, %bh : tensor<?x8x?x64xf32>, tensor<8x64xf32>, tensor<8xf32> -> tensor<?x8x?x64xf32>
  %g1 = attn.head_gate %g, %w, %b1 : tensor<?x8x?x64xf32>, tensor<64xf32>, tensor<1xf32> -> tensor<?x8x?x64xf32>
  attn.return %g1 : tensor<?x8x?x64xf32>
}

// attn.head_gate on dynamic heads with a dynamic bias and a bf16 output.
// CHECK-LABEL: attn.variant @head_gate_dynamic(
// CHECK-SAME:    %[[O:[a-z0-9_]+]]: tensor<?x?x?x32xbf16>, %[[W:[a-z0-9_]+]]: tensor<?x32xf32>, %[[B:[a-z0-9_]+]]: tensor<?xf32>)
// CHECK-NEXT:    %[[G:[a-z0-9_]+]] = attn.head_gate %[[O]], %[[W]], %[[B]] : tensor<?x?x?x32xbf16>, tensor<?x32xf32>, tensor<?xf32> -> tensor<?x?x?x32xbf16>{{$}}
// CHECK-NEXT:    attn.return %[[G]] : tensor<?x?x?x32xbf16>
attn.variant @head_gate_dynamic(%o: tensor<?x?x?x32xbf16>, %w: tensor<?x32xf32>,
                                %b: tensor<?xf32>) -> tensor<?x?x?x32xbf16> {
  %g = attn.head_gate %o, %w, %b : tensor<?x?x?x32xbf16>, tensor<?x32xf32>, tensor<?xf32> -> tensor<?x?x?x32xbf16>
  attn.return %g : tensor<?x?x?x32xbf16>
}

// attn.merge of two and of three partial outputs (LSE merge), with dynamic
// and static shapes.
// CHECK-LABEL: attn.variant @merge(
// CHECK-SAME:    %[[O1:[a-z0-9_]+]]: tensor<?x8x?x64xf32>, %[[O2:[a-z0-9_]+]]: tensor<?x8x?x64xf32>, %[[L1:[a-z0-9_]+]]: tensor<?x8x?xf32>, %[[L2:[a-z0-9_]+]]: tensor<?x8x?xf32>, %[[S:[a-z0-9_]+]]: tensor<2x4x16x32xbf16>, %[[SL:[a-z0-9_]+]]: tensor<2x4x16xf32>)
// CHECK-NEXT:    %[[O:[a-z0-9_]+]], %[[L:[a-z0-9_]+]] = attn.merge %[[O1]], %[[O2]] lse %[[L1]], %[[L2]] : (tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>), (tensor<?x8x?xf32>, tensor<?x8x?xf32>) -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32>{{$}}
// CHECK-NEXT:    attn.merge %[[S]], %[[S]], %[[S]] lse %[[SL]], %[[SL]], %[[SL]] : (tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>), (tensor<2x4x16xf32>, tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16x32xbf16>, tensor<2x4x16xf32>{{$}}
// CHECK-NEXT:    attn.return %[[O]], %[[L]] : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>{{$}}
attn.variant @merge(%o1: tensor<?x8x?x64xf32>, %o2: tensor<?x8x?x64xf32>,
                    %l1: tensor<?x8x?xf32>, %l2: tensor<?x8x?xf32>,
                    %s: tensor<2x4x16x32xbf16>, %sl: tensor<2x4x16xf32>)
    -> (tensor<?x8x?x64xf32>, tensor<?x8x?xf32>) {
  %o, %l = attn.merge %o1, %o2 lse %l1, %l2
             : (tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>),
               (tensor<?x8x?xf32>, tensor<?x8x?xf32>)
             -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
  %t:2 = attn.merge %s, %s, %s lse %sl, %sl, %sl
           : (tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>, tensor<2x4x16x32xbf16>),
             (tensor<2x4x16xf32>, tensor<2x4x16xf32>, tensor<2x4x16xf32>)
           -> tensor<2x4x16x32xbf16>, tensor<2x4x16xf32>
  attn.return %o, %l : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
}
