//===- attnc_rules.h - tile-class rules of both device libraries -*- C++
//-*-===//
//
// The closed forms of the built-in masks' tile classes and the interval
// arithmetic of predicate regions, with the rules of passes/TileClasses so
// tile counts match the analysis; and the integer helpers of region code,
// with the oracle's conventions (division by 0 gives 0). Shared verbatim by
// the CPU library (codegen/cpu/lib/attnc_cpu.h) and the CUDA library
// (codegen/gpu/lib/attnc_gpu.cuh): each defines ATTNC_FN (its function
// qualifiers) and the type i64, and `#include "attnc_rules.h"` inside its
// namespace; the build splices this file in at that line when it embeds
// the library (cmake/EmbedText.cmake), since emitted programs are compiled
// without include paths.
//
//===----------------------------------------------------------------------===//

ATTNC_FN i64 divsi(i64 a, i64 b) { return b == 0 ? 0 : a / b; }
ATTNC_FN i64 floordivsi(i64 a, i64 b) {
  if (b == 0)
    return 0;
  i64 q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
ATTNC_FN i64 remsi(i64 a, i64 b) { return b == 0 ? 0 : a % b; }
ATTNC_FN i64 mini(i64 a, i64 b) { return a < b ? a : b; }
ATTNC_FN i64 maxi(i64 a, i64 b) { return a > b ? a : b; }

/// Tile classes; bounds are inclusive.
enum Cls : int { Skip = 0, Full = 1, Partial = 2 };

ATTNC_FN int causalCls(i64 i0, i64 i1, i64 j0, i64 j1, i64 N, i64 M) {
  i64 d = M - N;
  return j1 <= i0 + d ? Full : j0 > i1 + d ? Skip : Partial;
}
ATTNC_FN bool causalOk(i64 i, i64 j, i64 N, i64 M) { return j <= i + (M - N); }
ATTNC_FN int windowCls(i64 W, i64 i0, i64 i1, i64 j0, i64 j1, i64 N, i64 M) {
  i64 p0 = i0 + M - N, p1 = i1 + M - N;
  if (j1 <= p0 && j0 > p1 - W)
    return Full;
  if (j0 > p1 || j1 <= p0 - W)
    return Skip;
  return Partial;
}
ATTNC_FN bool windowOk(i64 W, i64 i, i64 j, i64 N, i64 M) {
  i64 p = i + M - N;
  return j <= p && j > p - W;
}
ATTNC_FN int prefixCls(i64 L, i64 j0, i64 j1) {
  return j1 < L ? Full : j0 >= L ? Skip : Partial;
}
ATTNC_FN int andCls(int a, int b) {
  return a == Skip || b == Skip   ? Skip
         : a == Full && b == Full ? Full
                                  : Partial;
}
ATTNC_FN int orCls(int a, int b) {
  return a == Full || b == Full   ? Full
         : a == Skip && b == Skip ? Skip
                                  : Partial;
}
ATTNC_FN int notCls(int a) { return a == Full ? Skip : a == Skip ? Full : a; }

/// Integer intervals for the classification of predicate regions.
struct Iv {
  i64 lo, hi;
  bool known;
  ATTNC_FN static constexpr i64 kBig() { return 2147483647; } // int32 max
  ATTNC_FN static Iv of(i64 l, i64 h) { return {l, h, true}; }
  ATTNC_FN static Iv unknown() { return {-kBig(), kBig(), false}; }
  ATTNC_FN static Iv boolean(bool mayBeFalse, bool mayBeTrue) {
    return of(mayBeFalse ? 0 : 1, mayBeTrue ? 1 : 0);
  }
  ATTNC_FN static Iv anyBool() { return boolean(true, true); }
  ATTNC_FN bool point() const { return known && lo == hi; }
  ATTNC_FN bool tame() const {
    const i64 limit = i64(1) << 40;
    return known && lo > -limit && hi < limit;
  }
};
ATTNC_FN Iv ivAdd(Iv a, Iv b) {
  return a.tame() && b.tame() ? Iv::of(a.lo + b.lo, a.hi + b.hi)
                              : Iv::unknown();
}
ATTNC_FN Iv ivSub(Iv a, Iv b) {
  return a.tame() && b.tame() ? Iv::of(a.lo - b.hi, a.hi - b.lo)
                              : Iv::unknown();
}
ATTNC_FN Iv ivMul(Iv a, Iv b) {
  if (!a.tame() || !b.tame() || maxi(-a.lo, a.hi) > Iv::kBig() ||
      maxi(-b.lo, b.hi) > Iv::kBig())
    return Iv::unknown();
  i64 c0 = a.lo * b.lo, c1 = a.lo * b.hi, c2 = a.hi * b.lo, c3 = a.hi * b.hi;
  return Iv::of(mini(mini(c0, c1), mini(c2, c3)),
                maxi(maxi(c0, c1), maxi(c2, c3)));
}
ATTNC_FN Iv ivDiv(Iv a, Iv b, bool floor) {
  if (!a.known || !b.point() || b.lo <= 0)
    return Iv::unknown();
  i64 l = floor ? floordivsi(a.lo, b.lo) : a.lo / b.lo;
  i64 h = floor ? floordivsi(a.hi, b.lo) : a.hi / b.lo;
  return Iv::of(l, h);
}
ATTNC_FN Iv ivAbs(Iv a) {
  if (!a.known || a.lo >= 0)
    return a;
  if (a.hi <= 0)
    return Iv::of(-a.hi, -a.lo);
  return Iv::of(0, maxi(-a.lo, a.hi));
}
ATTNC_FN Iv ivMin(Iv a, Iv b) {
  return a.known && b.known ? Iv::of(mini(a.lo, b.lo), mini(a.hi, b.hi))
                            : Iv::unknown();
}
ATTNC_FN Iv ivMax(Iv a, Iv b) {
  return a.known && b.known ? Iv::of(maxi(a.lo, b.lo), maxi(a.hi, b.hi))
                            : Iv::unknown();
}
enum Cmp { Eq, Ne, Lt, Le, Gt, Ge };
ATTNC_FN Iv ivCmp(Cmp p, Iv a, Iv b) {
  if (!a.known || !b.known)
    return Iv::anyBool();
  switch (p) {
  case Lt:
    return Iv::boolean(a.hi >= b.lo, a.lo < b.hi);
  case Le:
    return Iv::boolean(a.hi > b.lo, a.lo <= b.hi);
  case Gt:
    return Iv::boolean(b.hi >= a.lo, b.lo < a.hi);
  case Ge:
    return Iv::boolean(b.hi > a.lo, b.lo <= a.hi);
  case Eq:
    return Iv::boolean(!(a.point() && b.point() && a.lo == b.lo),
                       a.lo <= b.hi && b.lo <= a.hi);
  case Ne: {
    Iv e = Iv::boolean(!(a.point() && b.point() && a.lo == b.lo),
                       a.lo <= b.hi && b.lo <= a.hi);
    return Iv::of(1 - e.hi, 1 - e.lo);
  }
  }
  return Iv::anyBool();
}
ATTNC_FN Iv ivAnd(Iv a, Iv b) {
  return a.known && b.known ? Iv::of(mini(a.lo, b.lo), mini(a.hi, b.hi))
                            : Iv::anyBool();
}
ATTNC_FN Iv ivOr(Iv a, Iv b) {
  return a.known && b.known ? Iv::of(maxi(a.lo, b.lo), maxi(a.hi, b.hi))
                            : Iv::anyBool();
}
ATTNC_FN Iv ivXor(Iv a, Iv b) {
  return a.point() && b.point() ? Iv::of(a.lo ^ b.lo, a.lo ^ b.lo)
                                : Iv::anyBool();
}
/// A boolean-typed result that interval arithmetic could not bound.
ATTNC_FN Iv ivBool(Iv a) { return a.known ? a : Iv::anyBool(); }
ATTNC_FN int clsOf(Iv r) {
  return r.known && r.lo == 1 ? Full : r.known && r.hi == 0 ? Skip : Partial;
}
