//===- Compiler.cpp - attnc's JIT front door ------------------------------===//

#include "api/Compiler.h"

#include "api/Pipeline.h"
#include "codegen/cuda/EmitCuda.h"
#include "dialect/plan/PlanOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace attnc;

std::string Compiler::emitCuda(mlir::ModuleOp module,
                               const CompileOptions &options,
                               std::string &error) {
  if (options.target != "sm_80" && options.target != "sm_90a") {
    error = "the target '" + options.target +
            "' is not an NVIDIA GPU target "
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
  PlanOptions plan{options.target, options.tileQ, options.tileK, 0};
  if (mlir::failed(runPipeline(module, &plan))) {
    error = "planning failed: " + diagnostics;
    return "";
  }
  llvm::Expected<attn::VariantOp> chosen = selectVariant(
      module, {options.variant, "source", "in CompileOptions::variant"});
  if (!chosen) {
    error = llvm::toString(chosen.takeError());
    return "";
  }
  llvm::Expected<std::string> source = attnc::emitCuda(*chosen, options.target);
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
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(attnSource, options.filename),
      llvm::SMLoc());
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      lowerAttnSource(sourceMgr, context, os);
  if (!module) {
    error =
        diagnostics.empty() ? "the source defines no attention" : diagnostics;
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
