//===- TileClassesTest.cpp - mask analysis against the oracle -------------===//
//
// For each mask, the allowed matrix is computed by the reference evaluator
// (weights 1 where allowed, times one-hot values: o[i, d] = allowed(i, d)),
// independently of the analysis. Every tile the analysis calls Skip must be
// entirely disallowed and every Full tile entirely allowed, for several
// lengths (N < M, N = M, N > M) and tile shapes; the closed forms of the
// built-in masks must also be exact.
//
//===----------------------------------------------------------------------===//

#include "passes/TileClasses.h"
#include "dialect/AttnOps.h"
#include "frontends/attn/Lowering.h"
#include "reference/Evaluator.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace attnc;

namespace {

struct Case {
  const char *mask;
  bool exact; // a single built-in: the classification must be exact
};

const Case kCases[] = {
    {"causal", true},
    {"window(5)", true},
    {"prefix(3)", true},
    {"!causal", true},
    {"causal & (prefix(2) | window(4))", false},
    {"i - j < 4", false},
    {"(i // 4) == (j // 4)", false},
    {"blocks(4, 4, qb == kb | kb == 0)", false},
    {"causal & (j % 3 == 0)", false},
    {"abs(i - j) <= 2 | max(i, j) < 3 | min(i, j) > 9", false},
    // Reads the run-time sizes (attn.dim of k and q).
    {"i + M - N - j < 3", false},
};

TEST(TileClasses, SoundAgainstTheOracleAndExactForBuiltins) {
  for (const Case &c : kCases) {
    std::string source =
        std::string("attention m(q: f32[1, 1, N, 1], k: f32[1, 1, M, 1], "
                    "v: f32[1, 1, M, M]) {\n"
                    "  w = mask(dot(q, k), ") +
        c.mask + ")\n  return (w * 0 + 1) @ v\n}\n";
    mlir::MLIRContext ctx;
    llvm::SourceMgr sm;
    sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, "m"),
                          llvm::SMLoc());
    std::string errors;
    llvm::raw_string_ostream es(errors);
    lang::Diagnostics diags(sm, es);
    mlir::OwningOpRef<mlir::ModuleOp> module =
        lang::compileAttnSource(diags, ctx);
    ASSERT_TRUE(module) << c.mask << ": " << errors;
    auto variant = *module->getOps<attn::VariantOp>().begin();
    mlir::Value mask;
    variant.walk([&](attn::ApplyMaskOp op) { mask = op.getMask(); });
    ASSERT_TRUE(mask);

    for (auto [N, M] :
         {std::pair<int64_t, int64_t>{13, 13}, {7, 19}, {19, 7}}) {
      reference::Tensor q(llvm::ArrayRef<int64_t>{1, 1, N, 1}, 1.0);
      reference::Tensor k(llvm::ArrayRef<int64_t>{1, 1, M, 1}, 1.0);
      reference::Tensor v(llvm::ArrayRef<int64_t>{1, 1, M, M}, 0.0);
      for (int64_t j = 0; j < M; ++j)
        v.at({0, 0, j, j}) = 1.0;
      llvm::Expected<std::vector<reference::Tensor>> out =
          reference::evaluate(variant, {q, k, v});
      ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
      const reference::Tensor &allowed = out->front();

      for (auto [BQ, BK] :
           {std::pair<int64_t, int64_t>{4, 4}, {3, 5}, {8, 16}, {1, 1}})
        for (int64_t i0 = 0; i0 < N; i0 += BQ)
          for (int64_t j0 = 0; j0 < M; j0 += BK) {
            Tile t{i0, std::min(i0 + BQ, N) - 1, j0, std::min(j0 + BK, M) - 1};
            int64_t count = 0, total = 0;
            for (int64_t i = t.i0; i <= t.i1; ++i)
              for (int64_t j = t.j0; j <= t.j1; ++j) {
                count += allowed.at({0, 0, i, j}) != 0;
                ++total;
              }
            // q's and k's dimension 2 are N and M.
            auto sizeOf = [&](attn::DimOp dim) -> std::optional<int64_t> {
              auto arg = llvm::dyn_cast<mlir::BlockArgument>(dim.getSource());
              if (!arg || dim.getIndexAttr().getInt() != 2)
                return std::nullopt;
              return arg.getArgNumber() == 0 ? N : M;
            };
            TileClass got = classifyTile(mask, t, N, M, sizeOf);
            std::string where =
                std::string(c.mask) + " N=" + std::to_string(N) +
                " M=" + std::to_string(M) + " tile (" + std::to_string(i0) +
                ", " + std::to_string(j0) + ") " + std::to_string(BQ) + "x" +
                std::to_string(BK);
            if (got == TileClass::Skip) {
              EXPECT_EQ(count, 0) << where;
            }
            if (got == TileClass::Full) {
              EXPECT_EQ(count, total) << where;
            }
            if (c.exact) {
              TileClass want = count == 0       ? TileClass::Skip
                               : count == total ? TileClass::Full
                                                : TileClass::Partial;
              EXPECT_EQ(static_cast<int>(got), static_cast<int>(want)) << where;
            }
            // Single elements are always decided for masks without
            // run-time data.
            if (BQ == 1 && BK == 1) {
              EXPECT_NE(static_cast<int>(got),
                        static_cast<int>(TileClass::Partial))
                  << where;
            }
          }
    }
  }
}

} // namespace
