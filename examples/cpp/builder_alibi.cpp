//===- builder_alibi.cpp - build a variant with the C++ API ---------------===//
//
// Builds causal softmax attention with ALiBi and GQA through
// attnc::VariantBuilder and prints its attn IR. The test suite compiles and
// runs this program (test/examples/builder_alibi.test) and checks the IR.
//
//   s_ij = q_i . k_j / sqrt(64) - slope_h * (i - j),  j <= i + (M - N)
//   o_i  = softmax_j(s_ij) v_j
//
//===----------------------------------------------------------------------===//

#include "frontends/builder/VariantBuilder.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

using attnc::ElementwiseBuilder;
using attnc::kDyn;
using attnc::VariantBuilder;
namespace attn = attnc::attn;

int main() {
  mlir::MLIRContext context;
  VariantBuilder vb(context, "alibi_gqa");

  // Inputs: 8 query heads share 2 kv heads; B, N, M are run-time sizes.
  mlir::Value q = vb.input("q", vb.bf16(), {kDyn, 8, kDyn, 64});
  mlir::Value k = vb.input("k", vb.bf16(), {kDyn, 2, kDyn, 64});
  mlir::Value v = vb.input("v", vb.bf16(), {kDyn, 2, kDyn, 64});
  mlir::Value slope = vb.input("slope", vb.f32(), {8});

  // Scores with the default scale 1/sqrt(64), then the ALiBi bias.
  mlir::Value s = vb.qk(q, k);
  s = vb.map({s}, attn::ScoreKind::Logits,
             [&](ElementwiseBuilder &e, mlir::ValueRange x) {
               mlir::Value distance = e.sub(e.i(), e.j());
               mlir::Value bias = e.mul(e.load(slope, {e.h()}), distance);
               return e.sub(x[0], bias);
             });
  s = vb.applyMask(s, vb.causal(), attn::MaskFill::NegInf);
  mlir::Value o = vb.pv(vb.softmax(s), v);

  mlir::OwningOpRef<mlir::ModuleOp> module = vb.finish({o});
  if (!module) // the verifier already reported why
    return 1;
  module->print(llvm::outs());
  return 0;
}
