//===- attnc.cpp - the attnc compiler driver ------------------------------===//
//
//   attnc FILE.attn --target=sm_90a|sm_80|gfx942|gfx90a|cpu
//                   --emit=mlir|plan|cuda|hip|cpp|ptx -o OUT
//   attnc run FILE.attn --target=cpu|reference --shape B=2,N=100,...
//                   [--seed S] [--inputs DIR] [--save DIR] [--variant NAME]
//                   [--check] [--tile-q Q --tile-k K --chunk C]
//
// Reads an .attn program (or `-` for stdin), checks it, lowers it to attn IR
// and emits the requested stage, or runs it. Exit code 0 on success, 1 on
// any error.
//
//===----------------------------------------------------------------------===//

#include "api/Pipeline.h"
#include "codegen/cpu/EmitCpp.h"
#include "codegen/cuda/EmitCuda.h"
#include "dialect/plan/PlanOps.h"
#include "harness/CpuRun.h"
#include "harness/GpuRun.h"
#include "harness/Limits.h"
#include "harness/Run.h"
#include "passes/Plan.h"
#include "runtime/cuda/CudaModule.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace {

using attnc::plan::Target;
enum class Emit { MLIR, Plan, CUDA, Cubin, HIP, Cpp, PTX };

// `attnc run`.
cl::SubCommand runCommand("run", "Run a variant on random or given inputs "
                                 "and summarise its outputs");

enum class RunTarget { CPU, Reference, SM80, SM90a };

/// The plan target of a run that runs plans (not the reference).
Target planTargetOf(RunTarget t) {
  return t == RunTarget::CPU    ? Target::CPU
         : t == RunTarget::SM80 ? Target::SM80
                                : Target::SM90a;
}

cl::opt<std::string> runInput(cl::Positional, cl::sub(runCommand),
                              cl::desc("<input .attn file, or - for stdin>"),
                              cl::Required);
cl::opt<RunTarget> runTarget(
    "target", cl::sub(runCommand), cl::desc("Where to run"),
    cl::init(RunTarget::CPU),
    cl::values(clEnumValN(RunTarget::CPU, "cpu",
                          "the CPU backend: the kernel plans, tile by tile, "
                          "as emitted C++ built by the host compiler"),
               clEnumValN(RunTarget::Reference, "reference",
                          "the float64 reference evaluator (the oracle)"),
               clEnumValN(RunTarget::SM80, "sm_80", "an NVIDIA GPU (sm_80)"),
               clEnumValN(RunTarget::SM90a, "sm_90a",
                          "an NVIDIA GPU (sm_90a)")));
cl::opt<std::string> runShape(
    "shape", cl::sub(runCommand),
    cl::desc("Run-time sizes by name, e.g. B=2,H=4,N=100,M=100 (others get "
             "small defaults)"),
    cl::value_desc("NAME=SIZE,..."));
cl::opt<uint64_t> runSeed("seed", cl::sub(runCommand), cl::init(0),
                          cl::desc("Seed of the random inputs"));
cl::opt<std::string> runInputs(
    "inputs", cl::sub(runCommand), cl::value_desc("dir"),
    cl::desc("Read inputs from DIR/<variant>/<name>.npy or DIR/<name>.npy"));
cl::opt<std::string> runSave(
    "save", cl::sub(runCommand), cl::value_desc("dir"),
    cl::desc("Save inputs and outputs (float64) to DIR/<variant>/*.npy"));
cl::opt<std::string> runVariant("variant", cl::sub(runCommand),
                                cl::value_desc("name"),
                                cl::desc("Run only this attention"));

cl::opt<bool> runCheck(
    "check", cl::sub(runCommand),
    cl::desc("Also run the float64 oracle and fail when an output differs "
             "by more than its type's tolerance"));
cl::opt<int64_t> runTileQ("tile-q", cl::sub(runCommand), cl::init(0),
                          cl::desc("Force query rows per tile (0: the cost "
                                   "model)"));
cl::opt<int64_t> runTileK("tile-k", cl::sub(runCommand), cl::init(0),
                          cl::desc("Force keys per tile (0: the cost model)"));
cl::opt<int64_t> runChunk("chunk", cl::sub(runCommand), cl::init(0),
                          cl::desc("Force the chunk length of linear kernels "
                                   "(0: the cost model)"));

cl::opt<std::string> inputFilename(cl::Positional,
                                   cl::desc("<input .attn file, or - for "
                                            "stdin>"),
                                   cl::Required);

cl::opt<std::string> emitVariant(
    "variant", cl::value_desc("name"),
    cl::desc("With --emit=cuda, cubin or cpp: the variant to emit (one unit "
             "each; needed when the file has several)"));

cl::opt<std::string> outputFilename("o", cl::desc("Output file (- for stdout)"),
                                    cl::value_desc("file"), cl::init("-"));

cl::opt<Target> target(
    "target", cl::desc("The machine to compile for"), cl::init(Target::SM90a),
    cl::values(clEnumValN(Target::SM90a, "sm_90a", "NVIDIA Hopper (H100)"),
               clEnumValN(Target::SM80, "sm_80", "NVIDIA Ampere (A100)"),
               clEnumValN(Target::GFX942, "gfx942", "AMD MI300"),
               clEnumValN(Target::GFX90a, "gfx90a", "AMD MI200"),
               clEnumValN(Target::CPU, "cpu", "the host CPU")));

cl::opt<Emit> emit(
    "emit", cl::desc("What to produce"), cl::init(Emit::MLIR),
    cl::values(clEnumValN(Emit::MLIR, "mlir", "attn IR (the semantic level)"),
               clEnumValN(Emit::Plan, "plan", "kernel plans"),
               clEnumValN(Emit::CUDA, "cuda", "CUDA C++"),
               clEnumValN(Emit::Cubin, "cubin",
                          "a cubin for the target, from NVRTC (through the "
                          "kernel cache)"),
               clEnumValN(Emit::HIP, "hip", "HIP C++"),
               clEnumValN(Emit::Cpp, "cpp", "host C++ for the CPU backend"),
               clEnumValN(Emit::PTX, "ptx", "PTX")));

cl::opt<int64_t> tileQ("tile-q", cl::init(0),
                       cl::desc("Force query rows per tile in kernel plans "
                                "(0: the cost model)"));
cl::opt<int64_t> tileK("tile-k", cl::init(0),
                       cl::desc("Force keys per tile in kernel plans (0: the "
                                "cost model)"));
cl::opt<int64_t> chunk("chunk", cl::init(0),
                       cl::desc("Force the chunk length of linear kernels "
                                "(0: the cost model)"));

cl::extrahelp environment(R"(
ENVIRONMENT:
  ATTNC_CACHE_DIR     kernel cache (default ~/.cache/attnc, else
                      /tmp/attnc-cache-UID)
  ATTNC_CXX           host compiler of the CPU backend (default c++)
  ATTNC_NVRTC         NVRTC library to load (default: libnvrtc from the
                      loader path, $CUDA_HOME, $CUDA_PATH, /usr/local/cuda)
  ATTNC_DEVICE        GPU ordinal to run on (default 0)
  ATTNC_CUDA_SPLITS   force n split-KV parts per kernel (default: chosen per
                      launch from the grid and the GPU)
  ATTNC_MEMORY_LIMIT  memory budget of `attnc run`, e.g. 16G or 16Gi
                      (default: the machine's memory; docs/limits.md)
)");

const char *emitName(Emit e) {
  switch (e) {
  case Emit::MLIR:
    return "mlir";
  case Emit::Plan:
    return "plan";
  case Emit::CUDA:
    return "cuda";
  case Emit::Cubin:
    return "cubin";
  case Emit::HIP:
    return "hip";
  case Emit::Cpp:
    return "cpp";
  case Emit::PTX:
    return "ptx";
  }
  return "";
}

int fail(const Twine &message) {
  WithColor::error(errs(), "attnc") << message << "\n";
  return 1;
}

/// The largest .attn source attnc reads (docs/limits.md).
constexpr uint64_t kMaxSourceBytes = 64 << 20;

/// Parses and checks an .attn file into attn IR; null after reporting errors.
mlir::OwningOpRef<mlir::ModuleOp> loadProgram(StringRef path,
                                              mlir::MLIRContext &context,
                                              SourceMgr &sourceMgr,
                                              mlir::TimingScope &root) {
  // A regular file, a pipe or stdin, of at most kMaxSourceBytes; never a
  // device (`attnc /dev/zero`) or a directory.
  if (path != "-") {
    sys::fs::file_status status;
    std::error_code ec = sys::fs::status(path, status);
    if (!ec && sys::fs::is_directory(status))
      ec = std::make_error_code(std::errc::is_a_directory);
    if (ec) {
      fail("cannot open input file '" + path + "': " + ec.message());
      return nullptr;
    }
  }
  Expected<std::unique_ptr<MemoryBuffer>> input =
      attnc::reference::readFileChecked(path, kMaxSourceBytes,
                                        /*allowStreams=*/true);
  if (!input) {
    fail(toString(input.takeError()));
    return nullptr;
  }
  // NUL-terminated, as the lexer expects.
  sourceMgr.AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy((*input)->getBuffer(),
                                     (*input)->getBufferIdentifier()),
      SMLoc());
  mlir::TimingScope parseTiming = root.nest("Parse and check .attn");
  unsigned errors = 0;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      attnc::lowerAttnSource(sourceMgr, context, errs(), &errors);
  if (!module && errors)
    errs() << errors << " error" << (errors == 1 ? "" : "s") << " generated.\n";
  return module;
}

/// attnc::runPipeline (clean-up, and planning with `plan`) with the
/// IR-printing and timing flags.
mlir::LogicalResult runPipeline(mlir::ModuleOp module, mlir::TimingScope &root,
                                const attnc::PlanOptions *plan = nullptr) {
  mlir::TimingScope passTiming = root.nest("Passes");
  return attnc::runPipeline(module, plan, [&](mlir::PassManager &pm) {
    if (failed(mlir::applyPassManagerCLOptions(pm)))
      return mlir::failure();
    pm.enableTiming(passTiming);
    return mlir::success();
  });
}

int runMain(mlir::TimingScope &root) {
  if (runCheck && runTarget == RunTarget::Reference)
    return fail("--check compares a backend with the oracle; with "
                "--target=reference there is nothing to compare");
  attnc::reference::RunOptions options;
  llvm::Expected<StringMap<int64_t>> sizes =
      attnc::reference::parseSizes(runShape);
  if (!sizes)
    return fail(toString(sizes.takeError()));
  options.sizes = std::move(*sizes);
  options.seed = runSeed;
  options.inputsDir = runInputs;
  options.saveDir = runSave;
  options.variant = runVariant;
  if (std::optional<std::string> bad =
          attnc::checkForcedSizes(runTileQ, runTileK, runChunk))
    return fail(*bad);

  SourceMgr sourceMgr;
  mlir::MLIRContext context;
  mlir::SourceMgrDiagnosticHandler mlirDiagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadProgram(runInput, context, sourceMgr, root);
  if (!module || failed(runPipeline(*module, root)))
    return 1;
  options.check = runCheck;
  // A backend runs the plans of a copy of the module; the oracle (for
  // --target=reference and --check) reads the attn IR.
  mlir::OwningOpRef<mlir::ModuleOp> planned;
  if (runTarget != RunTarget::Reference) {
    planned = module->clone();
    attnc::PlanOptions plan{
        attnc::plan::stringifyTarget(planTargetOf(runTarget)).str(), runTileQ,
        runTileK, runChunk};
    if (failed(runPipeline(*planned, root, &plan)))
      return 1;
  }
  auto plannedOf = [&](attnc::attn::VariantOp variant) {
    return planned->lookupSymbol<attnc::attn::VariantOp>(variant.getSymName());
  };
  if (runTarget == RunTarget::CPU) {
    options.execute = [&](attnc::attn::VariantOp variant,
                          ArrayRef<attnc::reference::Tensor> inputs,
                          raw_ostream &os)
        -> Expected<std::vector<attnc::reference::Tensor>> {
      Expected<attnc::CpuRun> run = attnc::runOnCpu(plannedOf(variant), inputs);
      if (!run)
        return run.takeError();
      for (const attnc::KernelCount &c : run->counts) {
        os << "  kernel " << c.kernel << " (" << c.family << "): computed "
           << c.computed << " of " << c.total << " tiles";
        if (c.predicted)
          os << ", mask analysis predicts " << *c.predicted;
        os << "\n";
      }
      return std::move(run->outputs);
    };
  } else if (runTarget == RunTarget::SM80 || runTarget == RunTarget::SM90a) {
    // Kernels store their results in the result types: compared as stored.
    options.storedOnly = true;
    options.execute = [&](attnc::attn::VariantOp variant,
                          ArrayRef<attnc::reference::Tensor> inputs,
                          raw_ostream &os)
        -> Expected<std::vector<attnc::reference::Tensor>> {
      Expected<attnc::GpuRun> run = attnc::runOnGpu(
          plannedOf(variant),
          attnc::plan::stringifyTarget(planTargetOf(runTarget)), inputs);
      if (!run)
        return run.takeError();
      os << "  gpu " << run->arch << ": "
         << (run->cacheHit
                 ? std::string("cubin from the cache")
                 : "compiled by NVRTC in " +
                       std::to_string(int(run->compileSeconds * 1000)) + " ms")
         << ", loaded in " << format("%.1f", run->loadSeconds * 1000)
         << " ms, kernels ran in " << format("%.3f", run->kernelMs) << " ms";
      if (!run->splits.empty()) {
        os << "; split-KV parts";
        for (int64_t s : run->splits)
          os << " " << s;
      }
      os << "\n";
      return std::move(run->outputs);
    };
  }
  mlir::TimingScope runTiming = root.nest("Run");
  if (Error err = attnc::reference::runReference(*module, options, outs()))
    return fail(toString(std::move(err)));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  // --help shows attnc's options and MLIR's (--mlir-*), not the hundreds of
  // LLVM options that come with the libraries.
  for (auto &option : cl::getRegisteredOptions(cl::SubCommand::getTopLevel())) {
    StringRef name = option.first;
    if (!name.starts_with("mlir-") && name != "o" && name != "target" &&
        name != "emit" && name != "help" && name != "version" &&
        name != "tile-q" && name != "tile-k" && name != "chunk" &&
        name != "variant" && !name.starts_with("pass-") &&
        name != "print-ir-after-all" && !name.starts_with("print-ir"))
      option.second->setHiddenFlag(cl::Hidden);
  }
  cl::ParseCommandLineOptions(
      argc, argv,
      "attnc: compile an attention variant written in the .attn language\n\n"
      "  attnc FILE.attn --target=sm_90a --emit=mlir -o OUT\n"
      "  attnc run FILE.attn --target=cpu --shape B=2,H=4,N=100,M=100\n");

  mlir::DefaultTimingManager timing;
  mlir::applyDefaultTimingManagerCLOptions(timing);
  mlir::TimingScope root = timing.getRootScope();
  if (runCommand)
    return runMain(root);

  if (emit == Emit::HIP || emit == Emit::PTX)
    return fail(Twine("--emit=") + emitName(emit) +
                " is not built yet; this version of attnc emits attn IR "
                "(--emit=mlir), kernel plans (--emit=plan), CUDA "
                "(--emit=cuda --target=sm_80|sm_90a) and the CPU backend's "
                "C++ (--emit=cpp --target=cpu)");
  if ((emit == Emit::CUDA || emit == Emit::Cubin) && target != Target::SM80 &&
      target != Target::SM90a)
    return fail(Twine("--emit=") + emitName(emit) +
                " needs an NVIDIA target: --target=sm_80 or "
                "--target=sm_90a");
  if (emit == Emit::Cpp && target != Target::CPU)
    return fail("--emit=cpp is the CPU backend's source: use --target=cpu");
  if (emit == Emit::Plan &&
      (target == Target::GFX942 || target == Target::GFX90a))
    return fail("kernel plans for AMD targets are not built yet; use "
                "--target=sm_90a, sm_80 or cpu");

  if (std::optional<std::string> bad =
          attnc::checkForcedSizes(tileQ, tileK, chunk))
    return fail(*bad);

  SourceMgr sourceMgr;
  mlir::MLIRContext context;
  // Diagnostics from MLIR itself (the verifier backstop) print like the
  // frontend's: file:line:col with the source line.
  mlir::SourceMgrDiagnosticHandler mlirDiagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadProgram(inputFilename, context, sourceMgr, root);
  if (!module)
    return 1;

  attnc::PlanOptions plan{attnc::plan::stringifyTarget(target).str(), tileQ,
                          tileK, chunk};
  if (failed(runPipeline(*module, root, emit == Emit::MLIR ? nullptr : &plan)))
    return 1;

  std::string error;
  auto output = mlir::openOutputFile(outputFilename, &error);
  if (!output)
    return fail(error);
  mlir::TimingScope printTiming = root.nest("Output");
  if (emit == Emit::Cpp) {
    // One variant per unit, as for CUDA: each unit carries the CPU library.
    Expected<attnc::attn::VariantOp> variant =
        attnc::selectVariant(*module, {emitVariant, "file", "with --variant"});
    if (!variant)
      return fail(toString(variant.takeError()));
    Expected<std::string> source = attnc::emitCpp(*variant);
    if (!source)
      return fail(toString(source.takeError()));
    output->os() << *source;
  } else if (emit == Emit::CUDA || emit == Emit::Cubin) {
    Expected<attnc::attn::VariantOp> variant =
        attnc::selectVariant(*module, {emitVariant, "file", "with --variant"});
    if (!variant)
      return fail(toString(variant.takeError()));
    StringRef arch = attnc::plan::stringifyTarget(target);
    Expected<std::string> source = attnc::emitCuda(*variant, arch);
    if (!source)
      return fail(toString(source.takeError()));
    if (emit == Emit::CUDA) {
      output->os() << *source;
    } else {
      attnc::runtime::Cubin cubin;
      std::string error;
      if (!attnc::runtime::compileCubin(*source, arch.str(), cubin, error))
        return fail(error);
      errs() << "attnc: " << cubin.arch << " cubin of " << cubin.image.size()
             << " bytes "
             << (cubin.cacheHit ? "from the kernel cache" : "compiled by NVRTC")
             << "\n";
      output->os() << cubin.image;
    }
  } else {
    module->print(output->os());
  }
  output->keep();
  return 0;
}
