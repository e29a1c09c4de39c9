//===- Tensor.h - dense float64 tensors for the reference -------*- C++ -*-===//

#ifndef ATTNC_REFERENCE_TENSOR_H
#define ATTNC_REFERENCE_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace attnc::reference {

/// The largest dimension `attnc run` accepts (from --shape, a .npy file or a
/// static size in the program): 2^31 - 1. docs/limits.md.
constexpr int64_t kMaxDim = (int64_t(1) << 31) - 1;
/// The most elements one tensor (or score matrix [B, H, N, M]) may hold:
/// 2^40. docs/limits.md.
constexpr uint64_t kMaxElements = uint64_t(1) << 40;

/// A dense, row-major tensor of doubles. Integer and boolean data (document
/// ids, block maps) are stored as exact doubles.
struct Tensor {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<double> data;

  Tensor() = default;
  explicit Tensor(llvm::ArrayRef<int64_t> shape, double fill = 0.0)
      : shape(shape.begin(), shape.end()), data(numElements(shape), fill) {}

  /// The product of `shape`; nullopt when a dimension is negative or the
  /// product overflows 64 bits.
  static std::optional<uint64_t>
  checkedNumElements(llvm::ArrayRef<int64_t> shape) {
    uint64_t n = 1;
    for (int64_t d : shape) {
      if (d < 0)
        return std::nullopt;
      std::optional<uint64_t> next =
          llvm::checkedMulUnsigned(n, static_cast<uint64_t>(d));
      if (!next)
        return std::nullopt;
      n = *next;
    }
    return n;
  }
  /// The product of `shape`, saturating at SIZE_MAX (so that an allocation
  /// of it fails rather than wrapping to a small size). Callers check the
  /// limits above (checkedNumElements) before they allocate.
  static size_t numElements(llvm::ArrayRef<int64_t> shape) {
    std::optional<uint64_t> n = checkedNumElements(shape);
    return n && *n <= SIZE_MAX ? static_cast<size_t>(*n) : SIZE_MAX;
  }
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  int64_t dim(int64_t d) const { return shape[d]; }
  size_t size() const { return data.size(); }

  /// Row-major offset of `index` (no bounds check).
  size_t offset(llvm::ArrayRef<int64_t> index) const {
    size_t off = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      off = off * static_cast<size_t>(shape[d]) + static_cast<size_t>(index[d]);
    return off;
  }
  double &at(llvm::ArrayRef<int64_t> index) { return data[offset(index)]; }
  double at(llvm::ArrayRef<int64_t> index) const { return data[offset(index)]; }
  bool inBounds(llvm::ArrayRef<int64_t> index) const {
    if (index.size() != shape.size())
      return false;
    for (size_t d = 0; d < shape.size(); ++d)
      if (index[d] < 0 || index[d] >= shape[d])
        return false;
    return true;
  }
  std::string shapeString() const;
};

} // namespace attnc::reference

#endif // ATTNC_REFERENCE_TENSOR_H
