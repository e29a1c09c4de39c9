//===- cache_tool.cpp - drives runtime/DiskCache for the lit tests --------===//
//
//   cache_tool <subdir-or-dir> <key> [--build-delay-ms N] [--fail]
//              [--repeat N] [--threads N]
//
// Looks `key` up in the cache: a first argument with a '/' is the cache
// directory itself, otherwise a subdirectory of the default cache
// ($ATTNC_CACHE_DIR/<subdir>...). Building sleeps N ms (so concurrent
// lookups overlap), appends a line to $ATTNC_TEST_BUILD_LOG (so tests count
// builds) and makes the payload "payload of <key>"; --fail makes it fail.
// --repeat N looks the key up N times in a row, each through a new
// DiskCache; --threads N looks it up from N threads at once through one
// DiskCache. Prints, per lookup, the payload and "hit" or "built"; exits 1
// with the error on stderr when a build failed.
//
//===----------------------------------------------------------------------===//

#include "runtime/DiskCache.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace attnc::runtime;

namespace {

struct Lookup {
  CacheResult result;
  std::string error;
  bool ok = false;
};

std::unique_ptr<DiskCache> openCache(const std::string &where) {
  if (where.find('/') != std::string::npos)
    return std::make_unique<DiskCache>(DiskCache::InDirectory{where});
  return std::make_unique<DiskCache>(where);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s <subdir-or-dir> <key> [--build-delay-ms N] "
                 "[--fail] [--repeat N] [--threads N]\n",
                 argv[0]);
    return 2;
  }
  std::string where = argv[1], key = argv[2];
  long delayMs = 0, repeat = 1, threads = 1;
  bool fail = false;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--build-delay-ms") == 0 && i + 1 < argc) {
      delayMs = std::strtol(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::strtol(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = std::strtol(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--fail") == 0) {
      fail = true;
    } else {
      std::fprintf(stderr, "unknown argument '%s'\n", argv[i]);
      return 2;
    }
  }

  DiskCache::BuildFn build = [&](std::string &payload,
                                 std::string &buildError) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
    if (const char *log = std::getenv("ATTNC_TEST_BUILD_LOG")) {
      if (FILE *f = std::fopen(log, "a")) {
        std::fprintf(f, "built %s in %d\n", key.c_str(), int(getpid()));
        std::fclose(f);
      }
    }
    if (fail) {
      buildError = "the test build of '" + key + "' failed";
      return false;
    }
    payload = "payload of " + key;
    return true;
  };

  std::vector<Lookup> lookups;
  for (long r = 0; r < repeat; ++r) {
    std::unique_ptr<DiskCache> cache = openCache(where);
    std::vector<Lookup> round(threads);
    std::vector<std::thread> pool;
    for (Lookup &l : round)
      pool.emplace_back(
          [&] { l.ok = cache->getOrBuild(key, l.result, build, l.error); });
    for (std::thread &t : pool)
      t.join();
    lookups.insert(lookups.end(), round.begin(), round.end());
  }

  int rc = 0;
  for (const Lookup &l : lookups) {
    if (!l.ok) {
      std::fprintf(stderr, "error: %s\n", l.error.c_str());
      rc = 1;
      continue;
    }
    std::printf("%s\n%s\n", l.result.payload.c_str(),
                l.result.hit ? "hit" : "built");
  }
  return rc;
}
