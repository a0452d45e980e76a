#include "decode/docx.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "decode/docx_numbering.hpp"
#include "decode/docx_package.hpp"
#include "decode/docx_xml.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace jixiao {
namespace {

using docx::attribute;
using docx::child;
using docx::child_value;
using docx::local_name;
using docx::to_int;

// Far beyond any real report (a 300-page report has some 5,000 paragraphs); they bound the
// memory a hostile file can make us spend.
constexpr size_t kMaxParagraphs = 500'000;
constexpr size_t kMaxGridCells = 500'000;
constexpr int kMaxColumns = 1000;
// Text of all table cells together, merged cells' copies of their origin included: a 105 KB
// cell spread by gridSpan and vMerge over 100,000 grid cells would otherwise need 10 GB.
constexpr size_t kMaxCellText = 64u << 20;
constexpr int kMaxDepth = 64;  // nested tables, content controls and other wrappers

bool is_wrapper(const docx::LocalName& name) { return name == "sdt" || name == "sdtContent" || name == "customXml"; }

// Calls `visit` for every child element named `want`, looking through content controls and
// custom XML wrappers (a table row or cell may sit inside one).
template <typename Visit>
void each_child(const pugi::xml_node& node, std::string_view want, Visit&& visit, int depth = 0) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const docx::LocalName name = local_name(c);
    if (name == want)
      visit(c);
    else if (is_wrapper(name) && depth < kMaxDepth)
      each_child(c, want, visit, depth + 1);
  }
}

struct RowBuild {
  std::vector<Cell> cells;
  int first_line = 0;
  int last_line = 0;
  int end_column = 1;  // one past the last character of last_line
};

// Walks w:body in document order, writing the extracted text line by line and building the
// blocks and tables that point into it.
class BodyReader {
 public:
  BodyReader(const std::string& path, const docx::StyleSheet& styles, docx::ListNumbering& lists)
      : path_(path), styles_(styles), lists_(lists) {}

  ParsedText read(const pugi::xml_node& body) {
    walk_body(body, 0);
    return std::move(out_);
  }

 private:
  [[noreturn]] void too_large(const std::string& what_zh, const std::string& what_en) const {
    throw FormatError(path_, "文档过大或结构异常：" + what_zh + "，拒绝读取",
                      "the document is too large or malformed: " + what_en + "; refused");
  }
  void check_depth(int depth) const {
    if (depth > kMaxDepth)
      too_large("嵌套层数超过 " + std::to_string(kMaxDepth), "nesting deeper than " + std::to_string(kMaxDepth));
  }

  int write_line(std::string_view line) {
    last_line_start_ = out_.text.size();
    out_.text.append(line);
    out_.text += '\n';
    return ++lines_;
  }
  int last_line_end_column() const {
    const std::string_view text(out_.text);
    return 1 + static_cast<int>(utf8::length(text.substr(last_line_start_, text.size() - 1 - last_line_start_)));
  }

  void walk_body(const pugi::xml_node& node, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const docx::LocalName name = local_name(c);
      if (name == "p")
        body_paragraph(c);
      else if (name == "tbl")
        body_table(c, depth + 1);
      else if (is_wrapper(name))
        walk_body(c, depth + 1);
    }
  }

  // ---- paragraphs ---------------------------------------------------------------------------

  // Renders a paragraph (its list number, then its visible runs) into render_ and returns the
  // outline level its style or properties declare (1-based, 0 for body text).
  int render(const pugi::xml_node& p) {
    if (++paragraphs_ > kMaxParagraphs)
      too_large("段落超过 " + std::to_string(kMaxParagraphs) + " 个",
                "more than " + std::to_string(kMaxParagraphs) + " paragraphs");
    render_.clear();
    const pugi::xml_node props = child(p, "pPr");
    const char* style_attr = child_value(props, "pStyle");
    const std::string_view style_id = style_attr ? style_attr : "";
    const docx::ParagraphStyle* style = styles_.paragraph(style_id);

    int outline = to_int(child_value(props, "outlineLvl"), -1);
    if (outline < 0 && style) outline = style->outline_level;

    // Direct numbering wins over the style's; numId 0 switches the style's numbering off.
    int num_id = -1, level = -1;
    if (const pugi::xml_node num = child(props, "numPr")) {
      num_id = to_int(child_value(num, "numId"), -1);
      level = to_int(child_value(num, "ilvl"), -1);
    }
    std::string_view numbering_style = style_id;
    if (num_id < 0 && style) num_id = style->num_id;
    if (style && style->num_id == num_id) {
      if (level < 0) level = style->num_level;
      numbering_style = style->num_style;
    }
    if (num_id > 0) {
      // Without a level, the list level linked to the style (w:lvl/w:pStyle) applies.
      if (level < 0) level = lists_.level_for_style(num_id, numbering_style);
      lists_.next(num_id, level, render_);
    }

    paragraph_hidden_ = style && style->hidden;
    inline_content(p, 0);
    // Field results may run over many paragraphs (a table of contents), instructions do not in
    // practice: ending them here keeps an unbalanced w:fldChar from hiding the rest of the file.
    std::fill(fields_.begin(), fields_.end(), false);
    instruction_fields_ = 0;
    return outline >= 0 && outline <= 8 ? outline + 1 : 0;
  }

  void inline_content(const pugi::xml_node& node, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const docx::LocalName name = local_name(c);
      if (name == "r") {
        run(c);
      } else if (name == "hyperlink" || name == "ins" || name == "moveTo" || name == "smartTag" ||
                 name == "fldSimple" || name == "dir" || name == "bdo" || is_wrapper(name)) {
        // Containers of runs that show; fldSimple's runs are its result. Deleted and moved-away
        // text (w:del, w:moveFrom), bookmarks, comment ranges and proofing marks are left out.
        inline_content(c, depth + 1);
      }
    }
  }

  void run(const pugi::xml_node& r) {
    bool hidden = paragraph_hidden_;
    for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
        const docx::LocalName name = local_name(c);
      if (name == "rPr") {
        const int vanish = docx::on_off(c, "vanish");
        if (vanish >= 0) {
          hidden = vanish == 1;
        } else if (const char* char_style = child_value(c, "rStyle")) {
          hidden = hidden || styles_.character_hidden(char_style);
        }
      } else if (name == "fldChar") {
        field_char(attribute(c, "fldCharType"));
      } else if (hidden || instruction_fields_ > 0) {
        continue;  // hidden text, or a field's instruction (the part before its result)
      } else if (name == "t") {
        append_text(c.child_value());
      } else if (name == "tab" || name == "ptab" || name == "br" || name == "cr") {
        // One space: a TAB would read as a table cell to anyone re-parsing the text, and a
        // paragraph stays one line.
        render_ += ' ';
      } else if (name == "noBreakHyphen") {
        render_ += '-';
      } else if (name == "sym") {
        // Symbol-font glyphs live in the private use area and mean nothing as text.
        const char* code = attribute(c, "char");
        const unsigned long cp = code ? std::strtoul(code, nullptr, 16) : 0;
        if (cp >= 0x20 && cp <= 0x10FFFF && !(cp >= 0xE000 && cp <= 0xF8FF) && !(cp >= 0xD800 && cp <= 0xDFFF))
          utf8::append(render_, static_cast<char32_t>(cp));
      }
    }
  }

  // Complex fields: begin … instruction … separate … result … end, nestable and able to span
  // paragraphs. Only the result shows.
  void field_char(const char* type) {
    if (!type) return;
    const std::string_view t(type);
    if (t == "begin") {
      fields_.push_back(true);
      ++instruction_fields_;
    } else if (t == "separate") {
      if (!fields_.empty() && fields_.back()) {
        fields_.back() = false;
        --instruction_fields_;
      }
    } else if (t == "end" && !fields_.empty()) {
      if (fields_.back()) --instruction_fields_;
      fields_.pop_back();
    }
  }

  // Appends w:t text; stray control characters (tabs, line breaks typed into w:t) become spaces.
  void append_text(const char* s) {
    const char* start = s;
    for (; *s; ++s) {
      if (static_cast<unsigned char>(*s) < 0x20) {
        render_.append(start, static_cast<size_t>(s - start));
        render_ += ' ';
        start = s + 1;
      }
    }
    render_.append(start, static_cast<size_t>(s - start));
  }

  void body_paragraph(const pugi::xml_node& p) {
    const int index = body_paragraphs_++;
    const int level = render(p);
    const std::string_view line = utf8::trim(render_);
    const int line_no = write_line(line);
    if (line.empty()) return;
    Block b;
    b.kind = "paragraph";
    b.ref = "p" + std::to_string(index);
    b.level = level;
    b.text = strip_artifacts(line, line_no, 1, b.map, out_.artifacts, static_cast<int>(out_.blocks.size()));
    if (utf8::trim(b.text).empty()) return;  // a paragraph that held only leftovers
    b.span = locate(b.map, b.text, 0, b.text.size());
    out_.blocks.push_back(std::move(b));
  }

  // ---- tables -------------------------------------------------------------------------------

  // The visible paragraphs of a cell, trimmed, empty ones dropped; nested tables are flattened
  // into the list in reading order.
  void cell_paragraphs(const pugi::xml_node& node, std::vector<std::string>& paragraphs, int depth) {
    check_depth(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const docx::LocalName name = local_name(c);
      if (name == "p") {
        render(c);
        const std::string_view text = utf8::trim(render_);
        if (!text.empty()) paragraphs.emplace_back(text);
      } else if (name == "tbl") {
        each_child(c, "tr", [&](const pugi::xml_node& tr) {
          each_child(tr, "tc", [&](const pugi::xml_node& tc) { cell_paragraphs(tc, paragraphs, depth + 1); });
        });
      } else if (is_wrapper(name)) {
        cell_paragraphs(c, paragraphs, depth + 1);
      }
    }
  }

  // Writes a cell in tab-cell form (first paragraph after a TAB, further ones on their own
  // lines) and returns it with its text mapped onto those lines.
  Cell write_cell(const pugi::xml_node& tc, int depth) {
    cell_paragraphs_.clear();
    cell_paragraphs(tc, cell_paragraphs_, depth);
    if (cell_paragraphs_.empty()) return empty_cell();
    Cell cell;
    const int table_block = static_cast<int>(out_.blocks.size());
    for (size_t i = 0; i < cell_paragraphs_.size(); ++i) {
      const std::string& text = cell_paragraphs_[i];
      if (i == 0) out_.text += '\t';
      const int line_no = write_line(text);
      if (i == 0) last_line_start_ -= 1;  // the TAB belongs to this line
      std::vector<Segment> map;
      std::string cleaned = strip_artifacts(text, line_no, i == 0 ? 2 : 1, map, out_.artifacts, table_block);
      if (!cell.text.empty()) {
        if (cleaned.empty()) continue;
        cell.text += '\n';
      }
      for (Segment s : map) {
        s.offset += static_cast<int>(cell.text.size());
        cell.map.push_back(s);
      }
      cell.text += cleaned;
    }
    cell.span = locate(cell.map, cell.text, 0, cell.text.size());
    return cell;
  }

  Cell empty_cell() {
    out_.text += '\t';
    const int line_no = write_line("");
    last_line_start_ -= 1;
    Cell cell;
    cell.span = {line_no, 2, line_no, 2};
    return cell;
  }

  // A merged cell's continuation: the origin's text and location, written as an empty cell.
  Cell merged_copy(const Cell& origin) {
    empty_cell();
    Cell cell = origin;
    cell.merged = true;
    return cell;
  }

  void add_cell(RowBuild& row, Cell cell) {
    if (++grid_cells_ > kMaxGridCells)
      too_large("表格单元格超过 " + std::to_string(kMaxGridCells) + " 个",
                "more than " + std::to_string(kMaxGridCells) + " table cells");
    cell_text_ += cell.text.size();
    if (cell_text_ > kMaxCellText)
      too_large("表格文字（含合并单元格的重复）超过 " + std::to_string(kMaxCellText >> 20) + " MB",
                "table text (merged cells counted once per grid cell) over " + std::to_string(kMaxCellText >> 20) + " MB");
    row.cells.push_back(std::move(cell));
  }

  void body_table(const pugi::xml_node& tbl, int depth) {
    check_depth(depth);
    const int ref = body_tables_++;
    std::vector<RowBuild> rows;
    each_child(tbl, "tr", [&](const pugi::xml_node& tr) {
      const pugi::xml_node row_props = child(tr, "trPr");
      if (child(row_props, "del")) return;  // a deleted row (tracked change)
      RowBuild row;
      row.first_line = lines_ + 1;
      const RowBuild* above = rows.empty() ? nullptr : &rows.back();
      const int before = std::clamp(to_int(child_value(row_props, "gridBefore"), 0), 0, kMaxColumns);
      for (int i = 0; i < before; ++i) add_cell(row, empty_cell());
      each_child(tr, "tc", [&](const pugi::xml_node& tc) {
        const int column = static_cast<int>(row.cells.size());
        if (column >= kMaxColumns) return;
        const pugi::xml_node props = child(tc, "tcPr");
        const int span = std::clamp(to_int(child_value(props, "gridSpan"), 1), 1, kMaxColumns - column);
        auto continues = [&](std::string_view merge) {
          const pugi::xml_node m = child(props, merge);
          const char* v = m ? attribute(m, "val") : nullptr;
          return m && (!v || std::string_view(v) != "restart");
        };
        const bool vertical = continues("vMerge") && above;
        const bool horizontal = continues("hMerge") && column > 0;
        for (int k = 0; k < span; ++k) {
          const size_t at = row.cells.size();
          if (vertical && at < above->cells.size())
            add_cell(row, merged_copy(above->cells[at]));
          else if (horizontal || k > 0)
            add_cell(row, merged_copy(row.cells[at - 1]));
          else
            add_cell(row, write_cell(tc, depth + 1));
        }
      });
      const int after = std::clamp(to_int(child_value(row_props, "gridAfter"), 0), 0, kMaxColumns);
      for (int i = 0; i < after && row.cells.size() < static_cast<size_t>(kMaxColumns); ++i)
        add_cell(row, empty_cell());
      if (row.cells.empty()) return;
      row.last_line = lines_;
      row.end_column = last_line_end_column();
      write_line("");  // rows are separated by a blank line
      rows.push_back(std::move(row));
    });
    write_line("");  // two blank lines end the table
    finish_table(std::move(rows), ref);
  }

  // Keeps the rows with any text (as the text reader drops all-empty rows), pads them to a
  // rectangle and adds the table and its block.
  void finish_table(std::vector<RowBuild> built, int ref) {
    std::vector<RowBuild> rows;
    for (RowBuild& r : built)
      if (std::any_of(r.cells.begin(), r.cells.end(), [](const Cell& c) { return !c.text.empty(); }))
        rows.push_back(std::move(r));
    if (rows.empty()) return;
    Table t;
    t.index = static_cast<int>(out_.tables.size());
    t.block = static_cast<int>(out_.blocks.size());
    t.n_rows = static_cast<int>(rows.size());
    for (const RowBuild& r : rows) t.n_cols = std::max(t.n_cols, static_cast<int>(r.cells.size()));
    t.span = {rows.front().first_line, 1, rows.back().last_line, rows.back().end_column};
    Block b;
    b.kind = "table";
    b.table = t.index;
    b.ref = "t" + std::to_string(ref);
    b.span = t.span;
    for (RowBuild& r : rows) {
      while (static_cast<int>(r.cells.size()) < t.n_cols) {
        Cell pad;
        pad.span = {r.last_line, r.end_column, r.last_line, r.end_column};
        r.cells.push_back(std::move(pad));
      }
      if (!b.text.empty()) b.text += '\n';
      for (size_t i = 0; i < r.cells.size(); ++i) {
        if (i) b.text += '\t';
        b.text += r.cells[i].text;
      }
      t.rows.push_back(std::move(r.cells));
    }
    out_.blocks.push_back(std::move(b));
    out_.tables.push_back(std::move(t));
  }

  const std::string& path_;
  const docx::StyleSheet& styles_;
  docx::ListNumbering& lists_;
  ParsedText out_;
  int lines_ = 0;
  size_t last_line_start_ = 0;
  int body_paragraphs_ = 0;
  int body_tables_ = 0;
  size_t paragraphs_ = 0;
  size_t grid_cells_ = 0;
  size_t cell_text_ = 0;  // bytes of cell text so far, against kMaxCellText
  std::string render_;  // the paragraph being rendered, reused to spare allocations
  std::vector<std::string> cell_paragraphs_;
  bool paragraph_hidden_ = false;
  std::vector<bool> fields_;  // open complex fields: true while still in the instruction
  int instruction_fields_ = 0;
};

// ---- package structure ------------------------------------------------------------------------

// Parses an optional part (kept in `data`) into `xml`; the root element, or an empty node when the part is absent.
pugi::xml_node optional_part(std::optional<std::string>& data, const std::string& part, const std::string& path,
                             pugi::xml_document& xml) {
  if (!data) return {};
  docx::parse_part(xml, *data, part, path);
  return xml.document_element();
}

}  // namespace

ParsedText read_docx(std::string_view bytes, const std::string& path) {
  if (bytes.size() > kMaxInputBytes)
    throw FormatError(path, "文件过大（超过 " + std::to_string(kMaxInputBytes >> 20) + " MB）",
                      "the file is too large (more than " + std::to_string(kMaxInputBytes >> 20) + " MB)");
  DocxPackage package(bytes, path);

  Relationships package_rels;
  read_relationships(package, "", path, package_rels);
  const std::string main_part = package_rels.target("/officeDocument", "word/document.xml");
  std::optional<std::string> document = package.read(main_part);
  if (!document)
    throw FormatError(path, "不是完整的 Word 文档：缺少正文部件 " + main_part,
                      "not a complete Word document: the main part " + main_part + " is missing");
  DocxParts parts;
  parts.document_part = main_part;
  parts.document = std::move(*document);
  Relationships document_rels;
  read_relationships(package, main_part, path, document_rels);
  parts.styles_part = document_rels.target("/styles", "word/styles.xml");
  parts.styles = package.read(parts.styles_part);
  parts.numbering_part = document_rels.target("/numbering", "word/numbering.xml");
  parts.numbering = package.read(parts.numbering_part);
  return read_docx_parts(std::move(parts), path);
}

ParsedText read_docx_parts(DocxParts parts, const std::string& path) {
  const std::string& main_part = parts.document_part;
  pugi::xml_document document_xml;
  docx::parse_part(document_xml, parts.document, main_part, path);
  const pugi::xml_node root = document_xml.document_element();
  const pugi::xml_node body = child(root, "body");
  if (local_name(root) != "document" || !body)
    throw FormatError(path, "不是 Word 文档：" + main_part + " 没有正文（w:document/w:body）",
                      "not a Word document: " + main_part + " has no w:document/w:body");

  pugi::xml_document styles_xml, numbering_xml;
  const docx::StyleSheet styles(optional_part(parts.styles, parts.styles_part, path, styles_xml));
  docx::ListNumbering lists(optional_part(parts.numbering, parts.numbering_part, path, numbering_xml), styles);

  ParsedText parsed = BodyReader(path, styles, lists).read(body);
  if (!utf8::valid(parsed.text))
    throw FormatError(path, main_part + " 含有无效的 UTF-8 文字", main_part + " contains invalid UTF-8 text");
  return parsed;
}

}  // namespace jixiao
