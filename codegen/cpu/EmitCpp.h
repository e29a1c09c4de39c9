//===- EmitCpp.h - kernel plans to host C++ ---------------------*- C++ -*-===//
//
// The CPU backend's emitter: turns one planned `attn.variant` (after
// `attn-plan`) into a self-contained C++ translation unit that instantiates
// the CPU device library (codegen/cpu/lib/attnc_cpu.h, prepended) and
// exports `attnc_cpu_run` (abi/attnc_cpu_abi.h declares it).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CODEGEN_CPU_EMITCPP_H
#define ATTNC_CODEGEN_CPU_EMITCPP_H

#include "dialect/AttnOps.h"

#include "llvm/Support/Error.h"

#include <string>

namespace attnc {

/// The C++ source of `variant`, which must have been planned. Errors name
/// the op the CPU backend cannot run.
llvm::Expected<std::string> emitCpp(attn::VariantOp variant);

/// The text of the CPU device library, embedded at build time.
llvm::StringRef cpuLibrarySource();

} // namespace attnc

#endif // ATTNC_CODEGEN_CPU_EMITCPP_H
