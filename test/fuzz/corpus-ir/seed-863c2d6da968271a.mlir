attn.variant @dim_static_top_level(%q: tensor<?x8x?x64xbf16>, %tab: tensor<8x4xf32>)
    -> tensor<?x8x?x64xbf16> {
  %H = attn.dim %q[1] : tensor<?x8x?x64xbf16>
  %C = attn.dim %tab[1] : tensor<8x4xf32>
  %f = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %a = attn.load %tab[%H, %C] : tensor<8x4xf32>
    attn.yield %a : f32
  }
  attn.return %f : tensor<?x8x?x64xbf16>
}

attn.variant @dim_in_region(%q: tensor<?x8x?x64xbf16>, %tab: tensor<16x?xf32>)
    -> tensor<?x8x?x64xbf16> {
  %f = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %R = attn.dim %tab[0] : tensor<16x?xf32>
    %N = attn.dim %tab[1] : tensor<16x?xf32>
    %a = attn.load %tab[%R, %N] : tensor<16x?xf32>
    attn.yield %a : f32
  }
  attn.return %f : tensor<?x8x?x64xbf16>
}

attn.variant @dim_dynamic(%q: tensor<?x8x?x64xbf16>, %tab: tensor<?x?xf32>)
    -> tensor<?x8x?x64xbf16> {
  %f = attn.feature_map %q : tensor<?x8x?x64xbf16> -> tensor<?x8x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %B = attn.dim %q[0] : tensor<?x8x?x64xbf16>
    %T = attn.dim %q[2] : tensor<?x8x?x64xbf16>
    %a = attn.load %tab[%B, %T] : tensor<?x?xf32>
    attn.yield %a : f32
  }
  attn.return %f : tensor<?x8x?x64xbf16>
}
