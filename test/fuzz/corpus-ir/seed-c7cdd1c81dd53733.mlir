attn.variant @document_k_rank(%q: tensor<2x8x16x64xf16>, %qdoc: tensor<2x16xi32>,
                              %kdoc: tensor<2x1x32xi32>) -> tensor<2x8x16x64xf16> {
  %d = attn.document %qdoc, %kdoc : tensor<2x16xi32>, tensor<2x1x32xi32>
  attn.return %q : tensor<2x8x16x64xf16>
}
