//===- ManifestWriter.h - write a CUDA unit's manifest ----------*- C++ -*-===//
//
// Writes the `//@ ` lines abi/Manifest.h reads, one call per line, in the
// order of the calls (the CUDA emitter interleaves tensors, checks and
// kernels as it meets them). Every free-form string is escaped, so no
// name or message can end a line or inject one; size expressions and dim
// references are checked against the parser's grammar. A malformed
// argument is an emitter bug: the line is still written, and problem()
// names the first one.
//
// Plain C++17, no LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_ABI_MANIFESTWRITER_H
#define ATTNC_ABI_MANIFESTWRITER_H

#include "abi/Manifest.h"

#include <string>
#include <vector>

namespace attnc::abi {

class ManifestWriter {
public:
  /// `//@ attnc-cuda <kManifestVersion>` and `//@ arch ARCH`, the unit's
  /// first lines.
  void header(const std::string &arch);
  /// `//@ variant NAME`.
  void variant(const std::string &name);
  /// `//@ split S tiles EXPR`: splits are numbered from 0 in order.
  void split(int index, const std::string &tiles);
  /// `//@ tensor I input DTYPE RANK DIM... NAME`: `dtype` a manifest
  /// name (f32, bf16...); each dim Static, Any or Symbol.
  void input(int index, const std::string &dtype,
             const std::vector<DimSpec> &dims, const std::string &name);
  /// `//@ tensor I result DTYPE RANK EXPR...`: `dims` is `rank` size
  /// expressions separated by single spaces.
  void result(int index, const std::string &dtype, int rank,
              const std::string &dims);
  /// `//@ tensor I scratch sS DTYPE RANK EXPR...`.
  void scratch(int index, int split, const std::string &dtype, int rank,
               const std::string &dims);
  /// `//@ kernel ENTRY NAME grid X Y Z threads T smem B [split S] [if sS]`:
  /// `grid` is three size expressions separated by single spaces; `split`
  /// and `onlyIf` are left out when negative.
  void kernel(const std::string &entry, const std::string &name,
              const std::string &grid, int threads, int smem, int split = -1,
              int onlyIf = -1);
  /// `//@ check|divides|atmost tA.D tB.E CODE`.
  void check(CheckSpec::Kind kind, const std::string &a, const std::string &b,
             int code);
  /// `//@ return I`.
  void ret(int tensor);
  /// `//@ error CODE MESSAGE`: codes are numbered from 1 in order.
  void error(int code, const std::string &message);

  /// The lines written so far.
  const std::string &text() const { return text_; }
  /// The first malformed argument, as a sentence; empty if none.
  const std::string &problem() const { return problem_; }

private:
  void line(const std::string &s) { text_ += "//@ " + s + "\n"; }
  /// Checks `text` is `count` size expressions separated by single spaces.
  void checkExprs(const std::string &what, const std::string &text, int count);
  void checkDType(const std::string &dtype);
  void fail(const std::string &why);

  std::string text_, problem_;
};

/// The text of a size expression (`t0.2/64*s0`).
std::string printSizeExpr(const SizeExpr &expr);

/// The manifest of `m` in canonical order (header, variant, splits,
/// tensors, kernels, checks, returns, errors): parseManifest reads it back
/// to `m`. Empty with `problem` set if `m` cannot be written.
std::string printManifest(const Manifest &m, std::string &problem);

} // namespace attnc::abi

#endif // ATTNC_ABI_MANIFESTWRITER_H
