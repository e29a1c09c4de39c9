//===- attn-translate.cpp - emitters on planned attn IR -------------------===//
//
// mlir-translate for attnc: runs one emitter on a module that is already
// planned (attn_plan.kernel ops, as `attnc --emit=plan` or `attn-opt
// --pass-pipeline='builtin.module(attn-plan{...})'` print them), so that a
// codegen test pins one emitter decision on hand-written plan IR without
// the driver's lowering and planning (CIRCT's ExportVerilog tests are the
// model):
//
//   attn-translate --attn-to-cuda plan.mlir [--variant NAME]
//   attn-translate --attn-to-cpp plan.mlir
//
// The CUDA unit's architecture is its kernels' target.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/EmitCpp.h"
#include "codegen/cuda/EmitCuda.h"
#include "dialect/AttnDialect.h"
#include "dialect/plan/PlanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;
using namespace attnc;

namespace {

llvm::cl::opt<std::string>
    variantName("variant",
                llvm::cl::desc("the variant to emit (--attn-to-cuda), when "
                               "the module has several"),
                llvm::cl::init(""));

void registerDialects(DialectRegistry &registry) {
  registry.insert<attn::AttnDialect, plan::PlanDialect, arith::ArithDialect,
                  math::MathDialect>();
}

LogicalResult toCuda(Operation *op, llvm::raw_ostream &os) {
  auto module = cast<ModuleOp>(op);
  SmallVector<attn::VariantOp> variants;
  for (auto v : module.getOps<attn::VariantOp>())
    if (variantName.empty() || v.getSymName() == variantName)
      variants.push_back(v);
  if (variants.size() != 1)
    return module.emitError(variants.empty() ? "no variant to emit"
                                             : "several variants: choose one "
                                               "with --variant");
  attn::VariantOp variant = variants.front();
  std::optional<plan::Target> target;
  WalkResult walk = variant.walk([&](plan::KernelOp kernel) {
    if (target && *target != kernel.getTarget()) {
      kernel.emitOpError("is planned for ")
          << plan::stringifyTarget(kernel.getTarget())
          << ", another kernel of the variant for "
          << plan::stringifyTarget(*target);
      return WalkResult::interrupt();
    }
    target = kernel.getTarget();
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  if (!target)
    return variant.emitError("has no planned kernel to emit");
  llvm::Expected<std::string> source =
      emitCuda(variant, plan::stringifyTarget(*target));
  if (!source) {
    llvm::errs() << llvm::toString(source.takeError()) << "\n";
    return failure();
  }
  os << *source;
  return success();
}

LogicalResult toCpp(Operation *op, llvm::raw_ostream &os) {
  for (auto variant : cast<ModuleOp>(op).getOps<attn::VariantOp>()) {
    llvm::Expected<std::string> source = emitCpp(variant);
    if (!source) {
      llvm::errs() << llvm::toString(source.takeError()) << "\n";
      return failure();
    }
    os << *source;
  }
  return success();
}

} // namespace

int main(int argc, char **argv) {
  TranslateFromMLIRRegistration cuda(
      "attn-to-cuda",
      "emit the CUDA unit (with its manifest) of a planned "
      "variant",
      toCuda, registerDialects);
  TranslateFromMLIRRegistration cpp(
      "attn-to-cpp", "emit the CPU backend's C++ of planned variants", toCpp,
      registerDialects);
  return failed(mlirTranslateMain(
      argc, argv, "attn-translate: run attnc's emitters on planned attn IR\n"));
}
