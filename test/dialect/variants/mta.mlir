// Multi-Token Attention, MTA (Golovneva, Wang, Weston, Sukhbaatar 2025, arXiv
// 2504.00927; official code facebookresearch/RAM projects/mta); VARIANTS.md
// section 7 (7.1 - 7.5 give the order of operations below).
//
//   S = Linear_H( conv2d_theta( Mask_0(Q K^T / sqrt(d)) ) )       pre-softmax
//   A = HeadConv( [Mask_0 conv2d_theta'] softmax(Mask_-inf(S)) )  post-softmax
//   O = A V;  O_h = RMSNorm(O_h) * sigmoid(w_g . RMSNorm(O_h) + b_g)
//
// * Mask_0 is attn.apply_mask causal fill zero; the key-query convolution is
//   attn.stencil with pad [cq - 1, 0, (ck - 1)/2, (ck - 1)/2] (pad_key="both",
//   cq = 6, ck = 11): queries look back, keys are centred.
// * Pre-softmax full head mixing (pre_sm_linear_head) is attn.head_mix with one
//   group of all H heads, applied to the stencil output and before the causal
//   -inf mask, as in the code (scores = wpsm(scores); scores = scores + mask).
//   The stencil and head_mix results have every entry allowed, so the causal
//   -inf mask must come after both. head_mix computes
//   out[h'] = sum_h w[0, h, h'] in[h], so w = wpsm.weight^T.
// * Post-softmax grouped head convolution (head_kernel_size c_h):
//   A_new[g, h'] = sum_h K_g[h, h'] A[g, h]: attn.head_mix with weights
//   [H / c_h, c_h, c_h], same index order as the code's head_kernel.
// * Group norm: RMSNorm(head_dim, eps 1e-5) with one weight [Dv] shared by the
//   heads (layer_norm_rescale = false); scalar gate nn.Linear(head_dim, 1):
//   attn.head_gate with a shared weight [Dv] and bias [1].
//
// @mta: the pipeline above without the post-softmax key-query convolution,
// with c_h = 4 (4 groups of 4 heads).
// @mta_300m: the 300M_mta.yaml configuration: 16 heads of dim 64, both 6 x 11
// convolutions, pre_sm_linear_head, head_kernel_size 16 (one group), group
// norm and gating. Its post-softmax convolution is followed by
// where(mask == -inf, 0, .), i.e. attn.apply_mask causal fill zero on probs.

// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: attn.variant @mta(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[THETA:[a-zA-Z0-9_]+]]: tensor<16x6x11xf32>,
// CHECK-SAME:      %[[W_PRE:[a-zA-Z0-9_]+]]: tensor<1x16x16xf32>,
// CHECK-SAME:      %[[W_POST:[a-zA-Z0-9_]+]]: tensor<4x4x4xf32>,
// CHECK-SAME:      %[[NORM_W:[a-zA-Z0-9_]+]]: tensor<64xf32>,
// CHECK-SAME:      %[[GATE_W:[a-zA-Z0-9_]+]]: tensor<64xf32>,
// CHECK-SAME:      %[[GATE_B:[a-zA-Z0-9_]+]]: tensor<1xf32>) -> tensor<?x16x?x64xf32> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[S0:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill zero : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CONV:[a-zA-Z0-9_]+]] = attn.stencil %[[S0]], %[[THETA]] pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>
// CHECK-NEXT:   %[[MIXED:[a-zA-Z0-9_]+]] = attn.head_mix %[[CONV]], %[[W_PRE]] : !attn.scores<logits, 16>, tensor<1x16x16xf32>
// CHECK-NEXT:   %[[MASKED:[a-zA-Z0-9_]+]] = attn.apply_mask %[[MIXED]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[MASKED]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[A:[a-zA-Z0-9_]+]] = attn.head_mix %[[P]], %[[W_POST]] : !attn.scores<probs, 16>, tensor<4x4x4xf32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[A]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x64xbf16> -> tensor<?x16x?x64xf32>
// CHECK-NEXT:   %[[N:[a-zA-Z0-9_]+]] = attn.head_rmsnorm %[[O]] weight(%[[NORM_W]] : tensor<64xf32>) : tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
// CHECK-NEXT:   %[[G:[a-zA-Z0-9_]+]] = attn.head_gate %[[N]], %[[GATE_W]], %[[GATE_B]] : tensor<?x16x?x64xf32>, tensor<64xf32>, tensor<1xf32> -> tensor<?x16x?x64xf32>
// CHECK-NEXT:   attn.return %[[G]] : tensor<?x16x?x64xf32>
// CHECK-NEXT: }
attn.variant @mta(%q: tensor<?x16x?x64xbf16>, %k: tensor<?x16x?x64xbf16>,
                  %v: tensor<?x16x?x64xbf16>, %theta: tensor<16x6x11xf32>,
                  %w_pre: tensor<1x16x16xf32>, %w_post: tensor<4x4x4xf32>,
                  %norm_w: tensor<64xf32>, %gate_w: tensor<64xf32>,
                  %gate_b: tensor<1xf32>) -> tensor<?x16x?x64xf32> {
  %s = attn.qk %q, %k : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16>
         -> !attn.scores<logits, 16>
  %causal = attn.causal
  // Mask_0: future entries become 0 and stay in the matrix.
  %s0 = attn.apply_mask %s, %causal fill zero : !attn.scores<logits, 16>
  %conv = attn.stencil %s0, %theta pad [5, 0, 5, 5]
            : !attn.scores<logits, 16>, tensor<16x6x11xf32>
  %mixed = attn.head_mix %conv, %w_pre : !attn.scores<logits, 16>, tensor<1x16x16xf32>
  // Mask_-inf: re-apply the causal mask before the softmax.
  %masked = attn.apply_mask %mixed, %causal fill neg_inf : !attn.scores<logits, 16>
  %p = attn.softmax %masked : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
  %a = attn.head_mix %p, %w_post : !attn.scores<probs, 16>, tensor<4x4x4xf32>
  %o = attn.pv %a, %v : !attn.scores<probs, 16>, tensor<?x16x?x64xbf16>
         -> tensor<?x16x?x64xf32>
  %n = attn.head_rmsnorm %o weight(%norm_w : tensor<64xf32>) eps 1.0e-05
         : tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  %g = attn.head_gate %n, %gate_w, %gate_b
         : tensor<?x16x?x64xf32>, tensor<64xf32>, tensor<1xf32> -> tensor<?x16x?x64xf32>
  attn.return %g : tensor<?x16x?x64xf32>
}

// CHECK-LABEL: attn.variant @mta_300m(
// CHECK-SAME:      %[[Q:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[K:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[V:[a-zA-Z0-9_]+]]: tensor<?x16x?x64xbf16>,
// CHECK-SAME:      %[[THETA:[a-zA-Z0-9_]+]]: tensor<16x6x11xf32>,
// CHECK-SAME:      %[[W_PRE:[a-zA-Z0-9_]+]]: tensor<1x16x16xf32>,
// CHECK-SAME:      %[[THETA_POST:[a-zA-Z0-9_]+]]: tensor<16x6x11xf32>,
// CHECK-SAME:      %[[HEAD_KERNEL:[a-zA-Z0-9_]+]]: tensor<1x16x16xf32>,
// CHECK-SAME:      %[[NORM_W:[a-zA-Z0-9_]+]]: tensor<64xf32>,
// CHECK-SAME:      %[[GATE_W:[a-zA-Z0-9_]+]]: tensor<64xf32>,
// CHECK-SAME:      %[[GATE_B:[a-zA-Z0-9_]+]]: tensor<1xf32>) -> tensor<?x16x?x64xf32> {
// CHECK-NEXT:   %[[S:[a-zA-Z0-9_]+]] = attn.qk %[[Q]], %[[K]] : tensor<?x16x?x64xbf16>, tensor<?x16x?x64xbf16> -> !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CAUSAL:[a-zA-Z0-9_]+]] = attn.causal
// CHECK-NEXT:   %[[S0:[a-zA-Z0-9_]+]] = attn.apply_mask %[[S]], %[[CAUSAL]] fill zero : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[CONV:[a-zA-Z0-9_]+]] = attn.stencil %[[S0]], %[[THETA]] pad [5, 0, 5, 5] : !attn.scores<logits, 16>, tensor<16x6x11xf32>
// CHECK-NEXT:   %[[MIXED:[a-zA-Z0-9_]+]] = attn.head_mix %[[CONV]], %[[W_PRE]] : !attn.scores<logits, 16>, tensor<1x16x16xf32>
// CHECK-NEXT:   %[[MASKED:[a-zA-Z0-9_]+]] = attn.apply_mask %[[MIXED]], %[[CAUSAL]] fill neg_inf : !attn.scores<logits, 16>
// CHECK-NEXT:   %[[P:[a-zA-Z0-9_]+]] = attn.softmax %[[MASKED]] : !attn.scores<logits, 16> -> !attn.scores<probs, 16>
// CHECK-NEXT:   %[[PCONV:[a-zA-Z0-9_]+]] = attn.stencil %[[P]], %[[THETA_POST]] pad [5, 0, 5, 5] : !attn.scores<probs, 16>, tensor<16x6x11xf32>
// CHECK-NEXT:   %[[P0:[a-zA-Z0-9_]+]] = attn.apply_mask %[[PCONV]], %[[CAUSAL]] fill zero : !attn.scores<probs, 16>
// CHECK-NEXT:   %[[A:[a-zA-Z0-9_]+]] = attn.head_mix %[[P0]], %[[HEAD_KERNEL]] : !attn.scores<probs, 16>, tensor<1x16x16xf32>
// CHECK-NEXT:   %[[O:[a-zA-Z0-9_]+]] = attn.pv %[[A]], %[[V]] : !attn.scores<probs, 16>, tensor<?x16x?x64xbf16> -> tensor<?x16x?x64xf32>
// CHECK-NEXT:   %[[N:[a-zA-Z0-9_]+]] = attn.head_rmsnorm %[[O]] weight(%[[NORM_W]] : tensor<64xf32>) : tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
// CHECK-NEXT:   %[[G:[a-zA-Z0-9_]+]] = attn.head_gate %[[N]], %[[GATE_W]], %[[GATE_B]] : tensor<?x16x?x64xf32>, tensor<64xf32>, tensor<1xf32> -> tensor<?x16x?x64xf32>
// CHECK-NEXT:   attn.return %[[G]] : tensor<?x16x?x64xf32>
// CHECK-NEXT: }
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
  // Post-softmax key-query convolution on probs (masked probs read as 0),
  // then where(mask == -inf, 0, .).
  %pconv = attn.stencil %p, %theta_post pad [5, 0, 5, 5]
             : !attn.scores<probs, 16>, tensor<16x6x11xf32>
  %p0 = attn.apply_mask %pconv, %causal fill zero : !attn.scores<probs, 16>
  %a = attn.head_mix %p0, %head_kernel : !attn.scores<probs, 16>, tensor<1x16x16xf32>
  %o = attn.pv %a, %v : !attn.scores<probs, 16>, tensor<?x16x?x64xbf16>
         -> tensor<?x16x?x64xf32>
  %n = attn.head_rmsnorm %o weight(%norm_w : tensor<64xf32>) eps 1.0e-05
         : tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  %g = attn.head_gate %n, %gate_w, %gate_b
         : tensor<?x16x?x64xf32>, tensor<64xf32>, tensor<1xf32> -> tensor<?x16x?x64xf32>
  attn.return %g : tensor<?x16x?x64xf32>
}
