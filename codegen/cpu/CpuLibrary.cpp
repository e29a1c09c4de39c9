//===- CpuLibrary.cpp - the embedded CPU device library -------------------===//

#include "codegen/cpu/EmitCpp.h"

llvm::StringRef attnc::cpuLibrarySource() {
  static const char text[] =
#include "codegen/cpu/CpuLibrary.inc"
      ;
  return llvm::StringRef(text, sizeof(text) - 1);
}
