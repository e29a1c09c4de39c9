//===- DiskCache.cpp - the on-disk kernel cache shared by the JITs --------===//
//
// The entry layout, locking and publishing protocol are described in
// DiskCache.h. Everything here is POSIX system calls: the runtime builds
// without LLVM (whose sys::fs and LockFileManager would otherwise do this).
//
//===----------------------------------------------------------------------===//

#include "runtime/DiskCache.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace attnc::runtime;

namespace {

constexpr char kMagic[8] = {'A', 'T', 'T', 'N', 'C', 'K', 'C', '\0'};
/// magic, version, reserved, keyLen, dataLen, checksum.
constexpr std::size_t kHeaderSize = 8 + 4 + 4 + 8 + 8 + 8;

void putLE(std::string &out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(char((value >> (8 * i)) & 0xff));
}

std::uint64_t getLE(const std::string &in, std::size_t at, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i)
    value |= std::uint64_t((unsigned char)in[at + i]) << (8 * i);
  return value;
}

std::string errnoText(int err = errno) { return std::strerror(err); }

/// Closes a descriptor when it goes out of scope (which also releases a
/// flock held through it).
struct Fd {
  int fd = -1;
  explicit Fd(int fd) : fd(fd) {}
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

bool readAll(int fd, std::string &out, std::size_t size) {
  out.resize(size);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, &out[done], size - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    if (n == 0)
      return false; // shorter than fstat said: truncated meanwhile
    done += std::size_t(n);
  }
  return true;
}

/// Creates `dir` and its missing parents; each directory created here is
/// made 0700 whatever the umask. False with `reason` set on failure.
bool makeDirs(const std::string &dir, std::string &reason) {
  std::string prefix;
  std::size_t pos = 0;
  while (pos <= dir.size()) {
    std::size_t slash = dir.find('/', pos);
    if (slash == std::string::npos)
      slash = dir.size();
    prefix = dir.substr(0, slash);
    pos = slash + 1;
    if (prefix.empty() || prefix.back() == '/' ||
        (prefix.size() >= 2 && prefix.compare(prefix.size() - 2, 2, "/.") == 0))
      continue;
    if (::mkdir(prefix.c_str(), 0700) == 0) {
      ::chmod(prefix.c_str(), 0700);
      continue;
    }
    int err = errno;
    struct stat st;
    if (err == EEXIST && ::stat(prefix.c_str(), &st) == 0 &&
        S_ISDIR(st.st_mode))
      continue;
    if (err == EEXIST)
      err = ENOTDIR;
    reason = "cannot create " + prefix + ": " + errnoText(err);
    return false;
  }
  return true;
}

/// Checks that `dir` (which exists) is the caller's own and private,
/// tightening its mode to owner-only when it is ours but open to others.
bool checkPrivateDir(const std::string &dir, std::string &reason) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  struct stat st;
  if (fd.fd < 0 || ::fstat(fd.fd, &st) != 0) {
    reason = "cannot open " + dir + ": " + errnoText();
    return false;
  }
  if (st.st_uid != ::geteuid()) {
    reason = dir + " belongs to another user";
    return false;
  }
  // Only ever removes permissions (a read-only cache stays read-only).
  if ((st.st_mode & 077) != 0 && ::fchmod(fd.fd, st.st_mode & 0700) != 0) {
    reason = "cannot make " + dir + " owner-only: " + errnoText();
    return false;
  }
  return true;
}

/// Prepares `dir` as a cache directory; empty when usable, else why not.
std::string prepareDir(const std::string &dir) {
  std::string reason;
  if (!makeDirs(dir, reason) || !checkPrivateDir(dir, reason))
    return reason;
  if (::faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) != 0)
    return errnoText();
  return "";
}

std::atomic<bool> warnedUnwritable{false};

} // namespace

bool attnc::runtime::writeAll(int fd, const std::string &bytes) {
  const char *data = bytes.data();
  std::size_t size = bytes.size();
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    data += n;
    size -= std::size_t(n);
  }
  return true;
}

std::uint64_t attnc::runtime::fnv1a64(const std::string &bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

DiskCache::DiskCache(std::string subdir) {
  if (const char *env = std::getenv("ATTNC_CACHE_DIR"); env && *env) {
    dir_ = std::string(env) + "/" + subdir;
    prepare();
    return;
  }
  std::string tmp =
      "/tmp/attnc-cache-" + std::to_string(::geteuid()) + "/" + subdir;
  if (const char *home = std::getenv("HOME"); home && *home) {
    dir_ = std::string(home) + "/.cache/attnc/" + subdir;
    prepare();
    if (unwritable_.empty())
      return;
    // A home directory without a usable cache (read-only, full...): the
    // private one under /tmp, if that works, else the home one's reason.
    DiskCache fallback{InDirectory{tmp}};
    if (fallback.unwritable_.empty())
      *this = fallback;
    return;
  }
  dir_ = tmp;
  prepare();
}

DiskCache::DiskCache(InDirectory dir) : dir_(std::move(dir.path)) { prepare(); }

void DiskCache::prepare() {
  while (dir_.size() > 1 && dir_.back() == '/')
    dir_.pop_back();
  if (dir_.empty()) {
    unwritable_ = "no directory was given";
    return;
  }
  // /tmp/attnc-cache-<uid> is in a directory everyone can write: someone
  // else may have created it first, and could then replace what is in it.
  // It must be ours and private.
  std::string tmpBase = "/tmp/attnc-cache-" + std::to_string(::geteuid());
  if (dir_.compare(0, tmpBase.size() + 1, tmpBase + "/") == 0) {
    std::string reason;
    if (!makeDirs(tmpBase, reason) || !checkPrivateDir(tmpBase, reason)) {
      unwritable_ = reason;
      return;
    }
  }
  unwritable_ = prepareDir(dir_);
}

std::string DiskCache::entryPath(const std::string &key) const {
  char name[24];
  std::snprintf(name, sizeof(name), "%016llx",
                (unsigned long long)fnv1a64(key));
  return dir_ + "/" + name + ".entry";
}

bool DiskCache::load(const std::string &path, const std::string &key,
                     std::string &payload) const {
  // O_NONBLOCK: a FIFO in the entry's place must not hang the open (it is
  // then refused as not a regular file, and rebuilt).
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  struct stat st;
  if (fd.fd < 0 || ::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      st.st_uid != ::geteuid())
    return false;
  std::size_t size = std::size_t(st.st_size);
  // Entries hold at least the key: a file too short for it is not ours. A
  // file larger than any entry (a sparse 1 TB file) is not read at all.
  if (size < kHeaderSize + key.size() ||
      std::uint64_t(st.st_size) > kHeaderSize + key.size() + kMaxPayloadBytes)
    return false;
  std::string bytes;
  if (!readAll(fd.fd, bytes, size))
    return false;
  if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0 ||
      getLE(bytes, 8, 4) != kEntryFormatVersion || getLE(bytes, 12, 4) != 0)
    return false;
  std::uint64_t keyLen = getLE(bytes, 16, 8);
  std::uint64_t dataLen = getLE(bytes, 24, 8);
  std::uint64_t checksum = getLE(bytes, 32, 8);
  if (keyLen != key.size() || dataLen != size - kHeaderSize - keyLen ||
      bytes.compare(kHeaderSize, keyLen, key) != 0)
    return false;
  payload = bytes.substr(kHeaderSize + keyLen);
  return fnv1a64(payload) == checksum;
}

bool DiskCache::store(const std::string &path, const std::string &key,
                      const std::string &payload, std::string &reason) const {
  if (payload.size() > kMaxPayloadBytes) {
    reason = "an entry of " + std::to_string(payload.size()) +
             " bytes is larger than entries may be";
    return false;
  }
  std::string header(kMagic, sizeof(kMagic));
  putLE(header, kEntryFormatVersion, 4);
  putLE(header, 0, 4);
  putLE(header, key.size(), 8);
  putLE(header, payload.size(), 8);
  putLE(header, fnv1a64(payload), 8);

  // "<hash>.tmp.XXXXXX" next to the entry: rename is atomic only within a
  // file system.
  std::string base = path.substr(0, path.size() - std::strlen(".entry"));
  std::vector<char> tmp(base.begin(), base.end());
  const char suffix[] = ".tmp.XXXXXX";
  tmp.insert(tmp.end(), suffix, suffix + sizeof(suffix)); // with the NUL
  int raw = ::mkstemp(tmp.data());
  if (raw < 0) {
    reason = "cannot create a file in it: " + errnoText();
    return false;
  }
  Fd fd(raw);
  ::fcntl(fd.fd, F_SETFD, FD_CLOEXEC);
  auto fail = [&](const char *what) {
    reason = std::string(what) + " " + tmp.data() + ": " + errnoText();
    ::unlink(tmp.data());
    return false;
  };
  if (::fchmod(fd.fd, 0600) != 0)
    return fail("cannot set the mode of");
  if (!writeAll(fd.fd, header) || !writeAll(fd.fd, key) ||
      !writeAll(fd.fd, payload))
    return fail("cannot write");
  if (::fsync(fd.fd) != 0)
    return fail("cannot sync");
  int closed = ::close(fd.fd);
  fd.fd = -1;
  if (closed != 0)
    return fail("cannot write");
  if (::rename(tmp.data(), path.c_str()) != 0)
    return fail("cannot rename");
  // The rename itself survives a crash once the directory is synced.
  Fd dirFd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dirFd.fd >= 0)
    ::fsync(dirFd.fd);
  return true;
}

void DiskCache::warnUnwritable(const std::string &reason) const {
  if (warnedUnwritable.exchange(true))
    return;
  std::string line = "attnc: warning: the kernel cache " + dir_ +
                     " is not writable (" + reason +
                     "); kernels are compiled again in every process\n";
  // One write, so the line is not interleaved with other output.
  (void)!::write(STDERR_FILENO, line.data(), line.size());
}

namespace {

/// Opens and exclusively locks `<entry base>.lock`; -1 with `reason` set if
/// the file cannot be opened. A file system without flock still gets a
/// descriptor: entries are published atomically, so two builders only cost
/// time.
int lockEntry(const std::string &entry, std::string &reason) {
  std::string path =
      entry.substr(0, entry.size() - std::strlen(".entry")) + ".lock";
  int fd =
      ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    reason = "cannot create " + path + ": " + errnoText();
    return -1;
  }
  ::fchmod(fd, 0600);
  while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
  return fd;
}

} // namespace

bool DiskCache::getOrBuild(const std::string &key, CacheResult &result,
                           const BuildFn &build, std::string &error) {
  std::string path = entryPath(key);
  result = CacheResult();
  // A read-only cache still serves the entries it has.
  if (load(path, key, result.payload)) {
    result.hit = true;
    return true;
  }
  auto buildIt = [&]() {
    result.payload.clear();
    std::string buildError;
    if (build(result.payload, buildError))
      return true;
    error = buildError.empty() ? "building the cache entry failed" : buildError;
    return false;
  };

  std::string reason = unwritable_;
  int lockFd = reason.empty() ? lockEntry(path, reason) : -1;
  if (lockFd < 0) {
    warnUnwritable(reason);
    return buildIt();
  }
  Fd lock(lockFd);
  // Another process may have built it while this one waited for the lock.
  if (load(path, key, result.payload)) {
    result.hit = true;
    return true;
  }
  if (!buildIt())
    return false;
  if (!store(path, key, result.payload, reason))
    warnUnwritable(reason);
  return true;
}

void DiskCache::remove(const std::string &key) {
  if (!unwritable_.empty())
    return;
  std::string path = entryPath(key);
  std::string reason;
  Fd lock(lockEntry(path, reason));
  if (lock.fd >= 0)
    ::unlink(path.c_str());
}
