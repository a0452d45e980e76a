// Character access for the extract stage's scanners (internal).
#pragma once

#include "core/utf8.hpp"

#include <string_view>

namespace jixiao::chars {

// The character at byte pos (0 past the end); *after is set to the byte after it.
inline char32_t at(std::string_view s, size_t pos, size_t* after = nullptr) {
  if (pos >= s.size()) {
    if (after) *after = pos;
    return 0;
  }
  size_t i = pos;
  const char32_t cp = utf8::next(s, i);
  if (after) *after = i;
  return cp;
}

// The character that ends at byte pos (0 at the start); *start is set to where it begins.
inline char32_t before(std::string_view s, size_t pos, size_t* start = nullptr) {
  if (pos == 0) {
    if (start) *start = 0;
    return 0;
  }
  size_t p = pos - 1;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
  if (start) *start = p;
  return at(s, p);
}

// Whether the character at byte i is white space (as utf8::is_space), and its length.
inline size_t space_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  if (c != 0xC2 && c != 0xE2 && c != 0xE3 && c != 0xEF) return 0;  // leads of the other spaces
  size_t j = i;
  return utf8::is_space(utf8::next(s, j)) ? j - i : 0;
}

// utf8::trim without decoding every character.
inline std::string_view trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    const size_t n = space_length(s, b);
    if (!n) break;
    b += n;
  }
  size_t e = s.size();
  while (e > b) {
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    if (!space_length(s, k)) break;
    e = k;
  }
  return s.substr(b, e - b);
}

// Number of characters in valid UTF-8: the bytes that start one.
inline size_t count(std::string_view s) {
  size_t n = 0;
  for (unsigned char b : s) n += (b & 0xC0) != 0x80;
  return n;
}

}  // namespace jixiao::chars
