//===- Diagnostics.h - error reporting for the .attn frontend ---*- C++ -*-===//
//
// Errors print as `file:line:col: error: message`, followed by the source line
// with the offending span underlined (llvm::SourceMgr does the rendering).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_FRONTENDS_ATTN_DIAGNOSTICS_H
#define ATTNC_FRONTENDS_ATTN_DIAGNOSTICS_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace attnc::lang {

class Diagnostics {
public:
  Diagnostics(llvm::SourceMgr &sourceMgr, llvm::raw_ostream &os)
      : sourceMgr_(sourceMgr), os_(os) {}

  /// Reports an error. After kMaxErrors, further errors are dropped (and
  /// not counted): the count printed at the end is what was shown.
  void error(llvm::SMRange range, const llvm::Twine &message) {
    if (errors_ >= kMaxErrors)
      return;
    ++errors_;
    sourceMgr_.PrintMessage(os_, range.Start, llvm::SourceMgr::DK_Error,
                            message, {range});
    if (errors_ == kMaxErrors)
      os_ << "attnc: too many errors, stopping here\n";
  }
  void note(llvm::SMRange range, const llvm::Twine &message) {
    if (errors_ >= kMaxErrors)
      return;
    sourceMgr_.PrintMessage(os_, range.Start, llvm::SourceMgr::DK_Note, message,
                            {range});
  }

  unsigned errorCount() const { return errors_; }
  bool hadError() const { return errors_ != 0; }
  /// True once the error limit is reached: callers may stop early.
  bool tooMany() const { return errors_ >= kMaxErrors; }
  llvm::SourceMgr &sourceMgr() { return sourceMgr_; }

private:
  static constexpr unsigned kMaxErrors = 20;
  llvm::SourceMgr &sourceMgr_;
  llvm::raw_ostream &os_;
  unsigned errors_ = 0;
};

} // namespace attnc::lang

#endif // ATTNC_FRONTENDS_ATTN_DIAGNOSTICS_H
