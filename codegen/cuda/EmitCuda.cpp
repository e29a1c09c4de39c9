//===- EmitCuda.cpp - the CUDA target of the GPU emitter ------------------===//

#include "codegen/cuda/EmitCuda.h"
#include "codegen/gpu/EmitGpu.h"
#include "passes/TargetModel.h"

using namespace attnc;

namespace {

class CudaTarget : public GpuTarget {
public:
  explicit CudaTarget(plan::Target target) : target_(target) {}
  llvm::StringRef backendName() const override { return "the CUDA backend"; }
  plan::Target planTarget() const override { return target_; }
  llvm::StringRef arch() const override {
    return plan::stringifyTarget(target_);
  }
  llvm::StringRef librarySource() const override { return cudaLibrarySource(); }
  llvm::StringRef quadraticLoop(plan::Mainloop mainloop) const override {
    // sm_80 and, until it has a wgmma loop of its own, sm_90a: lib/sm80.
    return mainloop == plan::Mainloop::MmaSync ? "attention" : "";
  }

private:
  plan::Target target_;
};

} // namespace

llvm::Expected<std::string> attnc::emitCuda(attn::VariantOp variant,
                                            llvm::StringRef target) {
  std::optional<plan::Target> parsed = parseTarget(target);
  if (!parsed ||
      (*parsed != plan::Target::SM80 && *parsed != plan::Target::SM90a))
    return llvm::createStringError("the CUDA backend emits for sm_80 or "
                                   "sm_90a, not '" +
                                   target.str() + "'");
  return emitGpu(variant, CudaTarget(*parsed));
}

llvm::StringRef attnc::cudaLibrarySource() {
  static const char text[] =
#include "codegen/cuda/CudaLibrary.inc"
      ;
  return llvm::StringRef(text, sizeof(text) - 1);
}
