//===- Run.cpp - run variants on the reference evaluator ------------------===//

#include "harness/Run.h"
#include "harness/Inputs.h"
#include "harness/Limits.h"
#include "harness/Npy.h"
#include "reference/Evaluator.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;
using namespace attnc::reference;

llvm::Expected<llvm::StringMap<int64_t>>
attnc::reference::parseSizes(llvm::StringRef text) {
  llvm::StringMap<int64_t> sizes;
  llvm::SmallVector<llvm::StringRef> entries;
  text.split(entries, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef entry : entries) {
    auto [name, value] = entry.split('=');
    name = name.trim();
    int64_t size;
    if (name.empty() || value.trim().getAsInteger(10, size) || size < 0)
      return llvm::createStringError("--shape entry '" + entry.str() +
                                     "' is not NAME=SIZE with SIZE >= 0");
    if (size > kMaxDim)
      return llvm::createStringError(
          "--shape entry '" + entry.str() + "': " + name.str() +
          " is above the limit of 2147483647 (2^31 - 1) per dimension "
          "(docs/limits.md)");
    sizes[name] = size;
  }
  return sizes;
}

namespace {

std::string typeName(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  type.print(os);
  return s;
}

/// Reads the inputs of `variant` from `dir`, checking each against the
/// program: present, the right kind of dtype, the right rank, static sizes,
/// and named sizes consistent across inputs (and with --shape).
llvm::Expected<std::vector<Tensor>>
readInputs(VariantOp variant, llvm::StringRef dir,
           const llvm::StringMap<int64_t> &sizes) {
  std::vector<Tensor> inputs;
  llvm::StringMap<std::pair<int64_t, std::string>> bound;
  for (const auto &entry : sizes)
    bound[entry.getKey()] = {entry.getValue(), "--shape"};
  for (BlockArgument arg : variant.getBody().getArguments()) {
    unsigned n = arg.getArgNumber();
    std::string name = variant.getArgName(n).str();
    auto type = cast<RankedTensorType>(arg.getType());
    // A path that exists but cannot be looked at (a directory without
    // search permission) is an error of its own, not a missing input.
    auto present =
        [&](const llvm::SmallString<128> &p) -> llvm::Expected<bool> {
      llvm::sys::fs::file_status st;
      std::error_code ec = llvm::sys::fs::status(p, st);
      if (!ec)
        return true;
      if (ec == std::errc::no_such_file_or_directory ||
          ec == std::errc::not_a_directory)
        return false;
      return llvm::createStringError("cannot read input '" + name + "' (" +
                                     p.str().str() + "): " + ec.message());
    };
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, variant.getSymName(), name + ".npy");
    llvm::Expected<bool> found = present(path);
    if (!found)
      return found.takeError();
    if (!*found) {
      path = dir;
      llvm::sys::path::append(path, name + ".npy");
      found = present(path);
      if (!found)
        return found.takeError();
    }
    if (!*found)
      return llvm::createStringError(
          "missing input '" + name + "': neither " + dir.str() + "/" +
          variant.getSymName().str() + "/" + name + ".npy nor " + dir.str() +
          "/" + name + ".npy exists");
    char kind = 0;
    llvm::Expected<Tensor> t = readNpy(path, &kind);
    if (!t)
      return t.takeError();
    bool wantsFloat = isa<FloatType>(type.getElementType());
    if (wantsFloat != (kind == 'f'))
      return llvm::createStringError(
          "input '" + name + "' (" + path.str().str() + ") holds " +
          (kind == 'f' ? "floats" : "integers") + " but the program declares " +
          typeName(type.getElementType()));
    if (t->rank() != type.getRank())
      return llvm::createStringError(
          "input '" + name + "' has shape " + t->shapeString() + " but the " +
          "program declares " + std::to_string(type.getRank()) + " dimensions");
    SmallVector<StringRef> names = variant.getArgDimNames(n);
    for (int64_t d = 0; d < type.getRank(); ++d) {
      int64_t want = type.getDimSize(d);
      if (!ShapedType::isDynamic(want) && t->dim(d) != want)
        return llvm::createStringError("input '" + name + "' has shape " +
                                       t->shapeString() + " but dimension " +
                                       std::to_string(d) + " must be " +
                                       std::to_string(want));
      if (names[d].empty())
        continue;
      auto [it, inserted] =
          bound.try_emplace(names[d], t->dim(d), "input '" + name + "'");
      if (!inserted && it->second.first != t->dim(d))
        return llvm::createStringError(
            "input '" + name + "' has " + names[d].str() + "=" +
            std::to_string(t->dim(d)) + " but " + it->second.second + " has " +
            names[d].str() + "=" + std::to_string(it->second.first));
    }
    roundToStorage(*t, type.getElementType());
    inputs.push_back(std::move(*t));
  }
  return inputs;
}

/// Estimates the shapes the oracle and the CPU backend hold, from the input
/// shapes: scores [B, H, N, M] from q and k, pv's [B, H, N, Dv], lse's
/// [B, H, N]; other ops take the shape of their first operand of their kind
/// (with the static sizes of their type). Unknown: empty.
class ShapeEstimate {
public:
  ShapeEstimate(VariantOp variant, ArrayRef<SmallVector<int64_t, 4>> inputs)
      : variant_(variant), inputs_(inputs) {}

  ArrayRef<int64_t> shapeOf(Value v) {
    if (auto it = shapes_.find(v); it != shapes_.end())
      return it->second;
    SmallVector<int64_t, 4> s;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      if (arg.getOwner()->getParentOp() == variant_.getOperation() &&
          arg.getArgNumber() < inputs_.size())
        s = inputs_[arg.getArgNumber()];
    } else if (Operation *op = v.getDefiningOp()) {
      if (auto qk = dyn_cast<QKOp>(op)) {
        SmallVector<int64_t, 4> q(shapeOf(qk.getQ())), k(shapeOf(qk.getK()));
        if (q.size() >= 3 && k.size() >= 3)
          s = {q[0], q[1], q[2], k[2]};
      } else if (auto pv = dyn_cast<PVOp>(op)) {
        SmallVector<int64_t, 4> p(shapeOf(pv.getProbs())),
            vs(shapeOf(pv.getV()));
        if (p.size() == 4 && vs.size() == 4)
          s = {p[0], p[1], p[2], vs[3]};
      } else if (auto lse = dyn_cast<LseOp>(op)) {
        SmallVector<int64_t, 4> p(shapeOf(lse.getScores()));
        if (p.size() == 4)
          s = {p[0], p[1], p[2]};
      } else {
        bool scores = isa<ScoresType>(v.getType());
        auto type = dyn_cast<RankedTensorType>(v.getType());
        for (Value operand : op->getOperands()) {
          bool same =
              scores ? isa<ScoresType>(operand.getType())
              : type
                  ? isa<RankedTensorType>(operand.getType()) &&
                        cast<RankedTensorType>(operand.getType()).getRank() ==
                            type.getRank()
                  : false;
          if (!same)
            continue;
          s.assign(shapeOf(operand).begin(), shapeOf(operand).end());
          break;
        }
        if (type && s.size() == size_t(type.getRank()))
          for (int64_t d = 0; d < type.getRank(); ++d)
            if (!ShapedType::isDynamic(type.getDimSize(d)))
              s[d] = type.getDimSize(d);
      }
    }
    return shapes_[v] = s;
  }

private:
  VariantOp variant_;
  ArrayRef<SmallVector<int64_t, 4>> inputs_;
  DenseMap<Value, SmallVector<int64_t, 4>> shapes_;
};

std::string where(Operation *op) {
  if (auto loc = dyn_cast<FileLineColLoc>(op->getLoc()))
    return " at " + loc.getFilename().str() + ":" +
           std::to_string(loc.getLine()) + ":" +
           std::to_string(loc.getColumn());
  return "";
}

/// Checks what a run of `variant` on inputs of `shapes` needs against the
/// limits and the memory budget, before anything is drawn or run: the
/// oracle (`oracle`: --target=reference or --check) holds every input twice
/// and every value of the body in float64 (score matrices with a present
/// byte); a backend holds f32 or int64 copies of the inputs and of what it
/// computes.
llvm::Error checkBudget(VariantOp variant,
                        ArrayRef<SmallVector<int64_t, 4>> shapes, bool oracle,
                        bool backend) {
  std::string who = "variant '" + variant.getSymName().str() + "'";
  ByteCount need;
  for (BlockArgument arg : variant.getBody().getArguments()) {
    unsigned n = arg.getArgNumber();
    std::string name = "input '" + variant.getArgName(n).str() + "'";
    if (llvm::Error err = checkShapeLimits(name, shapes[n]))
      return err;
    Type element = cast<RankedTensorType>(arg.getType()).getElementType();
    uint64_t count = *Tensor::checkedNumElements(shapes[n]);
    need.add(count, oracle ? 16 : 8,
             name + " " + formatShape(shapes[n]) + " " + typeString(element) +
                 (oracle ? ", held twice as float64" : ", held as float64"));
    if (backend)
      need.add(count, isa<IntegerType>(element) ? 8 : 4,
               name + " " + formatShape(shapes[n]) +
                   " as the backend reads "
                   "it");
  }
  ShapeEstimate estimate(variant, shapes);
  for (Operation &op : variant.getBody().front())
    for (Value result : op.getResults()) {
      bool scores = isa<ScoresType>(result.getType());
      if (!scores && !isa<RankedTensorType>(result.getType()))
        continue;
      ArrayRef<int64_t> shape = estimate.shapeOf(result);
      if (shape.empty())
        continue;
      std::optional<uint64_t> count = Tensor::checkedNumElements(shape);
      std::string name = (scores ? "the scores of " : "the result of ") +
                         op.getName().getStringRef().str() + where(&op);
      if (scores && oracle && (!count || *count > kMaxElements))
        return llvm::createStringError(
            name + " would be " + formatShape(shape) + ", " +
            (count ? std::to_string(*count) : std::string("more than 2^64")) +
            " entries: above the limit of 2^40 elements (docs/limits.md)");
      uint64_t entries = count.value_or(UINT64_MAX);
      if (oracle)
        need.add(entries, scores ? 9 : 8,
                 name + " " + formatShape(shape) + " in the oracle");
      if (backend && !scores)
        need.add(entries, 4, name + " " + formatShape(shape));
    }
  return need.check(who);
}

/// Fails when --save would write an output over an input of the same name
/// (an input named `out0`).
llvm::Error checkSaveNames(VariantOp variant, llvm::StringRef dir) {
  for (BlockArgument arg : variant.getBody().getArguments()) {
    llvm::StringRef name = variant.getArgName(arg.getArgNumber());
    for (size_t k = 0; k < variant.getResultTypes().size(); ++k)
      if (name == "out" + std::to_string(k))
        return llvm::createStringError(
            "--save writes output " + std::to_string(k) + " of '" +
            variant.getSymName().str() + "' to " + dir.str() + "/" +
            variant.getSymName().str() + "/" + name.str() +
            ".npy, where the input '" + name.str() +
            "' is saved too: rename the input");
  }
  return llvm::Error::success();
}

void summarize(llvm::raw_ostream &os, unsigned index, const Tensor &t,
               Type storage) {
  double sum = 0, maxAbs = 0;
  size_t nans = 0, infs = 0;
  for (double v : t.data) {
    if (std::isnan(v)) {
      ++nans;
      continue;
    }
    if (std::isinf(v)) {
      ++infs;
      continue;
    }
    sum += v;
    maxAbs = std::max(maxAbs, std::fabs(v));
  }
  size_t finite = t.size() - nans - infs;
  os << "  output " << index << ": " << typeName(storage) << " "
     << t.shapeString() << "  mean "
     << llvm::format("%.6g", finite ? sum / double(finite) : 0.0) << "  max|x| "
     << llvm::format("%.6g", maxAbs) << "  NaN " << nans;
  if (infs)
    os << "  inf " << infs;
  os << "\n";
}

/// Saves `t` as DIR/<variant>/<name>.npy: integers as int64, booleans as
/// bool, floats as float64, so that --inputs reads them back unchanged.
llvm::Error save(llvm::StringRef dir, VariantOp variant, llvm::StringRef name,
                 const Tensor &t, Type type) {
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, variant.getSymName());
  if (std::error_code ec = llvm::sys::fs::create_directories(path))
    return llvm::createStringError("cannot create " + path.str().str() + ": " +
                                   ec.message());
  llvm::sys::path::append(path, name + ".npy");
  char kind = type.isInteger(1) ? 'b' : isa<IntegerType>(type) ? 'i' : 'f';
  return writeNpy(path, t, kind);
}

/// Evaluates the oracle on the same inputs and compares (toleranceFor).
llvm::Error compareWithOracle(VariantOp variant, ArrayRef<Tensor> inputs,
                              ArrayRef<Tensor> stored,
                              ArrayRef<Tensor> computed, bool storedOnly,
                              llvm::raw_ostream &os) {
  Coverage coverage;
  llvm::Expected<std::vector<Tensor>> ref =
      evaluate(variant, inputs, &coverage);
  if (!ref)
    return llvm::createStringError(
        "variant '" + variant.getSymName().str() +
        "': the oracle failed: " + llvm::toString(ref.takeError()));
  // A check of (almost) nothing says so: the rows whose every key was
  // masked compare 0 with 0.
  if (coverage.rows && coverage.presentRows * 10 < coverage.rows)
    os << "  warning: only " << coverage.presentRows << " of " << coverage.rows
       << " rows ("
       << llvm::format("%.1f", 100.0 * double(coverage.presentRows) /
                                   double(coverage.rows))
       << "%) have a key that is not masked; the check below compares "
       << (coverage.presentRows ? "almost nothing" : "nothing")
       << " (draw other inputs with --seed, or give --inputs)\n";
  Type f32 = Float32Type::get(variant.getContext());
  for (unsigned c = 0; c < 2 * ref->size(); ++c) {
    unsigned k = c / 2;
    bool asStored = c % 2 == 0;
    if (!asStored && storedOnly)
      continue;
    const Tensor &got = asStored ? stored[k] : computed[k];
    const Tensor &want = (*ref)[k];
    Type type = asStored ? cast<RankedTensorType>(variant.getResultTypes()[k])
                               .getElementType()
                         : f32;
    if (got.shape != want.shape)
      return llvm::createStringError(
          "variant '" + variant.getSymName().str() + "': output " +
          std::to_string(k) + " has shape " + got.shapeString() +
          " but the oracle's is " + want.shapeString());
    auto [rtol, atol] = toleranceFor(type);
    double scale = 0;
    for (double x : want.data)
      if (std::isfinite(x))
        scale = std::max(scale, std::fabs(x));
    // Kernels that multiply probabilities in the storage type (GPU tensor
    // cores take P in bf16/f16) add up to u * sum_j p_ij |v_j| <= u *
    // max|input| per entry (u: the type's unit roundoff).
    double operandTerm = 0;
    if (storedOnly && (type.isBF16() || type.isF16())) {
      double inMax = 0;
      for (const Tensor &t : inputs)
        for (double x : t.data)
          if (std::isfinite(x))
            inMax = std::max(inMax, std::fabs(x));
      operandTerm = (type.isBF16() ? 1.0 / 256 : 1.0 / 2048) * inMax;
    }
    double worst = 0, worstRatio = 0;
    size_t at = 0;
    bool bad = false;
    for (size_t e = 0; e < want.size(); ++e) {
      double a = got.data[e], b = want.data[e];
      if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) {
        if (!(std::isnan(a) && std::isnan(b)) && a != b) {
          bad = true, at = e, worst = INFINITY;
          break;
        }
        continue;
      }
      double err = std::fabs(a - b),
             allowed = atol * scale + rtol * std::fabs(b) + operandTerm;
      double ratio = allowed > 0 ? err / allowed : (err > 0 ? INFINITY : 0);
      if (ratio > worstRatio)
        worstRatio = ratio, worst = err, at = e;
      if (err > allowed)
        bad = true;
    }
    os << "  check output " << k << (asStored ? " as stored" : " as computed")
       << ": max |err| " << llvm::format("%.3g", worst) << " ("
       << llvm::format("%.2f", worstRatio) << " of the tolerance rtol "
       << llvm::format("%.3g", rtol) << ", atol " << llvm::format("%.3g", atol)
       << " x max|ref| " << llvm::format("%.3g", scale);
    if (operandTerm)
      os << ", operand rounding " << llvm::format("%.3g", operandTerm);
    os << "): " << (bad ? "MISMATCH" : "ok") << "\n";
    if (bad)
      return llvm::createStringError(
          "variant '" + variant.getSymName().str() + "': output " +
          std::to_string(k) + (asStored ? " as stored" : " as computed") +
          " differs from the oracle at flat index " + std::to_string(at) +
          ": " + std::to_string(got.data[at]) + " vs " +
          std::to_string(want.data[at]));
  }
  return llvm::Error::success();
}

} // namespace

std::pair<double, double> attnc::reference::toleranceFor(Type type) {
  if (type.isBF16())
    return {1.0 / 128, 1e-3};
  if (type.isF16())
    return {1.0 / 1024, 1e-4};
  return {1e-4, 1e-5};
}

llvm::Error attnc::reference::runReference(ModuleOp module,
                                           const RunOptions &options,
                                           llvm::raw_ostream &os) {
  bool found = false;
  for (auto variant : module.getOps<VariantOp>()) {
    if (!options.variant.empty() && variant.getSymName() != options.variant)
      continue;
    found = true;
    for (const auto &entry : options.sizes)
      if (llvm::none_of(variant.getBody().getArguments(), [&](BlockArgument a) {
            return llvm::is_contained(variant.getArgDimNames(a.getArgNumber()),
                                      entry.getKey());
          }))
        return llvm::createStringError("--shape names " + entry.getKey().str() +
                                       ", which no input of '" +
                                       variant.getSymName().str() + "' has");
    if (!options.saveDir.empty())
      if (llvm::Error err = checkSaveNames(variant, options.saveDir))
        return err;
    bool oracle = !options.execute || options.check;
    bool backend = bool(options.execute);
    std::vector<Tensor> inputs;
    if (!options.inputsDir.empty()) {
      llvm::Expected<std::vector<Tensor>> read =
          readInputs(variant, options.inputsDir, options.sizes);
      if (!read)
        return read.takeError();
      inputs = std::move(*read);
      SmallVector<SmallVector<int64_t, 4>> shapes;
      for (const Tensor &t : inputs)
        shapes.push_back(t.shape);
      if (llvm::Error err = checkBudget(variant, shapes, oracle, backend))
        return err;
    } else {
      llvm::Expected<std::vector<InputSpec>> specs =
          resolveInputs(variant, options.sizes);
      if (!specs)
        return specs.takeError();
      SmallVector<SmallVector<int64_t, 4>> shapes;
      for (const InputSpec &spec : *specs)
        shapes.push_back(spec.shape);
      // Before anything is drawn.
      if (llvm::Error err = checkBudget(variant, shapes, oracle, backend))
        return err;
      inputs = randomInputs(variant, *specs, options.seed);
    }
    // The sizes in effect, by name.
    std::map<std::string, int64_t> named;
    for (BlockArgument arg : variant.getBody().getArguments())
      for (auto [d, name] :
           llvm::enumerate(variant.getArgDimNames(arg.getArgNumber())))
        if (!name.empty())
          named[name.str()] = inputs[arg.getArgNumber()].dim(d);
    os << "variant " << variant.getSymName() << ":";
    for (auto &[name, size] : named)
      os << " " << name << "=" << size;
    if (options.inputsDir.empty())
      os << " (random inputs, seed " << options.seed << ")";
    else
      os << " (inputs from " << options.inputsDir << ")";
    os << "\n";

    llvm::Expected<std::vector<Tensor>> outputs =
        options.execute ? options.execute(variant, inputs, os)
                        : evaluate(variant, inputs);
    if (!outputs)
      return llvm::createStringError(
          "variant '" + variant.getSymName().str() +
          "': " + llvm::toString(outputs.takeError()));
    // A backend's results are stored in the result types, as a kernel
    // writes them; the oracle's stay float64.
    std::vector<Tensor> computed;
    if (options.execute) {
      computed = *outputs;
      for (auto [k, out] : llvm::enumerate(*outputs))
        roundToStorage(out, cast<RankedTensorType>(variant.getResultTypes()[k])
                                .getElementType());
    }
    for (auto [k, out] : llvm::enumerate(*outputs))
      summarize(
          os, k, out,
          cast<RankedTensorType>(variant.getResultTypes()[k]).getElementType());
    if (options.check && options.execute)
      if (llvm::Error err = compareWithOracle(variant, inputs, *outputs,
                                              computed, options.storedOnly, os))
        return err;
    if (!options.saveDir.empty()) {
      for (BlockArgument arg : variant.getBody().getArguments())
        if (llvm::Error err =
                save(options.saveDir, variant,
                     variant.getArgName(arg.getArgNumber()),
                     inputs[arg.getArgNumber()],
                     cast<RankedTensorType>(arg.getType()).getElementType()))
          return err;
      Type f64 = Float64Type::get(variant.getContext());
      for (auto [k, out] : llvm::enumerate(*outputs))
        if (llvm::Error err = save(options.saveDir, variant,
                                   "out" + std::to_string(k), out, f64))
          return err;
    }
  }
  if (!found)
    return llvm::createStringError(
        options.variant.empty()
            ? std::string("the program defines no attention")
            : "the program defines no attention named '" + options.variant +
                  "'");
  return llvm::Error::success();
}
