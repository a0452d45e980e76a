// PDF input: the layout stage on characters placed by hand, and the PDFium reader on PDFs
// written here and on the corpus's real 部门决算. The reader's tests need PDFium: they run when
// JIXIAO_PDFIUM_LIBRARY names it (scripts/test.sh sets it from pypdfium2's wheel).
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "decode/pdf.hpp"
#include "layout/layout.hpp"
#include "pipeline/pipeline.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using jixiao::layout::Char;
using jixiao::layout::Page;
using jixiao::layout::Ruling;

// Places `text` as one line starting at (x, y), each character `size` wide and high, `gap`
// points apart (a space in `text` leaves one character's width empty).
void put(Page& page, std::string_view text, double x, double y, double size = 10, double gap = 0) {
  for (size_t i = 0; i < text.size();) {
    const char32_t cp = jixiao::utf8::next(text, i);
    const double width = cp < 0x80 ? size / 2 : size;
    if (cp != ' ') page.chars.push_back({cp, x, y, x + width, y + size});
    x += width + gap;
  }
}

Page a4() {
  Page p;
  p.width = 595;
  p.height = 842;
  return p;
}

std::vector<std::string> texts(const jixiao::ParsedText& parsed, const std::string& kind = "paragraph") {
  std::vector<std::string> out;
  for (const auto& b : parsed.blocks)
    if (b.kind == kind) out.push_back(b.text);
  return out;
}

// A PDF from object bodies, with a correct cross-reference table.
std::string assemble(const std::vector<std::string>& objects) {
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

// One page showing `content` (a content stream) with Helvetica as /F1.
std::string one_page_pdf(const std::string& content) {
  return assemble({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                   "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
                   "/Contents 5 0 R >>",
                   "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                   "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream"});
}

bool have_pdfium() { return std::getenv("JIXIAO_PDFIUM_LIBRARY") != nullptr; }

std::string format_error_of(const std::string& bytes, const std::string& name = "bad.pdf") {
  try {
    jixiao::read_pdf(bytes, name);
  } catch (const jixiao::Error& e) {
    CHECK(e.kind() == jixiao::ErrorKind::format);
    return e.message("en");
  }
  return "";
}

}  // namespace

TEST_CASE("layout: lines", "[pdf][layout]") {
  SECTION("letter-spaced Chinese is joined and Latin words keep their spaces") {
    Page p = a4();
    put(p, "概况", 100, 100, 16, 20);
    put(p, "Budget 2024", 100, 140, 10);
    put(p, "本年收入合计", 100, 180, 10, 3);
    const auto parsed = jixiao::layout::lay_out({p});
    CHECK(texts(parsed) == std::vector<std::string>{"概况", "Budget 2024", "本年收入合计"});
  }
  SECTION("a wide gap inside a line keeps a space between its parts") {
    Page p = a4();
    put(p, "第一部分", 100, 100);
    put(p, "概况", 200, 100);
    CHECK(texts(jixiao::layout::lay_out({p})) == std::vector<std::string>{"第一部分 概况"});
  }
  SECTION("characters drawn in any order come out in reading order, a glyph drawn twice once") {
    Page p = a4();
    put(p, "第二行", 100, 200);
    put(p, "第一行", 100, 100);
    put(p, "第一行", 100.3, 100);  // fake bold
    const auto parsed = jixiao::layout::lay_out({p});
    CHECK(texts(parsed) == std::vector<std::string>{"第一行", "第二行"});
  }
}

TEST_CASE("layout: paragraphs", "[pdf][layout]") {
  // Body text from x = 100 to 300 (twenty 10-point characters a line).
  SECTION("wrapped lines join; a short line, an indent or a numbered heading starts a new paragraph") {
    Page p = a4();
    put(p, "一、基本情况", 100, 100);
    put(p, "甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲", 120, 115);
    put(p, "乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙", 100, 130);
    put(p, "丙丙丙。", 100, 145);
    put(p, "丁丁丁丁丁丁丁丁丁丁丁丁丁丁丁丁丁丁", 120, 160);
    put(p, "戊戊戊戊戊戊戊戊戊戊戊戊戊戊戊戊戊戊戊戊", 100, 175);
    put(p, "（一）部门职能", 100, 190);
    for (int i = 0; i < 4; ++i) put(p, "己己己己己己己己己己己己己己己己己己己己", 100, 205 + 15 * i);
    const auto parsed = jixiao::layout::lay_out({p});
    const auto paragraphs = texts(parsed);
    REQUIRE(paragraphs.size() == 5);
    CHECK(paragraphs[0] == "一、基本情况");
    CHECK(paragraphs[1] == "甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙丙丙丙。");
    CHECK(paragraphs[2].rfind("丁", 0) == 0);
    CHECK(paragraphs[3].rfind("（一）部门职能", 0) == 0);
  }
  SECTION("a paragraph broken by the page is one block on its first page; furniture becomes artifacts") {
    std::vector<Page> pages;
    for (int n = 1; n <= 3; ++n) {
      Page p = a4();
      put(p, "某县教育局2023年度绩效自评报告", 100, 40, 9);
      // Body lines differ from page to page (repeated ones would be running headers).
      const std::vector<std::string> words = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"};
      for (int i = 0; i < 6; ++i) {
        std::string line;
        for (int k = 0; k < 20; ++k) line += words[static_cast<size_t>((n * 3 + i + k) % 8)];
        put(p, line, 100, 100 + 15 * i);
      }
      put(p, "— " + std::to_string(n) + " —", 280, 800, 9);
      pages.push_back(p);
    }
    put(pages[0], "首首首首首首首首首首首首首首首首首首", 120, 80);
    put(pages[1], "中中中。", 100, 190);
    put(pages[1], "尾尾尾尾尾尾尾尾尾尾尾尾尾尾尾尾尾尾", 120, 205);
    const auto parsed = jixiao::layout::lay_out(pages);
    const auto paragraphs = texts(parsed);
    CAPTURE(paragraphs);
    REQUIRE(paragraphs.size() == 2);
    CHECK(paragraphs[0].rfind("首", 0) == 0);
    CHECK(paragraphs[0].find("中中中。") != std::string::npos);
    CHECK(parsed.blocks[0].page == 1);
    CHECK(parsed.blocks[1].page == 2);
    int furniture = 0;
    for (const auto& a : parsed.artifacts) {
      CHECK(a.kind == "page_furniture");
      ++furniture;
    }
    CHECK(furniture == 6);
    for (const auto& b : parsed.blocks) CHECK(b.text.find("报告") == std::string::npos);
  }
  SECTION("a table of contents is an artifact up to the body's first heading") {
    Page toc = a4(), body = a4();
    put(toc, "目  录", 250, 60, 16);
    put(toc, "一、基本情况……………………1", 100, 100);
    put(toc, "二、支出情况……………………3", 100, 120);
    put(body, "一、基本情况", 100, 100);
    put(body, "正文。", 120, 120);
    const auto parsed = jixiao::layout::lay_out({toc, body});
    CHECK(texts(parsed) == std::vector<std::string>{"一、基本情况", "正文。"});
    REQUIRE(parsed.artifacts.size() == 3);
    CHECK(parsed.artifacts[0].kind == "contents");
    CHECK(parsed.blocks[0].page == 2);
  }
}

TEST_CASE("layout: ruled tables", "[pdf][layout]") {
  // A 3×3 grid from x 100..400, y 100..160; the ruling between (0,1) and (0,2) is missing.
  auto grid = [](Page& p, double top) {
    for (int r = 0; r <= 3; ++r) p.rulings.push_back(Ruling{100, top + 20.0 * r, 400, top + 20.0 * r});
    p.rulings.push_back(Ruling{100, top, 100, top + 60});
    p.rulings.push_back(Ruling{200, top, 200, top + 60});
    p.rulings.push_back(Ruling{300, top + 20, 300, top + 60});
    p.rulings.push_back(Ruling{400, top, 400, top + 60});
  };
  SECTION("cells take the text inside them and a missing ruling merges two cells") {
    Page p = a4();
    put(p, "表前的段落。", 100, 70);
    grid(p, 100);
    put(p, "项目", 110, 105);
    put(p, "合并的单元格", 210, 105);
    put(p, "收入", 110, 125);
    put(p, "2,940.05", 210, 125);
    put(p, "6.20", 310, 125);
    put(p, "合计", 110, 145);
    put(p, "2,946.25", 210, 145);
    const auto parsed = jixiao::layout::lay_out({p});
    REQUIRE(parsed.tables.size() == 1);
    const auto& t = parsed.tables[0];
    CHECK(t.page == 1);
    REQUIRE(t.n_rows == 3);
    REQUIRE(t.n_cols == 3);
    CHECK(t.rows[0][1].text == "合并的单元格");
    CHECK(t.rows[0][2].text == "合并的单元格");
    CHECK_FALSE(t.rows[0][1].merged);
    CHECK(t.rows[0][2].merged);
    CHECK(t.rows[1][1].text == "2,940.05");
    CHECK(t.rows[2][2].text.empty());
    CHECK(texts(parsed) == std::vector<std::string>{"表前的段落。"});
    // Cells point at their lines in the text, written in tab-cell form.
    const std::string line = "\t2,940.05";
    CHECK(parsed.text.find(line + "\n") != std::string::npos);
  }
  SECTION("a table going on at the top of the next page with the same columns is one table") {
    Page first = a4(), second = a4();
    grid(first, 700);
    put(first, "甲", 110, 705);
    put(first, "乙", 210, 725);
    put(first, "戊", 310, 725);
    grid(second, 80);  // its middle column is empty on this page
    put(second, "丙", 110, 85);
    put(second, "丁", 310, 105);
    const auto parsed = jixiao::layout::lay_out({first, second});
    REQUIRE(parsed.tables.size() == 1);
    REQUIRE(parsed.tables[0].n_rows == 4);
    CHECK(parsed.tables[0].rows[2][0].text == "丙");
    CHECK(parsed.tables[0].rows[3][2].text == "丁");
  }
  SECTION("a frame around one paragraph is not a table") {
    Page p = a4();
    p.rulings = {{100, 100, 400, 100}, {100, 140, 400, 140}, {100, 100, 100, 140}, {400, 100, 400, 140}};
    put(p, "方框里的说明文字。", 110, 110);
    const auto parsed = jixiao::layout::lay_out({p});
    CHECK(parsed.tables.empty());
    CHECK(texts(parsed) == std::vector<std::string>{"方框里的说明文字。"});
  }
}

TEST_CASE("layout: tables without rulings", "[pdf][layout]") {
  SECTION("three rows whose cells line up in columns are a table") {
    Page p = a4();
    put(p, "说明如下。", 100, 80);
    put(p, "序号", 100, 100);
    put(p, "单位名称", 160, 100);
    put(p, "备注", 320, 100);
    put(p, "1", 105, 115);
    put(p, "上海市某局（本级）", 160, 115);
    put(p, "2", 105, 130);
    put(p, "上海市某局财政所", 160, 130);
    put(p, "预算不单列", 320, 130);
    put(p, "表后的段落。", 100, 160);
    const auto parsed = jixiao::layout::lay_out({p});
    REQUIRE(parsed.tables.size() == 1);
    const auto& t = parsed.tables[0];
    REQUIRE(t.n_cols == 3);
    CHECK(t.rows[0][1].text == "单位名称");
    CHECK(t.rows[1][2].text.empty());
    CHECK(t.rows[2][2].text == "预算不单列");
    CHECK(texts(parsed) == std::vector<std::string>{"说明如下。", "表后的段落。"});
  }
  SECTION("two lines with a gap, or rows that do not line up, stay paragraphs") {
    Page p = a4();
    put(p, "第一部分", 100, 100);
    put(p, "概况", 200, 100);
    put(p, "第二部分", 100, 115);
    put(p, "决算表", 200, 115);
    put(p, "甲乙", 100, 200);
    put(p, "丙丁", 150, 200);
    put(p, "戊己庚辛壬癸", 100, 215);
    put(p, "子丑", 180, 215);
    put(p, "寅卯", 100, 230);
    put(p, "辰巳", 140, 230);
    CHECK(jixiao::layout::lay_out({p}).tables.empty());
  }
}

TEST_CASE("pdf reader", "[pdf]") {
  if (!have_pdfium()) {
    WARN("JIXIAO_PDFIUM_LIBRARY is not set: the PDFium reader is not tested here");
    return;
  }
  SECTION("a page of Helvetica text reads as its words, with page numbers on blocks") {
    const auto parsed =
        jixiao::read_pdf(one_page_pdf("BT /F1 12 Tf 72 760 Td (Total budget 2024) Tj 0 -40 Td (second line) Tj ET"),
                         "hello.pdf");
    REQUIRE(parsed.blocks.size() == 2);
    CHECK(parsed.blocks[0].text == "Total budget 2024");
    CHECK(parsed.blocks[1].text == "second line");
    CHECK(parsed.blocks[0].page == 1);
  }
  SECTION("ruling lines drawn as stroked paths make a table") {
    std::string content = "0.5 w 100 700 m 400 700 l S 100 680 m 400 680 l S 100 660 m 400 660 l S "
                          "100 700 m 100 660 l S 250 700 m 250 660 l S 400 700 m 400 660 l S "
                          "BT /F1 10 Tf 110 686 Td (Income) Tj 150 0 Td (2940.05) Tj -150 -20 Td (Other) Tj "
                          "150 0 Td (6.20) Tj ET";
    const auto parsed = jixiao::read_pdf(one_page_pdf(content), "table.pdf");
    REQUIRE(parsed.tables.size() == 1);
    CHECK(parsed.tables[0].n_rows == 2);
    CHECK(parsed.tables[0].rows[0][1].text == "2940.05");
    CHECK(parsed.tables[0].rows[1][0].text == "Other");
  }
  SECTION("bad files are FormatErrors naming the problem") {
    CHECK(format_error_of("%PDF-1.4\nthis is not a pdf").find("not a valid PDF") != std::string::npos);
    const std::string good = one_page_pdf("BT /F1 12 Tf 72 760 Td (Hello) Tj ET");
    CHECK_FALSE(format_error_of(good.substr(0, good.size() / 3)).empty());
    CHECK(format_error_of(one_page_pdf("")).find("no text") != std::string::npos);
    std::string kids;
    for (int i = 0; i < 100000; ++i) kids += "3 0 R ";
    const std::string bomb = assemble({"<< /Type /Catalog /Pages 2 0 R >>",
                                       "<< /Type /Pages /Count 100000 /Kids [" + kids + "] >>",
                                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"});
    CHECK(format_error_of(bomb).find("pages") != std::string::npos);
  }
  SECTION("form XObjects nested past the cap are refused") {
    // Page -> form 1 -> form 2 -> ... -> form 30, the last one showing text.
    std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                                        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                        "/Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>",
                                        "<< /Length 5 >>\nstream\n/X Do\nendstream"};
    const int depth = 30;
    for (int i = 0; i < depth; ++i) {
      const int self = 5 + i;
      const bool last = i + 1 == depth;
      const std::string content = last ? "BT /F1 12 Tf 72 760 Td (Deep) Tj ET" : "/X Do";
      const std::string resources = last ? "/Font << /F1 " + std::to_string(self + 1) + " 0 R >>"
                                         : "/XObject << /X " + std::to_string(self + 1) + " 0 R >>";
      objects.push_back("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << " + resources +
                        " >> /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
    }
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    CHECK(format_error_of(assemble(objects)).find("nested deeper") != std::string::npos);
  }
  SECTION("the load pipeline picks the PDF reader by content") {
    const auto doc = jixiao::read_document(one_page_pdf("BT /F1 12 Tf 72 760 Td (Hello) Tj ET"), "no-suffix");
    CHECK(doc.meta.format == "pdf");
    CHECK(doc.blocks.at(0).page == 1);
  }
}

TEST_CASE("pdf reader on the corpus's 部门决算", "[pdf][corpus]") {
  const std::filesystem::path file =
      std::filesystem::path(JIXIAO_CORPUS_DIR) / "pdf" / "putuo_finance_final_accounts_2024.pdf";
  if (!have_pdfium() || !std::filesystem::exists(file)) {
    WARN("PDFium or ../shared/corpus/pdf is missing: the real PDFs are not tested here");
    return;
  }
  const jixiao::Document doc = jixiao::load_document(file.string());
  const jixiao::Table* total = nullptr;
  for (const auto& t : doc.tables)
    for (const auto& row : t.rows)
      for (const auto& cell : row)
        if (cell.text == "本年收入合计" && !total) total = &t;
  REQUIRE(total);
  auto row_with = [&](const std::string& label) -> const std::vector<jixiao::Cell>* {
    for (const auto& row : total->rows)
      if (!row.empty() && row[0].text == label) return &row;
    return nullptr;
  };
  const auto* income = row_with("本年收入合计");
  REQUIRE(income);
  CHECK((*income)[1].text == "2,946.25");
  CHECK((*income)[2].text == "本年支出合计");
  CHECK((*income)[3].text == "2,940.05");
  const auto* grand = row_with("总计");
  REQUIRE(grand);
  CHECK((*grand)[1].text == "2,995.39");
  CHECK(total->page == 6);
  for (const auto& b : doc.blocks) {
    CHECK(b.page >= 1);
    CHECK(b.text.find("目录") == std::string::npos);
  }
}
