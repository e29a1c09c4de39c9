//===- Parser.cpp - parser of the .attn language --------------------------===//
//
// Recursive descent over the grammar in docs/language.md. Precedence, low to
// high: `|`, `&`, comparisons, `+ -`, `* / // % @`, unary `- !`, postfix
// (calls, indexing).
//
//===----------------------------------------------------------------------===//

#include "frontends/attn/Parser.h"
#include "frontends/attn/Lexer.h"

#include "llvm/ADT/StringExtras.h"

#include <cstdlib>

using namespace attnc::lang;
using llvm::SMLoc;
using llvm::SMRange;

namespace {

/// Thrown-free error propagation: a failed parse returns null and the caller
/// recovers at the statement level.
class Parser {
public:
  Parser(Diagnostics &diags)
      : diags_(diags),
        lexer_(diags.sourceMgr()
                   .getMemoryBuffer(diags.sourceMgr().getMainFileID())
                   ->getBuffer(),
               diags) {
    advance();
  }

  Program parse();

private:
  void advance() { tok_ = lexer_.next(); }
  bool at(Tok kind) const { return tok_.kind == kind; }
  bool consume(Tok kind) {
    if (!at(kind))
      return false;
    advance();
    return true;
  }
  /// Consumes an opening bracket. The lexer enters the bracket first, so
  /// that a line break right after it does not end the statement.
  bool consumeOpen(Tok kind) {
    if (!at(kind))
      return false;
    lexer_.enterBracket();
    advance();
    return true;
  }
  bool expect(Tok kind, llvm::StringRef context) {
    if (consume(kind))
      return true;
    errorAtToken(llvm::Twine("expected ") + spell(kind) + " " + context +
                 ", got " + describe(tok_));
    return false;
  }
  static std::string describe(const Token &tok) {
    if (tok.kind == Tok::Ident || tok.kind == Tok::Number)
      return "'" + tok.text.str() + "'";
    return spell(tok.kind);
  }
  /// Reports an error at the current token, unless the lexer already
  /// reported that token as invalid.
  void errorAtToken(const llvm::Twine &message) {
    if (!at(Tok::Error))
      diags_.error(tok_.range(), message);
  }
  /// After an error inside a shape: skips past its closing ']'.
  void skipShape() {
    while (!at(Tok::RBracket) && !at(Tok::RParen) && !at(Tok::LBrace) &&
           !at(Tok::Eof))
      advance();
    lexer_.leaveBracket();
    consume(Tok::RBracket);
  }
  void skipNewlines() {
    while (at(Tok::Newline))
      advance();
  }
  /// Skips to the end of the current statement (or a closing brace).
  void recover() {
    while (!at(Tok::Newline) && !at(Tok::RBrace) && !at(Tok::Eof))
      advance();
  }

  bool parseAttention(Attention &attention);
  bool parseParam(Param &param);
  bool parseStatement(Stmt &stmt);

  ExprPtr parseExpr() { return parseOr(); }
  ExprPtr parseOr();
  ExprPtr parseAnd();
  ExprPtr parseComparison();
  ExprPtr parseAdditive();
  ExprPtr parseMultiplicative();
  ExprPtr parseUnary();
  ExprPtr parseUnaryNested();
  ExprPtr parsePostfix();
  ExprPtr parsePrimary();
  bool parseCallArgs(Expr &call);

  ExprPtr binary(std::string op, ExprPtr lhs, ExprPtr rhs) {
    // Chains (a + b + c + ...) nest without recursion here but not in the
    // passes over the tree: bound their depth like nesting.
    unsigned depth = std::max(lhs->depth, rhs->depth) + 1;
    if (depth > kMaxDepth) {
      diags_.error(SMRange(lhs->range.Start, rhs->range.End),
                   "expression nested too deeply (more than " +
                       llvm::Twine(kMaxDepth) + " levels)");
      return nullptr;
    }
    auto e = std::make_unique<Expr>(ExprKind::Binary,
                                    SMRange(lhs->range.Start, rhs->range.End));
    e->depth = depth;
    e->name = std::move(op);
    e->operands.push_back(std::move(lhs));
    e->operands.push_back(std::move(rhs));
    return e;
  }

  Diagnostics &diags_;
  Lexer lexer_;
  Token tok_;
  /// A primary already consumed by one-token lookahead (see parseCallArgs).
  ExprPtr pending_;
  /// Expression nesting depth, bounded so that no input exhausts the stack.
  static constexpr unsigned kMaxDepth = 200;
  unsigned depth_ = 0;
};

} // namespace

Program Parser::parse() {
  Program program;
  skipNewlines();
  while (!at(Tok::Eof)) {
    if (!at(Tok::KwAttention)) {
      errorAtToken("expected 'attention' to start a variant, got " +
                   describe(tok_));
      // Skip to the next `attention` keyword.
      while (!at(Tok::Eof) && !at(Tok::KwAttention))
        advance();
      continue;
    }
    Attention attention;
    if (parseAttention(attention))
      program.attentions.push_back(std::move(attention));
    skipNewlines();
  }
  return program;
}

// attention NAME '(' params ')' '{' stmts '}'
bool Parser::parseAttention(Attention &attention) {
  attention.loc = tok_.range().Start;
  advance(); // 'attention'
  if (!at(Tok::Ident)) {
    expect(Tok::Ident, "after 'attention' (the variant's name)");
    while (!at(Tok::Eof) && !at(Tok::KwAttention))
      advance();
    return false;
  }
  attention.name = tok_.text.str();
  attention.nameRange = tok_.range();
  advance();

  bool ok = true;
  if (consumeOpen(Tok::LParen)) {
    if (!at(Tok::RParen)) {
      do {
        Param param;
        if (!parseParam(param)) {
          ok = false;
          // Skip the rest of this parameter, shape included.
          int nest = 0;
          while (!at(Tok::Eof) && !at(Tok::LBrace)) {
            if (at(Tok::LBracket))
              ++nest;
            else if (at(Tok::RBracket))
              --nest;
            else if (nest <= 0 && (at(Tok::Comma) || at(Tok::RParen)))
              break;
            advance();
          }
          continue;
        }
        attention.params.push_back(std::move(param));
      } while (consume(Tok::Comma));
    }
    lexer_.leaveBracket();
    if (!expect(Tok::RParen, "to close the parameter list"))
      ok = false;
  } else {
    expect(Tok::LParen, "to open the parameter list");
    ok = false;
  }
  // The body may start on the next line.
  skipNewlines();
  if (!at(Tok::LBrace)) {
    if (ok)
      errorAtToken("expected '{' to open the body, got " + describe(tok_));
    // Resynchronise on the body.
    while (!at(Tok::LBrace) && !at(Tok::Eof) && !at(Tok::KwAttention))
      advance();
    if (!at(Tok::LBrace))
      return false;
    ok = false;
  }
  advance(); // '{'

  skipNewlines();
  while (!at(Tok::RBrace) && !at(Tok::Eof) && !at(Tok::KwAttention)) {
    Stmt stmt;
    if (parseStatement(stmt)) {
      attention.body.push_back(std::move(stmt));
    } else {
      ok = false;
      recover();
    }
    skipNewlines();
  }
  if (!expect(Tok::RBrace, "to close the body of '" + attention.name + "'"))
    return false;
  return ok;
}

// NAME ':' DTYPE ('[' dims ']')?
bool Parser::parseParam(Param &param) {
  if (!at(Tok::Ident))
    return expect(Tok::Ident, "(a parameter name)");
  param.name = tok_.text.str();
  param.range = tok_.range();
  advance();
  if (!expect(Tok::Colon, "after the parameter name"))
    return false;
  if (!at(Tok::Ident))
    return expect(Tok::Ident, "(an element type such as bf16 or f32)");
  param.dtype = tok_.text.str();
  param.dtypeRange = tok_.range();
  advance();
  if (!consumeOpen(Tok::LBracket))
    return true; // a rank-0 tensor
  if (!at(Tok::RBracket)) {
    do {
      Dim dim;
      dim.range = tok_.range();
      if (at(Tok::Ident)) {
        dim.symbol = tok_.text.str();
      } else if (at(Tok::Number) && llvm::all_of(tok_.text, llvm::isDigit)) {
        if (tok_.text.getAsInteger(10, dim.size) || dim.size <= 0) {
          diags_.error(tok_.range(), "a dimension size must be a positive "
                                     "integer, got " +
                                         tok_.text);
          skipShape();
          return false;
        }
      } else {
        errorAtToken("expected a dimension (a name such as N or a positive "
                     "integer), got " +
                     describe(tok_));
        skipShape();
        return false;
      }
      advance();
      param.dims.push_back(std::move(dim));
    } while (consume(Tok::Comma));
  }
  lexer_.leaveBracket();
  return expect(Tok::RBracket, "to close the shape");
}

// NAME (',' NAME)* '=' expr  |  'return' expr (',' expr)*
bool Parser::parseStatement(Stmt &stmt) {
  SMLoc start = tok_.range().Start;
  if (consume(Tok::KwReturn)) {
    stmt.kind = StmtKind::Return;
    do {
      ExprPtr value = parseExpr();
      if (!value)
        return false;
      stmt.values.push_back(std::move(value));
    } while (consume(Tok::Comma));
  } else {
    stmt.kind = StmtKind::Assign;
    do {
      if (!at(Tok::Ident)) {
        errorAtToken("expected a statement (NAME = expression or return "
                     "...), got " +
                     describe(tok_));
        return false;
      }
      stmt.targets.push_back(tok_.text.str());
      stmt.targetRanges.push_back(tok_.range());
      advance();
    } while (consume(Tok::Comma));
    if (!expect(Tok::Assign, "in an assignment"))
      return false;
    ExprPtr value = parseExpr();
    if (!value)
      return false;
    stmt.values.push_back(std::move(value));
  }
  stmt.range = SMRange(start, stmt.values.back()->range.End);
  if (!at(Tok::Newline) && !at(Tok::RBrace) && !at(Tok::Eof)) {
    errorAtToken("expected the end of the statement, got " + describe(tok_));
    return false;
  }
  return true;
}

ExprPtr Parser::parseOr() {
  ExprPtr lhs = parseAnd();
  while (lhs && at(Tok::Pipe)) {
    advance();
    ExprPtr rhs = parseAnd();
    if (!rhs)
      return nullptr;
    lhs = binary("|", std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseAnd() {
  ExprPtr lhs = parseComparison();
  while (lhs && at(Tok::Amp)) {
    advance();
    ExprPtr rhs = parseComparison();
    if (!rhs)
      return nullptr;
    lhs = binary("&", std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseComparison() {
  ExprPtr lhs = parseAdditive();
  if (!lhs)
    return nullptr;
  if (at(Tok::Lt) || at(Tok::Le) || at(Tok::Gt) || at(Tok::Ge) ||
      at(Tok::EqEq) || at(Tok::Ne)) {
    std::string op = tok_.text.str();
    advance();
    ExprPtr rhs = parseAdditive();
    if (!rhs)
      return nullptr;
    lhs = binary(op, std::move(lhs), std::move(rhs));
    if (at(Tok::Lt) || at(Tok::Le) || at(Tok::Gt) || at(Tok::Ge) ||
        at(Tok::EqEq) || at(Tok::Ne)) {
      diags_.error(tok_.range(), "comparisons do not chain; combine them "
                                 "with '&' (a < b & b < c)");
      return nullptr;
    }
  }
  return lhs;
}

ExprPtr Parser::parseAdditive() {
  ExprPtr lhs = parseMultiplicative();
  while (lhs && (at(Tok::Plus) || at(Tok::Minus))) {
    std::string op = tok_.text.str();
    advance();
    ExprPtr rhs = parseMultiplicative();
    if (!rhs)
      return nullptr;
    lhs = binary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseMultiplicative() {
  ExprPtr lhs = parseUnary();
  while (lhs && (at(Tok::Star) || at(Tok::Slash) || at(Tok::SlashSlash) ||
                 at(Tok::Percent) || at(Tok::At))) {
    std::string op = tok_.text.str();
    advance();
    ExprPtr rhs = parseUnary();
    if (!rhs)
      return nullptr;
    lhs = binary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  // Every nested expression passes here: bound the recursion.
  if (depth_ >= kMaxDepth) {
    diags_.error(tok_.range(), "expression nested too deeply (more than " +
                                   llvm::Twine(kMaxDepth) + " levels)");
    return nullptr;
  }
  ++depth_;
  ExprPtr result = parseUnaryNested();
  --depth_;
  return result;
}

ExprPtr Parser::parseUnaryNested() {
  // A pending primary (see parseCallArgs) starts the expression; the current
  // token already follows it.
  if (!pending_ && (at(Tok::Minus) || at(Tok::Bang))) {
    SMLoc start = tok_.range().Start;
    std::string op = tok_.text.str();
    advance();
    ExprPtr operand = parseUnary();
    if (!operand)
      return nullptr;
    auto e = std::make_unique<Expr>(ExprKind::Unary,
                                    SMRange(start, operand->range.End));
    e->name = op;
    e->operands.push_back(std::move(operand));
    return e;
  }
  return parsePostfix();
}

ExprPtr Parser::parsePostfix() {
  ExprPtr e = parsePrimary();
  while (e && (at(Tok::LParen) || at(Tok::LBracket))) {
    if (at(Tok::LParen)) {
      if (e->kind != ExprKind::Ident) {
        diags_.error(tok_.range(), "only a name can be called");
        return nullptr;
      }
      e->kind = ExprKind::Call;
      if (!parseCallArgs(*e))
        return nullptr;
      continue;
    }
    // Indexing: value[i, j, ...]
    consumeOpen(Tok::LBracket);
    auto index = std::make_unique<Expr>(ExprKind::Index, e->range);
    index->operands.push_back(std::move(e));
    bool ok = true;
    do {
      ExprPtr sub = parseExpr();
      if (!sub) {
        ok = false;
        break;
      }
      index->operands.push_back(std::move(sub));
    } while (consume(Tok::Comma));
    lexer_.leaveBracket();
    if (!ok)
      return nullptr;
    index->range.End = tok_.range().End;
    if (!expect(Tok::RBracket, "to close the index"))
      return nullptr;
    e = std::move(index);
  }
  return e;
}

// '(' (expr | NAME '=' expr) (',' ...)* ')'
bool Parser::parseCallArgs(Expr &call) {
  consumeOpen(Tok::LParen);
  bool ok = true;
  if (!at(Tok::RParen)) {
    do {
      if (at(Tok::Ident)) {
        // Look ahead for `name =` (a keyword argument).
        Token name = tok_;
        advance();
        if (at(Tok::Assign)) {
          advance();
          ExprPtr value = parseExpr();
          if (!value) {
            ok = false;
            break;
          }
          call.kwargRanges.push_back(
              SMRange(name.range().Start, value->range.End));
          call.kwargs.emplace_back(name.text.str(), std::move(value));
          continue;
        }
        // Not a keyword argument: re-parse from the name. The lexer cannot
        // rewind, so build the primary by hand and continue the expression.
        if (!call.kwargs.empty()) {
          diags_.error(name.range(), "positional argument after a keyword "
                                     "argument");
          ok = false;
          break;
        }
        auto ident = std::make_unique<Expr>(ExprKind::Ident, name.range());
        ident->name = name.text.str();
        // Continue parsing with `ident` as the leftmost primary.
        pending_ = std::move(ident);
      } else if (!call.kwargs.empty()) {
        diags_.error(tok_.range(), "positional argument after a keyword "
                                   "argument");
        ok = false;
        break;
      }
      ExprPtr arg = parseExpr();
      if (!arg) {
        ok = false;
        break;
      }
      call.operands.push_back(std::move(arg));
    } while (consume(Tok::Comma));
  }
  lexer_.leaveBracket();
  if (!ok)
    return false;
  call.range.End = tok_.range().End;
  return expect(Tok::RParen, "to close the call to '" + call.name + "'");
}

ExprPtr Parser::parsePrimary() {
  if (pending_)
    return std::move(pending_);
  Token tok = tok_;
  switch (tok.kind) {
  case Tok::Number: {
    advance();
    auto e = std::make_unique<Expr>(ExprKind::Number, tok.range());
    e->isInteger = llvm::all_of(tok.text, llvm::isDigit);
    std::string text = tok.text.str();
    char *end = nullptr;
    e->number = std::strtod(text.c_str(), &end);
    if (e->isInteger && tok.text.getAsInteger(10, e->intValue)) {
      diags_.error(tok.range(), "integer literal too large (integers are 64 "
                                "bits: at most 9223372036854775807)");
      return nullptr;
    }
    return e;
  }
  case Tok::Ident: {
    advance();
    auto e = std::make_unique<Expr>(ExprKind::Ident, tok.range());
    e->name = tok.text.str();
    return e;
  }
  case Tok::LParen: {
    consumeOpen(Tok::LParen);
    ExprPtr inner = parseExpr();
    lexer_.leaveBracket();
    if (!inner)
      return nullptr;
    SMLoc end = tok_.range().End;
    if (!expect(Tok::RParen, "to close the parenthesis"))
      return nullptr;
    inner->range = SMRange(tok.range().Start, end);
    return inner;
  }
  case Tok::LBracket: {
    consumeOpen(Tok::LBracket);
    auto list = std::make_unique<Expr>(ExprKind::List, tok.range());
    bool ok = true;
    if (!at(Tok::RBracket)) {
      do {
        ExprPtr element = parseExpr();
        if (!element) {
          ok = false;
          break;
        }
        list->operands.push_back(std::move(element));
      } while (consume(Tok::Comma));
    }
    lexer_.leaveBracket();
    if (!ok)
      return nullptr;
    list->range.End = tok_.range().End;
    if (!expect(Tok::RBracket, "to close the list"))
      return nullptr;
    return list;
  }
  case Tok::Error:
    advance();
    return nullptr;
  default:
    errorAtToken("expected an expression, got " + describe(tok));
    return nullptr;
  }
}

Program attnc::lang::parseProgram(Diagnostics &diags) {
  return Parser(diags).parse();
}
