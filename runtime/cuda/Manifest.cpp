//===- Manifest.cpp - what an emitted CUDA unit needs to run --------------===//

#include "runtime/cuda/Manifest.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

using namespace attnc::runtime;

namespace {
struct DTypeName {
  DType type;
  const char *name;
  int bytes;
};
const DTypeName kDTypes[] = {
    {DType::F32, "f32", 4}, {DType::F16, "f16", 2}, {DType::BF16, "bf16", 2},
    {DType::I32, "i32", 4}, {DType::I64, "i64", 8}, {DType::F64, "f64", 8},
    {DType::I8, "i8", 1}};

bool parseInt(const std::string &s, int64_t &v) {
  if (s.empty())
    return false;
  char *end = nullptr;
  v = std::strtoll(s.c_str(), &end, 10);
  return end && *end == 0;
}

/// "tJ.D" -> (J, D).
bool parseRef(const std::string &s, int &tensor, int &dim) {
  size_t dot = s.find('.');
  int64_t t, d;
  if (s.size() < 4 || s[0] != 't' || dot == std::string::npos ||
      !parseInt(s.substr(1, dot - 1), t) || !parseInt(s.substr(dot + 1), d) ||
      d < 0 || d > 3 || t < 0)
    return false;
  tensor = int(t), dim = int(d);
  return true;
}

/// A grid dim: factors `A` or `A/K` joined by '*', A a size or tJ.D.
bool parseGrid(const std::string &s, std::vector<GridFactor> &dim) {
  std::istringstream in(s);
  std::string part;
  while (std::getline(in, part, '*')) {
    GridFactor f;
    size_t slash = part.find('/');
    std::string base = part.substr(0, slash);
    if (slash != std::string::npos &&
        (!parseInt(part.substr(slash + 1), f.div) || f.div <= 0))
      return false;
    if (!parseRef(base, f.tensor, f.dim) &&
        !(parseInt(base, f.size) && f.size >= 0))
      return false;
    dim.push_back(f);
  }
  return !dim.empty();
}
} // namespace

const char *attnc::runtime::dtypeName(DType t) {
  for (const DTypeName &d : kDTypes)
    if (d.type == t)
      return d.name;
  return "?";
}

bool attnc::runtime::parseDType(const std::string &name, DType &t) {
  for (const DTypeName &d : kDTypes)
    if (name == d.name) {
      t = d.type;
      return true;
    }
  return false;
}

int attnc::runtime::dtypeBytes(DType t) {
  for (const DTypeName &d : kDTypes)
    if (d.type == t)
      return d.bytes;
  return 0;
}

int Manifest::numInputs() const {
  int n = 0;
  for (const TensorSpec &t : tensors)
    n += t.input;
  return n;
}

std::string Manifest::errorMessage(int code) const {
  if (code >= 1 && size_t(code) <= errors.size())
    return errors[size_t(code) - 1];
  return "a kernel reported the unknown error code " + std::to_string(code);
}

int64_t attnc::runtime::gridDim(const std::vector<GridFactor> &dim,
                                const int64_t (*shapes)[4]) {
  int64_t n = 1;
  for (const GridFactor &f : dim) {
    int64_t x = f.tensor >= 0 ? shapes[f.tensor][f.dim] : f.size;
    n *= (x + f.div - 1) / f.div;
  }
  return n;
}

bool attnc::runtime::parseManifest(const std::string &source,
                                   Manifest &manifest, std::string &error) {
  manifest = Manifest();
  std::istringstream in(source);
  std::string line;
  bool versioned = false;
  int lineNo = 0;
  auto bad = [&](const std::string &why) {
    error = "the CUDA unit's manifest is malformed at line " +
            std::to_string(lineNo) + ": " + why;
    return false;
  };
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.rfind("//@ ", 0) != 0) {
      if (line.rfind("//", 0) == 0 || line.empty())
        continue;
      break; // the manifest is the leading comment block
    }
    std::istringstream words(line.substr(4));
    std::string kind;
    words >> kind;
    if (kind == "attnc-cuda") {
      std::string v;
      words >> v;
      if (v != "2")
        return bad("format version " + v + " is not 2 (a unit from another "
                   "attnc version)");
      versioned = true;
    } else if (kind == "variant") {
      words >> manifest.variant;
    } else if (kind == "tensor") {
      int64_t index, rank;
      std::string role, dtype, w;
      words >> w;
      if (!parseInt(w, index) || index != int64_t(manifest.tensors.size()))
        return bad("tensors must be numbered in order");
      TensorSpec t;
      words >> role >> dtype >> w;
      t.input = role == "input";
      if ((!t.input && role != "result") || !parseDType(dtype, t.dtype) ||
          !parseInt(w, rank) || rank < 0 || rank > 4)
        return bad("a tensor needs a role, a dtype and a rank up to 4");
      for (int64_t d = 0; d < rank; ++d) {
        DimSpec dim;
        if (!(words >> w))
          return bad("a tensor has fewer dims than its rank");
        if (w == "?")
          dim.kind = DimSpec::Any;
        else if (w[0] == '=')
          dim.kind = DimSpec::Symbol, dim.symbol = w.substr(1);
        else if (parseInt(w, dim.size) && dim.size >= 0)
          dim.kind = DimSpec::Static;
        else if (parseRef(w, dim.tensor, dim.dim) && dim.tensor < index)
          dim.kind = DimSpec::CopyOf;
        else
          return bad("'" + w + "' is not a dim");
        t.dims.push_back(dim);
      }
      words >> t.name;
      manifest.tensors.push_back(t);
    } else if (kind == "kernel") {
      KernelSpec k;
      std::string key;
      int64_t v;
      words >> k.entry >> k.name;
      while (words >> key) {
        std::string w;
        if (key == "grid") {
          for (std::vector<GridFactor> &dim : k.grid) {
            if (!(words >> w) || !parseGrid(w, dim))
              return bad("a kernel grid needs three dims of sizes, tJ.D "
                         "and /K factors");
            for (const GridFactor &f : dim)
              if (f.tensor >= int(manifest.tensors.size()))
                return bad("a kernel grid refers to a tensor that does not "
                           "exist");
          }
          continue;
        }
        words >> w;
        if (!parseInt(w, v))
          return bad("kernel attribute '" + key + "' needs a number");
        if (key == "threads")
          k.threads = int(v);
        else if (key == "smem")
          k.smem = int(v);
        else
          return bad("unknown kernel attribute '" + key + "'");
      }
      if (k.entry.empty() || k.grid[0].empty() || k.threads <= 0 ||
          k.smem < 0)
        return bad("a kernel needs an entry, a grid and positive sizes");
      manifest.kernels.push_back(k);
    } else if (kind == "check" || kind == "divides" || kind == "atmost") {
      CheckSpec c;
      c.kind = kind == "divides" ? CheckSpec::Divides
               : kind == "atmost" ? CheckSpec::AtMost
                                  : CheckSpec::Equal;
      std::string a, b, code;
      int64_t v;
      words >> a >> b >> code;
      if (!parseRef(a, c.a, c.da) || !parseRef(b, c.b, c.db) ||
          !parseInt(code, v))
        return bad("a check needs two dims and an error code");
      c.code = int(v);
      manifest.checks.push_back(c);
    } else if (kind == "return") {
      std::string w;
      int64_t v;
      words >> w;
      if (!parseInt(w, v) || v < 0 || size_t(v) >= manifest.tensors.size())
        return bad("a return names no tensor");
      manifest.results.push_back(int(v));
    } else if (kind == "error") {
      std::string w, message;
      int64_t v;
      words >> w;
      std::getline(words, message);
      if (!message.empty() && message[0] == ' ')
        message.erase(0, 1);
      if (!parseInt(w, v) || v != int64_t(manifest.errors.size()) + 1)
        return bad("errors must be numbered from 1 in order");
      manifest.errors.push_back(message);
    } else {
      return bad("unknown entry '" + kind + "'");
    }
  }
  if (!versioned)
    return bad("there is no '//@ attnc-cuda 2' line: this is not a unit "
               "attnc emitted");
  for (const TensorSpec &t : manifest.tensors)
    for (const DimSpec &d : t.dims)
      if (d.kind == DimSpec::CopyOf && size_t(d.tensor) >= manifest.tensors.size())
        return bad("a dim refers to a tensor that does not exist");
  for (const CheckSpec &c : manifest.checks)
    if (size_t(std::max(c.a, c.b)) >= manifest.tensors.size())
      return bad("a check refers to a tensor that does not exist");
  return true;
}
