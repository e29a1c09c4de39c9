// Options attn-plan rejects (whole file, one module), then variants
// attn-plan-kernels cannot plan (one per split).

// RUN: not attn-opt %s --pass-pipeline='builtin.module(attn-plan{target=gfx1})' 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not attn-opt %s --attn-plan-kernels=target=sm_70 2>&1 | FileCheck %s --check-prefix=TARGET70
// RUN: not attn-opt %s --attn-plan-kernels=target=gfx942 2>&1 | FileCheck %s --check-prefix=GFX
// RUN: not attn-opt %s --pass-pipeline='builtin.module(attn-plan{target=sm_80 tile-q=-1})' 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: not attn-opt %s --pass-pipeline='builtin.module(attn-plan{target=cpu chunk=-16})' 2>&1 | FileCheck %s --check-prefix=NEGATIVE-CHUNK
// RUN: not attn-opt %s --pass-pipeline='builtin.module(attn-plan{target=cpu chunk=4611686018427387904})' 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: attn-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(attn-plan{target=cpu})'

// An unknown target: no kernel is built.
// TARGET:     error: attn-plan: unknown target 'gfx1' (expected cpu, sm_80, sm_90a, gfx90a or gfx942)
// TARGET-NOT: attn_plan.kernel
// TARGET70:     error: attn-plan: unknown target 'sm_70' (expected cpu, sm_80, sm_90a, gfx90a or gfx942)
// TARGET70-NOT: attn_plan.kernel
// A target with a model but no code generation yet.
// GFX:     error: attn-plan: the target 'gfx942' has no code generation yet
// GFX-NOT: attn_plan.kernel

// A negative or huge forced tile or chunk (0 means "let the cost model
// choose"): one sentence, without the module.
// NEGATIVE:     error: attn-plan: --tile-q=-1 is out of range: a forced tile or chunk is between 1 and 4096 (0 lets the cost model choose)
// NEGATIVE-NOT: attn.variant
// NEGATIVE-NOT: attn_plan.kernel
// NEGATIVE-CHUNK:     error: attn-plan: --chunk=-16 is out of range
// NEGATIVE-CHUNK-NOT: attn.variant
// HUGE:     error: attn-plan: --chunk=4611686018427387904 is out of range
// HUGE-NOT: attn.variant

// A plannable variant: no diagnostic.
attn.variant @ok(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                 %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xf32> {
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A dynamic Dqk: the cost model needs the head dims.
attn.variant @dynamic_dqk(%q: tensor<?x4x?x?xbf16>, %k: tensor<?x4x?x?xbf16>,
                          %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xf32> {
  %s = attn.qk %q, %k scale 0.125 : tensor<?x4x?x?xbf16>, tensor<?x4x?x?xbf16> -> !attn.scores<logits, 4>
  %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  // expected-error @+1 {{a kernel needs numeric head dims: give the last dimension of q, k and v as a number}}
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xf32>
  attn.return %o : tensor<?x4x?x64xf32>
}

// -----

// A dynamic Dv.
attn.variant @dynamic_dv(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                         %v: tensor<?x4x?x?xbf16>) -> tensor<?x4x?x?xf32> {
  %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
  %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
  // expected-error @+1 {{a kernel needs numeric head dims: give the last dimension of q, k and v as a number}}
  %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x?xbf16> -> tensor<?x4x?x?xf32>
  attn.return %o : tensor<?x4x?x?xf32>
}

// -----

// An lse-only kernel over a dynamic Dqk.
attn.variant @dynamic_lse(%q: tensor<?x4x?x?xbf16>, %k: tensor<?x4x?x?xbf16>) -> tensor<?x4x?xf32> {
  %s = attn.qk %q, %k scale 0.125 : tensor<?x4x?x?xbf16>, tensor<?x4x?x?xbf16> -> !attn.scores<logits, 4>
  // expected-error @+1 {{a kernel needs numeric head dims: give the last dimension of q, k and v as a number}}
  %l = attn.lse %s : !attn.scores<logits, 4> -> tensor<?x4x?xf32>
  attn.return %l : tensor<?x4x?xf32>
}
