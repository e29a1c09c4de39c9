attn.variant private @variant_arg_attrs(%q: tensor<?x8x?x64xbf16> {attn.role = "q"},
                                        %slope: tensor<8xf32> {attn.role = "slope"})
    -> (tensor<?x8x?x64xbf16> {attn.role = "o"}) attributes {attn.note = "inputs"} {
  attn.return %q : tensor<?x8x?x64xbf16>
}

attn.variant @dim(%k: tensor<?x?x?x64xbf16>, %s: tensor<8xf32>) -> tensor<?x?x?x64xbf16> {
  %M = attn.dim %k[2] : tensor<?x?x?x64xbf16>
  %D = attn.dim %k[3] : tensor<?x?x?x64xbf16>
  %B = attn.dim %k[0] : tensor<?x?x?x64xbf16>
  %H = attn.dim %s[0] : tensor<8xf32>
  attn.return %k : tensor<?x?x?x64xbf16>
}

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

attn.variant @feature_map_exp(%q: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
  %fq = attn.feature_map %q : tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %y = math.exp %x : f32
    attn.yield %y : f32
  }
  attn.return %fq : tensor<?x?x?x64xbf16>
}

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

attn.variant @feature_slice_mla(%k: tensor<2x1x128x576xbf16>) -> tensor<2x1x128x512xbf16> {
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x128x576xbf16> -> tensor<2x1x128x512xbf16>
  attn.return %v : tensor<2x1x128x512xbf16>
}

attn.variant @feature_slice_offset_dynamic(%q: tensor<?x8x?x64xf16>, %r: tensor<?x?x?x?xf32>)
    -> tensor<?x8x?x32xf16> {
  %a = attn.feature_slice %q offset 32 size 32 : tensor<?x8x?x64xf16> -> tensor<?x8x?x32xf16>
  %b = attn.feature_slice %r offset 7 size 3 : tensor<?x?x?x?xf32> -> tensor<?x?x?x3xf32>
  attn.return %a : tensor<?x8x?x32xf16>
}

attn.variant @cumsum_rank3(%g: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %c = attn.cumsum %g : tensor<?x?x?xf32>
  attn.return %c : tensor<?x?x?xf32>
}

attn.variant @cumsum_rank4(%g: tensor<2x8x16x4xf32>) -> tensor<2x8x16x4xf32> {
  %c = attn.cumsum %g : tensor<2x8x16x4xf32>
  attn.return %c : tensor<2x8x16x4xf32>
}
