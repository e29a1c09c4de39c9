//===- ManifestTest.cpp - the CUDA unit manifest the runtime reads --------===//

#include "abi/Manifest.h"
#include "abi/ManifestWriter.h"
#include "runtime/cuda/CudaModule.h"

#include <gtest/gtest.h>

using namespace attnc::abi;

namespace {

const char *kUnit =
    "//@ attnc-cuda 4\n//@ arch sm_80\n"
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
  EXPECT_EQ(gridDim(m.kernels[1].grid[0], shapes),
            2 * 130); // ceil(200/128) * N
  EXPECT_EQ(gridDim(m.kernels[1].grid[1], shapes), 1);
  EXPECT_EQ(k.threads, 128);
  EXPECT_EQ(k.smem, 49152);
}

TEST(Manifest, RejectsMalformedUnitsInOneSentence) {
  struct Case {
    const char *text, *message;
  } cases[] = {
      {"//@ variant v\n", "no '//@ attnc-cuda 4' line"},
      {"//@ attnc-cuda 3\n", "format version 3 is not 4"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ tensor 1 input f32 1 4 x\n",
       "numbered in order"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ kernel e n grid t0.2/0 1 1 "
       "threads 32 smem 0\n",
       "three dims"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ kernel e n grid t5.2 1 1 threads "
       "32 smem 0\n",
       "tensor that does not exist"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ kernel e n grid 1 1 threads 32 "
       "smem 0\n",
       "three dims"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ kernel e n threads 32 smem 0\n",
       "needs an entry, a grid"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ check t0.0 1\n",
       "two dims and an error code"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ bogus\n",
       "unknown entry 'bogus'"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ split 1 tiles 4\n",
       "numbered in order"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ split 0 tiles 4\n",
       "one kernel marked"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ split 0 tiles 4\n"
       "//@ kernel e n grid s0 1 1 threads 32 smem 0 split 0\n"
       "//@ kernel f n grid s0 1 1 threads 32 smem 0 split 0\n",
       "two kernels size split s0"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ kernel e n grid s1 1 1 threads "
       "32 smem 0\n",
       "names a split that does not exist"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ kernel e n grid 1 1 1 threads 32 "
       "smem 0 if 0\n",
       "'if' needs a split as sS"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ tensor 0 result f32 1 s0\n",
       "only scratch tensors"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ tensor 0 scratch f32 1 4\n",
       "names its split as sS"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ tensor 0 scratch s2 f32 1 4\n",
       "split that does not exist"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ tensor 0 result f32 1 t0.1\n",
       "not defined before it"},
      {"//@ attnc-cuda 4\n//@ variant v\n", "no '//@ arch' line"},
      {"//@ attnc-cuda 4\n//@ arch sm_8\n", "one architecture"},
      {"//@ attnc-cuda 4\n//@ arch compute_80\n", "one architecture"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ arch sm_90a\n",
       "one architecture"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ error 1 a\\x4\n",
       "malformed escape"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ error 1 a\\n\n",
       "malformed escape"},
      {"//@ attnc-cuda 4\n//@ arch sm_80\n//@ variant \\xzz\n",
       "malformed escape"},
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
      "//@ attnc-cuda 4\n//@ arch sm_80\n"
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
  Shapes shapes = {
      {2, 8, 3, 64}, {2, 8, 1000, 64}, {2, 8, 3, 64}, {1, 1, 1, 1}};
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

TEST(Manifest, NamesItsArchitecture) {
  CudaArch a;
  ASSERT_TRUE(parseCudaArch("sm_80", a));
  EXPECT_EQ(a.major, 8);
  EXPECT_EQ(a.minor, 0);
  EXPECT_FALSE(a.specific);
  ASSERT_TRUE(parseCudaArch("sm_90a", a));
  EXPECT_EQ(a.major, 9);
  EXPECT_EQ(a.minor, 0);
  EXPECT_TRUE(a.specific);
  ASSERT_TRUE(parseCudaArch("sm_100a", a));
  EXPECT_EQ(a.major, 10);
  EXPECT_TRUE(a.specific);
  for (const char *bad : {"", "sm_", "sm_8", "sm_08", "sm_80b", "compute_80",
                          "sm_9a", "SM_80", "sm_80 "})
    EXPECT_FALSE(parseCudaArch(bad, a)) << bad;

  Manifest m;
  std::string error;
  ASSERT_TRUE(parseManifest(kUnit, m, error)) << error;
  EXPECT_EQ(m.arch, "sm_80");
}

/// Whether a GPU of compute capability major.minor runs a unit for `arch`:
/// the cubin arch, or the refusal.
std::string cubinArch(const char *arch, int major, int minor) {
  std::string error;
  std::string cubin = attnc::runtime::cubinArchFor(arch, major, minor, error);
  EXPECT_EQ(cubin.empty(), !error.empty());
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  return cubin.empty() ? "refused: " + error : cubin;
}

TEST(Manifest, RefusesAGpuThatCannotRunTheUnit) {
  // sm_90a uses arch-specific features: exactly 9.0.
  EXPECT_EQ(cubinArch("sm_90a", 9, 0), "sm_90a");
  EXPECT_EQ(cubinArch("sm_90a", 8, 0),
            "refused: the unit is compiled for sm_90a, which runs only on "
            "GPUs of compute capability 9.0, and this GPU has 8.0 (emit it "
            "for sm_80)");
  EXPECT_NE(cubinArch("sm_90a", 10, 0).find("refused: "), std::string::npos);
  EXPECT_NE(cubinArch("sm_90a", 9, 1).find("refused: "), std::string::npos);
  // sm_80 runs on 8.0 and later: its own cubin within major 8, the GPU's
  // sm_XY on later majors (cubins do not load across majors).
  EXPECT_EQ(cubinArch("sm_80", 8, 0), "sm_80");
  EXPECT_EQ(cubinArch("sm_80", 8, 6), "sm_80");
  EXPECT_EQ(cubinArch("sm_80", 8, 9), "sm_80");
  EXPECT_EQ(cubinArch("sm_80", 9, 0), "sm_90");
  EXPECT_EQ(cubinArch("sm_80", 12, 0), "sm_120");
  EXPECT_EQ(cubinArch("sm_80", 7, 5),
            "refused: the unit is compiled for sm_80, which needs a GPU of "
            "compute capability 8.0 or newer, and this GPU has 7.5");
  EXPECT_EQ(cubinArch("sm_86", 8, 0).substr(0, 9), "refused: ");
  EXPECT_EQ(cubinArch("gfx942", 9, 0).substr(0, 9), "refused: ");
}

TEST(ManifestWriter, EscapesFreeFormText) {
  EXPECT_EQ(escapeManifestWord("q"), "q");
  EXPECT_EQ(escapeManifestWord(""), "-");
  EXPECT_EQ(escapeManifestWord("-"), "\\x2d");
  EXPECT_EQ(escapeManifestWord("a b\\c\n"), "a\\x20b\\x5cc\\x0a");
  EXPECT_EQ(escapeManifestMessage("f.attn:1:2: a b"), "f.attn:1:2: a b");
  EXPECT_EQ(escapeManifestMessage("x\n#error injected\r\t\x7f\\"),
            "x\\x0a#error injected\\x0d\\x09\\x7f\\x5c");
  // Every byte round-trips; no escaped text holds a control character,
  // a backslash at its end (which would splice the next line into the
  // comment) or, as a word, a space.
  std::string all;
  for (int c = 0; c < 256; ++c)
    all += char(c);
  for (const std::string &text :
       {all, std::string(), std::string("-"), std::string("\\"),
        std::string(" lead and trail "), std::string("\\x41")}) {
    std::string word = escapeManifestWord(text),
                message = escapeManifestMessage(text), back;
    for (const std::string &e : {word, message}) {
      for (char c : e)
        EXPECT_FALSE((unsigned char)c < 0x20 || c == 0x7f) << int(c);
      EXPECT_TRUE(e.empty() || e.back() != '\\');
    }
    EXPECT_EQ(word.find(' '), std::string::npos);
    EXPECT_FALSE(word.empty());
    ASSERT_TRUE(unescapeManifestWord(word, back));
    EXPECT_EQ(back, text);
    ASSERT_TRUE(unescapeManifestMessage(message, back));
    EXPECT_EQ(back, text);
  }
}

TEST(ManifestWriter, WritesTheLinesTheParserReads) {
  // The lines the CUDA emitter writes, byte for byte.
  ManifestWriter w;
  w.header("sm_90a");
  w.variant("v");
  w.split(0, "t1.2/64");
  w.input(0, "bf16",
          {{DimSpec::Symbol, 0, "B", {}},
           {DimSpec::Static, 16, "", {}},
           {DimSpec::Any, 0, "", {}},
           {DimSpec::Static, 64, "", {}}},
          "q");
  w.input(1, "bf16",
          {{DimSpec::Symbol, 0, "B", {}},
           {DimSpec::Static, 4, "", {}},
           {DimSpec::Symbol, 0, "M", {}},
           {DimSpec::Static, 64, "", {}}},
          "k");
  w.result(2, "f32", 4, "t0.0 t0.1 t0.2 64");
  w.scratch(3, 0, "f32", 3, "s0 t0.0*t0.1*t0.2 64");
  w.check(CheckSpec::Equal, "t1.0", "t0.0", 1);
  w.check(CheckSpec::Divides, "t1.1", "t0.1", 2);
  w.check(CheckSpec::AtMost, "t0.2", "t1.2", 3);
  w.kernel("attnc_k0", "v_k0", "t0.2/64*s0 t0.1 t0.0", 128, 49152, 0);
  w.kernel("attnc_k1", "v_k0.combine", "t0.2/8 t0.1 t0.0", 256, 0, -1, 0);
  w.ret(2);
  w.error(1, "f.attn:1:2: k's batch");
  w.error(2, "dir/x\n#error injected\n.attn:3:4: heads");
  w.error(3, "");
  EXPECT_EQ(w.problem(), "");
  EXPECT_EQ(w.text(),
            "//@ attnc-cuda 4\n"
            "//@ arch sm_90a\n"
            "//@ variant v\n"
            "//@ split 0 tiles t1.2/64\n"
            "//@ tensor 0 input bf16 4 =B 16 ? 64 q\n"
            "//@ tensor 1 input bf16 4 =B 4 =M 64 k\n"
            "//@ tensor 2 result f32 4 t0.0 t0.1 t0.2 64\n"
            "//@ tensor 3 scratch s0 f32 3 s0 t0.0*t0.1*t0.2 64\n"
            "//@ check t1.0 t0.0 1\n"
            "//@ divides t1.1 t0.1 2\n"
            "//@ atmost t0.2 t1.2 3\n"
            "//@ kernel attnc_k0 v_k0 grid t0.2/64*s0 t0.1 t0.0 threads 128 "
            "smem 49152 split 0\n"
            "//@ kernel attnc_k1 v_k0.combine grid t0.2/8 t0.1 t0.0 threads "
            "256 smem 0 if s0\n"
            "//@ return 2\n"
            "//@ error 1 f.attn:1:2: k's batch\n"
            "//@ error 2 dir/x\\x0a#error injected\\x0a.attn:3:4: heads\n"
            "//@ error 3 \n");
  Manifest m;
  std::string error;
  ASSERT_TRUE(parseManifest(w.text(), m, error)) << error;
  EXPECT_EQ(m.arch, "sm_90a");
  EXPECT_EQ(m.tensors[0].dims[0].symbol, "B");
  EXPECT_EQ(m.tensors[0].dims[2].kind, DimSpec::Any);
  EXPECT_EQ(m.kernels[1].onlyIf, 0);
  ASSERT_EQ(m.errors.size(), 3u);
  EXPECT_EQ(m.errors[1], "dir/x\n#error injected\n.attn:3:4: heads");
  EXPECT_EQ(m.errors[2], "");
}

TEST(ManifestWriter, NoStringInjectsALine) {
  // A hostile variant, tensor, symbol and kernel name and a message (a
  // file named "x\n#error injected\n.attn") stay on their lines and read
  // back as written.
  const std::string evil = "x\n#error injected\n.attn \\";
  Manifest m;
  m.arch = "sm_80";
  m.variant = evil;
  TensorSpec q;
  q.name = evil;
  q.dims = {{DimSpec::Symbol, 0, evil, {}}, {DimSpec::Static, 8, "", {}}};
  TensorSpec o;
  o.input = false;
  DimSpec od;
  od.kind = DimSpec::Computed;
  ASSERT_TRUE(parseSizeExpr("t0.0*t0.1/4", od.expr));
  o.dims = {od};
  m.tensors = {q, o};
  KernelSpec k;
  k.entry = "attnc_k0";
  k.name = evil;
  ASSERT_TRUE(parseSizeExpr("t0.0/64*2", k.grid[0]));
  ASSERT_TRUE(parseSizeExpr("1", k.grid[1]));
  ASSERT_TRUE(parseSizeExpr("t0.1", k.grid[2]));
  m.kernels = {k};
  m.results = {1};
  m.errors = {evil, "", " two  spaces ", "\r\v\f\x01"};
  std::string problem;
  std::string text = printManifest(m, problem);
  ASSERT_EQ(problem, "");
  // Every line is a manifest line; none is a directive.
  size_t lines = 0, at = 0;
  for (size_t nl; (nl = text.find('\n', at)) != std::string::npos;
       at = nl + 1, ++lines)
    EXPECT_EQ(text.compare(at, 4, "//@ "), 0) << text.substr(at, nl - at);
  EXPECT_EQ(lines, 2u + 1 + 2 + 1 + 1 + 4);
  EXPECT_EQ(text.find("\n#"), std::string::npos);

  Manifest back;
  std::string error;
  ASSERT_TRUE(parseManifest(text, back, error)) << error;
  EXPECT_EQ(back.arch, "sm_80");
  EXPECT_EQ(back.variant, evil);
  EXPECT_EQ(back.tensors[0].name, evil);
  EXPECT_EQ(back.tensors[0].dims[0].symbol, evil);
  EXPECT_EQ(back.kernels[0].name, evil);
  EXPECT_EQ(back.errors, m.errors);
  EXPECT_EQ(printManifest(back, problem), text);
}

TEST(ManifestWriter, ReportsMalformedArguments) {
  ManifestWriter w;
  w.header("sm_80");
  w.result(0, "f32", 2, "t0.0");
  EXPECT_NE(w.problem().find("is not 2 size expressions"), std::string::npos)
      << w.problem();
  ManifestWriter x;
  x.header("sm_80");
  x.kernel("e", "n", "t0.2/0 1 1", 32, 0);
  EXPECT_NE(x.problem().find("grid"), std::string::npos) << x.problem();
  ManifestWriter y;
  y.header("sm_80");
  y.check(CheckSpec::Equal, "t0.0", "0 1", 1);
  EXPECT_NE(y.problem().find("tJ.D"), std::string::npos) << y.problem();
  ManifestWriter z;
  z.header("sm_81x");
  EXPECT_NE(z.problem().find("not a CUDA architecture"), std::string::npos);
  ManifestWriter d;
  d.header("sm_80");
  d.result(0, "f8", 1, "4");
  EXPECT_NE(d.problem().find("not a manifest dtype"), std::string::npos);
}

} // namespace
