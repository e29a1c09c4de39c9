//===- Pipeline.cpp - from .attn source to a planned variant --------------===//

#include "api/Pipeline.h"

#include "dialect/AttnDialect.h"
#include "dialect/plan/PlanOps.h"
#include "frontends/attn/Diagnostics.h"
#include "frontends/attn/Lowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/Passes.h"

using namespace attnc;

void attnc::loadPipelineDialects(mlir::MLIRContext &context) {
  context.loadDialect<attn::AttnDialect, plan::PlanDialect,
                      mlir::arith::ArithDialect, mlir::math::MathDialect>();
}

mlir::OwningOpRef<mlir::ModuleOp>
attnc::lowerAttnSource(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
                       llvm::raw_ostream &diagnostics, unsigned *errorCount) {
  loadPipelineDialects(context);
  lang::Diagnostics diags(sourceMgr, diagnostics);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      lang::compileAttnSource(diags, context);
  if (errorCount)
    *errorCount = diags.errorCount();
  return module;
}

mlir::LogicalResult attnc::runPipeline(mlir::ModuleOp module,
                                       const PlanOptions *plan,
                                       PassManagerHook configure) {
  mlir::PassManager pm(module.getContext());
  if (configure && mlir::failed(configure(pm)))
    return mlir::failure();
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  if (plan)
    buildPlanPipeline(pm, *plan);
  return pm.run(module);
}

llvm::Expected<attn::VariantOp>
attnc::selectVariant(mlir::ModuleOp module, const VariantChoice &choice) {
  attn::VariantOp chosen;
  std::string names;
  unsigned count = 0;
  for (auto variant : module.getOps<attn::VariantOp>()) {
    names += (names.empty() ? "" : ", ") + variant.getSymName().str();
    if (choice.name.empty() || variant.getSymName() == choice.name)
      chosen = variant, ++count;
  }
  if (count == 1)
    return chosen;
  std::string message;
  if (names.empty())
    message = "the " + choice.origin.str() + " defines no attention";
  else if (count == 0)
    message = "there is no variant '" + choice.name.str() + "' (the " +
              choice.origin.str() + " has " + names + ")";
  else
    message = "the " + choice.origin.str() + " has several variants (" + names +
              "); choose one" + (choice.howToChoose.empty() ? "" : " ") +
              choice.howToChoose.str();
  return llvm::createStringError(message);
}
