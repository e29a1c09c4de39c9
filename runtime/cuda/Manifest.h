//===- Manifest.h - what an emitted CUDA unit needs to run ------*- C++ -*-===//
//
// The CUDA emitter writes, as `//@ ` comment lines at the top of every
// unit, what the runtime needs to check arguments and launch kernels:
//
//   //@ attnc-cuda 1                      format version
//   //@ variant NAME
//   //@ tensor I input DTYPE RANK DIM... NAME   DIM: a size, ?, or =SYMBOL
//   //@ tensor I result DTYPE RANK DIM...       DIM: a size or tJ.D (tensor
//                                               J's dim D)
//   //@ kernel ENTRY NAME q I bq ROWS threads T smem BYTES
//   //@ check tA.D tB.E CODE                   dims that must be equal
//   //@ return I                                one per variant result
//   //@ error CODE MESSAGE                      device and check messages
//
// Kernels launch in order on a (ceil(N / ROWS), H, B) grid of tensor I's
// [B, H, N, ...] sizes. Tensors are numbered as the kernels' AttncArgs.
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

struct KernelSpec {
  std::string entry, name;
  int q = 0, rowsPerBlock = 64, threads = 128, smem = 0;
};

struct CheckSpec {
  int a = 0, da = 0, b = 0, db = 0, code = 0;
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

/// Reads the manifest at the top of `source`; false with `error` set if it
/// is missing or malformed.
bool parseManifest(const std::string &source, Manifest &manifest,
                   std::string &error);

} // namespace attnc::runtime

#endif // ATTNC_RUNTIME_CUDA_MANIFEST_H
