//===- ManifestTest.cpp - the CUDA unit manifest the runtime reads --------===//

#include "runtime/cuda/Manifest.h"

#include <gtest/gtest.h>

using namespace attnc::runtime;

namespace {

const char *kUnit = "//@ attnc-cuda 2\n"
                    "//@ variant v\n"
                    "//@ tensor 0 input bf16 4 =B 16 =N 64 q\n"
                    "//@ tensor 1 input bf16 4 =B 4 =M 64 k\n"
                    "//@ tensor 2 result f32 4 t0.0 t0.1 t0.2 t1.2\n"
                    "//@ check t1.0 t0.0 1\n"
                    "//@ divides t1.1 t0.1 2\n"
                    "//@ atmost t0.2 t1.2 3\n"
                    "//@ kernel attnc_k0 v_k0 grid t0.2/64*2 t0.1 t0.0 threads 128 smem 49152\n"
                    "//@ kernel attnc_k1 attn.qk grid t2.3/128*t2.2 1 t2.0 threads 128 smem 0\n"
                    "//@ return 2\n"
                    "//@ error 1 f.attn:1:2: k's batch\n"
                    "//@ error 2 f.attn:1:2: heads\n"
                    "//@ error 3 f.attn:1:2: N <= M\n"
                    "// code follows\n"
                    "extern \"C\" __global__ void attnc_k0() {}\n";

TEST(Manifest, ParsesTensorsChecksAndGrids) {
  Manifest m;
  std::string error;
  ASSERT_TRUE(parseManifest(kUnit, m, error)) << error;
  EXPECT_EQ(m.variant, "v");
  ASSERT_EQ(m.tensors.size(), 3u);
  EXPECT_EQ(m.numInputs(), 2);
  EXPECT_EQ(m.tensors[2].dims[3].kind, DimSpec::CopyOf);
  ASSERT_EQ(m.checks.size(), 3u);
  EXPECT_EQ(m.checks[0].kind, CheckSpec::Equal);
  EXPECT_EQ(m.checks[1].kind, CheckSpec::Divides);
  EXPECT_EQ(m.checks[2].kind, CheckSpec::AtMost);
  EXPECT_EQ(m.errorMessage(3), "f.attn:1:2: N <= M");
  EXPECT_NE(m.errorMessage(9).find("unknown error code 9"), std::string::npos);

  // B = 3, H = 16, N = 130, M = 200.
  int64_t shapes[3][4] = {{3, 16, 130, 64}, {3, 4, 200, 64}, {3, 16, 130, 200}};
  ASSERT_EQ(m.kernels.size(), 2u);
  const KernelSpec &k = m.kernels[0];
  EXPECT_EQ(gridDim(k.grid[0], shapes), 3 * 2); // ceil(130 / 64) * 2
  EXPECT_EQ(gridDim(k.grid[1], shapes), 16);
  EXPECT_EQ(gridDim(k.grid[2], shapes), 3);
  EXPECT_EQ(gridDim(m.kernels[1].grid[0], shapes), 2 * 130); // ceil(200/128) * N
  EXPECT_EQ(gridDim(m.kernels[1].grid[1], shapes), 1);
  EXPECT_EQ(k.threads, 128);
  EXPECT_EQ(k.smem, 49152);
}

TEST(Manifest, RejectsMalformedUnitsInOneSentence) {
  struct Case {
    const char *text, *message;
  } cases[] = {
      {"//@ variant v\n", "no '//@ attnc-cuda 2' line"},
      {"//@ attnc-cuda 1\n", "format version 1 is not 2"},
      {"//@ attnc-cuda 2\n//@ tensor 1 input f32 1 4 x\n", "numbered in order"},
      {"//@ attnc-cuda 2\n//@ kernel e n grid t0.2/0 1 1 threads 32 smem 0\n",
       "three dims"},
      {"//@ attnc-cuda 2\n//@ kernel e n grid t5.2 1 1 threads 32 smem 0\n",
       "tensor that does not exist"},
      {"//@ attnc-cuda 2\n//@ kernel e n grid 1 1 threads 32 smem 0\n",
       "three dims"},
      {"//@ attnc-cuda 2\n//@ kernel e n threads 32 smem 0\n", "needs an entry, a grid"},
      {"//@ attnc-cuda 2\n//@ check t0.0 1\n", "two dims and an error code"},
      {"//@ attnc-cuda 2\n//@ bogus\n", "unknown entry 'bogus'"},
  };
  for (const Case &c : cases) {
    Manifest m;
    std::string error;
    EXPECT_FALSE(parseManifest(c.text, m, error)) << c.text;
    EXPECT_NE(error.find(c.message), std::string::npos)
        << c.text << " gave: " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

} // namespace
