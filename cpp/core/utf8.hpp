// Small UTF-8 helpers: code point iteration, character counting and trimming that
// knows the full-width space (U+3000) and no-break space.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace jixiao::utf8 {

// Decodes the code point at s[i] and advances i; an invalid byte decodes as U+FFFD.
char32_t next(std::string_view s, size_t& i);
// Appends the UTF-8 encoding of cp.
void append(std::string& out, char32_t cp);
// True when the whole string is well-formed UTF-8 (no overlongs, no surrogates).
bool valid(std::string_view s);
// Number of code points in s.
size_t length(std::string_view s);
// Byte offset of the n-th code point (or s.size()).
size_t offset_of(std::string_view s, size_t n);

bool is_space(char32_t cp);
bool is_cjk(char32_t cp);
std::string_view trim(std::string_view s);
std::string trim_copy(std::string_view s);
// Removes every white space character (ASCII and full-width).
std::string squeeze(std::string_view s);
// Truncates to at most n characters, adding "…" when it cut.
std::string truncate(std::string_view s, size_t n);

}  // namespace jixiao::utf8
