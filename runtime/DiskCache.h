//===- DiskCache.h - the on-disk kernel cache of the JITs -------*- C++ -*-===//
//
// Compiled kernels (a CPU shared object, a CUDA cubin...) are kept on disk so
// a later process does not compile them again. Builds without LLVM/MLIR, as
// the whole runtime does; POSIX only.
//
// One entry per key, `<dir>/<16 hex digits>.entry`, the digits a hash of the
// key. The key is the full description of what was compiled (source, target,
// options, compiler version) and is stored in the entry: it is compared byte
// for byte on load, so a hash collision or a foreign entry is rebuilt, never
// loaded. Entry layout (integers little-endian):
//
//   magic    8 bytes  "ATTNCKC\0"
//   version  u32      kEntryFormatVersion
//   reserved u32      0
//   keyLen   u64
//   dataLen  u64      payload length
//   checksum u64      payload checksum (payloadChecksum)
//   key      keyLen bytes
//   payload  dataLen bytes
//
// An entry with another magic or version, another key, a size that is not
// exactly header + keyLen + dataLen, or a checksum mismatch is invalid: it is
// rebuilt and replaced, and nothing is reported. So is anything that is not
// a regular file of the caller's (a FIFO is opened with O_NONBLOCK and never
// read, a symbolic link is not followed) and a file whose payload would be
// larger than kMaxPayloadBytes (its size is checked before anything is
// read: a 1 TB sparse file costs nothing).
//
// Writers build under an exclusive flock of `<dir>/<hash>.lock`, check again
// for an entry (another process may have built it meanwhile), and publish by
// writing a temporary file in the directory, fsync and rename, so readers
// never see a partial entry and concurrent processes build a key once. The
// directory is 0700, entries and lock files 0600, whatever the umask. A cache
// that cannot be written still works: the payload is built in memory and one
// warning per process says so.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_DISKCACHE_H
#define ATTNC_RUNTIME_DISKCACHE_H

#include <cstdint>
#include <functional>
#include <string>

namespace attnc::runtime {

/// The version of the entry layout above; bump it when the layout changes
/// (entries of other versions are then rebuilt).
constexpr std::uint32_t kEntryFormatVersion = 1;

/// The largest payload an entry holds (1 GiB): larger files are not read
/// (the entry is rebuilt), larger payloads are not stored.
constexpr std::uint64_t kMaxPayloadBytes = std::uint64_t(1) << 30;

/// 64-bit FNV-1a: the entry name (of the key) and the payload checksum. The
/// runtime links no hashing library; neither use needs a cryptographic hash
/// (the key is compared in full, the checksum catches damage, not attacks:
/// the directory is owner-only).
std::uint64_t fnv1a64(const std::string &bytes);

/// Writes all of `bytes` to `fd` (retrying short writes and EINTR).
bool writeAll(int fd, const std::string &bytes);

struct CacheResult {
  std::string payload;
  /// True when the payload was read from disk, false when it was built.
  bool hit = false;
};

class DiskCache {
public:
  using BuildFn = std::function<bool(std::string &payload, std::string &error)>;

  /// Selects the constructor that takes the cache directory itself.
  struct InDirectory {
    std::string path;
  };

  /// `subdir` e.g. "cpu" or "cuda". The directory is
  /// $ATTNC_CACHE_DIR/<subdir>, else ~/.cache/attnc/<subdir>, else (no
  /// $HOME, or that one cannot be created) /tmp/attnc-cache-<uid>/<subdir>;
  /// created with mode 0700.
  explicit DiskCache(std::string subdir);
  /// The cache in `dir.path` exactly (created with mode 0700).
  explicit DiskCache(InDirectory dir);

  /// The entry for `key` (any bytes). If a valid entry exists, returns its
  /// payload (hit=true). Otherwise takes the key's inter-process lock,
  /// checks again, calls build(payload, error) and stores the entry
  /// atomically. Returns false with `error` set (one sentence) if build
  /// fails; a cache that cannot be written is not an error (one warning per
  /// process on stderr). May be called from several threads at once: the
  /// lock is taken through a descriptor of its own per call, so threads
  /// asking for one key build it once too, and different keys build in
  /// parallel.
  bool getOrBuild(const std::string &key, CacheResult &result,
                  const BuildFn &build, std::string &error);

  /// Removes the entry for `key` if there is one (under its lock), e.g.
  /// when a valid entry turns out to be unusable; the next getOrBuild
  /// builds it again.
  void remove(const std::string &key);

  /// The cache directory.
  const std::string &dir() const { return dir_; }
  /// Empty when the directory exists and is writable, else why not (as the
  /// warning says it).
  const std::string &unwritableReason() const { return unwritable_; }

  /// The entry file of `key` (whether or not it exists).
  std::string entryPath(const std::string &key) const;

private:
  /// Creates and checks dir_, setting unwritable_.
  void prepare();
  /// Reads and validates the entry at `path`; true with `payload` set if it
  /// is a valid entry for `key`.
  bool load(const std::string &path, const std::string &key,
            std::string &payload) const;
  /// Writes the entry atomically; false with `reason` set otherwise.
  bool store(const std::string &path, const std::string &key,
             const std::string &payload, std::string &reason) const;
  /// Prints the not-writable warning, once per process.
  void warnUnwritable(const std::string &reason) const;

  std::string dir_;
  /// Set when the directory could not be created or cannot be written.
  std::string unwritable_;
};

} // namespace attnc::runtime

#endif // ATTNC_RUNTIME_DISKCACHE_H
