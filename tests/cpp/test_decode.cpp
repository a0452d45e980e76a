#include "core/error.hpp"
#include "decode/decode.hpp"

#include <catch2/catch.hpp>

using namespace jixiao;

namespace {
std::string utf16le(const std::u16string& s, bool bom = true) {
  std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
  for (char16_t c : s) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out;
}
}  // namespace

TEST_CASE("decoding finds the encoding of a report", "[decode]") {
  SECTION("plain UTF-8 is taken as it is") {
    const DecodedText d = decode_text("一、基本情况\n", "a.txt");
    CHECK(d.encoding == "utf-8");
    CHECK(d.text == "一、基本情况\n");
  }
  SECTION("a UTF-8 byte-order mark is dropped and named") {
    const DecodedText d = decode_text("\xEF\xBB\xBF一、基本情况", "a.txt");
    CHECK(d.encoding == "utf-8-sig");
    CHECK(d.text == "一、基本情况");
  }
  SECTION("GB18030/GBK bytes are converted to UTF-8") {
    // 预算 in GBK: D4 A4 CB E3
    const DecodedText d = decode_text("\xD4\xA4\xCB\xE3 100", "gbk.txt");
    CHECK(d.encoding == "gb18030");
    CHECK(d.text == "预算 100");
  }
  SECTION("UTF-16 with a byte-order mark, little and big endian") {
    const DecodedText le = decode_text(utf16le(u"绩效\r\n目标"), "u16.txt");
    CHECK(le.encoding == "utf-16-le");
    CHECK(le.text == "绩效\n目标");
    const std::string be = std::string("\xFE\xFF\x7E\xE9", 4);  // 绩 (U+7EE9)
    CHECK(decode_text(be, "be.txt").text == "绩");
  }
  SECTION("Windows and old Mac line breaks become \\n") {
    CHECK(decode_text("a\r\nb\rc", "x.txt").text == "a\nb\nc");
  }
}

TEST_CASE("decoding refuses what is not text, naming the file", "[decode]") {
  SECTION("an empty file") {
    try {
      decode_text("", "empty.txt");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::format);
      CHECK(e.message().find("empty.txt") != std::string::npos);
      CHECK(e.message("en").find("empty") != std::string::npos);
    }
  }
  SECTION("binary junk") {
    std::string junk;
    for (int i = 0; i < 512; ++i) junk.push_back(static_cast<char>((i * 37 + 11) & 0xFF));
    CHECK_THROWS_AS(decode_text(junk, "junk.bin"), Error);
  }
  SECTION("NUL bytes in otherwise valid UTF-8") {
    CHECK_THROWS_AS(decode_text(std::string("abc\0def", 7), "nul.txt"), Error);
  }
  SECTION("UTF-16 without a byte-order mark is not guessed") {
    CHECK_THROWS_AS(decode_text(utf16le(u"绩效目标表", false), "nobom.txt"), Error);
  }
  SECTION("a truncated UTF-16 file") {
    std::string t = utf16le(u"绩效");
    t.pop_back();
    CHECK_THROWS_AS(decode_text(t, "cut.txt"), Error);
  }
  SECTION("a byte sequence valid in no supported encoding reports its position") {
    try {
      decode_text("ok \x81\x20 bad", "bad.txt");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::decode);
      CHECK(e.message().find("bad.txt") != std::string::npos);
      CHECK(e.message("en").find("byte 4") != std::string::npos);
    }
  }
}
