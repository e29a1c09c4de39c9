//===- CpuJit.cpp - compile, cache and load CPU kernels -------------------===//
//
// A program is looked up in the process's map, then in the disk cache
// (runtime/DiskCache.h, subdirectory "cpu"), whose payload is the shared
// object's bytes and whose key is everything the object depends on: the
// machine, the compiler (its name and what `--version` prints), its flags
// and the full source. A miss compiles in a
// private temporary directory. The object is loaded from memory (a memfd),
// else from a private temporary file that is unlinked once loaded: no
// loadable file stays in the cache, whose entries are checksummed.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/CpuJit.h"

#include "runtime/DiskCache.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace attnc::runtime;

namespace {

/// Bump when what a key describes changes (e.g. how objects are compiled).
constexpr const char *kKeyFormat = "attnc-cpu-jit 2";

bool readFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

/// `s` as one word for /bin/sh.
std::string shellQuote(const std::string &s) {
  std::string quoted = "'";
  for (char c : s) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  return quoted + "'";
}

std::string tempRoot() {
  if (const char *tmp = std::getenv("TMPDIR"); tmp && *tmp)
    return tmp;
  return "/tmp";
}

/// What `compiler --version` prints (every line: the version, the target,
/// the configuration), once per compiler and process; the disk cache's key
/// records it, so an upgraded compiler builds its own entries.
std::string compilerVersion(const std::string &compiler) {
  static std::map<std::string, std::string> versions;
  if (auto it = versions.find(compiler); it != versions.end())
    return it->second;
  std::string out;
  std::string cmd = shellQuote(compiler) + " --version 2>/dev/null";
  if (FILE *pipe = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0 &&
           out.size() < 65536)
      out.append(buf, n);
    int rc = ::pclose(pipe);
    if (rc != 0)
      out = "unknown (" + compiler + " --version failed)";
  } else {
    out = "unknown (" + compiler + " could not be run)";
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return versions[compiler] = out;
}

/// The prefix of the build directories of this process:
/// `<tmp>/attnc-cpu-<pid>-`.
std::string buildDirPrefix(long pid) {
  return "attnc-cpu-" + std::to_string(pid) + "-";
}

/// Removes the build directories that processes which no longer exist left
/// behind (a build killed with SIGKILL cannot clean up after itself):
/// `attnc-cpu-<pid>-*` of the caller's in the temporary directory, with the
/// few files a build writes in them.
void removeStaleBuildDirs(const std::string &root) {
  DIR *dir = ::opendir(root.c_str());
  if (!dir)
    return;
  while (struct dirent *entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name.compare(0, 10, "attnc-cpu-") != 0)
      continue;
    char *end = nullptr;
    long pid = std::strtol(name.c_str() + 10, &end, 10);
    if (pid <= 0 || !end || *end != '-' || pid == long(::getpid()))
      continue;
    if (::kill(pid_t(pid), 0) == 0 || errno != ESRCH)
      continue; // alive (or not ours to ask about)
    std::string path = root + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
        st.st_uid != ::geteuid())
      continue;
    for (const char *file : {"program.cpp", "program.so", "compile.log"})
      ::unlink((path + "/" + file).c_str());
    ::rmdir(path.c_str());
  }
  ::closedir(dir);
}

/// Compiles `source` with `compiler flags -shared -fPIC` in a private
/// temporary directory and returns the object's bytes in `object`.
bool buildObject(const std::string &compiler, const std::string &flags,
                 const std::string &source, std::string &object,
                 std::string &error) {
  removeStaleBuildDirs(tempRoot());
  std::string pattern =
      tempRoot() + "/" + buildDirPrefix(long(::getpid())) + "XXXXXX";
  std::vector<char> dirName(pattern.begin(), pattern.end());
  dirName.push_back('\0');
  if (!::mkdtemp(dirName.data())) {
    error = "cannot create a temporary directory " + pattern + ": " +
            std::strerror(errno);
    return false;
  }
  std::string dir = dirName.data();
  std::string src = dir + "/program.cpp", out = dir + "/program.so",
              logPath = dir + "/compile.log";
  auto cleanUp = [&] {
    std::remove(src.c_str());
    std::remove(out.c_str());
    std::remove(logPath.c_str());
    ::rmdir(dir.c_str());
  };
  {
    std::ofstream file(src, std::ios::binary);
    file << source;
    if (!file.flush()) {
      error = "cannot write " + src;
      cleanUp();
      return false;
    }
  }
  std::string cmd = shellQuote(compiler) + " -std=c++17 " + flags +
                    " -shared -fPIC -w -o " + shellQuote(out) + " " +
                    shellQuote(src) + " > " + shellQuote(logPath) + " 2>&1";
  int rc = std::system(cmd.c_str());
  rc = rc == -1 ? -1 : WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::string log;
  readFile(logPath, log);
  bool ok = rc == 0 && readFile(out, object) && !object.empty();
  cleanUp();
  if (!ok) {
    error = "the host compiler (" + compiler +
            ") failed to build the emitted program" +
            (rc < 0 ? std::string(" (it could not be run)") : "") +
            (log.empty() ? "" : ":\n" + log);
    return false;
  }
  return true;
}

/// Loads a shared object from its bytes; null with `error` set otherwise.
///
/// glibc's dlopen returns an already loaded object whose name equals the
/// requested path, so every path used here stays unique for the life of
/// the process: a memfd stays open (its /proc/self/fd number is never
/// reused), and temporary files carry the pid and a counter.
void *loadObject(const std::string &object, const std::string &cacheDir,
                 std::string &error) {
#ifdef __linux__
  int memfd = ::memfd_create("attnc-cpu-program", MFD_CLOEXEC);
  if (memfd >= 0) {
    if (writeAll(memfd, object)) {
      std::string path = "/proc/self/fd/" + std::to_string(memfd);
      if (void *handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL))
        return handle; // memfd stays open: see above
      error = ::dlerror();
    }
    ::close(memfd);
  }
#endif
  // No memfd, or it cannot be mapped executable: a file, in the cache
  // directory (private) or the temporary one.
  static std::atomic<unsigned long> counter{0};
  for (const std::string &dir : {cacheDir, tempRoot()}) {
    std::string pattern = dir + "/attnc-load-" + std::to_string(::getpid()) +
                          "-" + std::to_string(counter++) + ".XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = ::mkstemp(name.data());
    if (fd < 0) {
      error = "cannot create " + pattern + ": " + std::strerror(errno);
      continue;
    }
    ::fchmod(fd, 0600);
    bool written = writeAll(fd, object);
    ::close(fd);
    void *handle =
        written ? ::dlopen(name.data(), RTLD_NOW | RTLD_LOCAL) : nullptr;
    if (!written)
      error = std::string("cannot write ") + name.data();
    else if (!handle)
      error = ::dlerror();
    // Loaded (the mapping keeps it) or not, the file is no longer needed.
    ::unlink(name.data());
    if (handle)
      return handle;
  }
  return nullptr;
}

std::mutex cacheMutex;
std::map<std::string, CpuEntry> loaded; // in-process cache by key
/// Loaded objects stay loaded for the life of the process (their entries
/// are cached above); kept here so they stay reachable.
std::vector<void *> handles;

} // namespace

CpuEntry attnc::runtime::loadCpuProgram(const std::string &source,
                                        const CpuJitOptions &options,
                                        std::string &error, bool *cacheHit) {
  std::lock_guard<std::mutex> lock(cacheMutex);
  std::string compiler = options.compiler;
  if (compiler.empty()) {
    const char *cxx = std::getenv("ATTNC_CXX");
    compiler = cxx && *cxx ? cxx : "c++";
  }
  struct utsname host;
  std::string machine = ::uname(&host) == 0 ? host.machine : "unknown";
  std::string key = std::string(kKeyFormat) + "\nmachine: " + machine +
                    "\ncompiler: " + compiler +
                    "\ncompiler version: " + compilerVersion(compiler) +
                    "\nflags: " + options.flags + "\n" + source;
  if (auto it = loaded.find(key); it != loaded.end()) {
    if (cacheHit)
      *cacheHit = true;
    return it->second;
  }

  DiskCache cache = options.cacheDir.empty()
                        ? DiskCache("cpu")
                        : DiskCache(DiskCache::InDirectory{options.cacheDir});
  auto build = [&](std::string &object, std::string &buildError) {
    return buildObject(compiler, options.flags, source, object, buildError);
  };
  // An entry that is valid but cannot be used (it fails to load) is removed
  // and built once more.
  for (int attempt = 0; attempt < 2; ++attempt) {
    CacheResult object;
    if (!cache.getOrBuild(key, object, build, error))
      return nullptr;
    std::string loadError;
    void *handle = loadObject(object.payload, cache.dir(), loadError);
    CpuEntry entry =
        handle ? reinterpret_cast<CpuEntry>(::dlsym(handle, ATTNC_CPU_ENTRY))
               : nullptr;
    if (handle)
      handles.push_back(handle);
    if (entry) {
      if (cacheHit)
        *cacheHit = object.hit;
      loaded[key] = entry;
      return entry;
    }
    if (!object.hit || attempt == 1) {
      error = handle ? "the built program has no " ATTNC_CPU_ENTRY
                     : "cannot load the built program: " + loadError;
      return nullptr;
    }
    cache.remove(key);
  }
  return nullptr;
}
