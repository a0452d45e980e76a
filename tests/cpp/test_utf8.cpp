#include "core/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>

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
