attn.variant @mta(%q: tensor<?x16x?x64xbf16>, %k: tensor<?x16x?x64xbf16>,
                  %v: tensor<?x16x?x64xbf16>, %theta: tensor<16x6x11xf32>,
                  %w_pre: tensor<1x16x16xf32>, %w_post: tensor<4x4x4xf32>,
                  %norm_w: tensor<64xf32>, %gate_w: tensor<64xf32>,
                  %gate_b: tensor<1xf32>) -> tensor<?x16x?x64xf32> {
  %s = attn.qk %q, %k : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %s0 = attn.apply_mask %s, %causal fill zero : !attn.scores<logits, 16>
  %conv = attn.stencil %s0, %theta pad [5, 0, 5, 5]
            : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  %mixed = attn.head_mix %conv, %w_pre : !attn.scores<logits, 16>, tensor<1x16x16xf32>
  %masked = attn.apply_mask %mixed, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %masked : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %a = attn.head_mix %p, %w_post : !attn.scores<probs, 16>, tensor<4x4x4xf32>
  %o = attn.pv %a, %v : !attn.scores<probs, 16>, tensor<?x16x?x64xbf16>
         -> tensor<?x16x?x64xf32>
  %n = attn.head_rmsnorm %o weight(%norm_w : tensor<64xf32>) eps 1.0e-05
         : tensor<?x16x?x64xf32>
  %g = attn.head_gate %n, %gate_w, %gate_b
         : tensor<?x16x?x64xf32>, tensor<64xf32>, tensor<1xf32>
  attn.return %g : tensor<?x16x?x64xf32>
}

attn.variant @mta_300m(%q: tensor<?x16x?x64xbf16>, %k: tensor<?x16x?x64xbf16>,
                       %v: tensor<?x16x?x64xbf16>, %theta: tensor<16x6x11xf32>,
                       %w_pre: tensor<1x16x16xf32>, %theta_post: tensor<16x6x11xf32>,
                       %head_kernel: tensor<1x16x16xf32>, %norm_w: tensor<64xf32>,
                       %gate_w: tensor<64xf32>, %gate_b: tensor<1xf32>)
    -> tensor<?x16x?x64xf32> {
  %s = attn.qk %q, %k : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  %s0 = attn.apply_mask %s, %causal fill zero : !attn.scores<logits, 16>
  %conv = attn.stencil %s0, %theta pad [5, 0, 5, 5]
            : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  %mixed = attn.head_mix %conv, %w_pre : !attn.scores<logits, 16>, tensor<1x16x16xf32>
  %masked = attn.apply_mask %mixed, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %masked : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %pconv = attn.stencil %p, %theta_post pad [5, 0, 5, 5]
             : !attn.scores<probs, 16>, tensor<16x6x11xf32>
  %p0 = attn.apply_mask %pconv, %causal fill zero : !attn.scores<probs, 16>
  %a = attn.head_mix %p0, %head_kernel : !attn.scores<probs, 16>, tensor<1x16x16xf32>
  %o = attn.pv %a, %v : !attn.scores<probs, 16>, tensor<?x16x?x64xbf16>
         -> tensor<?x16x?x64xf32>
  %n = attn.head_rmsnorm %o weight(%norm_w : tensor<64xf32>) eps 1.0e-05
         : tensor<?x16x?x64xf32>
  %g = attn.head_gate %n, %gate_w, %gate_b
         : tensor<?x16x?x64xf32>, tensor<64xf32>, tensor<1xf32>
  attn.return %g : tensor<?x16x?x64xf32>
}
