//===- Lexer.cpp - tokens of the .attn language ---------------------------===//

#include "frontends/attn/Lexer.h"

#include "llvm/ADT/StringSwitch.h"

#include <cctype>

using namespace attnc::lang;

const char *attnc::lang::spell(Tok kind) {
  switch (kind) {
  case Tok::Eof:
    return "end of file";
  case Tok::Newline:
    return "end of line";
  case Tok::Ident:
    return "identifier";
  case Tok::Number:
    return "number";
  case Tok::KwAttention:
    return "'attention'";
  case Tok::KwReturn:
    return "'return'";
  case Tok::LParen:
    return "'('";
  case Tok::RParen:
    return "')'";
  case Tok::LBrace:
    return "'{'";
  case Tok::RBrace:
    return "'}'";
  case Tok::LBracket:
    return "'['";
  case Tok::RBracket:
    return "']'";
  case Tok::Comma:
    return "','";
  case Tok::Colon:
    return "':'";
  case Tok::Assign:
    return "'='";
  case Tok::Arrow:
    return "'->'";
  case Tok::Plus:
    return "'+'";
  case Tok::Minus:
    return "'-'";
  case Tok::Star:
    return "'*'";
  case Tok::Slash:
    return "'/'";
  case Tok::SlashSlash:
    return "'//'";
  case Tok::Percent:
    return "'%'";
  case Tok::At:
    return "'@'";
  case Tok::Amp:
    return "'&'";
  case Tok::Pipe:
    return "'|'";
  case Tok::Bang:
    return "'!'";
  case Tok::Lt:
    return "'<'";
  case Tok::Le:
    return "'<='";
  case Tok::Gt:
    return "'>'";
  case Tok::Ge:
    return "'>='";
  case Tok::EqEq:
    return "'=='";
  case Tok::Ne:
    return "'!='";
  case Tok::Error:
    return "invalid character";
  }
  return "token";
}

Token Lexer::lexNumber(const char *start) {
  while (cur_ < end_ && std::isdigit(static_cast<unsigned char>(*cur_)))
    ++cur_;
  if (cur_ < end_ && *cur_ == '.') {
    ++cur_;
    while (cur_ < end_ && std::isdigit(static_cast<unsigned char>(*cur_)))
      ++cur_;
  }
  if (cur_ < end_ && (*cur_ == 'e' || *cur_ == 'E')) {
    const char *mark = cur_++;
    if (cur_ < end_ && (*cur_ == '+' || *cur_ == '-'))
      ++cur_;
    if (cur_ < end_ && std::isdigit(static_cast<unsigned char>(*cur_))) {
      while (cur_ < end_ && std::isdigit(static_cast<unsigned char>(*cur_)))
        ++cur_;
    } else {
      cur_ = mark; // `2e` is the number 2 followed by an identifier.
    }
  }
  return make(Tok::Number, start);
}

Token Lexer::next() {
  while (cur_ < end_) {
    char c = *cur_;
    if (c == '#') {
      while (cur_ < end_ && *cur_ != '\n' && *cur_ != '\r')
        ++cur_;
      continue;
    }
    // A line ends at \n, \r\n or a lone \r.
    if ((c == '\n' || c == '\r') && depth_ == 0) {
      const char *start = cur_++;
      if (c == '\r' && cur_ < end_ && *cur_ == '\n')
        ++cur_;
      return make(Tok::Newline, start);
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++cur_;
      continue;
    }
    break;
  }
  if (cur_ >= end_)
    return {Tok::Eof, llvm::StringRef(end_, 0)};

  const char *start = cur_;
  char c = *cur_++;
  if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
    while (cur_ < end_ &&
           (std::isalnum(static_cast<unsigned char>(*cur_)) || *cur_ == '_'))
      ++cur_;
    llvm::StringRef text(start, cur_ - start);
    Tok kind = llvm::StringSwitch<Tok>(text)
                   .Case("attention", Tok::KwAttention)
                   .Case("return", Tok::KwReturn)
                   .Default(Tok::Ident);
    return {kind, text};
  }
  if (std::isdigit(static_cast<unsigned char>(c)) ||
      (c == '.' && cur_ < end_ &&
       std::isdigit(static_cast<unsigned char>(*cur_))))
    return lexNumber(start);

  auto twoChar = [&](char second, Tok two, Tok one) {
    if (cur_ < end_ && *cur_ == second) {
      ++cur_;
      return make(two, start);
    }
    return make(one, start);
  };
  switch (c) {
  case ';':
    return make(Tok::Newline, start);
  case '(':
    return make(Tok::LParen, start);
  case ')':
    return make(Tok::RParen, start);
  case '{':
    return make(Tok::LBrace, start);
  case '}':
    return make(Tok::RBrace, start);
  case '[':
    return make(Tok::LBracket, start);
  case ']':
    return make(Tok::RBracket, start);
  case ',':
    return make(Tok::Comma, start);
  case ':':
    return make(Tok::Colon, start);
  case '+':
    return make(Tok::Plus, start);
  case '*':
    return make(Tok::Star, start);
  case '/':
    return twoChar('/', Tok::SlashSlash, Tok::Slash);
  case '%':
    return make(Tok::Percent, start);
  case '@':
    return make(Tok::At, start);
  case '-':
    return twoChar('>', Tok::Arrow, Tok::Minus);
  case '=':
    return twoChar('=', Tok::EqEq, Tok::Assign);
  case '<':
    return twoChar('=', Tok::Le, Tok::Lt);
  case '>':
    return twoChar('=', Tok::Ge, Tok::Gt);
  case '!':
    return twoChar('=', Tok::Ne, Tok::Bang);
  case '&':
    if (cur_ < end_ && *cur_ == '&')
      ++cur_;
    return make(Tok::Amp, start);
  case '|':
    if (cur_ < end_ && *cur_ == '|')
      ++cur_;
    return make(Tok::Pipe, start);
  default:
    break;
  }
  // A non-ASCII character is one error, not one per UTF-8 byte.
  bool ascii = static_cast<unsigned char>(c) < 0x80;
  if (!ascii)
    while (cur_ < end_ && (static_cast<unsigned char>(*cur_) & 0xC0) == 0x80)
      ++cur_;
  Token bad = make(Tok::Error, start);
  diags_.error(bad.range(),
               "unexpected character '" + bad.text + "'" +
                   (ascii ? "" : " (programs are ASCII outside comments)"));
  return bad;
}
