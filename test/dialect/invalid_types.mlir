// RUN: attn-opt %s -split-input-file -verify-diagnostics

// Parse errors of !attn.scores<kind, heads> (AttnTypes.cpp). A parse error
// ends the split, so each case holds exactly one.

// The score kind is a typo: only 'logits' and 'probs' exist.
attn.variant @bad_kind(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{expected score kind 'logits' or 'probs', got 'logit'}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logit, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// The kind is a mask-like word, not a score kind (error on the type's line,
// two lines below the annotation).
attn.variant @mask_kind(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+2 {{expected score kind 'logits' or 'probs', got 'mask'}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16>
         -> !attn.scores<mask, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// Zero heads: a score matrix has at least one head (or '?').
attn.variant @zero_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{number of heads must be positive or '?'}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 0>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// A negative head count is rejected the same way.
attn.variant @negative_heads(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.scores<logits, 8>
  // expected-error @below {{number of heads must be positive or '?'}}
  %p = attn.softmax %s : !attn.scores<logits, 8> -> !attn.scores<probs, -3>
  attn.return %q : tensor<2x8x16x64xf16>
}

// -----

// ODS-generated type parser: the dialect has no type named 'matrix'.
attn.variant @unknown_type(%q: tensor<2x8x16x64xf16>, %k: tensor<2x8x16x64xf16>)
    -> tensor<2x8x16x64xf16> {
  // expected-error @+1 {{unknown  type `matrix` in dialect `attn`}}
  %s = attn.qk %q, %k : tensor<2x8x16x64xf16>, tensor<2x8x16x64xf16> -> !attn.matrix<logits, 8>
  attn.return %q : tensor<2x8x16x64xf16>
}
