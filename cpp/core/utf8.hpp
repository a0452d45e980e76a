// Small UTF-8 helpers: code point iteration, character counting and trimming that
// knows the full-width space (U+3000) and no-break space.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao::utf8 {

// Every other sequence, and every invalid one.
char32_t next_general(std::string_view s, size_t& i);

// Decodes the code point at s[i] and advances i; an invalid byte decodes as U+FFFD. Inline
// because every scan of the text calls it once a character: ASCII and the three-byte
// characters that make up Chinese text are decoded here, the rest out of line.
inline char32_t next(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  if ((b0 & 0xF0) == 0xE0 && i + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    const char32_t cp = (char32_t{b0 & 0x0Fu} << 12) | (char32_t{b1 & 0x3Fu} << 6) | (b2 & 0x3Fu);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      i += 3;
      return cp;
    }
  }
  return next_general(s, i);
}
// Appends the UTF-8 encoding of cp.
void append(std::string& out, char32_t cp);
// True when the whole string is well-formed UTF-8 (no overlongs, no surrogates).
bool valid(std::string_view s);
// Number of code points in s.
size_t length(std::string_view s);
// Byte offset of the n-th code point (or s.size()).
size_t offset_of(std::string_view s, size_t n);

// Character counts of a long text at fixed byte steps: turning a byte offset into a character
// offset (or back) reads at most one step instead of the whole text before it. The text must
// outlive the index.
class CharIndex {
 public:
  explicit CharIndex(std::string_view text);
  // Number of code points in text[0, byte).
  size_t chars_before(size_t byte) const;
  // Byte offset of the n-th code point (or the text's size), as offset_of(text, n).
  size_t offset_of(size_t n) const;

 private:
  static constexpr size_t kStep = 256;
  std::string_view text_;
  std::vector<size_t> counts_;  // counts_[k] = chars_before(k * kStep)
};

bool is_space(char32_t cp);
bool is_cjk(char32_t cp);
std::string_view trim(std::string_view s);
std::string trim_copy(std::string_view s);
// Removes every white space character (ASCII and full-width).
std::string squeeze(std::string_view s);
// Truncates to at most n characters, adding "…" when it cut.
std::string truncate(std::string_view s, size_t n);

}  // namespace jixiao::utf8
