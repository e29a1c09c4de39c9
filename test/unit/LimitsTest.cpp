//===- LimitsTest.cpp - checked sizes, byte counts, the budget ------------===//

#include "harness/Limits.h"
#include "harness/Npy.h"

#include "gtest/gtest.h"

#include <cstdlib>

using namespace attnc::reference;

namespace {

TEST(Limits, NumElementsIsChecked) {
  EXPECT_EQ(Tensor::checkedNumElements({2, 3, 4}), 24u);
  EXPECT_EQ(Tensor::checkedNumElements({}), 1u);
  EXPECT_EQ(Tensor::checkedNumElements({0, int64_t(1) << 62}), 0u);
  // (2^60 + 1) x 16 wraps to 16 in 64 bits: must be an overflow.
  EXPECT_EQ(Tensor::checkedNumElements({(int64_t(1) << 60) + 1, 16}),
            std::nullopt);
  EXPECT_EQ(Tensor::checkedNumElements({-1, 4}), std::nullopt);
  // The unchecked form saturates, so an allocation of it fails.
  EXPECT_EQ(Tensor::numElements({int64_t(1) << 62, 8}), SIZE_MAX);
}

TEST(Limits, ShapeLimits) {
  EXPECT_FALSE(bool(llvm::errorToBool(checkShapeLimits("q", {2, 4, 13, 16}))));
  EXPECT_TRUE(llvm::errorToBool(checkShapeLimits("q", {kMaxDim + 1})));
  EXPECT_FALSE(llvm::errorToBool(checkShapeLimits("q", {kMaxDim})));
  // Each dimension within the limit, the product above 2^40.
  EXPECT_TRUE(llvm::errorToBool(checkShapeLimits("q", {1 << 21, 1 << 20})));
}

TEST(Limits, Bytes) {
  EXPECT_EQ(parseBytes("1000"), 1000u);
  EXPECT_EQ(parseBytes("8G"), 8000000000u);
  EXPECT_EQ(parseBytes("16Gi"), uint64_t(16) << 30);
  EXPECT_EQ(parseBytes("2kB"), 2000u);
  EXPECT_EQ(parseBytes("lots"), std::nullopt);
  EXPECT_EQ(parseBytes("99999999999P"), std::nullopt); // overflows
  EXPECT_EQ(formatBytes(512), "512 B");
  EXPECT_EQ(formatBytes(2200000000000ull), "2.2 TB");
  EXPECT_EQ(formatBytes(UINT64_MAX), "more than 18 EB");
}

TEST(Limits, BudgetNamesTheLargestPart) {
  ::setenv("ATTNC_MEMORY_LIMIT", "1M", 1);
  ByteCount need;
  need.add(1000, 8, "small");
  need.add(1000000, 8, "input 'q'");
  std::string message = llvm::toString(need.check("the run"));
  ::unsetenv("ATTNC_MEMORY_LIMIT");
  EXPECT_EQ(message, "the run needs 8.0 MB (8.0 MB of it for input 'q'), more "
                     "than the limit of 1.0 MB (ATTNC_MEMORY_LIMIT)");
  ByteCount huge;
  huge.add(UINT64_MAX / 2, 8, "x"); // saturates, never wraps
  EXPECT_EQ(huge.total(), UINT64_MAX);
}

TEST(Limits, NpyCountTimesWidthDoesNotWrap) {
  // shape (2^60 + 1, 16) of f4 with 64 bytes of values: count x width
  // wraps to 64 in 64 bits.
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': "
                       "(1152921504606846977, 16), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::string file = "\x93NUMPY";
  file += char(1);
  file += char(0);
  file += char(header.size() & 0xff);
  file += char(header.size() >> 8);
  file += header;
  file.append(64, '\0');
  llvm::Expected<Tensor> t = readNpyBuffer(file, "wrap.npy");
  ASSERT_FALSE(bool(t));
  EXPECT_NE(llvm::toString(t.takeError()).find("above the limit"),
            std::string::npos);
  // Version 9: the number, not the byte.
  file[6] = 9;
  t = readNpyBuffer(file, "v9.npy");
  ASSERT_FALSE(bool(t));
  EXPECT_EQ(llvm::toString(t.takeError()),
            "v9.npy: unsupported .npy version 9.0 (versions 1.0 to 3.0 are "
            "read)");
}

} // namespace
