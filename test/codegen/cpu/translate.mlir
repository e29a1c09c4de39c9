// The CPU emitter on hand-written plan IR (tools/attn-translate): the tiles
// the schedule runs are the plan's (here 16 x 48, which the cost model
// would never pick), and the entry is the CPU ABI's.
// RUN: attn-translate --attn-to-cpp %s | FileCheck %s
// CHECK: .HB = 1; {{.*}}.BQ = 16; {{.*}}.BK = 48;
// CHECK: extern "C" int attnc_cpu_run(
attn.variant @tiles(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %r = attn_plan.kernel "tiles_k0" quadratic_online for cpu sparsity dense mainloop cpu_tiles attributes {halo = array<i64: 0, 0, 0, 0>, head_block = 1 : i64, smem = 0 : i64, stages = 1 : i64, threads = 1 : i64, tile_k = 48 : i64, tile_q = 16 : i64, warps = 1 : i64} -> tensor<?x4x?x64xbf16> {
    %s = attn.qk %q, %k : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> !attn.scores<logits, 4>
    %p = attn.softmax %s : !attn.scores<logits, 4> -> !attn.scores<probs, 4>
    %o = attn.pv %p, %v : !attn.scores<probs, 4>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
    attn_plan.yield %o : tensor<?x4x?x64xbf16>
  }
  attn.return %r : tensor<?x4x?x64xbf16>
}
