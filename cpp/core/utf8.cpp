#include "core/utf8.hpp"

#include <algorithm>

namespace jixiao::utf8 {

char32_t next_general(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool valid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // Fast path over ASCII.
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = next(s, i);
    if (cp == 0xFFFD) {
      // A literal U+FFFD is three bytes EF BF BD; anything else decoding to it is invalid.
      if (!(i - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD")) return false;
    }
  }
  return true;
}

size_t length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

size_t offset_of(std::string_view s, size_t n) {
  // Count lead bytes instead of decoding: the n-th character starts at the (n+1)-th lead byte.
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (n == 0) return i;
    --n;
  }
  return s.size();
}

CharIndex::CharIndex(std::string_view text) : text_(text) {
  counts_.reserve(text.size() / kStep + 1);
  size_t n = 0;
  for (size_t at = 0; at < text.size(); at += kStep) {
    counts_.push_back(n);
    n += length(text.substr(at, kStep));
  }
  counts_.push_back(n);  // at the end (or for an empty text)
}

size_t CharIndex::chars_before(size_t byte) const {
  byte = std::min(byte, text_.size());
  const size_t step = byte / kStep;
  return counts_[step] + length(text_.substr(step * kStep, byte - step * kStep));
}

size_t CharIndex::offset_of(size_t n) const {
  if (text_.empty()) return 0;
  // The last step starting with at most n characters before it holds the n-th character, if any.
  const size_t step = static_cast<size_t>(std::upper_bound(counts_.begin(), counts_.end() - 1, n) - counts_.begin()) - 1;
  const size_t from = step * kStep;
  return from + utf8::offset_of(text_.substr(from), n - counts_[step]);
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x3000 ||
         cp == 0xA0 || cp == 0x2002 || cp == 0x2003 || cp == 0x2009 || cp == 0x200B || cp == 0xFEFF;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2FA1F) ||
         (cp >= 0xF900 && cp <= 0xFAFF);
}

std::string_view trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t i = b;
    if (!is_space(next(s, i))) break;
    b = i;
  }
  size_t e = s.size();
  while (e > b) {
    // Step back to the start of the last code point.
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    size_t i = k;
    if (!is_space(next(s, i))) break;
    e = k;
  }
  return s.substr(b, e - b);
}

std::string trim_copy(std::string_view s) { return std::string(trim(s)); }

// Bytes instead of code points: the white space characters are one ASCII byte or a fixed two- or
// three-byte sequence whose first byte only ever starts a character, so finding the bytes finds
// the characters.
namespace {
size_t space_bytes_at(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return b == ' ' || (b >= '\t' && b <= '\r') ? 1 : 0;
  const std::string_view rest = s.substr(i);
  switch (b) {
    case 0xC2: return rest.starts_with("\xC2\xA0") ? 2 : 0;                     // U+00A0
    case 0xE2:                                                                  // U+2002 2003 2009 200B
      return rest.size() >= 3 && rest[1] == '\x80' &&
                     (rest[2] == '\x82' || rest[2] == '\x83' || rest[2] == '\x89' || rest[2] == '\x8B')
                 ? 3
                 : 0;
    case 0xE3: return rest.starts_with("\xE3\x80\x80") ? 3 : 0;                 // U+3000
    case 0xEF: return rest.starts_with("\xEF\xBB\xBF") ? 3 : 0;                 // U+FEFF
    default: return 0;
  }
}
}  // namespace

std::string squeeze(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t kept = 0;  // s[kept, i) is still to be appended
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    // Visible ASCII and continuation bytes, most of any text, start no white space.
    const size_t space = (b > ' ' && b < 0x80) || (b & 0xC0) == 0x80 ? 0 : space_bytes_at(s, i);
    if (space == 0) {
      ++i;
      continue;
    }
    out.append(s.substr(kept, i - kept));
    i += space;
    kept = i;
  }
  out.append(s.substr(kept));
  return out;
}

std::string truncate(std::string_view s, size_t n) {
  const size_t cut = offset_of(s, n);
  if (cut >= s.size()) return std::string(s);
  return std::string(s.substr(0, cut)) + "…";
}

}  // namespace jixiao::utf8
