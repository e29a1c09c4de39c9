//===- attn-fuzz.cpp - libFuzzer targets for the frontend and verifier ----===//
//
// Two targets, chosen at build time by ATTNC_FUZZ_IR:
//
// * attn-fuzz-lang: bytes as an .attn program. The parser, checker and
//   lowering must never crash; a program accepted without errors must give a
//   module that verifies and survives a print/parse round trip.
// * attn-fuzz-ir: bytes as attn IR. Parsing and verification must never
//   crash, whatever the input.
//
// Run: scripts/fuzz.sh (builds with clang and runs both for a while).
//
//===----------------------------------------------------------------------===//

#include "dialect/AttnDialect.h"
#include "frontends/attn/Lowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace {

mlir::MLIRContext &context() {
  static mlir::MLIRContext *ctx = [] {
    auto *c = new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
    c->loadDialect<attnc::attn::AttnDialect, mlir::arith::ArithDialect,
                   mlir::math::MathDialect>();
    return c;
  }();
  return *ctx;
}

/// Parses `text` as attn IR (verifying it); null on a diagnostic.
mlir::OwningOpRef<mlir::ModuleOp> parseIR(llvm::StringRef text) {
  mlir::ScopedDiagnosticHandler silence(
      &context(), [](mlir::Diagnostic &) { return mlir::success(); });
  return mlir::parseSourceString<mlir::ModuleOp>(text, &context());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
#ifdef ATTNC_FUZZ_IR
  // MLIR's lexer reads up to a terminating NUL: give it an owned copy.
  (void)parseIR(std::string(text));
#else
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.attn"), llvm::SMLoc());
  std::string errors;
  llvm::raw_string_ostream os(errors);
  attnc::lang::Diagnostics diags(sourceMgr, os);
  bool verifierFailed = false;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    mlir::ScopedDiagnosticHandler handler(&context(), [&](mlir::Diagnostic &) {
      verifierFailed = true;
      return mlir::success();
    });
    module = attnc::lang::compileAttnSource(diags, context());
  }
  // The checker must reject every misuse before the verifier sees it.
  if (verifierFailed) {
    llvm::errs() << "attn-fuzz: attnc produced IR that fails the verifier\n";
    std::abort();
  }
  if (!module && !diags.hadError()) {
    llvm::errs() << "attn-fuzz: no module and no error\n";
    std::abort();
  }
  if (module) {
    std::string printed;
    llvm::raw_string_ostream ps(printed);
    module->print(ps);
    if (!parseIR(printed)) {
      llvm::errs() << "attn-fuzz: printed IR does not parse back:\n" << printed;
      std::abort();
    }
  }
#endif
  return 0;
}
