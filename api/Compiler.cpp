//===- Compiler.cpp - attnc's JIT front door ------------------------------===//

#include "api/Compiler.h"

#include "codegen/cuda/EmitCuda.h"
#include "dialect/AttnDialect.h"
#include "frontends/attn/Diagnostics.h"
#include "frontends/attn/Lowering.h"
#include "passes/Plan.h"
#include "dialect/plan/PlanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace attnc;

std::string Compiler::emitCuda(mlir::ModuleOp module,
                               const CompileOptions &options,
                               std::string &error) {
  if (options.target != "sm_80" && options.target != "sm_90a") {
    error = "the target '" + options.target + "' is not an NVIDIA GPU target "
            "(sm_80 or sm_90a)";
    return "";
  }
  mlir::MLIRContext *context = module.getContext();
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  mlir::ScopedDiagnosticHandler handler(context, [&](mlir::Diagnostic &d) {
    os << d.getLocation() << ": " << d.str() << "\n";
    return mlir::success();
  });
  mlir::PassManager pm(context);
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  buildPlanPipeline(pm, PlanOptions{options.target, options.tileQ,
                                    options.tileK, 0});
  if (mlir::failed(pm.run(module))) {
    error = "planning failed: " + diagnostics;
    return "";
  }
  attn::VariantOp chosen;
  std::string names;
  unsigned count = 0;
  for (auto variant : module.getOps<attn::VariantOp>()) {
    names += (names.empty() ? "" : ", ") + variant.getSymName().str();
    if (options.variant.empty() || variant.getSymName() == options.variant)
      chosen = variant, ++count;
  }
  if (count != 1) {
    error = count == 0 ? "there is no variant '" + options.variant +
                             "' (the source has " + names + ")"
                       : "the source has several variants (" + names +
                             "); choose one in CompileOptions::variant";
    return "";
  }
  llvm::Expected<std::string> source = attnc::emitCuda(chosen, options.target);
  if (!source) {
    error = llvm::toString(source.takeError());
    return "";
  }
  return *source;
}

std::string Compiler::emitCuda(const std::string &attnSource,
                               const CompileOptions &options,
                               std::string &error) {
  mlir::MLIRContext context;
  context.loadDialect<attn::AttnDialect, plan::PlanDialect,
                      mlir::arith::ArithDialect, mlir::math::MathDialect>();
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(attnSource, options.filename),
      llvm::SMLoc());
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  lang::Diagnostics diags(sourceMgr, os);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      lang::compileAttnSource(diags, context);
  if (!module) {
    error = diagnostics.empty() ? "the source defines no attention"
                                : diagnostics;
    return "";
  }
  return emitCuda(*module, options, error);
}

std::unique_ptr<Kernel> Compiler::compile(mlir::ModuleOp module,
                                          const CompileOptions &options,
                                          std::string &error) {
  std::string source = emitCuda(module, options, error);
  if (source.empty())
    return nullptr;
  return runtime::CudaModule::load(source, error);
}

std::unique_ptr<Kernel> Compiler::compile(const std::string &attnSource,
                                          const CompileOptions &options,
                                          std::string &error) {
  std::string source = emitCuda(attnSource, options, error);
  if (source.empty())
    return nullptr;
  return runtime::CudaModule::load(source, error);
}
