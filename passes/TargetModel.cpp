//===- TargetModel.cpp - what a target offers a kernel --------------------===//
//
// The numbers are the hardware's (CUDA C programming guide, compute
// capabilities 8.0 and 9.0; AMD CDNA2/CDNA3 ISA guides): sm_80 gives a block
// up to 163 KiB of shared memory, sm_90a 227 KiB; a CDNA CU has 64 KiB of
// LDS and 64-lane wavefronts.
//
//===----------------------------------------------------------------------===//

#include "passes/TargetModel.h"

using namespace attnc;
using plan::Mainloop;
using plan::Target;

namespace {

TargetModel cpu() {
  TargetModel m;
  m.target = Target::CPU;
  m.sharedBytesPerBlock = 256 * 1024; // the tile working set kept in L2
  m.quadraticLoop = Mainloop::CpuTiles;
  m.emitsCode = true;
  return m;
}

TargetModel nvidia(Target target, int64_t shared, bool tma) {
  TargetModel m;
  m.target = target;
  m.gpu = true;
  m.warpSize = 32;
  m.maxThreadsPerBlock = 1024;
  m.registersPerBlock = 64 * 1024;
  m.sharedBytesPerBlock = shared;
  m.mma = {16, 8, 16};
  m.asyncCopy = true;
  m.tma = tma;
  // sm_90a runs the sm_80 loop until it has a wgmma mainloop of its own.
  m.quadraticLoop = Mainloop::MmaSync;
  m.quadraticStages = 2;
  m.rowsPerWarp = 16;
  m.emitsCode = true;
  return m;
}

TargetModel cdna(Target target) {
  TargetModel m;
  m.target = target;
  m.gpu = true;
  m.warpSize = 64;
  m.maxThreadsPerBlock = 1024;
  m.registersPerBlock = 512 * 64;
  m.sharedBytesPerBlock = 64 * 1024;
  m.mma = {32, 32, 8};
  m.quadraticStages = 2;
  m.rowsPerWarp = 32;
  // No CDNA mainloop or emitter yet (emitsCode = false): the planner
  // refuses these targets with a sentence saying so.
  return m;
}

} // namespace

const TargetModel &attnc::targetModel(Target target) {
  static const TargetModel models[] = {
      cpu(),
      nvidia(Target::SM80, 163 * 1024, /*tma=*/false),
      nvidia(Target::SM90a, 227 * 1024, /*tma=*/true),
      cdna(Target::GFX90a),
      cdna(Target::GFX942),
  };
  return models[static_cast<unsigned>(target)];
}

std::optional<Target> attnc::parseTarget(llvm::StringRef name) {
  return plan::symbolizeTarget(name);
}
