//===- Manifest.h - what an emitted CUDA unit needs to run ------*- C++ -*-===//
//
// The CUDA emitter writes, as `//@ ` comment lines at the top of every
// unit, what the runtime needs to check arguments and launch kernels
// (abi/ManifestWriter.h writes them, this header reads them):
//
//   //@ attnc-cuda 4                      format version
//   //@ arch sm_80                        what the unit compiles for
//   //@ variant NAME
//   //@ split S tiles EXPR                   a split-KV count, sS (below)
//   //@ tensor I input DTYPE RANK DIM... NAME   DIM: a size, ?, or =SYMBOL
//   //@ tensor I result DTYPE RANK EXPR...      a computed tensor
//   //@ tensor I scratch sS DTYPE RANK EXPR...  workspace of split S, only
//                                               there when sS > 1
//   //@ kernel ENTRY NAME grid X Y Z threads T smem BYTES [split S] [if sS]
//   //@ check tA.D tB.E CODE                   dims that must be equal
//   //@ divides tA.D tB.E CODE                 tA.D must divide tB.E
//   //@ atmost tA.D tB.E CODE                  tA.D <= tB.E
//   //@ return I                                one per variant result
//   //@ error CODE MESSAGE                      device and check messages
//
// Kernels launch in order. Each grid dim X, Y, Z and each EXPR is a
// product of factors separated by '*', a factor being a size, tJ.D (tensor
// J's dim D), sS, or any of them over /K (rounded up): `t0.2/64*2` is
// ceil(N / 64) * 2 for q = tensor 0. Tensors are numbered as the kernels'
// AttncArgs.
//
// Split-KV: the kernel marked `split S` splits its key tiles into sS parts
// (its grid multiplies by sS); the runtime picks sS at each launch from
// that kernel's grid at sS = 1, its occupancy and the SM count
// (chooseSplits), at most `tiles` (the key tiles of the longest row).
// Kernels marked `if sS` (the combine) run and scratch tensors of split S
// are allocated only when sS > 1; with sS = 1 the split kernel writes its
// results directly.
//
// Free-form text (NAME, ENTRY, SYMBOL, MESSAGE) is escaped: a backslash,
// each control character and DEL is written `\xHH`; in a word (every field
// but MESSAGE) so is a space, and an empty word is written `-` (a word
// `-` itself `\x2d`). No text can end a line or the comment early.
//
// The arch is `sm_XY` or `sm_XYa` (arch-specific features, e.g. sm_90a);
// the runtime compiles for it and refuses a GPU that cannot run it
// (runtime::cubinArchFor). Plain C++17, no LLVM: codegen and the runtime
// both link it.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_ABI_MANIFEST_H
#define ATTNC_ABI_MANIFEST_H

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace attnc::abi {

/// The manifest format version this attnc writes and reads.
constexpr int kManifestVersion = 4;

enum class DType { F32, F16, BF16, I32, I64, F64, I8 };

/// The manifest's name of a dtype ("bf16", ...), and back (false if none).
const char *dtypeName(DType t);
bool parseDType(const std::string &name, DType &t);
/// Bytes per element.
int dtypeBytes(DType t);

/// One factor of a size expression: `size`, tensor `tensor`'s dim `dim`
/// (when tensor >= 0) or split count `split` (when split >= 0), divided by
/// `div` rounding up.
struct GridFactor {
  int tensor = -1, dim = 0, split = -1;
  int64_t size = 1, div = 1;
};
/// A product of factors.
using SizeExpr = std::vector<GridFactor>;

/// A dim of a tensor's shape.
struct DimSpec {
  enum Kind { Static, Any, Symbol, Computed } kind = Any;
  int64_t size = 0;   // Static
  std::string symbol; // Symbol
  SizeExpr expr;      // Computed
};

struct TensorSpec {
  bool input = true;
  int scratchOf = -1; // the split whose workspace this is (-1: none)
  DType dtype = DType::F32;
  std::vector<DimSpec> dims;
  std::string name; // inputs
};

struct KernelSpec {
  std::string entry, name;
  SizeExpr grid[3];
  int threads = 128, smem = 0;
  int splits = -1; // the split count this kernel's key tiles divide by
  int onlyIf = -1; // launched only when this split count is over 1
};

struct SplitSpec {
  SizeExpr tiles;  // the most key tiles a row has: the largest useful count
  int kernel = -1; // the kernel marked `split S`
};

struct CheckSpec {
  int a = 0, da = 0, b = 0, db = 0, code = 0;
  enum Kind { Equal, Divides, AtMost } kind = Equal;
};

struct Manifest {
  std::string arch; // sm_80, sm_90a, ...
  std::string variant;
  std::vector<TensorSpec> tensors;
  std::vector<KernelSpec> kernels;
  std::vector<SplitSpec> splits;
  std::vector<CheckSpec> checks;
  std::vector<int> results;
  std::vector<std::string> errors; // errors[code - 1]

  int numInputs() const;
  /// The message of a device error code.
  std::string errorMessage(int code) const;
};

/// Every tensor's shape, dims past its rank 1.
using Shapes = std::vector<std::array<int64_t, 4>>;

/// The value of a size expression (a grid dim, a dim) for tensors of the
/// given shapes and the given split counts (null: every count is 1).
int64_t gridDim(const SizeExpr &dim, const Shapes &shapes,
                const int64_t *splits = nullptr);

/// How many parts to split the key tiles of a kernel into: `blocks` is its
/// grid at one part, `tiles` the most key tiles a row has, `capacity` the
/// blocks the GPU runs at once (SMs x resident blocks per SM). One when
/// the grid fills the GPU; else the fewest parts (each with >= 2 tiles,
/// at most 64) whose last wave is nearly as full as the best count's.
int64_t chooseSplits(int64_t blocks, int64_t tiles, int64_t capacity);

/// A CUDA architecture as a manifest names it: `sm_<major><minor>`, with
/// `a` when it uses arch-specific features (which run only on exactly that
/// compute capability).
struct CudaArch {
  int major = 0, minor = 0;
  bool specific = false;
};
/// Parses "sm_80", "sm_90a", "sm_100a"...; false if `name` is not one.
bool parseCudaArch(const std::string &name, CudaArch &arch);

/// The text of `text` escaped for a manifest line (see the top of this
/// file): as a word (no spaces; empty is `-`) or as a message (the rest of
/// a line).
std::string escapeManifestWord(const std::string &text);
std::string escapeManifestMessage(const std::string &text);
/// The inverses; false if `text` has a malformed escape.
bool unescapeManifestWord(const std::string &text, std::string &out);
bool unescapeManifestMessage(const std::string &text, std::string &out);

/// Parses a size expression (`t0.2/64*s0`); false if malformed.
bool parseSizeExpr(const std::string &text, SizeExpr &expr);
/// Parses a dim reference `tJ.D`; false if malformed.
bool parseDimRef(const std::string &text, int &tensor, int &dim);

/// Reads the manifest at the top of `source`; false with `error` set if it
/// is missing or malformed.
bool parseManifest(const std::string &source, Manifest &manifest,
                   std::string &error);

} // namespace attnc::abi

#endif // ATTNC_ABI_MANIFEST_H
