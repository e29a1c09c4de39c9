//===- Inputs.h - sizes and inputs for running a variant --------*- C++ -*-===//
//
// What `attnc run` needs besides the evaluator: binding the run-time sizes of
// a variant's inputs from names (`N=100`), inferring what each input is from
// its uses (queries, a decay, document ids, a block map, ...), and drawing
// seeded random inputs from ranges that suit those roles.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_HARNESS_INPUTS_H
#define ATTNC_HARNESS_INPUTS_H

#include "dialect/AttnOps.h"
#include "reference/Tensor.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <random>

namespace attnc::reference {

/// What an input is used for; decides the range of its random values.
enum class Role {
  Activation,     // q, k, v, feature-mapped inputs: N(0, 1)
  LogDecay,       // attn.qk decay: log of U(0.85, 0.999)
  LogGate,        // cumsum input (FoX): log sigmoid(N(2, 1))
  Sink,           // softmax / lse sink logits: N(0, 1)
  QueryDocIds,    // attn.document q_doc: sorted segment ids
  KeyDocIds,      // attn.document k_doc: sorted segment ids
  PrefixLengths,  // attn.prefix lengths: U{0..M}
  BlockMap,       // attn.block_mask: Bernoulli(0.6)
  StencilWeights, // attn.stencil: identity kernel + N(0, 0.3)
  HeadMixWeights, // attn.head_mix: identity + N(0, 0.3)
  NormWeight,     // head_rmsnorm weight: 1 + N(0, 0.1)
  GateWeight,     // head_gate weight: N(0, 1/Dv)
  Parameter,      // read with attn.load: U(0, 1) floats, U{0..3} integers
};

const char *roleName(Role role);

struct InputSpec {
  std::string name;
  llvm::SmallVector<int64_t, 4> shape; // resolved sizes
  mlir::Type elementType;
  Role role = Role::Activation;
};

/// Resolves every input's shape: static sizes from the type, run-time sizes
/// from `sizes` by their `attn.dims` names, else defaults (B=2, heads 4 or 2,
/// N=13, M=21, other lengths 21, features 16; block-map block counts from
/// N, M and the block size). Fails with a sentence naming the input.
llvm::Expected<std::vector<InputSpec>>
resolveInputs(attn::VariantOp variant, const llvm::StringMap<int64_t> &sizes);

/// Draws every input at random (seeded) according to its role, rounded to
/// its storage type. Document ids for queries follow the keys' ids at the
/// queries' absolute positions.
std::vector<Tensor> randomInputs(attn::VariantOp variant,
                                 llvm::ArrayRef<InputSpec> specs,
                                 uint64_t seed);

/// Rounds values to what `type` can hold (bf16, f16, f32, integers, i1).
void roundToStorage(Tensor &tensor, mlir::Type type);

} // namespace attnc::reference

#endif // ATTNC_HARNESS_INPUTS_H
