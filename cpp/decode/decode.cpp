#include "decode/decode.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iconv.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace jixiao {
namespace {

std::string normalise_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool decode_utf16(std::string_view bytes, bool little, std::string& out) {
  if (bytes.size() % 2 != 0) return false;
  out.reserve(bytes.size());
  auto unit = [&](size_t i) -> char32_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return little ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (size_t i = 0; i < bytes.size(); i += 2) {
    char32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 3 >= bytes.size()) return false;
      const char32_t lo = unit(i + 2);
      if (lo < 0xDC00 || lo > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    utf8::append(out, cp);
  }
  return true;
}

// GB18030 (a superset of GBK and GB2312) through the C library's iconv.
// Returns the byte offset of the first undecodable byte, or npos on success.
size_t decode_gb18030(std::string_view bytes, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return 0;
  out.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t out_left = out.size();
  size_t bad = std::string_view::npos;
  while (in_left > 0) {
    const size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      const size_t used = out.size() - out_left;
      out.resize(out.size() * 2);
      dst = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    bad = bytes.size() - in_left;  // EILSEQ or EINVAL (truncated sequence)
    break;
  }
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return bad;
}

// Text decoded from junk shows control characters or a high share of characters that
// no Chinese report uses; such a decode is refused rather than returned as garbage.
bool looks_like_text(std::string_view text) {
  size_t total = 0, odd = 0;
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = utf8::next(text, i);
    ++total;
    if (cp == '\n' || cp == '\r' || cp == '\t' || cp == '\f') continue;
    if (cp < 0x20 || cp == 0x7F || cp == 0xFFFD) {
      ++odd;
    } else if (cp >= 0x80 && !(utf8::is_cjk(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
                                 (cp >= 0x2000 && cp <= 0x27BF) || (cp >= 0xA0 && cp <= 0x24F) ||
                                 (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x3200 && cp <= 0x33FF) || cp == 0xFEFF)) {
      ++odd;
    }
  }
  return total == 0 || odd * 20 <= total;  // at most 5% unusual characters
}

}  // namespace

DecodedText decode_text(std::string_view bytes, const std::string& path) {
  if (bytes.empty()) throw FormatError(path, "文件为空", "the file is empty");
  if (bytes.size() > kMaxInputBytes)
    throw FormatError(path, "文件过大（" + std::to_string(bytes.size() >> 20) + " MB，上限 64 MB）",
                      "the file is too large (" + std::to_string(bytes.size() >> 20) + " MB, limit 64 MB)");
  DecodedText out;
  std::string text;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    if (!utf8::valid(bytes.substr(3)))
      throw DecodeError(path, "文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8",
                        "the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
    text.assign(bytes.substr(3));
    out.encoding = "utf-8-sig";
  } else if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    const bool little = bytes[0] == '\xFF';
    if (!decode_utf16(bytes.substr(2), little, text))
      throw DecodeError(path, "文件以 UTF-16 BOM 开头，但内容不是有效的 UTF-16",
                        "the file starts with a UTF-16 byte-order mark but is not valid UTF-16");
    out.encoding = little ? "utf-16-le" : "utf-16-be";
  } else if (utf8::valid(bytes)) {
    text.assign(bytes);
    out.encoding = "utf-8";
  } else {
    const size_t bad = decode_gb18030(bytes, text);
    if (bad != std::string_view::npos)
      throw DecodeError(path,
                        "无法识别文件编码：第 " + std::to_string(bad + 1) +
                            " 字节处既不是有效的 UTF-8 也不是 GB18030/GBK（支持 UTF-8、GB18030/GBK、带 BOM 的 UTF-16）",
                        "cannot decode the file: byte " + std::to_string(bad + 1) +
                            " is valid neither as UTF-8 nor as GB18030/GBK (supported: UTF-8, GB18030/GBK, "
                            "UTF-16 with a byte-order mark)");
    out.encoding = "gb18030";
  }
  if (text.find('\0') != std::string::npos || !looks_like_text(text))
    throw DecodeError(path, "文件内容不像文本（可能是二进制文件或不受支持的编码）",
                      "the contents do not look like text (binary data or an unsupported encoding?)");
  out.text = normalise_newlines(text);
  return out;
}

std::string shown_path(const std::string& path) {
  if (utf8::valid(path) && path.find('\0') == std::string::npos) return path;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < path.size();) {
    const size_t start = i;
    const auto byte = static_cast<unsigned char>(path[i]);
    if (byte == 0) {
      out += "\\0";
      ++i;
      continue;
    }
    size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length > 0 && start + length <= path.size() && utf8::valid(std::string_view(path).substr(start, length))) {
      out.append(path, start, length);
      i += length;
    } else {
      out += {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xF]};
      ++i;
    }
  }
  return out;
}

namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void too_large(const std::string& shown, size_t size) {
  throw FormatError(shown, "文件过大（" + std::to_string(size >> 20) + " MB，上限 64 MB）",
                    "the file is too large (" + std::to_string(size >> 20) + " MB, limit 64 MB)");
}

[[noreturn]] void read_failed(const std::string& shown, int error) {
  throw FormatError(shown, std::string("读取文件时出错（") + std::strerror(error) + "）",
                    std::string("error while reading the file (") + std::strerror(error) + ")");
}

// Reads to the end; `stream` waits for data at most kStreamIdleSeconds at a time.
std::string read_all(int fd, const std::string& shown, bool stream) {
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      if (bytes.size() + static_cast<size_t>(n) > kMaxInputBytes) too_large(shown, bytes.size() + static_cast<size_t>(n));
      bytes.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return bytes;
    if (errno == EINTR) continue;
    if (!stream || (errno != EAGAIN && errno != EWOULDBLOCK)) read_failed(shown, errno);
    pollfd waiting{fd, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, kStreamIdleSeconds * 1000);
    if (ready < 0 && errno != EINTR) read_failed(shown, errno);
    if (ready == 0)
      throw FormatError(shown, "不是普通文件，" + std::to_string(kStreamIdleSeconds) + " 秒内没有读到数据",
                        "not a regular file, and no data came within " + std::to_string(kStreamIdleSeconds) + " s");
  }
}

}  // namespace

std::string read_file_bytes(const std::string& path) {
  const std::string shown = shown_path(path);
  if (path.find('\0') != std::string::npos)
    throw FormatError(shown, "路径中含有空字符（NUL），不是有效的文件名", "the path holds a NUL byte: not a valid file name");
  // Never blocks, not even on a FIFO nobody writes to.
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (file.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR)
      throw FormatError(shown, "找不到文件", "no such file");
    throw FormatError(shown, std::string("无法打开文件（") + std::strerror(error) + "）",
                      std::string("cannot open the file (") + std::strerror(error) + ")");
  }
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) read_failed(shown, errno);
  if (S_ISDIR(status.st_mode)) throw FormatError(shown, "这是文件夹，不是文件", "a folder, not a file");
  if (S_ISREG(status.st_mode)) {
    if (static_cast<unsigned long long>(status.st_size) > kMaxInputBytes)
      too_large(shown, static_cast<size_t>(status.st_size));
    return read_all(file.get(), shown, false);
  }
  if (!S_ISFIFO(status.st_mode) && !S_ISCHR(status.st_mode) && !S_ISSOCK(status.st_mode))
    throw FormatError(shown, "不是普通文件，不予读取", "not a regular file; not read");
  std::string bytes = read_all(file.get(), shown, true);
  if (bytes.empty())
    throw FormatError(shown, "不是普通文件（管道或设备），没有读到数据", "not a regular file (a pipe or device), and it gave no data");
  return bytes;
}

}  // namespace jixiao
