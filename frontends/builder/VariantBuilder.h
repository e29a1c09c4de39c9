//===- VariantBuilder.h - C++ API that builds attn IR -----------*- C++ -*-===//
//
// Builds one `attn.variant` op by op, for applications that generate
// variants and for the .attn frontend (which lowers through this API). Every
// method creates the op at the builder's current location (`setLoc`) and
// returns its result; the IR is verified by `finish`.
//
//   mlir::MLIRContext ctx;
//   attnc::VariantBuilder vb(ctx, "alibi");
//   mlir::Value q = vb.input("q", vb.bf16(), {kDyn, 8, kDyn, 64});
//   ...
//   mlir::Value s = vb.qk(q, k);                       // scale 1/sqrt(64)
//   s = vb.map({s}, attn::ScoreKind::Logits,
//              [&](attnc::ElementwiseBuilder &e, mlir::ValueRange x) {
//                mlir::Value dist = e.sub(e.i(), e.j());
//                return e.sub(x[0], e.mul(e.load(slope, {e.h()}), dist));
//              });
//   s = vb.applyMask(s, vb.causal(), attn::MaskFill::NegInf);
//   mlir::Value o = vb.pv(vb.softmax(s), v);
//   mlir::OwningOpRef<mlir::ModuleOp> module = vb.finish({o});
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_FRONTENDS_BUILDER_VARIANTBUILDER_H
#define ATTNC_FRONTENDS_BUILDER_VARIANTBUILDER_H

#include "dialect/AttnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace attnc {

/// A dynamic (run-time) dimension size in `VariantBuilder::input` shapes.
inline constexpr int64_t kDyn = mlir::ShapedType::kDynamic;

/// Builds the body of an elementwise region (`attn.map`, `attn.output_map`,
/// `attn.feature_map`, `attn.predicate`, `attn.block_predicate`).
///
/// Scalars have three kinds: integers (`index`), floats (`f32`) and booleans
/// (`i1`). Arithmetic on two integers stays integer (division truncates);
/// arithmetic involving a float converts the integer operand to f32.
/// `load` converts what it reads to these kinds.
class ElementwiseBuilder {
public:
  ElementwiseBuilder(mlir::OpBuilder &builder, mlir::Location loc,
                     mlir::Block &block)
      : b_(builder), loc_(loc), block_(block) {}

  /// The region's index arguments: (b, h, i, j), (b, h, i, d), (b, h, t, d)
  /// or (b, h, qb, kb) depending on the op.
  mlir::Value index(unsigned n) { return block_.getArgument(n); }
  mlir::Value b() { return index(0); }
  mlir::Value h() { return index(1); }
  mlir::Value i() { return index(2); }
  mlir::Value j() { return index(3); }

  mlir::OpBuilder &builder() { return b_; }
  mlir::Location loc() const { return loc_; }
  void setLoc(mlir::Location loc) { loc_ = loc; }

  static bool isInt(mlir::Value v) { return v.getType().isIndex(); }
  static bool isFloat(mlir::Value v) { return v.getType().isF32(); }
  static bool isBool(mlir::Value v) { return v.getType().isInteger(1); }

  mlir::Value f32(double value);
  mlir::Value integer(int64_t value);
  mlir::Value boolean(bool value);
  /// Converts an integer to f32; floats pass through.
  mlir::Value toFloat(mlir::Value v);
  /// Converts a float to an integer, truncating toward zero.
  mlir::Value toInt(mlir::Value v);
  /// Reads `tensor[indices]` (indices are integers) as a scalar kind.
  mlir::Value load(mlir::Value tensor, mlir::ValueRange indices);

  mlir::Value add(mlir::Value a, mlir::Value c);
  mlir::Value sub(mlir::Value a, mlir::Value c);
  mlir::Value mul(mlir::Value a, mlir::Value c);
  /// Integer division truncates; use `toFloat` first for real division.
  mlir::Value div(mlir::Value a, mlir::Value c);
  /// Integer remainder (sign of the dividend) or float remainder.
  mlir::Value rem(mlir::Value a, mlir::Value c);
  /// Floor division: integer for integers, floor(a / c) for floats.
  mlir::Value floorDiv(mlir::Value a, mlir::Value c);
  /// Modulo with the sign of the divisor: a - c * floorDiv(a, c); an integer
  /// a % 0 is 0.
  mlir::Value mod(mlir::Value a, mlir::Value c);
  mlir::Value neg(mlir::Value a);
  mlir::Value min(mlir::Value a, mlir::Value c);
  mlir::Value max(mlir::Value a, mlir::Value c);

  enum class Cmp { LT, LE, GT, GE, EQ, NE };
  mlir::Value cmp(Cmp pred, mlir::Value a, mlir::Value c);
  mlir::Value logicalAnd(mlir::Value a, mlir::Value c);
  mlir::Value logicalOr(mlir::Value a, mlir::Value c);
  mlir::Value logicalNot(mlir::Value a);
  /// `cond ? a : c`, with a and c promoted to a common kind.
  mlir::Value select(mlir::Value cond, mlir::Value a, mlir::Value c);

  // Float functions (integer arguments are converted to f32).
  mlir::Value exp(mlir::Value x);
  mlir::Value log(mlir::Value x);
  mlir::Value sqrt(mlir::Value x);
  mlir::Value tanh(mlir::Value x);
  mlir::Value abs(mlir::Value x);
  mlir::Value sigmoid(mlir::Value x);
  mlir::Value relu(mlir::Value x);
  mlir::Value elu(mlir::Value x);
  mlir::Value softplus(mlir::Value x);
  mlir::Value floor(mlir::Value x);
  mlir::Value pow(mlir::Value x, mlir::Value y);

private:
  /// Promotes two numeric scalars to a common kind (int or f32).
  std::pair<mlir::Value, mlir::Value> promote(mlir::Value a, mlir::Value c);

  mlir::OpBuilder &b_;
  mlir::Location loc_;
  mlir::Block &block_;
};

/// Computes a region's yielded value from its builder and its value
/// arguments (one f32 per input of the op; none for predicates).
using ElementwiseFn =
    llvm::function_ref<mlir::Value(ElementwiseBuilder &, mlir::ValueRange)>;

class VariantBuilder {
public:
  /// Starts a variant named `name` in a fresh module; loads the dialects
  /// attn IR uses into `ctx`.
  VariantBuilder(mlir::MLIRContext &ctx, llvm::StringRef name,
                 mlir::Location loc);
  VariantBuilder(mlir::MLIRContext &ctx, llvm::StringRef name);

  mlir::MLIRContext *getContext() { return builder_.getContext(); }
  void setLoc(mlir::Location loc) { loc_ = loc; }
  mlir::Location loc() const { return loc_; }

  mlir::Type bf16() { return builder_.getBF16Type(); }
  mlir::Type f16() { return builder_.getF16Type(); }
  mlir::Type f32() { return builder_.getF32Type(); }
  mlir::Type i32() { return builder_.getI32Type(); }

  /// Declares the next input: a tensor of `shape` (kDyn for run-time sizes).
  /// `dimNames` optionally names the run-time sizes (one entry per dimension,
  /// "" for static ones), so that tools can bind sizes by name (`N=100`).
  mlir::Value input(llvm::StringRef name, mlir::Type elementType,
                    llvm::ArrayRef<int64_t> shape,
                    llvm::ArrayRef<std::string> dimNames = {});

  // Index and tensor-level ops.
  mlir::Value dim(mlir::Value tensor, int64_t index);
  mlir::Value featureMap(mlir::Value x, ElementwiseFn fn,
                         mlir::Type resultElementType = {});
  mlir::Value featureSlice(mlir::Value x, int64_t offset, int64_t size);
  mlir::Value cumsum(mlir::Value g);

  // Scores.
  mlir::Value qk(mlir::Value q, mlir::Value k,
                 std::optional<double> scale = std::nullopt,
                 mlir::Value decay = {});
  mlir::Value map(mlir::ValueRange scores, attn::ScoreKind resultKind,
                  ElementwiseFn fn);
  mlir::Value stencil(mlir::Value scores, mlir::Value weights,
                      llvm::ArrayRef<int64_t> pad, double padValue = 0.0);
  mlir::Value headMix(mlir::Value scores, mlir::Value weights);

  // Masks.
  mlir::Value causal();
  mlir::Value window(int64_t size);
  mlir::Value document(mlir::Value qDoc, mlir::Value kDoc);
  mlir::Value prefix(int64_t length);
  mlir::Value prefix(mlir::Value lengths);
  mlir::Value predicate(ElementwiseFn fn);
  mlir::Value blockPredicate(int64_t blockQ, int64_t blockK, ElementwiseFn fn);
  mlir::Value blockMask(mlir::Value blockMap, int64_t blockQ, int64_t blockK);
  mlir::Value maskAnd(mlir::ValueRange masks);
  mlir::Value maskOr(mlir::ValueRange masks);
  mlir::Value maskNot(mlir::Value mask);
  mlir::Value applyMask(mlir::Value scores, mlir::Value mask,
                        attn::MaskFill fill);

  // Normalisers.
  mlir::Value softmax(mlir::Value scores, mlir::Value sink = {});
  mlir::Value softpick(mlir::Value scores, double eps = 1e-6);
  mlir::Value rowNormalize(mlir::Value probs, attn::RowNormKind kind,
                           double eps = 0.0,
                           std::optional<double> floor = std::nullopt);
  mlir::Value lse(mlir::Value scores, mlir::Value sink = {});

  // Outputs. A null element type means: the input's (v's, the first input's).
  mlir::Value pv(mlir::Value probs, mlir::Value v,
                 mlir::Type resultElementType = {});
  mlir::Value outputMap(mlir::ValueRange outputs, ElementwiseFn fn,
                        mlir::Type resultElementType = {});
  /// Returns the merged output and LSE.
  std::pair<mlir::Value, mlir::Value> merge(mlir::ValueRange outputs,
                                            mlir::ValueRange lses);
  mlir::Value headRMSNorm(mlir::Value output, mlir::Value weight = {},
                          double eps = 1e-5);
  mlir::Value headGate(mlir::Value output, mlir::Value weight,
                       mlir::Value bias);

  /// Ends the variant with `outputs` and verifies it. Returns the module
  /// holding it, or null after reporting verifier diagnostics (through the
  /// context's diagnostic handlers).
  mlir::OwningOpRef<mlir::ModuleOp> finish(mlir::ValueRange outputs);

  /// Ends the variant without verifying or giving up the module; for
  /// frontends that build several variants into one module.
  attn::VariantOp finishUnverified(mlir::ValueRange outputs);
  mlir::ModuleOp getModule() { return module_.get(); }
  mlir::OwningOpRef<mlir::ModuleOp> takeModule() { return std::move(module_); }

  /// Starts another variant in the same module.
  void startVariant(llvm::StringRef name);

private:
  /// The score type with `kind` and the heads of `like` (scores or q).
  attn::ScoresType scoresLike(mlir::Value like, attn::ScoreKind kind);
  /// Creates a region of 4 index args + `numValues` f32 args on `op` and
  /// fills it with `fn`'s yield.
  void buildRegion(mlir::Region &region, unsigned numValues, ElementwiseFn fn);

  mlir::OpBuilder builder_;
  mlir::Location loc_;
  mlir::OwningOpRef<mlir::ModuleOp> module_;
  attn::VariantOp variant_;
  llvm::SmallVector<mlir::Attribute> argAttrs_;
};

} // namespace attnc

#endif // ATTNC_FRONTENDS_BUILDER_VARIANTBUILDER_H
