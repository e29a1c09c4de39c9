//===- ManifestTest.cpp - the CUDA unit manifest the runtime reads --------===//

#include "runtime/cuda/Manifest.h"

#include <gtest/gtest.h>

using namespace attnc::runtime;

namespace {

const char *kUnit = "//@ attnc-cuda 3\n"
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
  EXPECT_EQ(m.tensors[2].dims[3].kind, DimSpec::Computed);
  ASSERT_EQ(m.checks.size(), 3u);
  EXPECT_EQ(m.checks[0].kind, CheckSpec::Equal);
  EXPECT_EQ(m.checks[1].kind, CheckSpec::Divides);
  EXPECT_EQ(m.checks[2].kind, CheckSpec::AtMost);
  EXPECT_EQ(m.errorMessage(3), "f.attn:1:2: N <= M");
  EXPECT_NE(m.errorMessage(9).find("unknown error code 9"), std::string::npos);

  // B = 3, H = 16, N = 130, M = 200.
  Shapes shapes = {{3, 16, 130, 64}, {3, 4, 200, 64}, {3, 16, 130, 200}};
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
      {"//@ variant v\n", "no '//@ attnc-cuda 3' line"},
      {"//@ attnc-cuda 2\n", "format version 2 is not 3"},
      {"//@ attnc-cuda 3\n//@ tensor 1 input f32 1 4 x\n", "numbered in order"},
      {"//@ attnc-cuda 3\n//@ kernel e n grid t0.2/0 1 1 threads 32 smem 0\n",
       "three dims"},
      {"//@ attnc-cuda 3\n//@ kernel e n grid t5.2 1 1 threads 32 smem 0\n",
       "tensor that does not exist"},
      {"//@ attnc-cuda 3\n//@ kernel e n grid 1 1 threads 32 smem 0\n",
       "three dims"},
      {"//@ attnc-cuda 3\n//@ kernel e n threads 32 smem 0\n", "needs an entry, a grid"},
      {"//@ attnc-cuda 3\n//@ check t0.0 1\n", "two dims and an error code"},
      {"//@ attnc-cuda 3\n//@ bogus\n", "unknown entry 'bogus'"},
      {"//@ attnc-cuda 3\n//@ split 1 tiles 4\n", "numbered in order"},
      {"//@ attnc-cuda 3\n//@ split 0 tiles 4\n", "one kernel marked"},
      {"//@ attnc-cuda 3\n//@ split 0 tiles 4\n"
       "//@ kernel e n grid s0 1 1 threads 32 smem 0 split 0\n"
       "//@ kernel f n grid s0 1 1 threads 32 smem 0 split 0\n",
       "two kernels size split s0"},
      {"//@ attnc-cuda 3\n//@ kernel e n grid s1 1 1 threads 32 smem 0\n",
       "names a split that does not exist"},
      {"//@ attnc-cuda 3\n//@ kernel e n grid 1 1 1 threads 32 smem 0 if 0\n",
       "'if' needs a split as sS"},
      {"//@ attnc-cuda 3\n//@ tensor 0 result f32 1 s0\n",
       "only scratch tensors"},
      {"//@ attnc-cuda 3\n//@ tensor 0 scratch f32 1 4\n",
       "names its split as sS"},
      {"//@ attnc-cuda 3\n//@ tensor 0 scratch s2 f32 1 4\n",
       "split that does not exist"},
      {"//@ attnc-cuda 3\n//@ tensor 0 result f32 1 t0.1\n",
       "not defined before it"},
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

TEST(Manifest, ParsesSplitsScratchAndConditionalKernels) {
  const char *unit =
      "//@ attnc-cuda 3\n"
      "//@ split 0 tiles t1.2/64\n"
      "//@ tensor 0 input bf16 4 =B 8 =N 64 q\n"
      "//@ tensor 1 input bf16 4 =B 8 =M 64 k\n"
      "//@ tensor 2 result bf16 4 t0.0 t0.1 t0.2 64\n"
      "//@ tensor 3 scratch s0 f32 3 s0 t0.0*t0.1*t0.2 64\n"
      "//@ kernel a k grid t0.2/64*s0 t0.1 t0.0 threads 128 smem 0 split 0\n"
      "//@ kernel b k.combine grid t0.2/8 t0.1 t0.0 threads 256 smem 0 if s0\n"
      "//@ return 2\n";
  Manifest m;
  std::string error;
  ASSERT_TRUE(parseManifest(unit, m, error)) << error;
  ASSERT_EQ(m.splits.size(), 1u);
  EXPECT_EQ(m.splits[0].kernel, 0);
  EXPECT_EQ(m.kernels[0].splits, 0);
  EXPECT_EQ(m.kernels[0].onlyIf, -1);
  EXPECT_EQ(m.kernels[1].onlyIf, 0);
  EXPECT_EQ(m.tensors[3].scratchOf, 0);
  EXPECT_EQ(m.tensors[2].scratchOf, -1);
  // B = 2, H = 8, N = 3, M = 1000; five parts.
  Shapes shapes = {{2, 8, 3, 64}, {2, 8, 1000, 64}, {2, 8, 3, 64}, {1, 1, 1, 1}};
  int64_t splits[] = {5};
  EXPECT_EQ(gridDim(m.splits[0].tiles, shapes), 16);
  EXPECT_EQ(gridDim(m.kernels[0].grid[0], shapes), 1);
  EXPECT_EQ(gridDim(m.kernels[0].grid[0], shapes, splits), 5);
  EXPECT_EQ(gridDim(m.tensors[3].dims[0].expr, shapes, splits), 5);
  EXPECT_EQ(gridDim(m.tensors[3].dims[1].expr, shapes, splits), 2 * 8 * 3);
}

TEST(Manifest, SplitsOnlyGridsThatLeaveTheGpuIdle) {
  // 132 SMs x 1 resident block.
  EXPECT_EQ(chooseSplits(132, 100, 132), 1); // full wave
  EXPECT_EQ(chooseSplits(110, 100, 132), 1); // over 80% full
  EXPECT_EQ(chooseSplits(16, 1, 132), 1);    // one key tile
  EXPECT_EQ(chooseSplits(16, 3, 132), 1);    // parts need two tiles
  EXPECT_EQ(chooseSplits(0, 100, 132), 1);
  // 16 blocks, 16 tiles: at most 8 parts (128 of 132 slots, the best);
  // 7 parts fill 112, within 85% of it.
  EXPECT_EQ(chooseSplits(16, 16, 132), 7);
  // 64 blocks: two parts fill 128 of 132 slots; more parts spill a wave.
  EXPECT_EQ(chooseSplits(64, 1000, 132), 2);
  // One block: the cap of 64 parts; the fewest within 85% of 64 is 55.
  EXPECT_EQ(chooseSplits(1, 1000, 132), 55);
  for (int64_t blocks = 1; blocks < 140; ++blocks)
    for (int64_t tiles : {1, 2, 7, 64, 500}) {
      int64_t s = chooseSplits(blocks, tiles, 132);
      EXPECT_GE(s, 1);
      EXPECT_LE(s, std::max<int64_t>(1, tiles / 2));
      EXPECT_LE(s, 64);
    }
}

} // namespace
