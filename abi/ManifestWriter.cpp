//===- ManifestWriter.cpp - write a CUDA unit's manifest ------------------===//

#include "abi/ManifestWriter.h"

#include <algorithm>

using namespace attnc::abi;

namespace {
const char *checkName(CheckSpec::Kind kind) {
  switch (kind) {
  case CheckSpec::Equal:
    return "check";
  case CheckSpec::Divides:
    return "divides";
  case CheckSpec::AtMost:
    return "atmost";
  }
  return "check";
}

std::string dimRef(int tensor, int dim) {
  return "t" + std::to_string(tensor) + "." + std::to_string(dim);
}
} // namespace

void ManifestWriter::fail(const std::string &why) {
  if (problem_.empty())
    problem_ =
        "manifest line " +
        std::to_string(std::count(text_.begin(), text_.end(), '\n') + 1) +
        ": " + why;
}

void ManifestWriter::checkExprs(const std::string &what,
                                const std::string &text, int count) {
  if (count == 0 && text.empty())
    return;
  int n = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos)
      end = text.size();
    SizeExpr e;
    if (!parseSizeExpr(text.substr(start, end - start), e))
      return fail(what + " '" + text + "' is not " + std::to_string(count) +
                  " size expressions");
    ++n;
    start = end + 1;
  }
  if (n != count)
    fail(what + " '" + text + "' is not " + std::to_string(count) +
         " size expressions");
}

void ManifestWriter::header(const std::string &arch) {
  CudaArch a;
  if (!parseCudaArch(arch, a))
    fail("'" + arch + "' is not a CUDA architecture");
  line("attnc-cuda " + std::to_string(kManifestVersion));
  line("arch " + escapeManifestWord(arch));
}

void ManifestWriter::variant(const std::string &name) {
  line("variant " + escapeManifestWord(name));
}

void ManifestWriter::split(int index, const std::string &tiles) {
  checkExprs("the tiles of a split", tiles, 1);
  line("split " + std::to_string(index) + " tiles " + tiles);
}

void ManifestWriter::checkDType(const std::string &dtype) {
  DType t;
  if (!parseDType(dtype, t))
    fail("'" + dtype + "' is not a manifest dtype");
}

void ManifestWriter::input(int index, const std::string &dtype,
                           const std::vector<DimSpec> &dims,
                           const std::string &name) {
  checkDType(dtype);
  std::string s = "tensor " + std::to_string(index) + " input " + dtype + " " +
                  std::to_string(dims.size());
  for (const DimSpec &d : dims) {
    switch (d.kind) {
    case DimSpec::Static:
      s += " " + std::to_string(d.size);
      break;
    case DimSpec::Any:
      s += " ?";
      break;
    case DimSpec::Symbol:
      s += " =" + escapeManifestWord(d.symbol);
      break;
    case DimSpec::Computed:
      fail("an input's dim is computed");
      s += " " + printSizeExpr(d.expr);
      break;
    }
  }
  line(s + " " + escapeManifestWord(name));
}

void ManifestWriter::result(int index, const std::string &dtype, int rank,
                            const std::string &dims) {
  checkDType(dtype);
  checkExprs("the dims of a result", dims, rank);
  line("tensor " + std::to_string(index) + " result " + dtype + " " +
       std::to_string(rank) + " " + dims);
}

void ManifestWriter::scratch(int index, int split, const std::string &dtype,
                             int rank, const std::string &dims) {
  checkDType(dtype);
  checkExprs("the dims of a scratch tensor", dims, rank);
  line("tensor " + std::to_string(index) + " scratch s" +
       std::to_string(split) + " " + dtype + " " + std::to_string(rank) + " " +
       dims);
}

void ManifestWriter::kernel(const std::string &entry, const std::string &name,
                            const std::string &grid, int threads, int smem,
                            int split, int onlyIf) {
  checkExprs("the grid of a kernel", grid, 3);
  std::string s = "kernel " + escapeManifestWord(entry) + " " +
                  escapeManifestWord(name) + " grid " + grid + " threads " +
                  std::to_string(threads) + " smem " + std::to_string(smem);
  if (split >= 0)
    s += " split " + std::to_string(split);
  if (onlyIf >= 0)
    s += " if s" + std::to_string(onlyIf);
  line(s);
}

void ManifestWriter::check(CheckSpec::Kind kind, const std::string &a,
                           const std::string &b, int code) {
  int t, d;
  if (!parseDimRef(a, t, d) || !parseDimRef(b, t, d))
    fail("'" + a + "' or '" + b + "' is not a dim as tJ.D");
  line(std::string(checkName(kind)) + " " + a + " " + b + " " +
       std::to_string(code));
}

void ManifestWriter::ret(int tensor) {
  line("return " + std::to_string(tensor));
}

void ManifestWriter::error(int code, const std::string &message) {
  line("error " + std::to_string(code) + " " + escapeManifestMessage(message));
}

std::string attnc::abi::printSizeExpr(const SizeExpr &expr) {
  std::string s;
  for (const GridFactor &f : expr) {
    if (!s.empty())
      s += "*";
    if (f.tensor >= 0)
      s += dimRef(f.tensor, f.dim);
    else if (f.split >= 0)
      s += "s" + std::to_string(f.split);
    else
      s += std::to_string(f.size);
    if (f.div != 1)
      s += "/" + std::to_string(f.div);
  }
  return s;
}

std::string attnc::abi::printManifest(const Manifest &m, std::string &problem) {
  ManifestWriter w;
  w.header(m.arch);
  w.variant(m.variant);
  for (size_t s = 0; s < m.splits.size(); ++s)
    w.split(int(s), printSizeExpr(m.splits[s].tiles));
  for (size_t i = 0; i < m.tensors.size(); ++i) {
    const TensorSpec &t = m.tensors[i];
    if (t.input) {
      w.input(int(i), dtypeName(t.dtype), t.dims, t.name);
      continue;
    }
    std::string dims;
    for (const DimSpec &d : t.dims) {
      if (!dims.empty())
        dims += " ";
      dims += d.kind == DimSpec::Computed ? printSizeExpr(d.expr)
                                          : std::to_string(d.size);
    }
    if (t.scratchOf >= 0)
      w.scratch(int(i), t.scratchOf, dtypeName(t.dtype), int(t.dims.size()),
                dims);
    else
      w.result(int(i), dtypeName(t.dtype), int(t.dims.size()), dims);
  }
  for (const KernelSpec &k : m.kernels)
    w.kernel(k.entry, k.name,
             printSizeExpr(k.grid[0]) + " " + printSizeExpr(k.grid[1]) + " " +
                 printSizeExpr(k.grid[2]),
             k.threads, k.smem, k.splits, k.onlyIf);
  for (const CheckSpec &c : m.checks)
    w.check(c.kind, dimRef(c.a, c.da), dimRef(c.b, c.db), c.code);
  for (int r : m.results)
    w.ret(r);
  for (size_t e = 0; e < m.errors.size(); ++e)
    w.error(int(e + 1), m.errors[e]);
  problem = w.problem();
  return problem.empty() ? w.text() : std::string();
}
