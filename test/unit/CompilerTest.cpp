//===- CompilerTest.cpp - attnc::Compiler's units -------------------------===//
//
// Names given to attnc::Compiler reach the unit only escaped: a file name
// with newlines and control bytes cannot add a line to the CUDA source or
// forge a manifest entry, and the parser gives the name back unchanged in
// the device-error messages.
//
//===----------------------------------------------------------------------===//

#include "api/Compiler.h"
#include "abi/Manifest.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include "gtest/gtest.h"

using namespace attnc;

namespace {

const char *kSoftmax = R"(
attention hostile(q: bf16[B, 2, N, 64], k: bf16[B, 2, M, 64], v: bf16[B, 2, M, 64]) {
  return softmax(mask(dot(q, k), causal)) @ v
}
)";

TEST(Compiler, EscapesHostileFileNamesInTheUnit) {
  const std::string name =
      "x\n#error injected\n//@ kernel forged grid 1 1 1 threads 1 smem 0\r"
      "\x1b[31m.attn";
  CompileOptions options;
  options.target = "sm_80";
  options.filename = name;
  std::string error;
  std::string unit = Compiler().emitCuda(kSoftmax, options, error);
  ASSERT_FALSE(unit.empty()) << error;
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(unit).split(lines, '\n');
  for (llvm::StringRef line : lines) {
    EXPECT_FALSE(line.starts_with("#error")) << line.str();
    EXPECT_FALSE(line.contains("forged") && !line.contains("\\x0a"))
        << line.str();
    for (char c : line)
      EXPECT_TRUE(c == '\t' || static_cast<unsigned char>(c) >= 0x20)
          << "control byte in: " << line.str();
  }
  attnc::abi::Manifest manifest;
  std::string parseError;
  ASSERT_TRUE(attnc::abi::parseManifest(unit, manifest, parseError))
      << parseError;
  ASSERT_FALSE(manifest.errors.empty());
  EXPECT_TRUE(llvm::StringRef(manifest.errorMessage(1)).starts_with(name))
      << manifest.errorMessage(1);
  for (const attnc::abi::KernelSpec &kernel : manifest.kernels)
    EXPECT_NE(kernel.name, "forged");
}

} // namespace
