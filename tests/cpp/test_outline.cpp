#include "outline/outline.hpp"
#include "parse/parse.hpp"

#include <catch2/catch.hpp>

using namespace jixiao;

namespace {
std::vector<Heading> outline_of(const std::string& text, std::vector<Block>* blocks_out = nullptr) {
  ParsedText p = parse_text(text);
  std::vector<Heading> h = build_outline(p.blocks);
  if (blocks_out) *blocks_out = p.blocks;
  return h;
}
}  // namespace

TEST_CASE("Chinese numbering styles are recognised with their values", "[outline]") {
  struct Case {
    const char* text;
    const char* style;
    int value;
  };
  const Case cases[] = {
      {"一、基本情况", "cn", 1},         {"十二、其他", "cn", 12},          {"（三）主要绩效", "cn_paren", 3},
      {"(四) 半角括号", "cn_paren", 4},   {"（2） 项目支出", "arabic_paren", 2}, {"（１）全角数字", "arabic_paren", 1},
      {"4、 国有资本", "arabic_dun", 4},  {"5．全角点", "arabic_dot", 5},    {"6. 半角点", "arabic_dot", 6},
      {"③第三项", "circled", 3},          {"第二部分 绩效", "part", 2},      {"第十一章 附则", "chapter", 11},
      {"7）右括号", "arabic_rparen", 7},  {"一 、空格", "cn", 1},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const auto n = match_numbering(c.text);
    REQUIRE(n.has_value());
    CHECK(n->style == c.style);
    CHECK(n->value == c.value);
  }
  SECTION("years, decimals and dates are not numbering") {
    CHECK_FALSE(match_numbering("2021年预算").has_value());
    CHECK_FALSE(match_numbering("2021.1-2021.12").has_value());
    CHECK_FALSE(match_numbering("3.5万元").has_value());
    CHECK_FALSE(match_numbering("一是加强学习").has_value());
  }
  SECTION("Chinese numerals") {
    CHECK(chinese_numeral_value("十") == 10);
    CHECK(chinese_numeral_value("二十一") == 21);
    CHECK(chinese_numeral_value("一百零五") == 105);
    CHECK(chinese_numeral_value("两") == 2);
    CHECK(chinese_numeral_value("甲") == -1);
  }
}

TEST_CASE("levels follow the numbering", "[outline]") {
  SECTION("a new style starting at 1 opens a child; the same style is a sibling") {
    const auto h = outline_of("一、甲\n（一）子一\n（二）子二\n二、乙\n（一）子三\n");
    REQUIRE(h.size() == 5);
    CHECK(h[0].level == 1);
    CHECK(h[1].level == 2);
    CHECK(h[1].parent == 0);
    CHECK(h[2].level == 2);
    CHECK(h[3].level == 1);
    CHECK(h[4].parent == 3);
  }
  SECTION("a top-level sequence that goes on as 4、5、 after 三、 stays top level") {
    const auto h = outline_of("一、甲\n（一）子\n二、乙\n三、丙\n4、 丁\n5、 戊\n（一）子\n六、己\n");
    std::vector<int> levels;
    for (const auto& x : h) levels.push_back(x.level);
    CHECK(levels == std::vector<int>{1, 2, 1, 1, 1, 1, 2, 1});
    CHECK(h[4].style == "arabic_dun");
    CHECK(h[4].value == 4);
  }
  SECTION("a bracketed number after a Chinese one of the same shape is a sibling with a gap") {
    const auto h = outline_of("一、甲\n（一）子一\n正文。\n（3） 子三\n");
    REQUIRE(h.size() == 3);
    CHECK(h[2].level == 2);
    CHECK(h[2].parent == 0);
  }
}

TEST_CASE("headings are told apart from numbered content", "[outline]") {
  std::vector<Block> blocks;
  const auto h = outline_of(
      "某局2021年度部门整体支出绩效自评报告\n"
      "一、部门基本情况\n"
      "1.组织贯彻执行党和国家的方针、政策；向区委反映情况。\n"
      "1、2021年预算资金255.45万元。\n"
      "（一）聚焦政治引领。持续巩固主题教育成果，引导代表人士积极参与。\n",
      &blocks);
  CHECK(blocks[0].kind == "title");
  CHECK(blocks[1].kind == "heading");
  CHECK(blocks[2].kind == "list_item");
  CHECK(blocks[3].kind == "list_item");
  REQUIRE(blocks[4].kind == "heading");
  REQUIRE(h.size() == 2);
  SECTION("a heading run into its paragraph keeps only its first sentence as title") {
    CHECK(h[1].run_in);
    CHECK(h[1].title == "聚焦政治引领");
  }
  SECTION("an attachment label before the title is skipped") {
    std::vector<Block> b2;
    outline_of("附件2-3\n\n邵东市委统战部整体支出绩效自评报告\n\n一、概况\n", &b2);
    CHECK(b2[0].kind == "paragraph");
    CHECK(b2[1].kind == "title");
  }
}
