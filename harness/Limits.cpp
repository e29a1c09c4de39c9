//===- Limits.cpp - sizes, bytes and the memory budget of a run -----------===//

#include "harness/Limits.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace attnc::reference;

std::string attnc::reference::formatBytes(uint64_t bytes) {
  if (bytes == UINT64_MAX)
    return "more than 18 EB";
  if (bytes < 1000)
    return std::to_string(bytes) + " B";
  static const char *units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
  double v = double(bytes);
  int u = -1;
  while (v >= 1000 && u < 5) {
    v /= 1000;
    ++u;
  }
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format(v < 10 ? "%.1f" : "%.0f", v) << " " << units[u];
  return s;
}

std::string attnc::reference::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t d = 0; d < shape.size(); ++d)
    s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + "]";
}

std::optional<uint64_t> attnc::reference::parseBytes(llvm::StringRef text) {
  text = text.trim();
  size_t digits = 0;
  while (digits < text.size() && llvm::isDigit(text[digits]))
    ++digits;
  uint64_t value;
  if (digits == 0 || text.take_front(digits).getAsInteger(10, value))
    return std::nullopt;
  llvm::StringRef suffix = text.drop_front(digits).trim();
  suffix.consume_back("B");
  suffix.consume_back("b");
  uint64_t scale = 1;
  if (!suffix.empty()) {
    bool binary = suffix.consume_back("i");
    if (suffix.size() != 1)
      return std::nullopt;
    size_t power = llvm::StringRef("KMGTP").find(llvm::toUpper(suffix[0]));
    if (power == llvm::StringRef::npos)
      return std::nullopt;
    for (size_t p = 0; p <= power; ++p)
      scale *= binary ? 1024 : 1000;
  }
  return llvm::checkedMulUnsigned(value, scale);
}

llvm::Expected<MemoryBudget> attnc::reference::memoryBudget() {
  MemoryBudget budget;
  if (const char *env = std::getenv("ATTNC_MEMORY_LIMIT"); env && *env) {
    std::optional<uint64_t> bytes = parseBytes(env);
    if (!bytes)
      return llvm::createStringError(
          "ATTNC_MEMORY_LIMIT='" + std::string(env) +
          "' is not a byte count (e.g. 8000000000, 8G or 16Gi)");
    budget.bytes = *bytes;
    budget.source = "ATTNC_MEMORY_LIMIT";
    return budget;
  }
  long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0) {
    budget.bytes = uint64_t(pages) * uint64_t(page);
    budget.source = "the machine's memory; ATTNC_MEMORY_LIMIT sets another";
  }
  struct rlimit limit;
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      uint64_t(limit.rlim_cur) < budget.bytes) {
    budget.bytes = uint64_t(limit.rlim_cur);
    budget.source = "the address-space limit (ulimit -v); ATTNC_MEMORY_LIMIT "
                    "sets a lower one";
  }
  return budget;
}

llvm::Error attnc::reference::checkShapeLimits(llvm::StringRef what,
                                               llvm::ArrayRef<int64_t> shape) {
  for (auto [d, size] : llvm::enumerate(shape))
    if (size < 0 || size > kMaxDim)
      return llvm::createStringError(
          what + " has shape " + formatShape(shape) + ": dimension " +
          llvm::Twine(d) + " is " +
          (size < 0 ? "negative" : "above the limit of 2147483647 (2^31 - 1)") +
          " (docs/limits.md)");
  std::optional<uint64_t> n = Tensor::checkedNumElements(shape);
  if (!n || *n > kMaxElements)
    return llvm::createStringError(
        what + " has shape " + formatShape(shape) + ", " +
        (n ? std::to_string(*n) : std::string("more than 2^64")) +
        " elements: above the limit of 2^40 elements per tensor "
        "(docs/limits.md)");
  return llvm::Error::success();
}

void ByteCount::add(uint64_t elements, uint64_t width,
                    const std::string &what) {
  uint64_t bytes =
      llvm::checkedMulUnsigned(elements, width).value_or(UINT64_MAX);
  total_ = llvm::checkedAddUnsigned(total_, bytes).value_or(UINT64_MAX);
  if (bytes > largest_ || largestWhat_.empty()) {
    largest_ = bytes;
    largestWhat_ = what;
  }
}

llvm::Error ByteCount::check(const std::string &who) const {
  llvm::Expected<MemoryBudget> budget = memoryBudget();
  if (!budget)
    return budget.takeError();
  if (total_ <= budget->bytes)
    return llvm::Error::success();
  return llvm::createStringError(
      who + " needs " + formatBytes(total_) + " (" + formatBytes(largest_) +
      " of it for " + largestWhat_ + "), more than the limit of " +
      formatBytes(budget->bytes) + " (" + budget->source + ")");
}

std::string attnc::reference::typeString(mlir::Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  type.print(os);
  return s;
}

namespace {

const char *fileKind(mode_t mode) {
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISSOCK(mode))
    return "a socket";
  return "a special file";
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readStream(int fd, llvm::StringRef path, uint64_t maxBytes, bool owned);

} // namespace

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
attnc::reference::readFileChecked(llvm::StringRef path, uint64_t maxBytes,
                                  bool allowStreams) {
  std::string p = path.str();
  auto error = [&](const llvm::Twine &message) {
    return llvm::createStringError(p + ": " + message.str());
  };
  if (path == "-")
    return readStream(STDIN_FILENO, "<stdin>", maxBytes, /*owned=*/false);
  struct stat st;
  if (::stat(p.c_str(), &st) != 0)
    return error(std::string("cannot read: ") + std::strerror(errno));
  bool stream = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
  if (!S_ISREG(st.st_mode) && !(stream && allowStreams))
    return error(std::string("is ") + fileKind(st.st_mode) +
                 ", not a regular file");
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | (stream ? 0 : O_NONBLOCK));
  if (fd < 0)
    return error(std::string("cannot read: ") + std::strerror(errno));
  struct stat now;
  if (::fstat(fd, &now) != 0 ||
      (S_ISREG(st.st_mode) && !S_ISREG(now.st_mode))) {
    ::close(fd);
    return error("changed while it was opened");
  }
  if (S_ISREG(now.st_mode)) {
    uint64_t size = uint64_t(now.st_size);
    if (size > maxBytes) {
      ::close(fd);
      return error("is " + formatBytes(size) + ", more than the limit of " +
                   formatBytes(maxBytes));
    }
    auto buffer = llvm::MemoryBuffer::getOpenFile(
        fd, path, size, /*RequiresNullTerminator=*/false);
    ::close(fd);
    if (!buffer)
      return error("cannot read: " + buffer.getError().message());
    return std::move(*buffer);
  }
  return readStream(fd, path, maxBytes, /*owned=*/true);
}

namespace {

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readStream(int fd, llvm::StringRef path, uint64_t maxBytes, bool owned) {
  auto error = [&](const llvm::Twine &message) {
    if (owned)
      ::close(fd);
    return llvm::createStringError(path + ": " + message.str());
  };
  // A pipe, a FIFO or a terminal: read up to the bound.
  std::string bytes;
  char chunk[65536];
  while (true) {
    ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return error(std::string("cannot read: ") + std::strerror(errno));
    if (n == 0)
      break;
    if (bytes.size() + uint64_t(n) > maxBytes)
      return error("holds more than the limit of " + formatBytes(maxBytes));
    bytes.append(chunk, size_t(n));
  }
  if (owned)
    ::close(fd);
  return llvm::MemoryBuffer::getMemBufferCopy(bytes, path);
}

} // namespace
