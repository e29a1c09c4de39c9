//===- attnc_args.h - the launch arguments of emitted kernels ---*- C++ -*-===//
//
// The one argument every kernel attnc emits takes, shared verbatim by the
// runtime (host C++) and the device library (CUDA, prepended to emitted
// source). Plain C layout, no includes, so both sides agree byte for byte.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_ARGS_H
#define ATTNC_ARGS_H

#define ATTNC_MAX_TENSORS 32
/// The most parts a split-KV kernel's key tiles split into.
#define ATTNC_MAX_SPLITS 64

/// Element types of tensors (the manifest's names in comments).
enum AttncDType {
  ATTNC_F32 = 0,  // f32
  ATTNC_F16 = 1,  // f16
  ATTNC_BF16 = 2, // bf16
  ATTNC_I32 = 3,  // i32
  ATTNC_I64 = 4,  // i64
  ATTNC_F64 = 5,  // f64
  ATTNC_I8 = 6    // i8
};

/// A tensor on the device: up to rank 4, strides in elements.
struct AttncTensor {
  void *data;
  long long shape[4];
  long long stride[4];
  int rank;
  int dtype;
};

/// Tensors are the variant's inputs in order, then its results and
/// intermediates (manifest indices). `error` is one int on the device: 0,
/// or the manifest's error code of the first failed check in a kernel.
struct AttncArgs {
  AttncTensor t[ATTNC_MAX_TENSORS];
  int *error;
  int count;
};

#endif // ATTNC_ARGS_H
