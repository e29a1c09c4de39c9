//===- Manifest.cpp - what an emitted CUDA unit needs to run --------------===//

#include "abi/Manifest.h"

#include "abi/attnc_args.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

using namespace attnc::abi;

namespace {
struct DTypeName {
  DType type;
  const char *name;
  int bytes;
};
const DTypeName kDTypes[] = {{DType::F32, "f32", 4},   {DType::F16, "f16", 2},
                             {DType::BF16, "bf16", 2}, {DType::I32, "i32", 4},
                             {DType::I64, "i64", 8},   {DType::F64, "f64", 8},
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

/// A size expression: factors `A` or `A/K` joined by '*', A a size, tJ.D
/// or sS.
bool parseExpr(const std::string &s, SizeExpr &dim) {
  std::istringstream in(s);
  std::string part;
  while (std::getline(in, part, '*')) {
    GridFactor f;
    size_t slash = part.find('/');
    std::string base = part.substr(0, slash);
    int64_t split;
    if (slash != std::string::npos &&
        (!parseInt(part.substr(slash + 1), f.div) || f.div <= 0))
      return false;
    if (base.size() > 1 && base[0] == 's' && parseInt(base.substr(1), split) &&
        split >= 0)
      f.split = int(split);
    else if (!parseRef(base, f.tensor, f.dim) &&
             !(parseInt(base, f.size) && f.size >= 0))
      return false;
    dim.push_back(f);
  }
  return !dim.empty();
}

/// "sS" -> S.
bool parseSplitRef(const std::string &s, int &split) {
  int64_t v;
  if (s.size() < 2 || s[0] != 's' || !parseInt(s.substr(1), v) || v < 0)
    return false;
  split = int(v);
  return true;
}

/// Whether byte `c` is written as `\xHH`.
bool mustEscape(unsigned char c, bool word) {
  return c < 0x20 || c == 0x7f || c == '\\' || (word && c == ' ');
}

std::string escape(const std::string &text, bool word) {
  if (word && text.empty())
    return "-";
  if (word && text == "-")
    return "\\x2d";
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (!mustEscape(c, word)) {
      out += char(c);
      continue;
    }
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool unescape(const std::string &text, bool word, std::string &out) {
  out.clear();
  if (word && text == "-")
    return true;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (i + 3 >= text.size() || text[i + 1] != 'x')
      return false;
    int hi = hexDigit(text[i + 2]), lo = hexDigit(text[i + 3]);
    if (hi < 0 || lo < 0)
      return false;
    out += char(hi * 16 + lo);
    i += 3;
  }
  return true;
}

/// The largest tensor and split an expression names (-1 if none).
void refsOf(const SizeExpr &e, int &tensor, int &split) {
  for (const GridFactor &f : e) {
    tensor = std::max(tensor, f.tensor);
    split = std::max(split, f.split);
  }
}
} // namespace

std::string attnc::abi::escapeManifestWord(const std::string &text) {
  return escape(text, true);
}

std::string attnc::abi::escapeManifestMessage(const std::string &text) {
  return escape(text, false);
}

bool attnc::abi::unescapeManifestWord(const std::string &text,
                                      std::string &out) {
  return unescape(text, true, out);
}

bool attnc::abi::unescapeManifestMessage(const std::string &text,
                                         std::string &out) {
  return unescape(text, false, out);
}

bool attnc::abi::parseSizeExpr(const std::string &text, SizeExpr &expr) {
  expr.clear();
  return parseExpr(text, expr);
}

bool attnc::abi::parseDimRef(const std::string &text, int &tensor, int &dim) {
  return parseRef(text, tensor, dim);
}

bool attnc::abi::parseCudaArch(const std::string &name, CudaArch &arch) {
  // sm_ and two or more digits, the last the minor version, then maybe a.
  if (name.size() < 5 || name.compare(0, 3, "sm_") != 0)
    return false;
  std::string digits = name.substr(3);
  bool specific = digits.back() == 'a';
  if (specific)
    digits.pop_back();
  if (digits.size() < 2 || digits.size() > 4 || digits[0] == '0' ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return false;
  arch.major = std::atoi(digits.substr(0, digits.size() - 1).c_str());
  arch.minor = digits.back() - '0';
  arch.specific = specific;
  return true;
}

const char *attnc::abi::dtypeName(DType t) {
  for (const DTypeName &d : kDTypes)
    if (d.type == t)
      return d.name;
  return "?";
}

bool attnc::abi::parseDType(const std::string &name, DType &t) {
  for (const DTypeName &d : kDTypes)
    if (name == d.name) {
      t = d.type;
      return true;
    }
  return false;
}

int attnc::abi::dtypeBytes(DType t) {
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

int64_t attnc::abi::gridDim(const SizeExpr &dim, const Shapes &shapes,
                            const int64_t *splits) {
  int64_t n = 1;
  for (const GridFactor &f : dim) {
    int64_t x = f.tensor >= 0  ? shapes[size_t(f.tensor)][size_t(f.dim)]
                : f.split >= 0 ? (splits ? splits[f.split] : 1)
                               : f.size;
    n *= (x + f.div - 1) / f.div;
  }
  return n;
}

int64_t attnc::abi::chooseSplits(int64_t blocks, int64_t tiles,
                                 int64_t capacity) {
  // A grid filling 80% of the GPU or more gains less from splitting than
  // the combine costs; every part keeps at least two key tiles.
  int64_t most = std::min<int64_t>(ATTNC_MAX_SPLITS, tiles / 2);
  if (blocks <= 0 || capacity <= 0 || most < 2 || 5 * blocks >= 4 * capacity)
    return 1;
  // Occupancy of the last wave at s parts; the fewest parts within 85% of
  // the best.
  auto fill = [&](int64_t s) {
    int64_t n = blocks * s, waves = (n + capacity - 1) / capacity;
    return double(n) / double(waves * capacity);
  };
  double best = 0;
  for (int64_t s = 1; s <= most; ++s)
    best = std::max(best, fill(s));
  for (int64_t s = 1; s <= most; ++s)
    if (fill(s) >= 0.85 * best)
      return s;
  return 1;
}

bool attnc::abi::parseManifest(const std::string &source, Manifest &manifest,
                               std::string &error) {
  manifest = Manifest();
  std::istringstream in(source);
  std::string line;
  bool versioned = false, hasArch = false;
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
      if (v != std::to_string(kManifestVersion))
        return bad("format version " + v + " is not " +
                   std::to_string(kManifestVersion) +
                   " (a unit from another attnc version)");
      versioned = true;
    } else if (kind == "arch") {
      CudaArch arch;
      if (hasArch || !(words >> manifest.arch) ||
          !parseCudaArch(manifest.arch, arch))
        return bad("a unit names one architecture, as sm_80 or sm_90a");
      hasArch = true;
    } else if (kind == "variant") {
      std::string w;
      words >> w;
      if (!unescapeManifestWord(w, manifest.variant))
        return bad("the variant's name has a malformed escape");
    } else if (kind == "split") {
      std::string w, key;
      int64_t index;
      SplitSpec sp;
      words >> w >> key;
      if (!parseInt(w, index) || index != int64_t(manifest.splits.size()))
        return bad("splits must be numbered in order");
      if (key != "tiles" || !(words >> w) || !parseExpr(w, sp.tiles))
        return bad("a split needs 'tiles' and a size expression");
      manifest.splits.push_back(sp);
    } else if (kind == "tensor") {
      int64_t index, rank;
      std::string role, dtype, w;
      words >> w;
      if (!parseInt(w, index) || index != int64_t(manifest.tensors.size()))
        return bad("tensors must be numbered in order");
      TensorSpec t;
      words >> role;
      t.input = role == "input";
      if (role == "scratch") {
        words >> w;
        if (!parseSplitRef(w, t.scratchOf))
          return bad("a scratch tensor names its split as sS");
      }
      words >> dtype >> w;
      if ((!t.input && role != "result" && role != "scratch") ||
          !parseDType(dtype, t.dtype) || !parseInt(w, rank) || rank < 0 ||
          rank > 4)
        return bad("a tensor needs a role, a dtype and a rank up to 4");
      for (int64_t d = 0; d < rank; ++d) {
        DimSpec dim;
        if (!(words >> w))
          return bad("a tensor has fewer dims than its rank");
        if (t.input && w == "?")
          dim.kind = DimSpec::Any;
        else if (t.input && w[0] == '=') {
          dim.kind = DimSpec::Symbol;
          if (!unescapeManifestWord(w.substr(1), dim.symbol))
            return bad("a dim's symbol has a malformed escape");
        } else if (parseInt(w, dim.size) && dim.size >= 0)
          dim.kind = DimSpec::Static;
        else if (!t.input && parseExpr(w, dim.expr))
          dim.kind = DimSpec::Computed;
        else
          return bad("'" + w + "' is not a dim");
        int ref = -1, split = -1;
        refsOf(dim.expr, ref, split);
        if (ref >= index)
          return bad("a dim refers to a tensor that is not defined before it");
        if (split >= 0 && t.scratchOf < 0)
          return bad("only scratch tensors have dims that depend on a split");
        t.dims.push_back(dim);
      }
      if ((words >> w) && !unescapeManifestWord(w, t.name))
        return bad("a tensor's name has a malformed escape");
      manifest.tensors.push_back(t);
    } else if (kind == "kernel") {
      KernelSpec k;
      std::string key;
      int64_t v;
      std::string entry, name;
      words >> entry >> name;
      if (!unescapeManifestWord(entry, k.entry) ||
          !unescapeManifestWord(name, k.name))
        return bad("a kernel's entry or name has a malformed escape");
      while (words >> key) {
        std::string w;
        if (key == "grid") {
          for (SizeExpr &dim : k.grid) {
            if (!(words >> w) || !parseExpr(w, dim))
              return bad("a kernel grid needs three dims of sizes, tJ.D, sS "
                         "and /K factors");
            int ref = -1, split = -1;
            refsOf(dim, ref, split);
            if (ref >= int(manifest.tensors.size()))
              return bad("a kernel grid refers to a tensor that does not "
                         "exist");
          }
          continue;
        }
        if (key == "if") {
          if (!(words >> w) || !parseSplitRef(w, k.onlyIf))
            return bad("'if' needs a split as sS");
          continue;
        }
        words >> w;
        if (!parseInt(w, v))
          return bad("kernel attribute '" + key + "' needs a number");
        if (key == "threads")
          k.threads = int(v);
        else if (key == "smem")
          k.smem = int(v);
        else if (key == "split" && v >= 0)
          k.splits = int(v);
        else
          return bad("unknown kernel attribute '" + key + "'");
      }
      if (k.entry.empty() || k.grid[0].empty() || k.threads <= 0 || k.smem < 0)
        return bad("a kernel needs an entry, a grid and positive sizes");
      manifest.kernels.push_back(k);
    } else if (kind == "check" || kind == "divides" || kind == "atmost") {
      CheckSpec c;
      c.kind = kind == "divides"  ? CheckSpec::Divides
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
      std::string w, text, message;
      int64_t v;
      words >> w;
      std::getline(words, text);
      if (!text.empty() && text[0] == ' ')
        text.erase(0, 1);
      if (!parseInt(w, v) || v != int64_t(manifest.errors.size()) + 1)
        return bad("errors must be numbered from 1 in order");
      if (!unescapeManifestMessage(text, message))
        return bad("an error message has a malformed escape");
      manifest.errors.push_back(message);
    } else {
      return bad("unknown entry '" + kind + "'");
    }
  }
  if (!versioned)
    return bad("there is no '//@ attnc-cuda " +
               std::to_string(kManifestVersion) +
               "' line: this is not a unit attnc emitted");
  if (!hasArch)
    return bad("there is no '//@ arch' line naming the architecture the "
               "unit compiles for");
  // Every split is sized by exactly one kernel; every sS names a split.
  int nsplits = int(manifest.splits.size());
  auto badSplit = [&](int s) { return s >= nsplits; };
  for (size_t k = 0; k < manifest.kernels.size(); ++k) {
    const KernelSpec &ks = manifest.kernels[k];
    if (badSplit(ks.splits) || badSplit(ks.onlyIf))
      return bad("kernel " + ks.entry + " names a split that does not exist");
    for (const SizeExpr &e : ks.grid) {
      int ref = -1, split = -1;
      refsOf(e, ref, split);
      if (badSplit(split))
        return bad("kernel " + ks.entry + " names a split that does not exist");
    }
    if (ks.splits >= 0) {
      if (manifest.splits[size_t(ks.splits)].kernel >= 0)
        return bad("two kernels size split s" + std::to_string(ks.splits));
      manifest.splits[size_t(ks.splits)].kernel = int(k);
    }
  }
  for (const SplitSpec &sp : manifest.splits) {
    int ref = -1, split = -1;
    refsOf(sp.tiles, ref, split);
    if (sp.kernel < 0 || split >= 0 || ref >= int(manifest.tensors.size()))
      return bad("a split needs one kernel marked 'split S' and tiles over "
                 "existing tensors");
  }
  for (const TensorSpec &t : manifest.tensors) {
    bool badRef = badSplit(t.scratchOf);
    for (const DimSpec &d : t.dims) {
      int ref = -1, split = -1;
      refsOf(d.expr, ref, split);
      badRef |= badSplit(split);
    }
    if (badRef)
      return bad("a scratch tensor names a split that does not exist");
  }
  for (const CheckSpec &c : manifest.checks)
    if (size_t(std::max(c.a, c.b)) >= manifest.tensors.size())
      return bad("a check refers to a tensor that does not exist");
  return true;
}
