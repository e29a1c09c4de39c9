//===- BuilderTest.cpp - the C++ builder API ------------------------------===//

#include "frontends/builder/VariantBuilder.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace attnc;
namespace attn = attnc::attn;

namespace {

std::string print(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

TEST(VariantBuilder, BuildsAVerifiedCausalAttention) {
  mlir::MLIRContext ctx;
  VariantBuilder vb(ctx, "causal");
  mlir::Value q =
      vb.input("q", vb.bf16(), {kDyn, 8, kDyn, 64}, {"B", "", "N", ""});
  mlir::Value k = vb.input("k", vb.bf16(), {kDyn, 2, kDyn, 64});
  mlir::Value v = vb.input("v", vb.bf16(), {kDyn, 2, kDyn, 64});
  mlir::Value s =
      vb.applyMask(vb.qk(q, k), vb.causal(), attn::MaskFill::NegInf);
  mlir::Value o = vb.pv(vb.softmax(s), v);
  mlir::OwningOpRef<mlir::ModuleOp> module = vb.finish({o});
  ASSERT_TRUE(module);
  std::string text = print(*module);
  EXPECT_NE(text.find("attn.dims = [\"B\", \"\", \"N\", \"\"]"),
            std::string::npos);
  EXPECT_NE(text.find("attn.softmax"), std::string::npos);
  // The result takes v's element type and q's heads.
  EXPECT_NE(text.find("-> tensor<?x8x?x64xbf16>"), std::string::npos);
}

TEST(VariantBuilder, FinishReportsVerifierErrorsAndReturnsNull) {
  mlir::MLIRContext ctx;
  std::vector<std::string> messages;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
    messages.push_back(d.str());
    return mlir::success();
  });
  VariantBuilder vb(ctx, "bad");
  // 6 query heads cannot share 4 kv heads.
  mlir::Value q = vb.input("q", vb.f16(), {2, 6, 16, 32});
  mlir::Value k = vb.input("k", vb.f16(), {2, 4, 16, 32});
  mlir::Value v = vb.input("v", vb.f16(), {2, 4, 16, 32});
  mlir::Value o = vb.pv(vb.softmax(vb.qk(q, k)), v);
  EXPECT_FALSE(vb.finish({o}));
  ASSERT_FALSE(messages.empty());
  EXPECT_NE(messages.front().find("query heads (6) are not a multiple of kv "
                                  "heads (4)"),
            std::string::npos)
      << messages.front();
}

TEST(ElementwiseBuilder, PromotesIntegersAndFoldsNothingByItself) {
  mlir::MLIRContext ctx;
  VariantBuilder vb(ctx, "map");
  mlir::Value q = vb.input("q", vb.f32(), {1, 1, 4, 8});
  mlir::Value v = vb.input("v", vb.f32(), {1, 1, 4, 8});
  mlir::Value s = vb.map({vb.qk(q, q)}, attn::ScoreKind::Probs,
                         [](ElementwiseBuilder &e, mlir::ValueRange x) {
                           // int - int stays an index; times a float it
                           // becomes f32.
                           mlir::Value d = e.sub(e.i(), e.j());
                           EXPECT_TRUE(ElementwiseBuilder::isInt(d));
                           mlir::Value f = e.mul(d, x[0]);
                           EXPECT_TRUE(ElementwiseBuilder::isFloat(f));
                           mlir::Value c =
                               e.cmp(ElementwiseBuilder::Cmp::LT, e.i(), e.j());
                           EXPECT_TRUE(ElementwiseBuilder::isBool(c));
                           return e.select(c, f, e.f32(0.0));
                         });
  mlir::OwningOpRef<mlir::ModuleOp> module = vb.finish({vb.pv(s, v)});
  ASSERT_TRUE(module);
  std::string text = print(*module);
  EXPECT_NE(text.find("arith.sitofp"), std::string::npos);
  EXPECT_NE(text.find("arith.select"), std::string::npos);
}

} // namespace
