// RUN: attn-opt %s -split-input-file -verify-diagnostics

// Index and parameter access (attn.dim, attn.load) and tensor-level
// preprocessing of inputs (attn.feature_map, attn.feature_slice, attn.cumsum).

// attn.dim past the last dimension of a rank-4 tensor.
attn.variant @dim_too_large(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.dim' op dimension 4 is out of range for a rank-4 tensor}}
  %d = attn.dim %q[4] : tensor<2x8x16x64xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.dim with a negative dimension (no Python-style counting from the end).
attn.variant @dim_negative(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.dim' op dimension -1 is out of range for a rank-4 tensor}}
  %d = attn.dim %q[-1] : tensor<2x8x16x64xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.load with two indices into a rank-1 tensor.
attn.variant @load_index_count(%q: tensor<2x8x16x64xf16>, %slope: tensor<8xf32>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %a = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    // expected-error @+1 {{'attn.load' op needs 1 indices for a rank-1 tensor, got 2}}
    %m = attn.load %slope[%b, %h] : tensor<8xf32>
    %y = arith.addf %x, %m : f32
    attn.yield %y : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: attn.load indices must be of type index, not f32.
attn.variant @load_float_index(%q: tensor<2x8x16x64xf16>, %slope: tensor<8xf32>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %a = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    // expected-error @+1 {{'attn.load' op operand #1 must be variadic of index, but got 'f32'}}
    %m = "attn.load"(%slope, %x) : (tensor<8xf32>, f32) -> f32
    attn.yield %m : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: the result of attn.load is the source's element type.
attn.variant @load_wrong_result(%q: tensor<2x8x16x64xf16>, %slope: tensor<8xf32>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %q : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  %a = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
  ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
    // expected-error @+1 {{'attn.load' op failed to verify that result is the element type of the source}}
    %m = "attn.load"(%slope, %h) : (tensor<8xf32>, index) -> f16
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.feature_map on a rank-3 tensor: it maps [B, H, T, D] tensors.
attn.variant @feature_map_rank(%g: tensor<2x8x16xf32>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.feature_map' op input must be a rank-4 tensor [B, H, T, D], got 'tensor<2x8x16xf32>'}}
  %f = attn.feature_map %g : tensor<2x8x16xf32> -> tensor<2x8x16xf32> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.feature_map is elementwise: it cannot change the feature width.
attn.variant @feature_map_shape(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.feature_map' op result shape must match the input shape, got 'tensor<2x8x16x32xf16>' for 'tensor<2x8x16x64xf16>'}}
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x32xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    attn.yield %x : f32
  }
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.feature_map region without the element argument.
attn.variant @feature_map_arg_count(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.feature_map' op region must take 4 index arguments (b, h, t, d) and 1 'f32' value, got 4 arguments}}
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index):
    %c = arith.constant 1.0 : f32
    attn.yield %c : f32
  }
  attn.return %f : tensor<2x8x16x64xf16>
}

// -----

// attn.feature_map region receiving the element in its storage type (f16)
// instead of f32.
attn.variant @feature_map_arg_type(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.feature_map' op region argument #4 must be 'f32', got 'f16'}}
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f16):
    %y = arith.extf %x : f16 to f32
    attn.yield %y : f32
  }
  attn.return %f : tensor<2x8x16x64xf16>
}

// -----

// attn.feature_map region yielding f16 instead of f32.
attn.variant @feature_map_yield(%q: tensor<2x8x16x64xf16>) -> tensor<2x8x16x64xf16> {
  %f = attn.feature_map %q : tensor<2x8x16x64xf16> -> tensor<2x8x16x64xf16> {
  ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
    %y = arith.truncf %x : f32 to f16
    // expected-error @+1 {{'attn.yield' op must yield one 'f32', got 'f16'}}
    attn.yield %y : f16
  }
  attn.return %f : tensor<2x8x16x64xf16>
}

// -----

// attn.feature_slice of a rank-3 tensor.
attn.variant @feature_slice_input_rank(%g: tensor<2x16x64xf16>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.feature_slice' op input must be a rank-4 tensor [B, H, T, D], got 'tensor<2x16x64xf16>'}}
  %v = attn.feature_slice %g offset 0 size 32 : tensor<2x16x64xf16> -> tensor<2x1x16x32xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// attn.feature_slice whose result dropped the head dimension.
attn.variant @feature_slice_result_rank(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op result must be a rank-4 tensor [B, H, T, size], got 'tensor<2x16x512xbf16>'}}
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x16x512xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice with a negative offset.
attn.variant @feature_slice_negative_offset(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op needs offset >= 0 and size > 0, got offset -1 and size 512}}
  %v = attn.feature_slice %k offset -1 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x1x16x512xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice of zero features.
attn.variant @feature_slice_empty(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op needs offset >= 0 and size > 0, got offset 0 and size 0}}
  %v = attn.feature_slice %k offset 0 size 0 : tensor<2x1x16x576xbf16> -> tensor<2x1x16x0xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice reaching past the input's last feature.
attn.variant @feature_slice_past_end(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op 512 features from offset 128 exceed the input's 576}}
  %v = attn.feature_slice %k offset 128 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x1x16x512xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice whose end (offset + size) overflows int64: it must still
// be rejected. Only the message's start is pinned: the printed end overflows
// (see the report).
attn.variant @feature_slice_overflow(%k: tensor<2x1x16x64xbf16>) -> tensor<2x1x16x64xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op 1 features from offset 9223372036854775807 exceed the input's 64}}
  %v = attn.feature_slice %k offset 9223372036854775807 size 1 : tensor<2x1x16x64xbf16> -> tensor<2x1x16x1xbf16>
  attn.return %k : tensor<2x1x16x64xbf16>
}

// -----

// attn.feature_slice whose result width is not the slice size.
attn.variant @feature_slice_result_width(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op result has 64 features but the slice has 512}}
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x1x16x64xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice changing the token count (dimension 2).
attn.variant @feature_slice_tokens(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op input and result disagree on dimension 2: 16 vs 8}}
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x1x8x512xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice changing the head count (dimension 1).
attn.variant @feature_slice_heads(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op input and result disagree on dimension 1: 1 vs 8}}
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x8x16x512xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice changing the batch (dimension 0).
attn.variant @feature_slice_batch(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op input and result disagree on dimension 0: 2 vs 4}}
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<4x1x16x512xbf16>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.feature_slice converting bf16 to f32 on the way.
attn.variant @feature_slice_element_type(%k: tensor<2x1x16x576xbf16>) -> tensor<2x1x16x576xbf16> {
  // expected-error @+1 {{'attn.feature_slice' op result element type must match the input's}}
  %v = attn.feature_slice %k offset 0 size 512 : tensor<2x1x16x576xbf16> -> tensor<2x1x16x512xf32>
  attn.return %k : tensor<2x1x16x576xbf16>
}

// -----

// attn.cumsum of a rank-2 tensor: it scans [B, H, T] or [B, H, T, D].
attn.variant @cumsum_rank(%g: tensor<2x16xf32>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.cumsum' op input must be a rank-3 [B, H, T] or rank-4 [B, H, T, D] tensor, got 'tensor<2x16xf32>'}}
  %c = attn.cumsum %g : tensor<2x16xf32>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS: attn.cumsum scans f32 gates only.
attn.variant @cumsum_f16(%g: tensor<2x8x16xf16>, %q: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{'attn.cumsum' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<2x8x16xf16>'}}
  %c = attn.cumsum %g : tensor<2x8x16xf16>
  attn.return %q : tensor<2x8x16x64xf16>
}
