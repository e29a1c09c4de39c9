//===- Limits.h - sizes, bytes and the memory budget of a run ---*- C++ -*-===//
//
// What `attnc run` checks before it allocates (docs/limits.md): each
// dimension at most kMaxDim, each tensor at most kMaxElements elements, and
// the bytes a run needs at most the memory budget: $ATTNC_MEMORY_LIMIT, else
// the machine's physical memory (or the address-space limit, if lower).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_HARNESS_LIMITS_H
#define ATTNC_HARNESS_LIMITS_H

#include "reference/Tensor.h"

#include "mlir/IR/Types.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <string>

namespace attnc::reference {

/// `bytes` for people: "512 B", "1.5 kB", "2.2 TB" (powers of 1000);
/// UINT64_MAX (an overflow) reads "more than 18 EB".
std::string formatBytes(uint64_t bytes);

/// `shape` as "[2, 64, 1000, 128]".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Parses a byte count: digits with an optional suffix k, M, G, T, P
/// (powers of 1000) or Ki, Mi, Gi, Ti (powers of 1024), B optional.
std::optional<uint64_t> parseBytes(llvm::StringRef text);

/// The memory budget of a run, in bytes, and where it comes from ("the
/// machine's memory", "ATTNC_MEMORY_LIMIT"). An ATTNC_MEMORY_LIMIT that does
/// not parse is an error.
struct MemoryBudget {
  uint64_t bytes = UINT64_MAX;
  std::string source;
};
llvm::Expected<MemoryBudget> memoryBudget();

/// Checks `shape` against kMaxDim and kMaxElements; `what` names the tensor
/// in the sentence ("input 'q'", "q.npy").
llvm::Error checkShapeLimits(llvm::StringRef what,
                             llvm::ArrayRef<int64_t> shape);

/// Sums the bytes a run needs, keeping the largest part for the message.
class ByteCount {
public:
  /// Adds `elements` × `width` bytes for `what` (e.g. "input 'q' [2, 4, 13,
  /// 16] bf16, held as float64"), saturating.
  void add(uint64_t elements, uint64_t width, const std::string &what);
  uint64_t total() const { return total_; }
  /// Fails with one sentence when the total exceeds the budget: "needs 2.2
  /// TB (1.1 TB for input 'q' [..] ...); the limit is ...".
  llvm::Error check(const std::string &who) const;

private:
  uint64_t total_ = 0, largest_ = 0;
  std::string largestWhat_;
};

/// Reads the file at `path` whole (following symbolic links) after checking
/// what it is: a directory or a device (`/dev/zero`) is refused, as is a
/// FIFO, a socket or a pipe unless `allowStreams`; a regular file is opened
/// with O_NONBLOCK (it cannot hang if it is replaced by a FIFO meanwhile)
/// and mapped, not copied, so its size only counts against `maxBytes`; a
/// stream is read up to `maxBytes`. Errors are one sentence that starts with
/// `path`.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readFileChecked(llvm::StringRef path, uint64_t maxBytes,
                bool allowStreams = false);

/// `type` as the program writes it ("bf16", "i64").
std::string typeString(mlir::Type type);

} // namespace attnc::reference

#endif // ATTNC_HARNESS_LIMITS_H
