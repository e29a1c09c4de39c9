//===- PlanOps.h - the kernel-plan dialect ----------------------*- C++ -*-===//

#ifndef ATTNC_DIALECT_PLAN_PLANOPS_H
#define ATTNC_DIALECT_PLAN_PLANOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/plan/PlanDialect.h.inc"
#include "dialect/plan/PlanEnums.h.inc"

#define GET_OP_CLASSES
#include "dialect/plan/PlanOps.h.inc"

#endif // ATTNC_DIALECT_PLAN_PLANOPS_H
