#include "parse/parse.hpp"

#include <catch2/catch.hpp>

using namespace jixiao;

TEST_CASE("paragraphs keep their source lines and columns", "[parse]") {
  const ParsedText p = parse_text("标题\n\n  正文第一段。\n第二段");
  REQUIRE(p.blocks.size() == 3);
  CHECK(p.blocks[0].span.line == 1);
  CHECK(p.blocks[1].text == "正文第一段。");
  CHECK(p.blocks[1].span.line == 3);
  CHECK(p.blocks[1].span.column == 3);  // after two spaces
  CHECK(p.blocks[1].span.end_column == 9);
  // locate() maps a byte range of the block text back to the line.
  const Span s = locate(p.blocks[1].map, p.blocks[1].text, 3, 9);  // 第一
  CHECK(s.line == 3);
  CHECK(s.column == 4);
  CHECK(s.end_column == 6);
}

TEST_CASE("tab-cell text becomes rectangular tables", "[parse]") {
  const std::string text =
      "项目支出绩效自评表\n\n"
      "\t项目名称\n\t基层医疗项目\n\n"
      "\t项目资金\n（万元）\n\t年初预算数\n\t全年预算数\n\n"
      "\t\n\t年度资金总额\n\t1,234.\n56\n\n"
      "正文恢复。\n";
  const ParsedText p = parse_text(text);
  REQUIRE(p.tables.size() == 1);
  const Table& t = p.tables[0];
  CHECK(t.n_rows == 3);
  CHECK(t.n_cols == 3);
  SECTION("a line without TAB continues the cell above it") { CHECK(t.rows[1][0].text == "项目资金\n（万元）"); }
  SECTION("short rows are padded with empty cells") {
    CHECK(t.rows[0].size() == 3);
    CHECK(t.rows[0][2].text.empty());
  }
  SECTION("a number broken by a line break is joined") { CHECK(t.rows[2][2].text == "1,234.56"); }
  SECTION("merged cells show as empty cells") { CHECK(t.rows[2][0].text.empty()); }
  SECTION("cells know their lines") {
    CHECK(t.rows[0][0].span.line == 3);
    CHECK(t.rows[1][0].span.end_line == 7);
  }
  SECTION("prose after a blank line ends the table") {
    REQUIRE(p.blocks.size() == 3);
    CHECK(p.blocks[0].kind == "paragraph");
    CHECK(p.blocks[1].kind == "table");
    CHECK(p.blocks[2].text == "正文恢复。");
  }
}

TEST_CASE("tables are split where the export starts a new one", "[parse]") {
  SECTION("spaces before a TAB open a new table") {
    const ParsedText p = parse_text(" \t表一\n\n\t甲\n\t乙\n \t表二\n\n\t丙\n");
    REQUIRE(p.tables.size() == 2);
    CHECK(p.tables[0].rows[0][0].text == "表一");
    CHECK(p.tables[1].rows[0][0].text == "表二");
  }
  SECTION("two blank lines between rows separate tables") {
    const ParsedText p = parse_text("\t甲\n\t乙\n\n\n\t附件3\n\n\t丙\n");
    REQUIRE(p.tables.size() == 2);
    CHECK(p.tables[1].rows[0][0].text == "附件3");
  }
  SECTION("rows of empty cells around a table are dropped") {
    const ParsedText p = parse_text("\t甲\n\t乙\n\n\t \n\n\n");
    REQUIRE(p.tables.size() == 1);
    CHECK(p.tables[0].n_rows == 1);
  }
}

TEST_CASE("conversion leftovers are cut out and kept as artifacts", "[parse]") {
  const ParsedText p = parse_text("[bookmark: _GoBack]紧扣中心大局，统战法宝作用更加彰显。");
  REQUIRE(p.blocks.size() == 1);
  CHECK(p.blocks[0].text == "紧扣中心大局，统战法宝作用更加彰显。");
  REQUIRE(p.artifacts.size() == 1);
  CHECK(p.artifacts[0].text == "[bookmark: _GoBack]");
  CHECK(p.artifacts[0].span.column == 1);
  CHECK(p.artifacts[0].span.end_column == 20);
  // Text after the leftover still maps to its true column.
  CHECK(p.blocks[0].span.column == 20);
  SECTION("a line holding only a leftover makes no block") {
    const ParsedText q = parse_text("甲\n[bookmark: x]\n乙");
    CHECK(q.blocks.size() == 2);
    CHECK(q.artifacts.size() == 1);
  }
}

TEST_CASE("odd input parses to a clean result", "[parse]") {
  CHECK(parse_text("").blocks.empty());
  CHECK(parse_text("\n\n\n").blocks.empty());
  CHECK(parse_text("只有一行").blocks.size() == 1);
  const ParsedText ragged = parse_text("\t甲\n\n\t乙\n\t丙\n\t丁\n\n\t戊\n");
  REQUIRE(ragged.tables.size() == 1);
  CHECK(ragged.tables[0].n_cols == 3);
}
