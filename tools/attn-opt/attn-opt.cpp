//===- attn-opt.cpp - mlir-opt for the attn dialect -----------------------===//
//
// Parses, verifies, transforms and prints attn IR. Registers only the
// dialects attn IR uses (attn, arith, math; builtin is implicit) and the
// generic MLIR passes (canonicalize, cse, ...); attnc's own passes register
// here as they are added.
//
//===----------------------------------------------------------------------===//

#include "dialect/AttnDialect.h"
#include "passes/Passes.h"
#include "passes/Plan.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  attnc::registerAttncPasses();
  attnc::registerPlanPipeline();

  mlir::DialectRegistry registry;
  registry.insert<attnc::attn::AttnDialect, attnc::plan::PlanDialect,
                  mlir::arith::ArithDialect, mlir::math::MathDialect>();

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "attn-opt: parse, verify and transform attn IR\n", registry));
}
