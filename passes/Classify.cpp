//===- Classify.cpp - the attn-classify pass ------------------------------===//

#include "passes/Family.h"
#include "passes/Passes.h"

#include "mlir/IR/Builders.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNCLASSIFY
#include "passes/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;

namespace {

struct AttnClassifyPass
    : public attnc::impl::AttnClassifyBase<AttnClassifyPass> {
  void runOnOperation() override {
    Builder b(&getContext());
    getOperation().walk([&](attn::PVOp pv) {
      FamilyChoice choice = classifyReduction(pv);
      pv->setAttr("attn.family",
                  b.getStringAttr(plan::stringifyFamily(choice.family)));
      if (choice.decidedBy)
        pv->setAttr(
            "attn.family_reason",
            b.getStringAttr(choice.decidedBy->getName().getStringRef()));
    });
  }
};

} // namespace
