//===- attnc_target.cuh - CUDA intrinsics for attnc_gpu.cuh -----*- C++ -*-===//
//
// The target interface the neutral device library (codegen/gpu/lib) is
// written against, for NVIDIA GPUs: 32-thread warps, shuffles, and the
// bf16/fp16 conversions as inline PTX (any sm_80 or newer).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_TARGET_CUH
#define ATTNC_TARGET_CUH

#define ATTNC_WARP_SIZE 32

namespace attnc {

__device__ __forceinline__ int attncLane() { return int(threadIdx.x & 31); }
__device__ __forceinline__ int attncWarp() { return int(threadIdx.x >> 5); }
__device__ __forceinline__ float attncShflXor(float x, int mask) {
  return __shfl_xor_sync(0xffffffffu, x, mask);
}
__device__ __forceinline__ void attncSyncWarp() { __syncwarp(); }

__device__ __forceinline__ float bf16ToFloat(u16 x) {
  return __int_as_float(int(u32(x) << 16));
}
__device__ __forceinline__ float f16ToFloat(u16 x) {
  float f;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(x));
  return f;
}
__device__ __forceinline__ u16 floatToBf16(float x) {
  u16 r;
  asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(r) : "f"(x));
  return r;
}
__device__ __forceinline__ u16 floatToF16(float x) {
  u16 r;
  asm("cvt.rn.f16.f32 %0, %1;" : "=h"(r) : "f"(x));
  return r;
}

/// bf16 inputs.
struct Bf16 {
  __device__ static __forceinline__ u32 pack(float lo, float hi) {
    u32 r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
  }
  /// The two halves of a pack, back in f32.
  __device__ static __forceinline__ float lo(u32 x) {
    return __int_as_float(int(x << 16));
  }
  __device__ static __forceinline__ float hi(u32 x) {
    return __int_as_float(int(x & 0xffff0000u));
  }
};
/// fp16 inputs.
struct F16 {
  __device__ static __forceinline__ u32 pack(float lo, float hi) {
    u32 r;
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
  }
  __device__ static __forceinline__ float lo(u32 x) {
    return f16ToFloat(u16(x & 0xffffu));
  }
  __device__ static __forceinline__ float hi(u32 x) {
    return f16ToFloat(u16(x >> 16));
  }
};

} // namespace attnc

#endif // ATTNC_TARGET_CUH
