//===- Inputs.cpp - sizes and inputs for running a variant ----------------===//

#include "harness/Inputs.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;
using namespace attnc::reference;

const char *attnc::reference::roleName(Role role) {
  switch (role) {
  case Role::Activation:
    return "activation";
  case Role::LogDecay:
    return "log-decay";
  case Role::LogGate:
    return "log forget gate";
  case Role::Sink:
    return "sink logits";
  case Role::QueryDocIds:
    return "query document ids";
  case Role::KeyDocIds:
    return "key document ids";
  case Role::PrefixLengths:
    return "prefix lengths";
  case Role::BlockMap:
    return "block map";
  case Role::StencilWeights:
    return "stencil weights";
  case Role::HeadMixWeights:
    return "head-mixing weights";
  case Role::NormWeight:
    return "norm weight";
  case Role::GateWeight:
    return "gate weight";
  case Role::Parameter:
    return "parameter";
  }
  return "input";
}

namespace {

/// The role of `arg` from its first telling use.
Role roleOf(Value arg) {
  for (OpOperand &use : arg.getUses()) {
    Operation *user = use.getOwner();
    unsigned n = use.getOperandNumber();
    if (auto qk = dyn_cast<QKOp>(user); qk && qk.getDecay() == arg)
      return Role::LogDecay;
    if (isa<CumsumOp>(user))
      return Role::LogGate;
    if (isa<SoftmaxOp, LseOp>(user) && n == 1)
      return Role::Sink;
    if (auto doc = dyn_cast<DocumentOp>(user))
      return doc.getQDoc() == arg ? Role::QueryDocIds : Role::KeyDocIds;
    if (isa<PrefixOp>(user))
      return Role::PrefixLengths;
    if (isa<BlockMaskOp>(user))
      return Role::BlockMap;
    if (isa<StencilOp>(user) && n == 1)
      return Role::StencilWeights;
    if (isa<HeadMixOp>(user) && n == 1)
      return Role::HeadMixWeights;
    if (isa<HeadRMSNormOp>(user) && n == 1)
      return Role::NormWeight;
    if (isa<HeadGateOp>(user) && n >= 1)
      return n == 1 ? Role::GateWeight : Role::Sink;
    if (isa<LoadOp>(user))
      return Role::Parameter;
  }
  return Role::Activation;
}

/// Follows masks to the scores they are applied to, and those back to the
/// attn.qk that made them. Null if there is none.
QKOp qkOfMask(Value mask) {
  SmallVector<Value> work = {mask};
  llvm::SmallPtrSet<Operation *, 8> seen;
  while (!work.empty()) {
    Value v = work.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (!seen.insert(user).second)
        continue;
      if (auto apply = dyn_cast<ApplyMaskOp>(user)) {
        Value s = apply.getScores();
        while (Operation *def = s.getDefiningOp()) {
          if (auto qk = dyn_cast<QKOp>(def))
            return qk;
          if (def->getNumOperands() == 0)
            break;
          s = def->getOperand(0);
        }
        continue;
      }
      if (isa<MaskType>(user->getResult(0).getType()))
        work.push_back(user->getResult(0));
    }
  }
  return {};
}

/// The size of a run-time dimension not given with --shape, by its name.
int64_t defaultSize(StringRef name) {
  if (name.starts_with("B"))
    return 2;
  if (name.starts_with("H") || name.starts_with("G"))
    return name.contains_insensitive("kv") ? 2 : 4;
  if (name == "N")
    return 13;
  if (name.starts_with("D") || name.starts_with("E") || name.starts_with("C"))
    return 16;
  // Other lengths (M, T, S): longer than N so that N != M by default.
  return 21;
}

} // namespace

llvm::Expected<std::vector<InputSpec>>
attnc::reference::resolveInputs(VariantOp variant,
                                const llvm::StringMap<int64_t> &sizes) {
  Block &body = variant.getBody().front();
  llvm::StringMap<int64_t> bound = sizes;
  std::vector<InputSpec> specs;
  // First pass: every named size, from --shape or its default.
  for (BlockArgument arg : body.getArguments())
    for (StringRef name : variant.getArgDimNames(arg.getArgNumber()))
      if (!name.empty() && !bound.count(name))
        bound[name] = -1; // decided below
  for (BlockArgument arg : body.getArguments()) {
    auto type = cast<RankedTensorType>(arg.getType());
    InputSpec spec;
    spec.name = variant.getArgName(arg.getArgNumber()).str();
    if (spec.name.empty())
      spec.name = "argument #" + std::to_string(arg.getArgNumber());
    spec.elementType = type.getElementType();
    spec.role = roleOf(arg);
    SmallVector<StringRef> names = variant.getArgDimNames(arg.getArgNumber());
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!ShapedType::isDynamic(type.getDimSize(d))) {
        spec.shape.push_back(type.getDimSize(d));
        continue;
      }
      StringRef name = names[d];
      if (name.empty())
        return llvm::createStringError(
            "input '" + spec.name + "' has a run-time dimension " +
            std::to_string(d) +
            " without a name; give its size with a name "
            "in the program");
      int64_t &size = bound[name];
      if (size < 0) {
        size = defaultSize(name);
        // Block counts follow from the lengths and the block size.
        if (spec.role == Role::BlockMap && d >= 2)
          for (Operation *user : arg.getUsers())
            if (auto bm = dyn_cast<BlockMaskOp>(user))
              if (QKOp qk = qkOfMask(bm.getMask())) {
                Value seq = d == 2 ? qk.getQ() : qk.getK();
                auto seqType = cast<RankedTensorType>(seq.getType());
                auto seqArg = dyn_cast<BlockArgument>(seq);
                int64_t len = seqType.getDimSize(2);
                if (ShapedType::isDynamic(len) && seqArg) {
                  StringRef lenName =
                      variant.getArgDimNames(seqArg.getArgNumber())[2];
                  auto it = bound.find(lenName);
                  len = it == bound.end() || it->second < 0
                            ? defaultSize(lenName)
                            : it->second;
                  if (it != bound.end() && it->second < 0)
                    it->second = len;
                }
                int64_t block = bm.getBlock()[d - 2];
                size = (len + block - 1) / block;
              }
      }
      if (size < 0)
        return llvm::createStringError("size " + name.str() + " must be >= 0");
      spec.shape.push_back(size);
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

void attnc::reference::roundToStorage(Tensor &tensor, Type type) {
  const llvm::fltSemantics *sem = nullptr;
  if (type.isBF16())
    sem = &llvm::APFloat::BFloat();
  else if (type.isF16())
    sem = &llvm::APFloat::IEEEhalf();
  else if (type.isF32())
    sem = &llvm::APFloat::IEEEsingle();
  if (sem) {
    for (double &v : tensor.data) {
      llvm::APFloat f(v);
      bool lost;
      f.convert(*sem, llvm::APFloat::rmNearestTiesToEven, &lost);
      f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
                &lost);
      v = f.convertToDouble();
    }
    return;
  }
  if (type.isInteger(1)) {
    for (double &v : tensor.data)
      v = v != 0;
    return;
  }
  if (type.isInteger())
    for (double &v : tensor.data)
      v = std::trunc(v);
}

std::vector<Tensor> attnc::reference::randomInputs(VariantOp variant,
                                                   ArrayRef<InputSpec> specs,
                                                   uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Block &body = variant.getBody().front();
  std::vector<Tensor> inputs;
  for (const InputSpec &spec : specs) {
    Tensor t(spec.shape);
    bool isInt = isa<IntegerType>(spec.elementType);
    switch (spec.role) {
    case Role::Activation:
    case Role::Sink:
      for (double &v : t.data)
        v = isInt ? std::floor(uniform(rng) * 4) : normal(rng);
      break;
    case Role::LogDecay:
      for (double &v : t.data)
        v = std::log(0.85 + 0.149 * uniform(rng));
      break;
    case Role::LogGate:
      for (double &v : t.data)
        v = -std::log1p(std::exp(-(2.0 + normal(rng)))); // log sigmoid
      break;
    case Role::QueryDocIds:
    case Role::KeyDocIds:
      // Drawn below, as a pair.
      break;
    case Role::PrefixLengths: {
      // Up to the key length M of the scores this prefix masks.
      int64_t keys = 1;
      for (Operation *user : body.getArgument(inputs.size()).getUsers())
        if (auto prefix = dyn_cast<PrefixOp>(user))
          if (QKOp qk = qkOfMask(prefix.getMask()))
            if (auto k = dyn_cast<BlockArgument>(qk.getK()))
              keys = specs[k.getArgNumber()].shape[2];
      for (double &v : t.data)
        v = std::floor(uniform(rng) * double(keys + 1));
      break;
    }
    case Role::BlockMap:
      for (double &v : t.data)
        v = uniform(rng) < 0.6 ? 1 : 0;
      break;
    case Role::StencilWeights:
    case Role::HeadMixWeights:
      for (double &v : t.data)
        v = 0.3 * normal(rng);
      if (spec.role == Role::StencilWeights && t.rank() == 3) {
        // The identity kernel sits at the query offset cq-1, key centre.
        for (int64_t h = 0; h < t.dim(0); ++h)
          t.at({h, t.dim(1) - 1, (t.dim(2) - 1) / 2}) += 1.0;
      } else if (t.rank() == 3) {
        for (int64_t g = 0; g < t.dim(0); ++g)
          for (int64_t c = 0; c < std::min(t.dim(1), t.dim(2)); ++c)
            t.at({g, c, c}) += 1.0;
      }
      break;
    case Role::NormWeight:
      for (double &v : t.data)
        v = 1.0 + 0.1 * normal(rng);
      break;
    case Role::GateWeight: {
      double scale =
          1.0 / std::sqrt(double(std::max<int64_t>(1, t.shape.back())));
      for (double &v : t.data)
        v = scale * normal(rng);
      break;
    }
    case Role::Parameter:
      for (double &v : t.data)
        v = isInt ? std::floor(uniform(rng) * 4) : uniform(rng);
      break;
    }
    inputs.push_back(std::move(t));
  }
  // Document ids: sorted segments over the keys; the queries take the ids of
  // their absolute positions (bottom-right aligned), or their own segments
  // when there are more queries than keys.
  for (Operation &op : body)
    if (auto doc = dyn_cast<DocumentOp>(op)) {
      auto qArg = dyn_cast<BlockArgument>(doc.getQDoc());
      auto kArg = dyn_cast<BlockArgument>(doc.getKDoc());
      if (!qArg || !kArg)
        continue;
      Tensor &q = inputs[qArg.getArgNumber()];
      Tensor &k = inputs[kArg.getArgNumber()];
      int64_t B = k.dim(0), M = k.dim(1), N = q.dim(1);
      for (int64_t b = 0; b < B; ++b) {
        double id = 0;
        for (int64_t j = 0; j < M; ++j) {
          if (j > 0 && uniform(rng) < 0.15)
            ++id;
          k.at({b, j}) = id;
        }
        for (int64_t i = 0; i < N && b < q.dim(0); ++i)
          q.at({b, i}) = N <= M ? k.at({b, i + M - N})
                                : std::floor(double(i) * 4 / double(N));
      }
    }
  for (auto [spec, t] : llvm::zip(specs, inputs))
    roundToStorage(t, spec.elementType);
  return inputs;
}
