//===- Manifest.h - what an emitted CUDA unit needs to run ------*- C++ -*-===//
//
// The CUDA emitter writes, as `//@ ` comment lines at the top of every
// unit, what the runtime needs to check arguments and launch kernels:
//
//   //@ attnc-cuda 2                      format version
//   //@ variant NAME
//   //@ tensor I input DTYPE RANK DIM... NAME   DIM: a size, ?, or =SYMBOL
//   //@ tensor I result DTYPE RANK DIM...       DIM: a size or tJ.D (tensor
//                                               J's dim D)
//   //@ kernel ENTRY NAME grid X Y Z threads T smem BYTES
//   //@ check tA.D tB.E CODE                   dims that must be equal
//   //@ divides tA.D tB.E CODE                 tA.D must divide tB.E
//   //@ atmost tA.D tB.E CODE                  tA.D <= tB.E
//   //@ return I                                one per variant result
//   //@ error CODE MESSAGE                      device and check messages
//
// Kernels launch in order. Each grid dim X, Y, Z is a product of factors
// separated by '*', a factor being a size, tJ.D, or either over /K (rounded
// up): `t0.2/64*2` is ceil(N / 64) * 2 for q = tensor 0. Tensors are
// numbered as the kernels' AttncArgs.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_CUDA_MANIFEST_H
#define ATTNC_RUNTIME_CUDA_MANIFEST_H

#include <cstdint>
#include <string>
#include <vector>

namespace attnc::runtime {

enum class DType { F32, F16, BF16, I32, I64, F64, I8 };

/// The manifest's name of a dtype ("bf16", ...), and back (false if none).
const char *dtypeName(DType t);
bool parseDType(const std::string &name, DType &t);
/// Bytes per element.
int dtypeBytes(DType t);

/// A dim of a tensor's shape.
struct DimSpec {
  enum Kind { Static, Any, Symbol, CopyOf } kind = Any;
  int64_t size = 0;      // Static
  std::string symbol;    // Symbol
  int tensor = 0, dim = 0; // CopyOf
};

struct TensorSpec {
  bool input = true;
  DType dtype = DType::F32;
  std::vector<DimSpec> dims;
  std::string name; // inputs
};

/// One factor of a grid dim: `size`, or tensor `tensor`'s dim `dim` (when
/// tensor >= 0), divided by `div` rounding up.
struct GridFactor {
  int tensor = -1, dim = 0;
  int64_t size = 1, div = 1;
};

struct KernelSpec {
  std::string entry, name;
  std::vector<GridFactor> grid[3];
  int threads = 128, smem = 0;
};

struct CheckSpec {
  int a = 0, da = 0, b = 0, db = 0, code = 0;
  enum Kind { Equal, Divides, AtMost } kind = Equal;
};

struct Manifest {
  std::string variant;
  std::vector<TensorSpec> tensors;
  std::vector<KernelSpec> kernels;
  std::vector<CheckSpec> checks;
  std::vector<int> results;
  std::vector<std::string> errors; // errors[code - 1]

  int numInputs() const;
  /// The message of a device error code.
  std::string errorMessage(int code) const;
};

/// The size of one grid dim for tensors of the given shapes.
int64_t gridDim(const std::vector<GridFactor> &dim, const int64_t (*shapes)[4]);

/// Reads the manifest at the top of `source`; false with `error` set if it
/// is missing or malformed.
bool parseManifest(const std::string &source, Manifest &manifest,
                   std::string &error);

} // namespace attnc::runtime

#endif // ATTNC_RUNTIME_CUDA_MANIFEST_H
