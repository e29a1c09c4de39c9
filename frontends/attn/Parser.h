//===- Parser.h - parser of the .attn language ------------------*- C++ -*-===//

#ifndef ATTNC_FRONTENDS_ATTN_PARSER_H
#define ATTNC_FRONTENDS_ATTN_PARSER_H

#include "frontends/attn/AST.h"
#include "frontends/attn/Diagnostics.h"

namespace attnc::lang {

/// Parses the main buffer of `diags.sourceMgr()`. Syntax errors are reported
/// through `diags`; the parser recovers at the next statement, so one run
/// reports several. The returned program holds what parsed.
Program parseProgram(Diagnostics &diags);

} // namespace attnc::lang

#endif // ATTNC_FRONTENDS_ATTN_PARSER_H
