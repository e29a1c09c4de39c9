//===- attn-fuzz-inputs.cpp - libFuzzer targets for attnc run's inputs ----===//
//
// Two targets, chosen at build time:
//
// * attn-fuzz-npy (ATTNC_FUZZ_NPY): bytes as a .npy file (readNpyBuffer).
//   It must never crash or allocate more than the file can fill; a file it
//   accepts gives a tensor of exactly as many values as its shape says,
//   within the limits of reference/Tensor.h.
// * attn-fuzz-shape (ATTNC_FUZZ_SHAPE): bytes as a --shape argument
//   (`N=100,M=7`). Parsing must never crash and accepts only sizes within
//   the limits; accepted sizes then bind a small program's inputs and run
//   the oracle under a 4 MB memory budget (ATTNC_MEMORY_LIMIT), so every
//   size check before an allocation is exercised.
//
// Run: scripts/fuzz.sh (builds with clang and runs every target a while).
//
//===----------------------------------------------------------------------===//

#include "api/Pipeline.h"
#include "harness/Npy.h"
#include "harness/Run.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace attnc::reference;

namespace {

[[noreturn]] void violated(const char *what) {
  llvm::errs() << "attn-fuzz: " << what << "\n";
  std::abort();
}

#ifdef ATTNC_FUZZ_SHAPE
/// A small program whose sizes --shape binds: B, H, N, M and D by name.
const char *kProgram = R"(
attention fuzz(q: f32[B, H, N, D], k: f32[B, H, M, D], v: f32[B, H, M, D]) {
  s = mask(dot(q, k) * scale, causal)
  return softmax(s) @ v
}
)";

mlir::ModuleOp program() {
  static mlir::ModuleOp module = [] {
    ::setenv("ATTNC_MEMORY_LIMIT", "4M", 1);
    auto *context =
        new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(kProgram, "fuzz.attn"),
        llvm::SMLoc());
    mlir::OwningOpRef<mlir::ModuleOp> owned =
        attnc::lowerAttnSource(sourceMgr, *context, llvm::errs());
    if (!owned || failed(attnc::runPipeline(*owned)))
      violated("the fuzzed program does not compile");
    return owned.release();
  }();
  return module;
}
#endif

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
#ifdef ATTNC_FUZZ_NPY
  char kind = 0;
  llvm::Expected<Tensor> tensor = readNpyBuffer(bytes, "fuzz.npy", &kind);
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return 0;
  }
  std::optional<uint64_t> count = Tensor::checkedNumElements(tensor->shape);
  if (!count || *count > kMaxElements || tensor->size() != *count)
    violated("a .npy was read whose values do not match its shape");
  for (int64_t d : tensor->shape)
    if (d < 0 || d > kMaxDim)
      violated("a .npy was read with a dimension above the limit");
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
    violated("a .npy was read with an unknown dtype kind");
#elif defined(ATTNC_FUZZ_SHAPE)
  llvm::Expected<llvm::StringMap<int64_t>> sizes = parseSizes(bytes);
  if (!sizes) {
    llvm::consumeError(sizes.takeError());
    return 0;
  }
  for (const auto &entry : *sizes)
    if (entry.getValue() < 0 || entry.getValue() > kMaxDim)
      violated("--shape accepted a size outside [0, 2^31 - 1]");
  RunOptions options;
  options.sizes = std::move(*sizes);
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::consumeError(runReference(program(), options, os));
#else
#error "build with ATTNC_FUZZ_NPY or ATTNC_FUZZ_SHAPE"
#endif
  return 0;
}
