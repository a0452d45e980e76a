#include "core/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace jixiao;

TEST_CASE("A character index counts what utf8::length and offset_of count, at every offset", "[utf8]") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += i % 3 ? "支出a" : "𝟙%，";  // 1-, 3- and 4-byte characters
  const utf8::CharIndex index(text);
  for (size_t byte = 0; byte <= text.size(); ++byte)
    REQUIRE(index.chars_before(byte) == utf8::length(std::string_view(text).substr(0, byte)));
  const size_t chars = utf8::length(text);
  for (size_t n = 0; n <= chars + 2; ++n) REQUIRE(index.offset_of(n) == utf8::offset_of(text, n));
}

TEST_CASE("A character index of an empty text answers zero", "[utf8]") {
  const utf8::CharIndex index("");
  CHECK(index.chars_before(0) == 0);
  CHECK(index.offset_of(0) == 0);
  CHECK(index.offset_of(5) == 0);
}

TEST_CASE("squeeze drops what is_space calls white space, read code point by code point, and keeps every other byte",
          "[utf8]") {
  // Every white space character, Chinese text, and bytes that are no character: a stray
  // continuation byte, a lead byte cut short, an overlong form, and a space sequence cut off at the end.
  const std::vector<std::string> pieces = {
      " ", "\t", "\n", "\r", "\v", "\f", "\u3000", "\u00A0", "\u2002", "\u2003", "\u2009", "\u200B", "\uFEFF",
      "支出", "a", "\u2001", "\u3001", "\x80", "\xE3\x80", "\xC0\xA0", "\xE2\x80", "\xEF\xBB", "\xC2"};
  std::string text;
  for (size_t i = 0; i < 400; ++i) text += pieces[(i * 7 + i / 5) % pieces.size()];
  for (size_t cut = 0; cut <= text.size(); cut += 5) {
    const std::string_view s = std::string_view(text).substr(0, cut);
    std::string expected;
    for (size_t i = 0; i < s.size();) {
      const size_t start = i;
      if (!utf8::is_space(utf8::next(s, i))) expected.append(s.substr(start, i - start));
    }
    REQUIRE(utf8::squeeze(s) == expected);
  }
}
