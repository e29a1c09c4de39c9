//===- Diagnostics.h - error reporting for the .attn frontend ---*- C++ -*-===//
//
// Errors print as `file:line:col: error: message`, followed by the source line
// with the offending span underlined (llvm::SMDiagnostic does the rendering).
//
// Lines end at "\n", "\r\n" or a lone "\r" (old Mac files), for the lexer and
// for the line numbers here alike. Nothing from the source reaches the
// terminal raw: control bytes in a message or a file name print as \xNN, and
// in the echoed source line as '?' (one column each, so the underline stays
// aligned).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_FRONTENDS_ATTN_DIAGNOSTICS_H
#define ATTNC_FRONTENDS_ATTN_DIAGNOSTICS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace attnc::lang {

/// True for the bytes a terminal may interpret: C0 controls but tab, DEL.
inline bool isControlByte(unsigned char c) {
  return (c < 0x20 && c != '\t') || c == 0x7f;
}

/// `text` with control bytes (and tabs) written as \xNN: safe to print.
inline std::string escapeControlBytes(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (isControlByte(c) || c == '\t') {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

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
    print(range, llvm::SourceMgr::DK_Error, message);
    if (errors_ == kMaxErrors)
      os_ << "attnc: too many errors, stopping here\n";
  }
  void note(llvm::SMRange range, const llvm::Twine &message) {
    if (errors_ >= kMaxErrors)
      return;
    print(range, llvm::SourceMgr::DK_Note, message);
  }

  unsigned errorCount() const { return errors_; }
  bool hadError() const { return errors_ != 0; }
  /// True once the error limit is reached: callers may stop early.
  bool tooMany() const { return errors_ >= kMaxErrors; }
  llvm::SourceMgr &sourceMgr() { return sourceMgr_; }

  /// The 1-based line and column of `loc` in buffer `bufferId` (a line ends
  /// at \n, \r\n or \r).
  std::pair<unsigned, unsigned> lineAndColumn(llvm::SMLoc loc,
                                              unsigned bufferId) {
    const std::vector<const char *> &starts = lineStarts(bufferId);
    const char *p = loc.getPointer();
    auto it = std::upper_bound(starts.begin(), starts.end(), p);
    unsigned line = static_cast<unsigned>(it - starts.begin());
    return {line, static_cast<unsigned>(p - starts[line - 1]) + 1};
  }

private:
  const std::vector<const char *> &lineStarts(unsigned bufferId) {
    if (bufferId == linesOf_)
      return lines_;
    const llvm::MemoryBuffer *buffer = sourceMgr_.getMemoryBuffer(bufferId);
    const char *begin = buffer->getBufferStart(), *end = buffer->getBufferEnd();
    lines_.assign(1, begin);
    for (const char *c = begin; c < end; ++c)
      if (*c == '\n' || (*c == '\r' && (c + 1 == end || c[1] != '\n')))
        lines_.push_back(c + 1);
    linesOf_ = bufferId;
    return lines_;
  }

  void print(llvm::SMRange range, llvm::SourceMgr::DiagKind kind,
             const llvm::Twine &message) {
    std::string text = escapeControlBytes(message.str());
    unsigned id = sourceMgr_.FindBufferContainingLoc(range.Start);
    if (!id) {
      sourceMgr_.PrintMessage(os_, range.Start, kind, text);
      return;
    }
    const llvm::MemoryBuffer *buffer = sourceMgr_.getMemoryBuffer(id);
    const char *begin = buffer->getBufferStart(), *end = buffer->getBufferEnd();
    const char *p = range.Start.getPointer();
    const char *lineStart = p, *lineEnd = p;
    while (lineStart > begin && lineStart[-1] != '\n' && lineStart[-1] != '\r')
      --lineStart;
    while (lineEnd < end && *lineEnd != '\n' && *lineEnd != '\r')
      ++lineEnd;
    std::string line(lineStart, lineEnd);
    for (size_t n = 0; n < line.size(); ++n) {
      unsigned char c = static_cast<unsigned char>(line[n]);
      if (isControlByte(c))
        line[n] = '?';
      // C1 controls in UTF-8 (U+0080..U+009F): two bytes, two columns.
      if (c == 0xc2 && n + 1 < line.size() &&
          (static_cast<unsigned char>(line[n + 1]) & 0xe0) == 0x80)
        line[n] = line[n + 1] = '?';
    }
    llvm::SmallVector<std::pair<unsigned, unsigned>, 1> ranges;
    if (range.End.isValid() && range.End.getPointer() >= lineStart &&
        range.Start.getPointer() <= lineEnd) {
      const char *s = std::max(range.Start.getPointer(), lineStart);
      const char *e = std::min(range.End.getPointer(), lineEnd);
      ranges.push_back({static_cast<unsigned>(s - lineStart),
                        static_cast<unsigned>(e - lineStart)});
    }
    unsigned line1 = lineAndColumn(range.Start, id).first;
    llvm::SMDiagnostic diagnostic(
        sourceMgr_, range.Start,
        escapeControlBytes(buffer->getBufferIdentifier()), line1,
        static_cast<int>(p - lineStart), kind, text, line, ranges);
    sourceMgr_.PrintMessage(os_, diagnostic);
  }

  static constexpr unsigned kMaxErrors = 20;
  llvm::SourceMgr &sourceMgr_;
  llvm::raw_ostream &os_;
  unsigned errors_ = 0;
  std::vector<const char *> lines_;
  unsigned linesOf_ = 0;
};

} // namespace attnc::lang

#endif // ATTNC_FRONTENDS_ATTN_DIAGNOSTICS_H
