attn.variant @document_float_ids(%q: tensor<2x8x16x64xf16>, %qdoc: tensor<2x16xf32>,
                                 %kdoc: tensor<2x32xi32>) -> tensor<2x8x16x64xf16> {
  %d = attn.document %qdoc, %kdoc : tensor<2x16xf32>, tensor<2x32xi32>
  attn.return %q : tensor<2x8x16x64xf16>
}
