//===- PipelineTest.cpp - the compile pipeline of attnc and the API -------===//
//
// api/Pipeline.h: lowering reports the frontend's errors with locations,
// planning writes kernel plans for the target, and variant selection names
// the variants it could have chosen.
//
//===----------------------------------------------------------------------===//

#include "api/Pipeline.h"
#include "dialect/plan/PlanOps.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace attnc;

namespace {

const char *kTwoVariants = R"(
attention first(q: f32[B, 2, N, 16], k: f32[B, 2, M, 16], v: f32[B, 2, M, 16]) {
  return softmax(mask(dot(q, k), causal)) @ v
}
attention second(q: f32[B, 2, N, 16], k: f32[B, 2, M, 16], v: f32[B, 2, M, 16]) {
  return softmax(dot(q, k)) @ v
}
)";

mlir::OwningOpRef<mlir::ModuleOp>
lower(mlir::MLIRContext &context, llvm::SourceMgr &sourceMgr,
      llvm::StringRef source, std::string &errors, unsigned *count = nullptr) {
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, "two.attn"), llvm::SMLoc());
  llvm::raw_string_ostream os(errors);
  return lowerAttnSource(sourceMgr, context, os, count);
}

std::string errorOf(llvm::Expected<attn::VariantOp> variant) {
  return variant ? "" : llvm::toString(variant.takeError());
}

TEST(Pipeline, LowersPlansAndSelects) {
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::string errors;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      lower(context, sourceMgr, kTwoVariants, errors);
  ASSERT_TRUE(module) << errors;
  PlanOptions plan{"sm_80", 0, 0, 0};
  ASSERT_TRUE(mlir::succeeded(runPipeline(*module, &plan)));
  unsigned kernels = 0;
  module->walk([&](plan::KernelOp) { ++kernels; });
  EXPECT_EQ(kernels, 2u);

  llvm::Expected<attn::VariantOp> second =
      selectVariant(*module, {"second", "file", "with --variant"});
  ASSERT_TRUE(bool(second)) << errorOf(std::move(second));
  EXPECT_EQ(second->getSymName(), "second");

  EXPECT_EQ(errorOf(selectVariant(*module, {"", "file", "with --variant"})),
            "the file has several variants (first, second); choose one with "
            "--variant");
  EXPECT_EQ(errorOf(selectVariant(*module, {"nope", "source", ""})),
            "there is no variant 'nope' (the source has first, second)");
}

TEST(Pipeline, HookConfiguresThePassManager) {
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::string errors;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      lower(context, sourceMgr, kTwoVariants, errors);
  ASSERT_TRUE(module) << errors;
  bool called = false;
  EXPECT_TRUE(
      mlir::failed(runPipeline(*module, nullptr, [&](mlir::PassManager &) {
        called = true;
        return mlir::failure();
      })));
  EXPECT_TRUE(called);
}

TEST(Pipeline, ReportsFrontendErrorsWithLocations) {
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::string errors;
  unsigned count = 0;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      lower(context, sourceMgr,
            "attention bad(q: f32[1, 1, 4, 8]) {\n  return nope\n}\n", errors,
            &count);
  EXPECT_FALSE(module);
  EXPECT_GE(count, 1u);
  EXPECT_NE(errors.find("two.attn:2:"), std::string::npos) << errors;
}

TEST(Pipeline, EmptyModuleDefinesNoAttention) {
  mlir::MLIRContext context;
  loadPipelineDialects(context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
  EXPECT_EQ(errorOf(selectVariant(*module, {"", "source", ""})),
            "the source defines no attention");
}

} // namespace
