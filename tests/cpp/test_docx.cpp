// The native .docx reader: text, numbering, tables, exclusions, locations and bad files.
// Each test builds its .docx in memory with libzip from the XML parts it needs.
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "decode/docx.hpp"
#include "decode/docx_numbering.hpp"
#include "decode/docx_package.hpp"
#include "outline/outline.hpp"
#include "parse/parse.hpp"
#include "pipeline/pipeline.hpp"

#include "zip_maker.hpp"

#include <catch2/catch.hpp>
#include <zip.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using jixiao::ParsedText;
using jixiao::test::make_zip;
using jixiao::test::Parts;

const std::string kNs = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";

std::string document_xml(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document )" + kNs + "><w:body>" + body +
         "<w:sectPr/></w:body></w:document>";
}

std::string run(const std::string& text) { return R"(<w:r><w:t xml:space="preserve">)" + text + "</w:t></w:r>"; }
std::string para(const std::string& inner) { return "<w:p>" + inner + "</w:p>"; }
std::string text_para(const std::string& text) { return para(run(text)); }
std::string list_para(int num_id, int level, const std::string& text, const std::string& style = "") {
  std::string props = "<w:pPr>";
  if (!style.empty()) props += R"(<w:pStyle w:val=")" + style + R"("/>)";
  if (num_id >= 0)
    props += R"(<w:numPr><w:ilvl w:val=")" + std::to_string(level) + R"("/><w:numId w:val=")" + std::to_string(num_id) +
             R"("/></w:numPr>)";
  return para(props + "</w:pPr>" + run(text));
}

std::string level_xml(int ilvl, const std::string& format, const std::string& text, int start = 1,
                      const std::string& extra = "") {
  return R"(<w:lvl w:ilvl=")" + std::to_string(ilvl) + R"("><w:start w:val=")" + std::to_string(start) +
         R"("/><w:numFmt w:val=")" + format + R"("/><w:lvlText w:val=")" + text + R"("/>)" + extra + "</w:lvl>";
}
std::string numbering_xml(const std::string& inner) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><w:numbering )" + kNs + ">" + inner + "</w:numbering>";
}
std::string abstract_num(int id, const std::string& levels) {
  return R"(<w:abstractNum w:abstractNumId=")" + std::to_string(id) + R"(">)" + levels + "</w:abstractNum>";
}
std::string num(int id, int abstract_id, const std::string& overrides = "") {
  return R"(<w:num w:numId=")" + std::to_string(id) + R"("><w:abstractNumId w:val=")" + std::to_string(abstract_id) +
         R"("/>)" + overrides + "</w:num>";
}
std::string styles_xml(const std::string& inner) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><w:styles )" + kNs + ">" + inner + "</w:styles>";
}

std::string docx_bytes(const std::string& body, const std::string& numbering = "", const std::string& styles = "") {
  Parts parts{{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", document_xml(body)}};
  if (!numbering.empty()) parts.emplace_back("word/numbering.xml", numbering);
  if (!styles.empty()) parts.emplace_back("word/styles.xml", styles);
  return make_zip(parts);
}

ParsedText read(const std::string& body, const std::string& numbering = "", const std::string& styles = "") {
  return jixiao::read_docx(docx_bytes(body, numbering, styles), "test.docx");
}

std::vector<std::string> block_texts(const ParsedText& parsed) {
  std::vector<std::string> out;
  for (const auto& b : parsed.blocks)
    if (b.kind != "table") out.push_back(b.text);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The message of the FormatError that reading `bytes` raises ("" when none is raised).
std::string format_error(const std::string& bytes, const std::string& path = "bad.docx") {
  try {
    jixiao::read_docx(bytes, path);
  } catch (const jixiao::Error& e) {
    CHECK(e.kind() == jixiao::ErrorKind::format);
    CHECK(e.message().find(path) != std::string::npos);
    return e.message() + " | " + e.message("en");
  }
  return "";
}

void put_u32(std::string& bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

const std::string kChineseList = abstract_num(
    1, level_xml(0, "chineseCounting", "%1、") + level_xml(1, "chineseCounting", "（%2）") +
           level_xml(2, "decimal", "%3.") + level_xml(3, "decimal", "%3.%4"));

}  // namespace

TEST_CASE("Runs split inside a number are joined into one number", "[docx]") {
  const ParsedText parsed = read(para(run("共有1") + run(",2") + run("00人，完成率34") + run(".") + run("5%，资金6") +
                                      run("万元")));
  REQUIRE(parsed.blocks.size() == 1);
  CHECK(parsed.blocks[0].text == "共有1,200人，完成率34.5%，资金6万元");
  const jixiao::Document doc = jixiao::read_document(docx_bytes(para(run("资金6") + run("万元"))), "x.docx");
  CHECK(doc.meta.format == "docx");
}

TEST_CASE("Tabs and line breaks inside a paragraph read as spaces and keep it one line", "[docx]") {
  const ParsedText parsed = read(para("<w:r><w:tab/><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/></w:r>"));
  REQUIRE(parsed.blocks.size() == 1);
  CHECK(parsed.blocks[0].text == "甲 乙 丙");
  CHECK(parsed.text == "甲 乙 丙\n");
}

TEST_CASE("chineseCounting numbering is rendered as 一、 and recognised by the outline", "[docx]") {
  std::string body;
  for (int i = 0; i < 11; ++i) body += list_para(1, 0, "第" + std::to_string(i + 1) + "部分内容");
  const ParsedText parsed = read(body, numbering_xml(kChineseList + num(1, 1)));
  const auto texts = block_texts(parsed);
  REQUIRE(texts.size() == 11);
  CHECK(texts[0] == "一、 第1部分内容");
  CHECK(texts[9] == "十、 第10部分内容");
  CHECK(texts[10] == "十一、 第11部分内容");
  const auto numbering = jixiao::match_numbering(texts[10]);
  REQUIRE(numbering);
  CHECK(numbering->style == "cn");
  CHECK(numbering->value == 11);
}

TEST_CASE("Nested levels render their patterns and restart under a new parent", "[docx]") {
  const std::string body = list_para(1, 0, "基本情况") + list_para(1, 1, "单位概况") + list_para(1, 1, "人员情况") +
                           list_para(1, 2, "在职人员") + list_para(1, 3, "编制内") + list_para(1, 0, "绩效情况") +
                           list_para(1, 1, "产出") + list_para(1, 2, "数量");
  const ParsedText parsed = read(body, numbering_xml(kChineseList + num(1, 1)));
  CHECK(block_texts(parsed) == std::vector<std::string>{"一、 基本情况", "（一） 单位概况", "（二） 人员情况",
                                                        "1. 在职人员", "1.1 编制内", "二、 绩效情况", "（一） 产出",
                                                        "1. 数量"});
  const auto sub = jixiao::match_numbering("（二） 人员情况");
  REQUIRE(sub);
  CHECK(sub->style == "cn_paren");
  CHECK(sub->value == 2);

  std::vector<jixiao::Block> blocks = parsed.blocks;
  const std::vector<jixiao::Heading> outline = jixiao::build_outline(blocks);
  REQUIRE(outline.size() >= 7);
  CHECK(outline[0].title == "基本情况");
  CHECK(outline[0].level == 1);
  CHECK(outline[1].style == "cn_paren");
  CHECK(outline[1].level == 2);
  CHECK(outline[6].value == 1);  // （一） 产出 restarted under 二、
}

TEST_CASE("w:start, suffixes and other number formats are honoured", "[docx]") {
  const std::string levels = level_xml(0, "decimal", "%1、", 3, R"(<w:suff w:val="nothing"/>)") +
                             level_xml(1, "decimalEnclosedCircle", "%2") + level_xml(2, "lowerLetter", "%3)") +
                             level_xml(3, "decimalFullWidth", "第%4条") + level_xml(4, "upperRoman", "%5.");
  const std::string body = list_para(1, 0, "甲") + list_para(1, 1, "乙") + list_para(1, 1, "丙") +
                           list_para(1, 2, "丁") + list_para(1, 3, "戊") + list_para(1, 4, "己") +
                           list_para(1, 4, "庚") + list_para(1, 0, "辛");
  const ParsedText parsed = read(body, numbering_xml(abstract_num(1, levels) + num(1, 1)));
  CHECK(block_texts(parsed) == std::vector<std::string>{"3、甲", "① 乙", "② 丙", "a) 丁", "第１条 戊", "I. 己",
                                                        "II. 庚", "4、辛"});
}

TEST_CASE("Lists sharing an abstract definition continue; a startOverride restarts", "[docx]") {
  const std::string numbering =
      numbering_xml(abstract_num(1, level_xml(0, "decimal", "%1.")) + num(1, 1) + num(2, 1) +
                    num(3, 1, R"(<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>)"));
  const std::string body = list_para(1, 0, "一项") + list_para(1, 0, "二项") + list_para(2, 0, "三项") +
                           list_para(3, 0, "重新一项") + list_para(3, 0, "重新二项");
  CHECK(block_texts(read(body, numbering)) ==
        std::vector<std::string>{"1. 一项", "2. 二项", "3. 三项", "1. 重新一项", "2. 重新二项"});
}

TEST_CASE("Numbering and outline levels come from paragraph styles", "[docx]") {
  const std::string styles = styles_xml(
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>)"
      R"(<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="Custom Two"/><w:basedOn w:val="Normal"/>)"
      R"(<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="H2b"><w:name w:val="Derived"/><w:basedOn w:val="H2"/></w:style>)");
  const std::string levels =
      level_xml(0, "chineseCountingThousand", "%1、", 1, R"(<w:pStyle w:val="H1"/>)") +
      level_xml(1, "chineseCounting", "（%2）", 1, R"(<w:pStyle w:val="H2"/>)");
  const std::string body = list_para(-1, 0, "部门基本情况", "H1") + list_para(-1, 0, "单位职能", "H2") +
                           list_para(-1, 0, "人员构成", "H2b") + list_para(-1, 0, "预算情况", "H1") +
                           list_para(-1, 0, "正文一段。", "Normal");
  const ParsedText parsed = read(body, numbering_xml(abstract_num(7, levels) + num(1, 7)), styles);
  REQUIRE(parsed.blocks.size() == 5);
  CHECK(block_texts(parsed) == std::vector<std::string>{"一、 部门基本情况", "（一） 单位职能", "（二） 人员构成",
                                                        "二、 预算情况", "正文一段。"});
  CHECK(parsed.blocks[0].level == 1);
  CHECK(parsed.blocks[1].level == 2);
  CHECK(parsed.blocks[2].level == 2);
  CHECK(parsed.blocks[4].level == 0);
}

TEST_CASE("Direct numId 0 switches off the numbering a style carries", "[docx]") {
  const std::string styles = styles_xml(
      R"(<w:style w:type="paragraph" w:styleId="L"><w:name w:val="List"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>)");
  const std::string body = list_para(-1, 0, "有编号", "L") + list_para(0, 0, "无编号", "L");
  const ParsedText parsed = read(body, numbering_xml(abstract_num(1, level_xml(0, "decimal", "%1.")) + num(1, 1)), styles);
  CHECK(block_texts(parsed) == std::vector<std::string>{"1. 有编号", "无编号"});
}

TEST_CASE("Number formats render as Word shows them", "[docx]") {
  using jixiao::docx::format_number;
  CHECK(format_number(1, "chineseCounting") == "一");
  CHECK(format_number(10, "chineseCounting") == "十");
  CHECK(format_number(11, "chineseCounting") == "十一");
  CHECK(format_number(20, "chineseCounting") == "二十");
  CHECK(format_number(21, "chineseCountingThousand") == "二十一");
  CHECK(format_number(105, "chineseCountingThousand") == "一百零五");
  CHECK(format_number(110, "chineseCounting") == "一百一十");
  CHECK(format_number(12, "chineseLegalSimplified") == "壹拾贰");
  CHECK(format_number(3, "ideographTraditional") == "丙");
  CHECK(format_number(5, "decimalEnclosedCircle") == "⑤");
  CHECK(format_number(21, "decimalEnclosedCircle") == "㉑");
  CHECK(format_number(12, "decimalFullWidth") == "１２");
  CHECK(format_number(4, "decimalZero") == "04");
  CHECK(format_number(14, "upperRoman") == "XIV");
  CHECK(format_number(27, "lowerLetter") == "aa");
  CHECK(format_number(2, "decimalEnclosedParen") == "⑵");
  CHECK(format_number(7, "someFutureFormat") == "7");
  CHECK(jixiao::chinese_numeral_value(format_number(105, "chineseCounting")) == 105);
}

TEST_CASE("gridSpan and vMerge resolve into a rectangular grid with merged cells filled", "[docx]") {
  auto cell = [](const std::string& text, const std::string& props = "") {
    return "<w:tc>" + (props.empty() ? "" : "<w:tcPr>" + props + "</w:tcPr>") + text_para(text) + "</w:tc>";
  };
  const std::string restart = R"(<w:vMerge w:val="restart"/>)";
  const std::string cont = "<w:vMerge/>";
  const std::string table =
      "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr>" + cell("一级指标") + cell("二级指标") + cell("三级指标") + cell("指标值") + "</w:tr>"
      "<w:tr>" + cell("产出指标", restart) + cell("数量指标") + cell("培训", R"(<w:gridSpan w:val="2"/>)") + "</w:tr>"
      "<w:tr>" + cell("", cont) + cell("质量指标") + cell("合格率") + cell("≥95%") + "</w:tr>"
      "<w:tr>" + cell("", cont) + "<w:tc><w:p><w:r><w:t>第一段</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:tc>" +
      cell("时效") + cell("12月") + "</w:tr>"
      "</w:tbl>";
  const ParsedText parsed = read(text_para("表前说明") + table + text_para("表后说明"));
  REQUIRE(parsed.tables.size() == 1);
  const jixiao::Table& t = parsed.tables[0];
  CHECK(t.n_rows == 4);
  CHECK(t.n_cols == 4);
  for (const auto& row : t.rows) CHECK(row.size() == 4);
  CHECK(t.rows[1][0].text == "产出指标");
  CHECK_FALSE(t.rows[1][0].merged);
  CHECK(t.rows[2][0].text == "产出指标");
  CHECK(t.rows[2][0].merged);
  CHECK(t.rows[3][0].text == "产出指标");
  CHECK(t.rows[1][3].text == "培训");
  CHECK(t.rows[1][3].merged);
  CHECK(t.rows[3][1].text == "第一段\n第二段");
  CHECK(t.rows[2][3].text == "≥95%");

  // Blocks: paragraph, table, paragraph; the table block is "t0".
  REQUIRE(parsed.blocks.size() == 3);
  CHECK(parsed.blocks[1].kind == "table");
  CHECK(parsed.blocks[1].ref == "t0");
  CHECK(parsed.blocks[2].ref == "p1");
  CHECK(parsed.blocks[2].text == "表后说明");

  // The extracted text is tab-cell text: the text reader gives the same grid, merged cells empty.
  const ParsedText reparsed = jixiao::parse_text(parsed.text);
  REQUIRE(reparsed.tables.size() == 1);
  CHECK(reparsed.tables[0].n_rows == 4);
  CHECK(reparsed.tables[0].n_cols == 4);
  CHECK(reparsed.tables[0].rows[2][0].text.empty());
  CHECK(reparsed.tables[0].rows[3][1].text == "第一段\n第二段");
  CHECK(reparsed.blocks.back().text == "表后说明");

  // Cell spans point at the cell's line, after its TAB; a merged cell points at its origin.
  const auto lines = lines_of(parsed.text);
  const jixiao::Cell& rate = t.rows[2][3];
  REQUIRE(rate.span.line >= 1);
  CHECK(lines[rate.span.line - 1] == "\t≥95%");
  CHECK(rate.span.column == 2);
  CHECK(rate.span.end_column == 6);
  CHECK(t.rows[2][0].span.line == t.rows[1][0].span.line);
  const jixiao::Cell& two = t.rows[3][1];
  const jixiao::Span second = jixiao::locate(two.map, two.text, two.text.find("第二段"), two.text.size());
  CHECK(lines[second.line - 1] == "第二段");
  CHECK(second.column == 1);
  CHECK(t.span.line == t.rows[0][0].span.line);
}

TEST_CASE("Nested tables are flattened into their cell and rows without text are dropped", "[docx]") {
  const std::string nested = "<w:tbl><w:tr><w:tc>" + text_para("内一") + "</w:tc><w:tc>" + text_para("内二") +
                             "</w:tc></w:tr></w:tbl>";
  const std::string table = "<w:tbl><w:tr><w:tc>" + text_para("外") + "</w:tc><w:tc>" + text_para("前") + nested +
                            "</w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>";
  const ParsedText parsed = read(table + table);
  REQUIRE(parsed.tables.size() == 2);
  CHECK(parsed.tables[0].n_rows == 1);
  CHECK(parsed.tables[0].rows[0][1].text == "前\n内一\n内二");
  CHECK(parsed.blocks[1].ref == "t1");
  CHECK(jixiao::parse_text(parsed.text).tables.size() == 2);  // two blank lines keep them apart
}

TEST_CASE("Hostile grid sizes are clamped rather than allocated", "[docx]") {
  const std::string table = R"(<w:tbl><w:tr><w:trPr><w:gridBefore w:val="3"/><w:gridAfter w:val="2000000000"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>)" +
                            text_para("宽") + "</w:tc></w:tr></w:tbl>";
  const ParsedText parsed = read(table);
  REQUIRE(parsed.tables.size() == 1);
  CHECK(parsed.tables[0].n_cols == 1000);
  CHECK(parsed.tables[0].rows[0][3].text == "宽");
  CHECK(parsed.tables[0].rows[0][999].merged);
}

TEST_CASE("Bookmarks, field codes, comments, deletions and hidden text stay out of the text", "[docx]") {
  const std::string body = para(
      R"(<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:proofErr w:type="spellStart"/>)" + run("第") +
      R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>)"
      R"(<w:r><w:fldChar w:fldCharType="separate"/></w:r>)" + run("3") +
      R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)" + run("页，") +
      R"(<w:commentRangeStart w:id="1"/>)" + run("预算") + R"(<w:commentRangeEnd w:id="1"/>)"
      R"(<w:r><w:commentReference w:id="1"/></w:r>)"
      R"(<w:del w:id="2" w:author="a"><w:r><w:delText>旧数</w:delText></w:r></w:del>)"
      R"(<w:ins w:id="3" w:author="a">)" + run("255.45") + "</w:ins>" +
      R"(<w:moveFrom w:id="4" w:author="a">)" + run("移走") + "</w:moveFrom>" +
      R"(<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>)" + run("万元") +
      R"(<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>（共9页）</w:t></w:r></w:fldSimple>)"
      R"(<w:bookmarkEnd w:id="0"/>)");
  const ParsedText parsed = read(body);
  REQUIRE(parsed.blocks.size() == 1);
  CHECK(parsed.blocks[0].text == "第3页，预算255.45万元（共9页）");
  CHECK(parsed.artifacts.empty());
}

TEST_CASE("A field's result may span paragraphs, and an unbalanced field hides nothing past its paragraph", "[docx]") {
  const std::string body =
      para(run("目录") + R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \o</w:instrText></w:r>)") +
      para(R"(<w:r><w:instrText>"1-3"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>)" +
           run("一、基本情况")) +
      para(run("二、绩效情况") + R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)") + text_para("正文");
  CHECK(block_texts(read(body)) == std::vector<std::string>{"目录", "一、基本情况", "二、绩效情况", "正文"});

  const std::string unbalanced =
      para(run("前文") + R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>MERGEFIELD x</w:t></w:r>)") +
      text_para("后文仍然可见");
  CHECK(block_texts(read(unbalanced)) == std::vector<std::string>{"前文", "后文仍然可见"});
}

TEST_CASE("Hidden text by character style and conversion leftovers typed as text", "[docx]") {
  const std::string styles = styles_xml(
      R"(<w:style w:type="character" w:styleId="Hid"><w:name w:val="Hid"/><w:rPr><w:vanish/></w:rPr></w:style>)");
  const std::string body =
      para(run("可见") + R"(<w:r><w:rPr><w:rStyle w:val="Hid"/></w:rPr><w:t>不可见</w:t></w:r>)") +
      text_para("[bookmark: _GoBack]正文");
  const ParsedText parsed = read(body, "", styles);
  CHECK(block_texts(parsed) == std::vector<std::string>{"可见", "正文"});
  REQUIRE(parsed.artifacts.size() == 1);
  CHECK(parsed.artifacts[0].kind == "bookmark");
  CHECK(parsed.artifacts[0].block == 1);
}

TEST_CASE("Paragraph refs count body paragraphs and spans point into the extracted text", "[docx]") {
  const std::string body = text_para("标题") + "<w:p/>" + text_para("  　正文，预算 12.5 万元。 ") + text_para("结尾");
  const ParsedText parsed = read(body);
  REQUIRE(parsed.blocks.size() == 3);
  CHECK(parsed.blocks[0].ref == "p0");
  CHECK(parsed.blocks[1].ref == "p2");
  CHECK(parsed.blocks[2].ref == "p3");
  const auto lines = lines_of(parsed.text);
  REQUIRE(lines.size() == 4);
  CHECK(lines[1].empty());
  const jixiao::Block& b = parsed.blocks[1];
  CHECK(b.text == "正文，预算 12.5 万元。");
  CHECK(b.span.line == 3);
  CHECK(b.span.column == 1);
  CHECK(b.span.end_column == 15);
  CHECK(lines[b.span.line - 1] == b.text);
  const jixiao::Span amount = jixiao::locate(b.map, b.text, b.text.find("12.5"), b.text.find("12.5") + 4);
  CHECK(amount.column == 7);
  CHECK(amount.end_column == 11);
}

TEST_CASE("The package's relationships name the main document and its parts", "[docx]") {
  const std::string rels =
      R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/content/main.xml"/></Relationships>)";
  const std::string doc_rels =
      R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="lists/num.xml"/></Relationships>)";
  const std::string bytes =
      make_zip({{"_rels/.rels", rels},
                {"content/main.xml", document_xml(list_para(1, 0, "总体情况"))},
                {"content/_rels/main.xml.rels", doc_rels},
                {"content/lists/num.xml", numbering_xml(kChineseList + num(1, 1))}});
  const ParsedText parsed = jixiao::read_docx(bytes, "moved.docx");
  CHECK(block_texts(parsed) == std::vector<std::string>{"一、 总体情况"});
}

TEST_CASE("The corpus target table reads with its merged cells filled", "[docx][corpus]") {
  std::ifstream in(std::string(JIXIAO_CORPUS_DIR) + "/dev/d3_stats_targets_2022.docx", std::ios::binary);
  REQUIRE(in);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const jixiao::Document doc = jixiao::read_document(bytes, "d3_stats_targets_2022.docx");
  CHECK(doc.meta.title == "2022年部门整体支出绩效目标表");
  REQUIRE(doc.tables.size() == 1);
  const jixiao::Table& t = doc.tables[0];
  CHECK(t.n_cols == 6);
  int filled = 0;
  for (const auto& row : t.rows)
    if (row[1].text == "产出指标") ++filled;
  CHECK(filled == 4);
  CHECK(t.rows[0][5].text == "某区统计局");
  CHECK(t.rows[0][5].merged);
}

// ---- bad files ------------------------------------------------------------------------------

TEST_CASE("A file that is not a zip is refused with a FormatError naming it", "[docx]") {
  CHECK_THAT(format_error("这不是压缩包 plain text", "notes.docx"), Catch::Contains("zip"));
  CHECK_THAT(format_error("", "empty.docx"), Catch::Contains("empty"));
  CHECK_THAT(format_error("PK", "short.docx"), Catch::Contains("zip"));
}

TEST_CASE("A truncated .docx is refused as damaged", "[docx]") {
  const std::string whole = docx_bytes(text_para("完整的文档内容"));
  for (const size_t keep : {whole.size() / 2, whole.size() - 10, size_t{30}})
    CHECK_THAT(format_error(whole.substr(0, keep)), Catch::Contains("截断") && Catch::Contains("truncated"));
}

TEST_CASE("A zip bomb is refused by its compression ratio before it is inflated", "[docx]") {
  const std::string huge = document_xml(para(run(std::string(12u << 20, 'a'))));
  const std::string message = format_error(make_zip({{"word/document.xml", huge}}));
  CHECK_THAT(message, Catch::Contains("压缩炸弹") && Catch::Contains("zip bomb"));
}

TEST_CASE("A part whose declared size lies is stopped while inflating", "[docx]") {
  std::string bytes = make_zip({{"word/document.xml", document_xml(para(run(std::string(1u << 20, 'b'))))}});
  // Claim 100 bytes in both the local header and the central directory.
  put_u32(bytes, bytes.find(std::string("PK\x03\x04", 4)) + 22, 100);
  put_u32(bytes, bytes.find(std::string("PK\x01\x02", 4)) + 24, 100);
  jixiao::PackageLimits limits;
  limits.max_inflated = 256u << 10;
  limits.ratio_checked_from = 64u << 10;
  jixiao::DocxPackage package(bytes, "liar.docx", limits);
  try {
    package.read("word/document.xml");
    FAIL("no error for a part inflating beyond its limits");
  } catch (const jixiao::Error& e) {
    CHECK_THAT(e.message(), Catch::Contains("liar.docx"));
    CHECK_THAT(e.message("en"), Catch::Contains("zip bomb"));
  }
}

TEST_CASE("A zip without word/document.xml is not a Word document", "[docx]") {
  const std::string message = format_error(make_zip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<x/>"}}));
  CHECK_THAT(message, Catch::Contains("word/document.xml"));
}

TEST_CASE("XML with a DOCTYPE is refused, entities or not", "[docx]") {
  const std::string lol =
      R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>)"
      R"(<w:document )" + kNs + R"(><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>)";
  CHECK_THAT(format_error(make_zip({{"word/document.xml", lol}})), Catch::Contains("DOCTYPE"));
  const std::string styles_with_doctype = R"(<!DOCTYPE x><w:styles )" + kNs + "/>";
  CHECK_THAT(format_error(docx_bytes(text_para("正文"), "", styles_with_doctype)), Catch::Contains("word/styles.xml"));
}

TEST_CASE("Malformed XML is reported with the parser's reason and offset", "[docx]") {
  const std::string message = format_error(make_zip({{"word/document.xml", "<w:document><w:body><w:p></w:body>"}}));
  CHECK_THAT(message, Catch::Contains("word/document.xml") && Catch::Contains("XML") && Catch::Contains("byte"));
}

TEST_CASE("A document that is not a w:document is refused", "[docx]") {
  CHECK_THAT(format_error(make_zip({{"word/document.xml", "<root/>"}})), Catch::Contains("w:body"));
}

TEST_CASE("Nesting beyond the limit is refused instead of exhausting the stack", "[docx]") {
  std::string deep = text_para("最深处");
  for (int i = 0; i < 200; ++i) deep = "<w:sdt><w:sdtContent>" + deep + "</w:sdtContent></w:sdt>";
  CHECK_THAT(format_error(docx_bytes(deep)), Catch::Contains("嵌套"));
}

TEST_CASE("An encrypted entry is refused as encrypted", "[docx]") {
  // A genuine AES-encrypted entry when this libzip can write one.
  if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
    const std::string bytes = make_zip({{"word/document.xml", document_xml(text_para("机密"))}}, "secret");
    CHECK_THAT(format_error(bytes), Catch::Contains("加密") && Catch::Contains("encrypted"));
  } else {
    WARN("libzip cannot write AES entries here; only the flagged-entry case is checked");
  }
  // An entry flagged as (traditionally) encrypted in its headers.
  std::string bytes = docx_bytes(text_para("机密"));
  for (const char* signature : {"PK\x03\x04", "PK\x01\x02"}) {
    const size_t flag_offset = std::string_view(signature, 4) == std::string_view("PK\x03\x04", 4) ? 6 : 8;
    for (size_t at = bytes.find(std::string(signature, 4)); at != std::string::npos;
         at = bytes.find(std::string(signature, 4), at + 4))
      bytes[at + flag_offset] = static_cast<char>(bytes[at + flag_offset] | 1);
  }
  CHECK_THAT(format_error(bytes), Catch::Contains("加密"));
}

TEST_CASE("Random damage to the XML or the zip gives an error or a result, never a crash", "[docx]") {
  const std::string numbering = numbering_xml(kChineseList + num(1, 1));
  const std::string body = list_para(1, 0, "基本情况") + list_para(1, 1, "概况") +
                           para(run("预算") + R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r>)" + run("12.5")) +
                           "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>" +
                           text_para("甲") + "</w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" +
                           "<w:tc>" + text_para("乙") + "</w:tc></w:tr></w:tbl>";
  const std::string xml = document_xml(body);
  const std::string whole = docx_bytes(body, numbering);
  uint32_t state = 12345;
  auto next = [&state](size_t bound) {
    state = state * 1664525u + 1013904223u;
    return static_cast<size_t>(state >> 8) % bound;
  };
  auto survive = [](const std::string& bytes) {
    try {
      jixiao::read_docx(bytes, "fuzz.docx");
    } catch (const jixiao::Error& e) {
      CHECK(e.kind() == jixiao::ErrorKind::format);
    }
  };
  for (int round = 0; round < 300; ++round) {
    std::string damaged_xml = xml;
    const std::string_view noise = "<>/\"=w:x1 \xE4";
    for (int k = 0; k < 3; ++k) damaged_xml[next(damaged_xml.size())] = noise[next(noise.size())];
    survive(make_zip({{"word/document.xml", damaged_xml}, {"word/numbering.xml", numbering}}));
    std::string damaged_zip = whole;
    for (int k = 0; k < 4; ++k) damaged_zip[next(damaged_zip.size())] = static_cast<char>(next(256));
    survive(damaged_zip);
  }
}

TEST_CASE("A list starting at the largest w:start stays there instead of overflowing", "[docx]") {
  const std::string numbering =
      numbering_xml(abstract_num(1, level_xml(0, "decimal", "%1.", 2147483647)) + num(1, 1));
  const std::string body = list_para(1, 0, "甲") + list_para(1, 0, "乙") + list_para(1, 0, "丙");
  CHECK(block_texts(read(body, numbering)) ==
        std::vector<std::string>{"2147483647. 甲", "2147483647. 乙", "2147483647. 丙"});
}

TEST_CASE("A numbering pattern of thousands of %1 renders a bounded number", "[docx]") {
  std::string pattern;
  for (int i = 0; i < 3000; ++i) pattern += "%1";
  std::string body;
  for (int i = 0; i < 50; ++i) body += list_para(1, 0, "项");
  const ParsedText parsed = read(body, numbering_xml(abstract_num(1, level_xml(0, "decimal", pattern)) + num(1, 1)));
  const auto texts = block_texts(parsed);
  REQUIRE(texts.size() == 50);
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    CHECK(texts[i].size() <= 64 + std::string(" 项").size());
    CHECK(texts[i].rfind(n + n + n, 0) == 0);  // item i+1's number, repeated up to the cap
  }
  // A bullet drawn with an endless glyph string is cut the same way, between characters.
  std::string bullets;
  for (int i = 0; i < 1000; ++i) bullets += "●";
  const auto bulleted = block_texts(
      read(list_para(1, 0, "点"), numbering_xml(abstract_num(1, level_xml(0, "bullet", bullets)) + num(1, 1))));
  REQUIRE(bulleted.size() == 1);
  CHECK(bulleted[0].size() <= 64 + std::string(" 点").size());
  CHECK(jixiao::utf8::valid(bulleted[0]));  // cut between characters
}

TEST_CASE("The XML parts read without their zip give what the package gives", "[docx]") {
  const std::string numbering = numbering_xml(kChineseList + num(1, 1));
  const std::string body = list_para(1, 0, "总体情况") + text_para("正文");
  jixiao::DocxParts parts;
  parts.document = document_xml(body);
  parts.numbering = numbering;
  const ParsedText direct = jixiao::read_docx_parts(parts, "parts.docx");
  CHECK(block_texts(direct) == block_texts(read(body, numbering)));
  CHECK(direct.text == read(body, numbering).text);
  parts.numbering = "<w:numbering";
  CHECK_THROWS_AS(jixiao::read_docx_parts(parts, "parts.docx"), jixiao::Error);
}

TEST_CASE("A long cell merged across the grid is refused by its total text, copies included", "[docx]") {
  const std::string long_text(70'000, 'x');
  const std::string table = R"(<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr>)" + text_para(long_text) +
                            "</w:tc></w:tr></w:tbl>";
  const std::string message = format_error(docx_bytes(table), "merged.docx");
  CHECK(message.find("64 MB") != std::string::npos);
  // The same cell merged over a few columns reads.
  const std::string narrow = R"(<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr>)" + text_para(long_text) +
                             "</w:tc></w:tr></w:tbl>";
  CHECK(read(narrow).tables.at(0).rows.at(0).at(2).text == long_text);
}
