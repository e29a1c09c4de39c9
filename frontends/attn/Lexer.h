//===- Lexer.h - tokens of the .attn language -------------------*- C++ -*-===//

#ifndef ATTNC_FRONTENDS_ATTN_LEXER_H
#define ATTNC_FRONTENDS_ATTN_LEXER_H

#include "frontends/attn/Diagnostics.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

namespace attnc::lang {

enum class Tok {
  Eof,
  Newline, // statement separator: end of line (outside brackets) or ';'
  Ident,
  Number,
  KwAttention,
  KwReturn,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Assign,
  Arrow,
  Plus,
  Minus,
  Star,
  Slash,
  SlashSlash,
  Percent,
  At,
  Amp,
  Pipe,
  Bang,
  Lt,
  Le,
  Gt,
  Ge,
  EqEq,
  Ne,
  Error,
};

struct Token {
  Tok kind = Tok::Eof;
  llvm::StringRef text;
  llvm::SMRange range() const {
    return {llvm::SMLoc::getFromPointer(text.begin()),
            llvm::SMLoc::getFromPointer(text.end())};
  }
};

/// Splits a buffer into tokens. `#` starts a comment to the end of the line.
/// Newlines inside (), [] are not statement separators.
class Lexer {
public:
  Lexer(llvm::StringRef buffer, Diagnostics &diags)
      : cur_(buffer.begin()), end_(buffer.end()), diags_(diags) {}

  Token next();
  /// Bracket depth tracking: the parser tells the lexer when it enters and
  /// leaves () or [], where newlines do not end statements.
  void enterBracket() { ++depth_; }
  void leaveBracket() {
    if (depth_)
      --depth_;
  }

private:
  Token make(Tok kind, const char *start) {
    return {kind, llvm::StringRef(start, cur_ - start)};
  }
  Token lexNumber(const char *start);

  const char *cur_;
  const char *end_;
  Diagnostics &diags_;
  unsigned depth_ = 0;
};

const char *spell(Tok kind);

} // namespace attnc::lang

#endif // ATTNC_FRONTENDS_ATTN_LEXER_H
