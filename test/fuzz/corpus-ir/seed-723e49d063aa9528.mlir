attn.variant @document_q_rank(%q: tensor<2x8x16x64xf16>, %qdoc: tensor<16xi32>,
                              %kdoc: tensor<2x32xi32>) -> tensor<2x8x16x64xf16> {
  %d = attn.document %qdoc, %kdoc : tensor<16xi32>, tensor<2x32xi32>
  attn.return %q : tensor<2x8x16x64xf16>
}
