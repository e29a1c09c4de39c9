//===- AST.h - syntax tree of the .attn language ----------------*- C++ -*-===//
//
// The parser produces these; `Lowering` checks them and builds attn IR. Every
// node carries its source range for diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_FRONTENDS_ATTN_AST_H
#define ATTNC_FRONTENDS_ATTN_AST_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <memory>
#include <string>
#include <vector>

namespace attnc::lang {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind { Number, Ident, Unary, Binary, Call, Index, List };

/// One expression node. A tagged struct rather than a class hierarchy: the
/// language is small, and the lowering switches over `kind` anyway.
struct Expr {
  ExprKind kind;
  llvm::SMRange range;

  // Number: the value, and whether it was written as an integer.
  double number = 0;
  bool isInteger = false;
  /// Number written as an integer: its exact value.
  int64_t intValue = 0;
  // Ident / Call: the name. Unary / Binary: the operator spelling.
  std::string name;
  // Unary: operands[0]. Binary: operands[0], operands[1]. Call: arguments.
  // Index: operands[0] is the indexed value, the rest are the indices.
  // List: the elements.
  std::vector<ExprPtr> operands;
  // Call: keyword arguments, in order.
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  std::vector<llvm::SMRange> kwargRanges;

  /// Nesting depth of binary operators below (and including) this node.
  unsigned depth = 1;

  Expr(ExprKind kind, llvm::SMRange range) : kind(kind), range(range) {}
};

/// A dimension in a parameter's shape: a symbol (`N`) or a size (`64`).
struct Dim {
  std::string symbol; // empty for a literal size
  int64_t size = 0;
  llvm::SMRange range;
  bool isSymbol() const { return !symbol.empty(); }
};

struct Param {
  std::string name;
  llvm::SMRange range;
  std::string dtype;
  llvm::SMRange dtypeRange;
  std::vector<Dim> dims;
};

enum class StmtKind { Assign, Return };

struct Stmt {
  StmtKind kind;
  llvm::SMRange range;
  // Assign: one or more targets (`o, l = merge(...)`).
  std::vector<std::string> targets;
  std::vector<llvm::SMRange> targetRanges;
  // Assign: values[0]. Return: the returned values.
  std::vector<ExprPtr> values;
};

struct Attention {
  std::string name;
  llvm::SMRange nameRange;
  llvm::SMLoc loc;
  std::vector<Param> params;
  std::vector<Stmt> body;
};

struct Program {
  std::vector<Attention> attentions;
};

} // namespace attnc::lang

#endif // ATTNC_FRONTENDS_ATTN_AST_H
