//===- RegionCode.h - region bodies as C++ statements -----------*- C++ -*-===//
//
// What the C++-like emitters (the CPU and CUDA backends) share: the
// translation of a scalar region (attn.map, attn.predicate, ...) into
// statements, per entry and over integer intervals (for tile classes), and
// the naming and literal helpers around it. A backend supplies how region
// code reads the variant body's scalars and tensors, and the prefix of
// math functions (`std::` on the host, none in CUDA device code).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CODEGEN_REGIONCODE_H
#define ATTNC_CODEGEN_REGIONCODE_H

#include "dialect/AttnOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Error.h"

#include <string>

namespace attnc {

class RegionCode {
public:
  virtual ~RegionCode() = default;

  /// "file:line:col: " of an op ("" without a file location).
  static std::string location(mlir::Operation *op);
  /// location(op) as the contents of a C++ string literal.
  static std::string where(mlir::Operation *op);
  /// The C++ type of a scalar: bool, i64, double or float.
  static std::string cType(mlir::Type t);
  /// A C++ literal of `x` as `t` (float unless t is f64).
  static std::string floatLit(double x, mlir::Type t);
  /// Whether a tensor value holds integers.
  static bool isIntTensor(mlir::Value v) {
    return mlir::isa<mlir::IntegerType>(
        mlir::cast<mlir::RankedTensorType>(v.getType()).getElementType());
  }

  /// Statements computing the region's yielded value into `result` (a
  /// name), with the block arguments bound to `args`.
  llvm::Expected<std::string> scalarRegion(mlir::Region &region,
                                           llvm::ArrayRef<std::string> args,
                                           std::string &result);
  /// The same over integer intervals (`Iv` of the device libraries): the
  /// rules of passes/TileClasses, so tile classes match the analysis.
  llvm::Expected<std::string> intervalRegion(mlir::Region &region,
                                             llvm::ArrayRef<std::string> args,
                                             std::string &result);

protected:
  /// `math`: the prefix of math functions; `backend`: how errors name the
  /// backend ("the CPU backend"); `maskCtx`: the arguments mask functions
  /// take before `b` ("a, " when they read the launch argument).
  RegionCode(std::string math, std::string backend, std::string maskCtx)
      : math_(std::move(math)), backend_(std::move(backend)),
        maskCtx_(std::move(maskCtx)) {}

  /// Defines `cls<n>` / `ok<n>` (see staticMask) for `mask` and, first, the
  /// masks it combines, once per mask op: staticMask's rules, else the
  /// backend's dataMask; written out by defineMask.
  llvm::Error emitMask(mlir::Value mask);
  /// The bodies of `cls<n>` / `ok<n>` of a mask that reads run-time data
  /// (prefix lengths, document ids, block maps), or an error.
  virtual llvm::Error dataMask(mlir::Operation *op, const std::string &n,
                               std::string &cls, std::string &ok) = 0;
  /// Writes the functions `cls<n>` and `ok<n>` with these bodies.
  virtual void defineMask(const std::string &n, const std::string &cls,
                          const std::string &ok) = 0;

  /// The bodies of a mask's `int cls<n>(CTX b, hl, hh, il, ih, jl, jh, N,
  /// M)` (the class of a tile, inclusive bounds) and `bool ok<n>(CTX b, h,
  /// i, j, N, M)` (one entry) for the masks whose rules need no run-time
  /// data: causal, window, a constant prefix, predicate and block-predicate
  /// regions, and and/or/not of other masks (`cls<id>` / `ok<id>` called
  /// with `ctx` first). False, with nothing set, for masks that read
  /// tensors: the backend emits those.
  llvm::Expected<bool> staticMask(mlir::Operation *op, llvm::StringRef ctx,
                                  std::string &cls, std::string &ok);

  /// A short unique name suffix for a value.
  std::string id(mlir::Value v);
  /// An expression of a scalar the region captures from the variant body.
  virtual std::string capturedScalar(mlir::Value v) = 0;
  /// An expression reading tensor `source` (`load`'s, or the input of the
  /// cumsum it reads) at `index`, with `load`'s location in errors.
  virtual std::string loadExpr(attn::LoadOp load, mlir::Value source,
                               llvm::ArrayRef<std::string> index) = 0;
  /// An error at `op`'s location naming the op and what the backend
  /// cannot do with it.
  llvm::Error unsupported(mlir::Operation *op, const llvm::Twine &why);

private:
  llvm::Error regionMask(mlir::Region &region,
                         llvm::ArrayRef<std::string> scalarArgs,
                         llvm::ArrayRef<std::string> intervalArgs,
                         std::string &ok, std::string &cls);
  std::string scalarOf(mlir::Value v,
                       llvm::DenseMap<mlir::Value, std::string> &local);

  std::string math_, backend_, maskCtx_;
  llvm::DenseMap<mlir::Value, std::string> ids_;
  llvm::DenseSet<mlir::Operation *> masksDone_;
  unsigned next_ = 0;
};

} // namespace attnc

#endif // ATTNC_CODEGEN_REGIONCODE_H
