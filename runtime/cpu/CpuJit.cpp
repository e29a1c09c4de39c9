//===- CpuJit.cpp - compile, cache and load CPU kernels -------------------===//
//
// Cache entries are `<dir>/<hash>.cpp` (the source) and `<dir>/<hash>.so`.
// The hash (FNV-1a, 64 bits: the runtime links no hashing library) only
// names the entry: the stored source must equal the requested one byte for
// byte before the object is loaded, so a collision rebuilds under another
// name rather than loading a wrong kernel. Objects are built under a
// temporary name and renamed into place, so concurrent processes never see
// a partial file; the directory is owner-only.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/CpuJit.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace attnc::runtime;

namespace {

std::uint64_t fnv1a(const std::string &s, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool readFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

bool makeDirs(const std::string &dir) {
  std::string partial;
  std::stringstream ss(dir);
  std::string part;
  if (!dir.empty() && dir[0] == '/')
    partial = "/";
  while (std::getline(ss, part, '/')) {
    if (part.empty())
      continue;
    partial += part + "/";
    if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      return false;
  }
  return true;
}

std::string defaultCacheDir() {
  if (const char *dir = std::getenv("ATTNC_CACHE_DIR"); dir && *dir)
    return std::string(dir) + "/cpu";
  if (const char *home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/attnc/cpu";
  return "/tmp/attnc-cache-" + std::to_string(getuid()) + "/cpu";
}

/// Runs `compiler flags -shared -fPIC -o out src` and captures its output.
int compile(const std::string &compiler, const std::string &flags,
            const std::string &src, const std::string &out,
            std::string &log) {
  std::string logPath = out + ".log";
  std::string cmd = "'" + compiler + "' -std=c++17 " + flags +
                    " -shared -fPIC -w -o '" + out + "' '" + src + "' > '" +
                    logPath + "' 2>&1";
  int rc = std::system(cmd.c_str());
  readFile(logPath, log);
  std::remove(logPath.c_str());
  if (rc == -1)
    return -1;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::mutex cacheMutex;
std::map<std::string, CpuEntry> loaded; // in-process cache by source
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
  if (compiler.find('\'') != std::string::npos) {
    error = "the compiler path '" + compiler + "' contains a quote";
    return nullptr;
  }
  std::string key = compiler + "\n" + options.flags + "\n" + source;
  if (auto it = loaded.find(key); it != loaded.end()) {
    if (cacheHit)
      *cacheHit = true;
    return it->second;
  }
  std::string dir = options.cacheDir.empty() ? defaultCacheDir() : options.cacheDir;
  if (!makeDirs(dir)) {
    error = "cannot create the cache directory " + dir + ": " +
            std::strerror(errno);
    return nullptr;
  }
  std::uint64_t hash = fnv1a(key);
  for (int attempt = 0; attempt < 8; ++attempt, hash = fnv1a("+", hash)) {
    char name[32];
    std::snprintf(name, sizeof(name), "%016llx", (unsigned long long)hash);
    std::string base = dir + "/" + name;
    std::string stored;
    bool present = readFile(base + ".key", stored);
    if (present && stored != key)
      continue; // a different program with the same hash: next name
    // Builds under temporary names, then publishes .so and .cpp before
    // .key (the key marks a complete entry).
    auto build = [&]() -> bool {
      std::string tmp = base + ".tmp" + std::to_string(getpid());
      {
        std::ofstream src(tmp + ".cpp", std::ios::binary);
        src << source;
        if (!src) {
          error = "cannot write " + tmp + ".cpp";
          return false;
        }
      }
      std::string log;
      int rc = compile(compiler, options.flags, tmp + ".cpp", tmp + ".so", log);
      if (rc != 0) {
        std::remove((tmp + ".cpp").c_str());
        std::remove((tmp + ".so").c_str());
        error = "the host compiler (" + compiler +
                ") failed to build the emitted program" +
                (rc < 0 ? std::string(" (it could not be run)") : "") +
                (log.empty() ? "" : ":\n" + log);
        return false;
      }
      {
        std::ofstream keyFile(tmp + ".key", std::ios::binary);
        keyFile << key;
      }
      if (std::rename((tmp + ".so").c_str(), (base + ".so").c_str()) != 0 ||
          std::rename((tmp + ".cpp").c_str(), (base + ".cpp").c_str()) != 0 ||
          std::rename((tmp + ".key").c_str(), (base + ".key").c_str()) != 0) {
        error = "cannot publish the cache entry " + base + ": " +
                std::strerror(errno);
        return false;
      }
      return true;
    };
    bool built = false;
    if (!present || access((base + ".so").c_str(), R_OK) != 0) {
      if (!build())
        return nullptr;
      built = true;
    }
    void *handle = dlopen((base + ".so").c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle && !built) {
      // A corrupt entry is rebuilt, never trusted.
      std::remove((base + ".so").c_str());
      std::remove((base + ".key").c_str());
      if (!build())
        return nullptr;
      built = true;
      handle = dlopen((base + ".so").c_str(), RTLD_NOW | RTLD_LOCAL);
    }
    if (!handle) {
      error = std::string("cannot load the built program: ") + dlerror();
      return nullptr;
    }
    if (cacheHit)
      *cacheHit = !built;
    handles.push_back(handle);
    auto entry = reinterpret_cast<CpuEntry>(dlsym(handle, "attnc_cpu_run"));
    if (!entry) {
      error = "the built program has no attnc_cpu_run";
      return nullptr;
    }
    loaded[key] = entry;
    return entry;
  }
  error = "too many cache entries collide in " + dir;
  return nullptr;
}
