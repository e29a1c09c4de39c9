//===- Npy.cpp - read and write NumPy .npy files --------------------------===//

#include "harness/Npy.h"
#include "harness/Limits.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace attnc::reference;

namespace {

llvm::Error npyError(llvm::StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(path.str() + ": " + message.str());
}

/// IEEE half to double.
double halfToDouble(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  double v;
  if (exp == 0)
    v = std::ldexp(double(mant), -24);
  else if (exp == 31)
    v = mant ? NAN : INFINITY;
  else
    v = std::ldexp(double(mant | 0x400), exp - 25);
  return sign ? -v : v;
}

/// Finds `'key': value` in the header dict and returns the raw value text.
std::optional<llvm::StringRef> headerField(llvm::StringRef header,
                                           llvm::StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  if (rest.starts_with("(")) {
    size_t close = rest.find(')');
    return close == llvm::StringRef::npos
               ? std::nullopt
               : std::optional(rest.take_front(close + 1));
  }
  size_t end = rest.find_first_of(",}");
  return rest.take_front(end).trim();
}

} // namespace

llvm::Expected<Tensor> attnc::reference::readNpy(llvm::StringRef path,
                                                 char *kindOut) {
  // A .npy of 2^40 elements of 8 bytes (kMaxElements) and its header.
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> file =
      readFileChecked(path, kMaxElements * 8 + (uint64_t(1) << 32));
  if (!file)
    return file.takeError();
  return readNpyBuffer((*file)->getBuffer(), path, kindOut);
}

llvm::Expected<Tensor> attnc::reference::readNpyBuffer(llvm::StringRef data,
                                                       llvm::StringRef path,
                                                       char *kindOut) {
  if (data.size() < 10 || !data.starts_with("\x93NUMPY"))
    return npyError(path, "not a .npy file");
  unsigned major = static_cast<uint8_t>(data[6]),
           minor = static_cast<uint8_t>(data[7]);
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = llvm::support::endian::read16le(data.data() + 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (data.size() < 12)
      return npyError(path, "truncated header");
    headerLen = llvm::support::endian::read32le(data.data() + 8);
    headerStart = 12;
  } else {
    return npyError(path, "unsupported .npy version " + llvm::Twine(major) +
                              "." + llvm::Twine(minor) +
                              " (versions 1.0 to 3.0 are read)");
  }
  if (headerLen > data.size() - headerStart)
    return npyError(path, "truncated header");
  llvm::StringRef header = data.substr(headerStart, headerLen);

  std::optional<llvm::StringRef> descr = headerField(header, "descr");
  std::optional<llvm::StringRef> order = headerField(header, "fortran_order");
  std::optional<llvm::StringRef> shapeText = headerField(header, "shape");
  if (!descr || !order || !shapeText)
    return npyError(path, "malformed header");
  if (order->trim() != "False")
    return npyError(path, "Fortran-ordered arrays are not supported; save "
                          "a C-ordered array");
  llvm::StringRef type = descr->trim().trim("'\"");
  if (type.size() < 3 || (type[0] != '<' && type[0] != '|' && type[0] != '='))
    return npyError(path, "unsupported dtype '" + type +
                              "' (big-endian or structured)");
  char kind = type[1];
  unsigned width = 0;
  if (type.drop_front(2).getAsInteger(10, width))
    return npyError(path, "unsupported dtype '" + type + "'");
  if (kind == 'f' && width != 2 && width != 4 && width != 8)
    return npyError(path, "unsupported float width " + llvm::Twine(width));
  if ((kind == 'i' || kind == 'u' || kind == 'b') && width != 1 && width != 2 &&
      width != 4 && width != 8)
    return npyError(path, "unsupported integer width " + llvm::Twine(width));
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
    return npyError(path, "unsupported dtype '" + type + "'");

  if (kindOut)
    *kindOut = kind;
  Tensor tensor;
  llvm::StringRef dims = shapeText->trim().drop_front().drop_back();
  llvm::SmallVector<llvm::StringRef> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t d;
    if (part.getAsInteger(10, d) || d < 0)
      return npyError(path, "malformed shape " + *shapeText);
    tensor.shape.push_back(d);
  }
  // Checked before anything is allocated: the limits, the values the file
  // holds (count x width may not wrap), the memory the float64 copy needs.
  if (llvm::Error err = checkShapeLimits("it", tensor.shape))
    return npyError(path, llvm::toString(std::move(err)));
  size_t count = Tensor::numElements(tensor.shape);
  size_t payload = headerStart + headerLen;
  std::optional<uint64_t> bytes =
      llvm::checkedMulUnsigned<uint64_t>(count, width);
  if (!bytes || data.size() - payload < *bytes)
    return npyError(path, "holds fewer values than its shape " +
                              tensor.shapeString() + " needs");
  ByteCount need;
  need.add(count, sizeof(double),
           "its values " + tensor.shapeString() + " as float64");
  if (llvm::Error err = need.check("reading it"))
    return npyError(path, llvm::toString(std::move(err)));
  tensor.data.resize(count);
  const char *p = data.data() + payload;
  for (size_t n = 0; n < count; ++n, p += width) {
    double v;
    switch (kind) {
    case 'f':
      if (width == 2)
        v = halfToDouble(llvm::support::endian::read16le(p));
      else if (width == 4) {
        uint32_t bits = llvm::support::endian::read32le(p);
        float f;
        std::memcpy(&f, &bits, 4);
        v = f;
      } else if (width == 8) {
        uint64_t bits = llvm::support::endian::read64le(p);
        std::memcpy(&v, &bits, 8);
      } else {
        return npyError(path, "unsupported float width " + llvm::Twine(width));
      }
      break;
    case 'i':
    case 'u':
    case 'b': {
      if (width != 1 && width != 2 && width != 4 && width != 8)
        return npyError(path,
                        "unsupported integer width " + llvm::Twine(width));
      uint64_t bits = 0;
      std::memcpy(&bits, p, width);
      if (kind == 'i' && width < 8 && (bits >> (8 * width - 1)) & 1)
        bits |= ~uint64_t(0) << (8 * width); // sign-extend
      v = kind == 'i' ? double(static_cast<int64_t>(bits)) : double(bits);
      break;
    }
    default:
      return npyError(path, "unsupported dtype '" + type + "'");
    }
    tensor.data[n] = v;
  }
  return tensor;
}

llvm::Error attnc::reference::writeNpy(llvm::StringRef path,
                                       const Tensor &tensor, char kind) {
  std::string shape = "(";
  for (int64_t d : tensor.shape)
    shape += std::to_string(d) + ",";
  if (tensor.shape.size() > 1)
    shape.pop_back();
  shape += ")";
  const char *descr = kind == 'i' ? "<i8" : kind == 'b' ? "|b1" : "<f8";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so that the data starts on a 64-byte boundary; end with '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(path.str() +
                                   ": cannot write: " + ec.message());
  os << "\x93NUMPY" << char(1) << char(0);
  char len[2];
  llvm::support::endian::write16le(len, static_cast<uint16_t>(header.size()));
  os.write(len, 2);
  os << header;
  for (double v : tensor.data) {
    if (kind == 'b') {
      os << char(v != 0);
      continue;
    }
    char bytes[8];
    uint64_t bits;
    if (kind == 'i') {
      bits = static_cast<uint64_t>(static_cast<int64_t>(v));
    } else {
      std::memcpy(&bits, &v, 8);
    }
    llvm::support::endian::write64le(bytes, bits);
    os.write(bytes, 8);
  }
  os.close();
  if (os.has_error())
    return llvm::createStringError(path.str() + ": write failed");
  return llvm::Error::success();
}
