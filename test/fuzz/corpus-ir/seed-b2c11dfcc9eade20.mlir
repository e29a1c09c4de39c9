attn.variant @pv_mha(%q: tensor<?x?x?x64xbf16>, %v: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %s = attn.qk %q, %v : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16> -> !attn.scores<logits, ?>
  %p = attn.softmax %s : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
  %o = attn.pv %p, %v : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16>
  attn.return %o : tensor<?x?x?x64xbf16>
}

attn.variant @pv_gqa(%q: tensor<?x8x?x192xbf16>, %k: tensor<?x2x?x192xbf16>,
                     %v: tensor<?x2x?x128xbf16>) -> (tensor<?x8x?x128xbf16>, tensor<?x8x?x128xf32>) {
  %s = attn.qk %q, %k : tensor<?x8x?x192xbf16>, tensor<?x2x?x192xbf16> -> !attn.scores<logits, 8>
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
  %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x2x?x128xbf16> -> tensor<?x8x?x128xbf16>
  %o32 = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x2x?x128xbf16> -> tensor<?x8x?x128xf32>
  attn.return %o, %o32 : tensor<?x8x?x128xbf16>, tensor<?x8x?x128xf32>
}

attn.variant @pv_mqa_static(%q: tensor<2x16x32x64xf16>, %k: tensor<2x1x48x64xf16>,
                            %v: tensor<2x1x48x64xf16>) -> tensor<2x16x32x64xf16> {
  %s = attn.qk %q, %k : tensor<2x16x32x64xf16>, tensor<2x1x48x64xf16> -> !attn.scores<logits, 16>
  %p = attn.softmax %s : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %o = attn.pv %p, %v : !attn.scores<probs, 16>, tensor<2x1x48x64xf16> -> tensor<2x16x32x64xf16>
  attn.return %o : tensor<2x16x32x64xf16>
}

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

attn.variant @output_map_single(%o: tensor<2x4x16x32xf16>) -> tensor<2x4x16x32xf16> {
  %m = attn.output_map %o : tensor<2x4x16x32xf16> -> tensor<2x4x16x32xf16> {
  ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32):
    %c = arith.constant 0.5 : f32
    %r = arith.mulf %x, %c : f32
    attn.yield %r : f32
  }
  attn.return %m : tensor<2x4x16x32xf16>
}

attn.variant @head_rmsnorm_no_weight(%o: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %a = attn.head_rmsnorm %o : tensor<?x8x?x64xf32>
  %b = attn.head_rmsnorm %o eps 1.0e-05 : tensor<?x8x?x64xf32>
  %c = attn.head_rmsnorm %o eps 1.0e-06 : tensor<?x8x?x64xf32>
  attn.return %a : tensor<?x8x?x64xf32>
}

attn.variant @head_rmsnorm_weight(%o: tensor<?x8x?x64xf32>, %w: tensor<64xf32>,
                                  %wh: tensor<8x64xf32>, %s: tensor<2x8x16x64xbf16>)
    -> tensor<?x8x?x64xf32> {
  %a = attn.head_rmsnorm %o weight(%w : tensor<64xf32>) eps 1.0e-03 : tensor<?x8x?x64xf32>
  %b = attn.head_rmsnorm %o weight(%wh : tensor<8x64xf32>) : tensor<?x8x?x64xf32>
  %c = attn.head_rmsnorm %s weight(%wh : tensor<8x64xf32>) eps 0.2 : tensor<2x8x16x64xbf16>
  %d = attn.head_rmsnorm %s weight(%w : tensor<64xf32>) : tensor<2x8x16x64xbf16>
  attn.return %a : tensor<?x8x?x64xf32>
}

attn.variant @head_gate(%o: tensor<?x8x?x64xf32>, %wh: tensor<8x64xf32>, %bh: tensor<8xf32>,
                        %w: tensor<64xf32>, %b1: tensor<1xf32>) -> tensor<?x8x?x64xf32> {
  %n = attn.head_rmsnorm %o weight(%w : tensor<64xf32>) : tensor<?x8x?x64xf32>
  %g = attn.head_gate %n, %wh, %bh : tensor<?x8x?x64xf32>, tensor<8x64xf32>, tensor<8xf32>
  %g1 = attn.head_gate %g, %w, %b1 : tensor<?x8x?x64xf32>, tensor<64xf32>, tensor<1xf32>
  attn.return %g1 : tensor<?x8x?x64xf32>
}

attn.variant @head_gate_dynamic(%o: tensor<?x?x?x32xbf16>, %w: tensor<?x32xf32>,
                                %b: tensor<?xf32>) -> tensor<?x?x?x32xbf16> {
  %g = attn.head_gate %o, %w, %b : tensor<?x?x?x32xbf16>, tensor<?x32xf32>, tensor<?xf32>
  attn.return %g : tensor<?x?x?x32xbf16>
}

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
