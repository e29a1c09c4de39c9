//===- AttnTypes.h - types and attributes of the attn dialect ---*- C++ -*-===//

#ifndef ATTNC_DIALECT_ATTNTYPES_H
#define ATTNC_DIALECT_ATTNTYPES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#include "dialect/AttnEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "dialect/AttnTypes.h.inc"

#endif // ATTNC_DIALECT_ATTNTYPES_H
