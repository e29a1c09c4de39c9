//===- Npy.h - read and write NumPy .npy files ------------------*- C++ -*-===//
//
// The subset attnc needs: little-endian, C-order arrays of f2/f4/f8, signed
// and unsigned integers and booleans (read), f8 (write), .npy format 1.0-3.0.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_HARNESS_NPY_H
#define ATTNC_HARNESS_NPY_H

#include "reference/Tensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace attnc::reference {

/// Reads `path`, a regular file (readFileChecked: not a device, a FIFO or a
/// directory); errors say what is wrong with the file in one sentence.
/// `kind`, if given, receives NumPy's dtype kind: 'f' float, 'i' signed,
/// 'u' unsigned, 'b' boolean.
llvm::Expected<Tensor> readNpy(llvm::StringRef path, char *kind = nullptr);

/// Reads a .npy file's bytes (`path` names it in errors). The shape is
/// checked against the limits (harness/Limits.h) and the memory budget
/// before anything is allocated.
llvm::Expected<Tensor> readNpyBuffer(llvm::StringRef data, llvm::StringRef path,
                                     char *kind = nullptr);

/// Writes `tensor` as little-endian float64 (`kind` 'f'), int64 ('i') or
/// bool ('b').
llvm::Error writeNpy(llvm::StringRef path, const Tensor &tensor,
                     char kind = 'f');

} // namespace attnc::reference

#endif // ATTNC_HARNESS_NPY_H
