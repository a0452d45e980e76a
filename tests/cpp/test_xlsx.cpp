// The native .xlsx reader: number formats, cell values, merged ranges, sheets, locations and
// bad files. Each test builds its workbook in memory with libzip from the XML parts it needs.
#include "check/check.hpp"
#include "core/error.hpp"
#include "decode/xlsx.hpp"
#include "decode/xlsx_format.hpp"
#include "pipeline/pipeline.hpp"
#include "zip_maker.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using jixiao::Document;
using jixiao::test::make_zip;
using jixiao::test::Parts;
using jixiao::xlsx::format_number;

const std::string kMain = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
const std::string kRel = R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

struct Sheet {
  std::string name;
  std::string rows;          // <row> elements
  std::string extra;         // after sheetData, e.g. <mergeCells>
  std::string state;         // "hidden", "veryHidden" or empty
  std::string dimension = "";
};

// A workbook with these sheets, shared strings and cell styles (each style a numFmtId; custom
// formats as id -> code).
std::string workbook(const std::vector<Sheet>& sheets, const std::vector<std::string>& shared = {},
                     const std::vector<int>& styles = {}, const std::vector<std::pair<int, std::string>>& formats = {},
                     const std::string& workbook_props = "") {
  std::string sheet_list, rels;
  Parts parts;
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    sheet_list += R"(<sheet name=")" + sheets[i].name + R"(" sheetId=")" + n + R"(" r:id="rId)" + n + R"(")" +
                  (sheets[i].state.empty() ? "" : R"( state=")" + sheets[i].state + R"(")") + "/>";
    rels += R"(<Relationship Id="rId)" + n +
            R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet)" +
            n + R"(.xml"/>)";
    parts.push_back({"xl/worksheets/sheet" + n + ".xml",
                     "<worksheet " + kMain + " " + kRel + ">" + sheets[i].dimension + "<sheetData>" + sheets[i].rows +
                         "</sheetData>" + sheets[i].extra + "</worksheet>"});
  }
  rels += R"(<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
  rels += R"(<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
  std::string sst = "<sst " + kMain + ">";
  for (const std::string& s : shared) sst += s.rfind("<r>", 0) == 0 ? "<si>" + s + "</si>" : "<si><t>" + s + "</t></si>";
  sst += "</sst>";
  std::string style_xml = "<styleSheet " + kMain + "><numFmts>";
  for (const auto& [id, code] : formats)
    style_xml += R"(<numFmt numFmtId=")" + std::to_string(id) + R"(" formatCode=")" + code + R"("/>)";
  style_xml += R"(</numFmts><cellXfs><xf numFmtId="0"/>)";
  for (const int id : styles) style_xml += R"(<xf numFmtId=")" + std::to_string(id) + R"(" applyNumberFormat="1"/>)";
  style_xml += "</cellXfs></styleSheet>";
  parts.push_back({"[Content_Types].xml", "<Types/>"});
  parts.push_back({"_rels/.rels",
                   R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"});
  parts.push_back({"xl/workbook.xml", "<workbook " + kMain + " " + kRel + ">" + workbook_props + "<sheets>" +
                                          sheet_list + "</sheets></workbook>"});
  parts.push_back({"xl/_rels/workbook.xml.rels",
                   R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" + rels +
                       "</Relationships>"});
  parts.push_back({"xl/sharedStrings.xml", sst});
  parts.push_back({"xl/styles.xml", style_xml});
  return make_zip(parts);
}

std::string num(const std::string& ref, const std::string& value, int style = 0) {
  return R"(<c r=")" + ref + R"(")" + (style ? R"( s=")" + std::to_string(style) + R"(")" : "") + "><v>" + value +
         "</v></c>";
}
std::string str(const std::string& ref, int shared_index) {
  return R"(<c r=")" + ref + R"(" t="s"><v>)" + std::to_string(shared_index) + "</v></c>";
}
std::string row(int r, const std::string& cells) { return R"(<row r=")" + std::to_string(r) + R"(">)" + cells + "</row>"; }

Document read(const std::string& bytes, const std::string& name = "book.xlsx") {
  return jixiao::read_document(bytes, name);
}

const jixiao::Table& only_table(const Document& doc) {
  REQUIRE(doc.tables.size() == 1);
  return doc.tables[0];
}

}  // namespace

TEST_CASE("numbers are written as their number format shows them", "[xlsx]") {
  SECTION("General shows up to 15 significant digits without trailing zeros") {
    CHECK(format_number(494, "General") == "494");
    CHECK(format_number(0.1 + 0.2, "General") == "0.3");
    CHECK(format_number(1234.5, "") == "1234.5");
    CHECK(format_number(494, "G/通用格式") == "494");  // General as Chinese Excel writes it
    CHECK(format_number(0.5, "[$-804]General") == "0.5");
    CHECK(format_number(12, R"(G/通用格式"万元")") == "12万元");
  }
  SECTION("percentages multiply by 100") {
    CHECK(format_number(0.95, "0%") == "95%");
    CHECK(format_number(0.95, "0.00%") == "95.00%");
    CHECK(format_number(0.9876, "0.0%") == "98.8%");
  }
  SECTION("fixed decimals and thousands separators") {
    CHECK(format_number(1234.5, "#,##0.00") == "1,234.50");
    CHECK(format_number(1234567, "#,##0") == "1,234,567");
    CHECK(format_number(12.5, "0.00") == "12.50");
    CHECK(format_number(0.5, "#.00") == ".50");
    CHECK(format_number(1.5, "0.0#") == "1.5");
    CHECK(format_number(1.256, "0.0#") == "1.26");
  }
  SECTION("rounding is half away from zero on the decimal value, as Excel rounds") {
    CHECK(format_number(1.005, "0.00") == "1.01");
    CHECK(format_number(2.5, "0") == "3");
    CHECK(format_number(-2.5, "0") == "-3");
    CHECK(format_number(-0.001, "0.00") == "0.00");
  }
  SECTION("literal text, scaling commas and sections for negatives") {
    CHECK(format_number(12.5, R"(0.00"万元")") == "12.50万元");
    CHECK(format_number(1234567, "#,##0,") == "1,235");
    CHECK(format_number(-1234.5, "#,##0.00;(#,##0.00)") == "(1,234.50)");
    CHECK(format_number(-3, "[Red]0.0") == "-3.0");
    CHECK(format_number(5, R"(_(* #,##0_);_(* \(#,##0\))") == "5");
    CHECK(format_number(12345, "0.00E+00") == "1.23E+04");
  }
  SECTION("date serials in date formats are ISO dates, times too") {
    CHECK(format_number(45382, "yyyy-mm-dd") == "2024-03-31");
    CHECK(format_number(45382, R"(yyyy"年"m"月"d"日")") == "2024-03-31");
    CHECK(format_number(45382.5, "yyyy/m/d h:mm") == "2024-03-31 12:00");
    CHECK(format_number(0.75, "h:mm") == "18:00");
    CHECK(format_number(1, "yyyy-mm-dd") == "1900-01-01");
    CHECK(format_number(43921, "yyyy-mm-dd", true) == "2024-04-01");  // the 1904 system
  }
  SECTION("built-in format ids") {
    CHECK(format_number(0.95, jixiao::xlsx::builtin_format(9)) == "95%");
    CHECK(format_number(0.95, jixiao::xlsx::builtin_format(10)) == "95.00%");
    CHECK(format_number(1234.5, jixiao::xlsx::builtin_format(4)) == "1,234.50");
    CHECK(format_number(45382, jixiao::xlsx::builtin_format(14)) == "2024-03-31");
    CHECK(format_number(45382, jixiao::xlsx::builtin_format(31)) == "2024-03-31");  // yyyy"年"m"月"d"日"
  }
}

TEST_CASE("each sheet becomes its name as a heading and a table of what Excel shows", "[xlsx]") {
  const std::vector<std::string> shared = {"项目", "金额（万元）", "执行率", "办公费", "<r><t>差旅</t></r><r><rPr><b/></rPr><t>费</t></r><rPh><t>ちゃ</t></rPh>"};
  const std::string bytes = workbook(
      {{"支出表",
        row(1, str("A1", 0) + str("B1", 1) + str("C1", 2) + R"(<c r="D1" t="inlineStr"><is><t>日期</t></is></c>)") +
            row(2, str("A2", 3) + num("B2", "1234.5", 1) + num("C2", "0.95", 2) + num("D2", "45382", 3)) +
            row(3, str("A3", 4) + num("B3", "10", 1) + num("C3", "1", 2) + R"(<c r="D3" t="b"><v>1</v></c>)") +
            row(5, std::string(R"(<c r="A5" t="str"><f>A2&amp;"合计"</f><v>办公费合计</v></c>)") +
                       R"(<c r="B5" s="1"><f>SUM(B2:B3)</f><v>1244.5</v></c><c r="C5"><f>C2</f></c>)")}},
      shared, {4, 9, 14});
  const Document doc = read(bytes);
  CHECK(doc.meta.format == "xlsx");
  REQUIRE(doc.blocks.size() == 2);
  CHECK(doc.blocks[0].text == "支出表");
  CHECK(doc.blocks[0].sheet == "支出表");
  CHECK(doc.outline.size() == 1);
  CHECK(doc.outline[0].title == "支出表");
  const jixiao::Table& t = only_table(doc);
  CHECK(t.sheet == "支出表");
  REQUIRE(t.n_rows == 4);  // the empty row 4 is left out
  REQUIRE(t.n_cols == 4);
  SECTION("strings, shared, rich and inline") {
    CHECK(t.rows[0][1].text == "金额（万元）");
    CHECK(t.rows[0][3].text == "日期");
    CHECK(t.rows[2][0].text == "差旅费");  // runs joined, the phonetic guide left out
  }
  SECTION("numbers as their formats show them") {
    CHECK(t.rows[1][1].text == "1,234.50");
    CHECK(t.rows[1][2].text == "95%");
    CHECK(t.rows[1][3].text == "2024-03-31");
    CHECK(t.rows[2][2].text == "100%");
    CHECK(t.rows[2][3].text == "TRUE");
  }
  SECTION("formulas show their cached values and are never evaluated") {
    CHECK(t.rows[3][0].text == "办公费合计");
    CHECK(t.rows[3][1].text == "1,244.50");
    CHECK(t.rows[3][2].text.empty());  // no cached value
  }
  SECTION("cells keep their A1 references and point into the text") {
    CHECK(t.rows[3][1].ref == "B5");
    const jixiao::Cell& c = t.rows[1][2];
    CHECK(c.ref == "C2");
    const std::vector<std::string> lines = [&] {
      std::vector<std::string> out;
      size_t start = 0;
      while (start <= doc.text.size()) {
        const size_t end = std::min(doc.text.find('\n', start), doc.text.size());
        out.push_back(doc.text.substr(start, end - start));
        start = end + 1;
      }
      return out;
    }();
    REQUIRE(c.span.line >= 1);
    CHECK(lines[static_cast<size_t>(c.span.line - 1)] == "\t95%");
  }
}

TEST_CASE("merged ranges are filled as .docx merged cells are", "[xlsx]") {
  const std::vector<std::string> shared = {"项目支出绩效自评表", "产出指标", "数量指标", "质量指标", "一级指标", "二级指标", "分值"};
  const std::string bytes = workbook(
      {{"Sheet1",
        row(1, str("A1", 0)) + row(2, str("A2", 4) + str("B2", 5) + str("C2", 6)) +
            row(3, str("A3", 1) + str("B3", 2) + num("C3", "10")) + row(4, str("B4", 3) + num("C4", "20")),
        R"(<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="A3:A4"/></mergeCells>)"}},
      shared);
  const Document doc = read(bytes);
  SECTION("a title merged across the sheet becomes the document's title line") {
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[1].kind == "title");
    CHECK(doc.blocks[1].text == "项目支出绩效自评表");
    CHECK(doc.blocks[1].ref == "A1");
    CHECK(doc.meta.title == "项目支出绩效自评表");
  }
  SECTION("a range merged downwards repeats its origin, marked as merged") {
    const jixiao::Table& t = only_table(doc);
    REQUIRE(t.n_rows == 3);
    CHECK(t.rows[2][0].text == "产出指标");
    CHECK(t.rows[2][0].merged);
    CHECK(t.rows[2][0].ref == "A3");  // where Excel shows the value
    CHECK_FALSE(t.rows[1][0].merged);
  }
}

TEST_CASE("hidden sheets are skipped and every visible sheet is read in order", "[xlsx]") {
  const std::string bytes =
      workbook({{"一", row(1, str("A1", 0) + str("B1", 0))},
                {"隐藏", row(1, str("A1", 1) + str("B1", 1)), "", "hidden"},
                {"二", row(1, str("A1", 2) + str("B1", 2))}},
               {"甲", "秘密", "乙"});
  const Document doc = read(bytes);
  REQUIRE(doc.tables.size() == 2);
  CHECK(doc.tables[0].sheet == "一");
  CHECK(doc.tables[1].sheet == "二");
  CHECK(doc.text.find("秘密") == std::string::npos);
}

TEST_CASE("a workbook is told from a Word file by what its zip holds, not by its name", "[xlsx]") {
  const std::string bytes = workbook({{"表", row(1, str("A1", 0) + str("B1", 0))}}, {"甲"});
  CHECK(read(bytes, "misnamed.docx").meta.format == "xlsx");
  CHECK(read(bytes, "no_suffix").meta.format == "xlsx");
  const std::string word = make_zip({{"word/document.xml",
                                      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
                                      "<w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"}});
  CHECK(read(word, "misnamed.xlsx").meta.format == "docx");
  SECTION("a zip that is neither is explained by the Word reader, whatever its name") {
    CHECK_THROWS_WITH(read(make_zip({{"content.xml", "<office/>"}}), "report.odt"),
                      Catch::Contains("word/document.xml"));
  }
}

TEST_CASE("bad workbooks raise FormatError naming the file, within bounded memory and time", "[xlsx]") {
  auto refused = [](const std::string& bytes, const std::string& says) {
    try {
      read(bytes, "bad.xlsx");
      FAIL("no error");
    } catch (const jixiao::Error& e) {
      CHECK(e.kind() == jixiao::ErrorKind::format);
      CHECK(e.message().find("bad.xlsx") != std::string::npos);
      CHECK_THAT(e.message(), Catch::Contains(says));
    }
  };
  SECTION("a cell beyond Excel's last row") { refused(workbook({{"S", row(1, num("A1048577", "1"))}}), "超出 Excel 的范围"); }
  SECTION("a cell beyond Excel's last column") { refused(workbook({{"S", row(1, num("XFE1", "1"))}}), "超出 Excel 的范围"); }
  SECTION("a shared string that does not exist") { refused(workbook({{"S", row(1, str("A1", 7))}}, {"甲"}), "共享字符串"); }
  SECTION("too many cells") {
    std::string row_xml = "<row>";
    for (int c = 0; c < 1000; ++c) row_xml += "<c/>";
    row_xml += "</row>";
    std::string rows;
    for (int r = 0; r < 1010; ++r) rows += row_xml;
    refused(workbook({{"S", rows}}), "单元格超过");
  }
  SECTION("a decompression bomb") {
    std::string cells;
    for (int c = 0; c < 16000; ++c) cells += "<c><v>1</v></c>";
    std::string rows;
    for (int r = 0; r < 60; ++r) rows += "<row>" + cells + "</row>";
    refused(workbook({{"S", rows}}), "压缩炸弹");
  }
  SECTION("a sparse sheet whose table would be too large") {
    std::string diagonal;  // 800 rows × 800 columns once the empty ones are left out
    for (int i = 1; i <= 800; ++i) {
      std::string col;
      for (int c = i; c > 0; c = (c - 1) / 26) col.insert(col.begin(), static_cast<char>('A' + (c - 1) % 26));
      diagonal += row(i, num(col + std::to_string(i), "1") + num("A" + std::to_string(i), "2"));
    }
    refused(workbook({{"S", diagonal}}), "表格单元格超过");
  }
  SECTION("a workbook whose visible sheets are empty") {
    refused(workbook({{"空", row(1, R"(<c r="A1"/>)")}, {"藏", row(1, num("A1", "1")), "", "veryHidden"}}), "工作簿没有内容");
  }
  SECTION("a workbook without its workbook part") {
    refused(make_zip({{"xl/styles.xml", "<styleSheet/>"}}), "workbook");
  }
  SECTION("a truncated file") {
    const std::string whole = workbook({{"S", row(1, num("A1", "1") + num("B1", "2"))}});
    refused(whole.substr(0, whole.size() / 2), "截断");
  }
}

TEST_CASE("an absurd declared dimension costs nothing: only cells present count", "[xlsx]") {
  Sheet s{"S", row(1, num("A1", "1") + num("B1", "2")) + row(1048576, num("XFD1048576", "3") + num("A1048576", "4"))};
  s.dimension = R"(<dimension ref="A1:XFD1048576"/>)";
  const Document doc = read(workbook({s}));
  const jixiao::Table& t = only_table(doc);
  CHECK(t.n_rows == 2);
  CHECK(t.n_cols == 3);
  CHECK(t.rows[1][2].ref == "XFD1048576");
}
