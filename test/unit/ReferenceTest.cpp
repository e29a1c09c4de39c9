//===- ReferenceTest.cpp - .npy I/O, rounding and sizes -------------------===//

#include "harness/Inputs.h"
#include "harness/Npy.h"
#include "harness/Run.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace attnc::reference;

namespace {

std::string tempPath(const char *name) {
  llvm::SmallString<128> path;
  llvm::sys::fs::createUniquePath(std::string("attnc-%%%%%%-") + name, path,
                                  /*MakeAbsolute=*/true);
  return path.str().str();
}

TEST(Npy, RoundTripsEveryWrittenDtype) {
  Tensor t(llvm::ArrayRef<int64_t>{2, 3});
  t.data = {0, -1, 2.5, 1e300, -0.0, 7};
  for (char kind : {'f', 'i', 'b'}) {
    std::string path = tempPath("rt.npy");
    ASSERT_FALSE(bool(writeNpy(path, t, kind)));
    char read = 0;
    llvm::Expected<Tensor> back = readNpy(path, &read);
    ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(back->shape, t.shape);
    EXPECT_EQ(read, kind);
    for (size_t n = 0; n < t.size(); ++n) {
      double want = kind == 'f'   ? t.data[n]
                    : kind == 'i' ? std::trunc(t.data[n])
                                  : double(t.data[n] != 0);
      if (kind == 'i' && std::fabs(t.data[n]) > 9e18)
        continue; // out of int64 range: not meaningful
      EXPECT_EQ(back->data[n], want) << "kind " << kind << " element " << n;
    }
    llvm::sys::fs::remove(path);
  }
}

TEST(Npy, ReportsBadFilesInOneSentence) {
  std::string path = tempPath("bad.npy");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << "\x93NUMPY\x01\x00";
    os.write("\x30\x00", 2);
    os << "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }";
  }
  llvm::Expected<Tensor> t = readNpy(path);
  ASSERT_FALSE(bool(t));
  std::string message = llvm::toString(t.takeError());
  EXPECT_NE(message.find(path), std::string::npos) << message;
  llvm::sys::fs::remove(path);

  llvm::Expected<Tensor> missing = readNpy(path);
  ASSERT_FALSE(bool(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find("cannot read"),
            std::string::npos);
}

TEST(Inputs, RoundsToStorageTypesExactly) {
  mlir::MLIRContext ctx;
  mlir::Builder b(&ctx);
  Tensor t(llvm::ArrayRef<int64_t>{4});
  t.data = {1.0 + 1.0 / 256, 1.0 + 3.0 / 512, 65520.0, -2.7};
  Tensor bf = t;
  roundToStorage(bf, b.getBF16Type());
  // bf16 has 8 significant bits: 1 + 2^-8 ties to even (1.0); 1 + 3*2^-9
  // rounds to 1 + 2^-7.
  EXPECT_EQ(bf.data[0], 1.0);
  EXPECT_EQ(bf.data[1], 1.0 + 1.0 / 128);
  Tensor half = t;
  roundToStorage(half, b.getF16Type());
  EXPECT_TRUE(std::isinf(half.data[2])); // above f16's largest finite
  Tensor ints = t;
  roundToStorage(ints, b.getI32Type());
  EXPECT_EQ(ints.data[3], -2.0);
}

TEST(Run, ParsesSizesAndRejectsBadEntries) {
  llvm::Expected<llvm::StringMap<int64_t>> sizes = parseSizes("B=2, N=100,M=7");
  ASSERT_TRUE(bool(sizes));
  EXPECT_EQ(sizes->lookup("B"), 2);
  EXPECT_EQ(sizes->lookup("N"), 100);
  EXPECT_EQ(sizes->lookup("M"), 7);
  for (const char *bad : {"N", "N=", "=3", "N=-1", "N=x"}) {
    llvm::Expected<llvm::StringMap<int64_t>> r = parseSizes(bad);
    EXPECT_FALSE(bool(r)) << bad;
    if (!r)
      llvm::consumeError(r.takeError());
  }
}

} // namespace
