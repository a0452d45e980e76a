#include "decode/xlsx.hpp"

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "decode/docx_package.hpp"
#include "decode/docx_xml.hpp"
#include "decode/xlsx_format.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace jixiao {
namespace {

using docx::attribute;
using docx::child;
using docx::local_name;
using docx::to_int;

constexpr int kExcelRows = 1'048'576;
constexpr int kExcelColumns = 16'384;
// Far beyond any report (a 自评表 has a few hundred cells); they bound what a hostile file costs.
constexpr size_t kMaxCells = 1'000'000;      // cells holding a value, all sheets together
constexpr size_t kMaxGridCells = 500'000;    // cells of the tables built, merged copies included
constexpr size_t kMaxMerges = 100'000;       // merged ranges, all sheets together
constexpr size_t kMaxSheets = 1'000;

struct Position {
  int row = 0;  // 1-based
  int col = 0;  // 1-based
  bool operator<(const Position& o) const { return row != o.row ? row < o.row : col < o.col; }
  bool operator==(const Position& o) const { return row == o.row && col == o.col; }
};

std::string column_name(int col) {
  std::string name;
  for (; col > 0; col = (col - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (col - 1) % 26));
  return name;
}

std::string a1(const Position& p) { return column_name(p.col) + std::to_string(p.row); }

enum class RefStatus { ok, malformed, beyond };

// "C7" or "$C$7" -> row 7, column 3; `beyond` for references past Excel's last row or column.
RefStatus parse_ref(std::string_view ref, Position& out) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  long long col = 0;
  const size_t letters = i;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) {
    col = col * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (col > kExcelColumns) return RefStatus::beyond;
  }
  if (i == letters) return RefStatus::malformed;
  if (i < ref.size() && ref[i] == '$') ++i;
  long long row = 0;
  const size_t digits = i;
  for (; i < ref.size() && ref[i] >= '0' && ref[i] <= '9'; ++i) {
    row = row * 10 + (ref[i] - '0');
    if (row > kExcelRows) return RefStatus::beyond;
  }
  if (i == digits || i != ref.size() || row == 0) return RefStatus::malformed;
  out = {static_cast<int>(row), static_cast<int>(col)};
  return RefStatus::ok;
}

// Excel writes control characters in strings as _xHHHH_.
std::string unescape(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned code = 0;
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' &&
        std::from_chars(s.data() + i + 2, s.data() + i + 6, code, 16).ptr == s.data() + i + 6) {
      utf8::append(out, static_cast<char32_t>(code));
      i += 6;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A cell's text as lines: line breaks kept (Alt+Enter), tabs and other control characters as
// spaces, each line trimmed, empty lines dropped.
std::string clean_text(std::string_view raw) {
  std::string out;
  size_t start = 0;
  auto flush = [&](size_t end) {
    std::string line(raw.substr(start, end - start));
    for (char& ch : line)
      if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
    const std::string_view t = utf8::trim(line);
    if (!t.empty()) {
      if (!out.empty()) out += '\n';
      out += t;
    }
  };
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' || raw[i] == '\r') {
      flush(i);
      start = i + 1;
    }
  }
  flush(raw.size());
  return out;
}

// The text of a shared string <si> or an inline string <is>: its <t>, or the <t> of each rich
// text run <r>; phonetic guides (<rPh>) are not shown by Excel and left out.
std::string rich_text(const pugi::xml_node& node) {
  std::string text;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const docx::LocalName name = local_name(c);
    if (name == "t")
      text += c.child_value();
    else if (name == "r")
      text += child(c, "t").child_value();
  }
  return clean_text(unescape(text));
}

class Reader {
 public:
  Reader(std::string_view bytes, const std::string& path) : path_(path), package_(bytes, path, {}, ".xlsx") {}

  ParsedText read() {
    Relationships package_rels;
    read_relationships(package_, "", path_, package_rels);
    const std::string workbook_part = package_rels.target("/officeDocument", "xl/workbook.xml");
    std::string workbook_buffer;
    pugi::xml_document workbook_xml;
    const pugi::xml_node workbook = part(workbook_part, workbook_buffer, workbook_xml);
    if (!workbook || local_name(workbook) != "workbook")
      throw FormatError(path_, "不是完整的 Excel 工作簿：缺少或无法识别 " + workbook_part,
                        "not a complete Excel workbook: " + workbook_part + " is missing or not a workbook");
    const char* date1904 = attribute(child(workbook, "workbookPr"), "date1904");
    date1904_ = date1904 && (std::string_view(date1904) == "1" || std::string_view(date1904) == "true");

    Relationships workbook_rels;
    read_relationships(package_, workbook_part, path_, workbook_rels);
    read_shared_strings(workbook_rels.target("/sharedStrings", ""));
    read_styles(workbook_rels.target("/styles", ""));

    size_t sheets = 0;
    for (pugi::xml_node s = child(child(workbook, "sheets"), "sheet"); s; s = s.next_sibling()) {
      if (local_name(s) != "sheet") continue;
      if (++sheets > kMaxSheets)
        too_large("工作表超过 " + std::to_string(kMaxSheets) + " 个", "more than " + std::to_string(kMaxSheets) + " sheets");
      const char* state = attribute(s, "state");
      if (state && std::string_view(state) != "visible") continue;  // hidden, veryHidden
      const char* name = attribute(s, "name");
      const char* id = attribute(s, "id");
      const std::string sheet_part = id ? workbook_rels.target_of_id(id) : std::string();
      if (sheet_part.empty()) continue;
      read_sheet(name ? clean_text(name) : std::string(), sheet_part);
    }
    if (out_.blocks.empty())
      throw FormatError(path_, "工作簿没有内容：可见的工作表都是空的", "the workbook is empty: no visible sheet holds any text");
    if (!utf8::valid(out_.text))
      throw FormatError(path_, "工作簿含有无效的 UTF-8 文字", "the workbook contains invalid UTF-8 text");
    return std::move(out_);
  }

 private:
  [[noreturn]] void too_large(const std::string& what_zh, const std::string& what_en) const {
    throw FormatError(path_, "工作簿过大或结构异常：" + what_zh + "，拒绝读取",
                      "the workbook is too large or malformed: " + what_en + "; refused");
  }

  // Parses a part into `xml`; the root element, or an empty node when the part is absent.
  pugi::xml_node part(const std::string& name, std::string& buffer, pugi::xml_document& xml) {
    if (name.empty()) return {};
    std::optional<std::string> data = package_.read(name);
    if (!data) return {};
    buffer = std::move(*data);
    docx::parse_part(xml, buffer, name, path_);
    return xml.document_element();
  }

  void read_shared_strings(const std::string& name) {
    std::string buffer;
    pugi::xml_document xml;
    const pugi::xml_node sst = part(name.empty() ? "xl/sharedStrings.xml" : name, buffer, xml);
    for (pugi::xml_node si = sst.first_child(); si; si = si.next_sibling())
      if (local_name(si) == "si") shared_.push_back(rich_text(si));
  }

  void read_styles(const std::string& name) {
    std::string buffer;
    pugi::xml_document xml;
    const pugi::xml_node styles = part(name.empty() ? "xl/styles.xml" : name, buffer, xml);
    std::map<int, std::string> custom;
    for (pugi::xml_node f = child(child(styles, "numFmts"), "numFmt"); f; f = f.next_sibling()) {
      const char* code = attribute(f, "formatCode");
      if (local_name(f) == "numFmt" && code) custom[to_int(attribute(f, "numFmtId"), -1)] = code;
    }
    for (pugi::xml_node xf = child(child(styles, "cellXfs"), "xf"); xf; xf = xf.next_sibling()) {
      if (local_name(xf) != "xf") continue;
      const int id = to_int(attribute(xf, "numFmtId"), 0);
      const auto it = custom.find(id);
      cell_formats_.push_back(it != custom.end() ? it->second : std::string(xlsx::builtin_format(id)));
    }
  }

  // ---- one worksheet ------------------------------------------------------------------------

  struct Value {
    Position at;
    std::string text;
  };

  std::string cell_text(const pugi::xml_node& c, const Position& at) {
    const char* type_attr = attribute(c, "t");
    const std::string_view type = type_attr ? type_attr : "n";
    const pugi::xml_node v = child(c, "v");
    const std::string_view value = v.child_value();
    if (type == "inlineStr") return rich_text(child(c, "is"));
    if (!v) return {};  // a formula without a cached value: jixiao never evaluates one
    if (type == "s") {
      const int index = to_int(v.child_value(), -1);
      if (index < 0 || static_cast<size_t>(index) >= shared_.size())
        throw FormatError(path_, "单元格 " + sheet_ + "!" + a1(at) + " 引用了不存在的共享字符串 " + std::string(value),
                          "cell " + sheet_ + "!" + a1(at) + " refers to a missing shared string " + std::string(value));
      return shared_[static_cast<size_t>(index)];
    }
    if (type == "str" || type == "e") return clean_text(unescape(value));
    if (type == "b") return value == "1" || value == "true" ? "TRUE" : "FALSE";
    if (type == "d") {
      const std::string_view date = utf8::trim(value);
      const size_t t = date.find('T');
      if (t != std::string_view::npos && date.substr(t) .find_first_not_of("T0:.") == std::string_view::npos)
        return std::string(date.substr(0, t));
      return clean_text(date);
    }
    const std::string_view number = utf8::trim(value);
    double d = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), d);
    if (error != std::errc() || end != number.data() + number.size()) return clean_text(number);
    const int style = to_int(attribute(c, "s"), 0);
    // Both branches a view: a std::string/"" conditional would make a temporary string to view.
    const std::string_view format = style >= 0 && static_cast<size_t>(style) < cell_formats_.size()
                                        ? std::string_view(cell_formats_[static_cast<size_t>(style)])
                                        : std::string_view();
    return xlsx::format_number(d, format, date1904_);
  }

  void read_sheet(std::string name, const std::string& sheet_part) {
    std::string buffer;
    pugi::xml_document xml;
    const pugi::xml_node sheet = part(sheet_part, buffer, xml);
    if (!sheet || local_name(sheet) != "worksheet") return;  // chart and dialog sheets hold no cells
    sheet_ = name;

    std::vector<Value> values;
    int row_number = 0;
    for (pugi::xml_node row = child(child(sheet, "sheetData"), "row"); row; row = row.next_sibling()) {
      if (local_name(row) != "row") continue;
      row_number = to_int(attribute(row, "r"), row_number + 1);
      if (row_number < 1 || row_number > kExcelRows)
        too_large("工作表“" + name + "”的行号 " + std::to_string(row_number) + " 超出 Excel 的范围",
                  "sheet '" + name + "' has row number " + std::to_string(row_number) + ", beyond Excel's limits");
      int column = 0;
      for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
        if (local_name(c) != "c") continue;
        Position at{row_number, column + 1};
        if (const char* ref = attribute(c, "r")) {
          const RefStatus status = parse_ref(ref, at);
          if (status == RefStatus::beyond)
            too_large("单元格 " + std::string(ref) + " 超出 Excel 的范围", "cell " + std::string(ref) + " is beyond Excel's limits");
          if (status == RefStatus::malformed)
            throw FormatError(path_, "工作表“" + name + "”含有无效的单元格引用 " + std::string(ref),
                              "sheet '" + name + "' has an invalid cell reference " + std::string(ref));
        }
        if (at.col > kExcelColumns) too_large("列数超出 Excel 的范围", "more columns than Excel allows");
        column = at.col;
        if (++cells_ > kMaxCells)
          too_large("单元格超过 " + std::to_string(kMaxCells) + " 个", "more than " + std::to_string(kMaxCells) + " cells");
        std::string text = cell_text(c, at);
        if (!text.empty()) values.push_back({at, std::move(text)});
      }
    }

    std::vector<std::pair<Position, Position>> merges;
    for (pugi::xml_node m = child(child(sheet, "mergeCells"), "mergeCell"); m; m = m.next_sibling()) {
      const char* ref = attribute(m, "ref");
      if (local_name(m) != "mergeCell" || !ref) continue;
      if (++merges_ > kMaxMerges)
        too_large("合并单元格区域超过 " + std::to_string(kMaxMerges) + " 个",
                  "more than " + std::to_string(kMaxMerges) + " merged ranges");
      const std::string_view range(ref);
      const size_t colon = range.find(':');
      Position from, to;
      if (colon == std::string_view::npos || parse_ref(range.substr(0, colon), from) != RefStatus::ok ||
          parse_ref(range.substr(colon + 1), to) != RefStatus::ok)
        continue;  // a range Excel itself would drop
      if (to < from) std::swap(from, to);
      merges.emplace_back(Position{std::min(from.row, to.row), std::min(from.col, to.col)},
                          Position{std::max(from.row, to.row), std::max(from.col, to.col)});
    }
    write_sheet(name, std::move(values), merges);
  }

  // ---- writing: text, blocks and the table --------------------------------------------------

  int write_line(std::string_view line) {
    out_.text.append(line);
    out_.text += '\n';
    return ++lines_;
  }

  void add_paragraph(const std::string& text, int level, const std::string& ref) {
    for (size_t start = 0; start <= text.size();) {
      const size_t end = std::min(text.find('\n', start), text.size());
      const std::string_view line = std::string_view(text).substr(start, end - start);
      const int line_no = write_line(line);
      Block b;
      b.kind = "paragraph";
      b.text = std::string(line);
      b.level = level;
      b.ref = ref;
      b.sheet = sheet_;
      b.span = {line_no, 1, line_no, 1 + static_cast<int>(utf8::length(line))};
      b.map.push_back({0, line_no, 1});
      out_.blocks.push_back(std::move(b));
      start = end + 1;
    }
  }

  // Writes a cell in tab-cell form (its first line after a TAB, further lines on their own).
  Cell write_cell(const std::string& text, const Position& at) {
    Cell cell;
    cell.text = text;
    cell.ref = a1(at);
    out_.text += '\t';
    if (text.empty()) {
      const int line_no = write_line("");
      cell.span = {line_no, 2, line_no, 2};
      return cell;
    }
    int first = 0, last_end = 0;
    for (size_t start = 0; start <= text.size();) {
      const size_t end = std::min(text.find('\n', start), text.size());
      const std::string_view line = std::string_view(text).substr(start, end - start);
      const int column = first == 0 ? 2 : 1;
      const int line_no = write_line(line);
      if (first == 0) first = line_no;
      cell.map.push_back({static_cast<int>(start), line_no, column});
      last_end = column + static_cast<int>(utf8::length(line));
      start = end + 1;
    }
    cell.span = {first, 2, lines_, last_end};
    return cell;
  }

  void write_sheet(const std::string& name, std::vector<Value> values,
                   const std::vector<std::pair<Position, Position>>& merges) {
    if (values.empty()) return;
    // Later duplicates of a position win, as a later write would in Excel.
    std::stable_sort(values.begin(), values.end(), [](const Value& a, const Value& b) { return a.at < b.at; });
    std::vector<Value> unique;
    for (Value& v : values) {
      if (!unique.empty() && unique.back().at == v.at)
        unique.back() = std::move(v);
      else
        unique.push_back(std::move(v));
    }
    values = std::move(unique);
    auto text_at = [&](const Position& p) -> const std::string* {
      const auto it = std::lower_bound(values.begin(), values.end(), p, [](const Value& v, const Position& q) { return v.at < q; });
      return it != values.end() && it->at == p ? &it->text : nullptr;
    };

    // Merged ranges whose origin holds text.
    std::vector<std::pair<Position, Position>> filled;
    for (const auto& [from, to] : merges)
      if (text_at(from) && (to.row > from.row || to.col > from.col)) filled.push_back({from, to});
    // The furthest row reached by a range starting above each row: a title row has none.
    std::sort(filled.begin(), filled.end());
    std::vector<int> reach;
    for (const auto& m : filled) reach.push_back(std::max(reach.empty() ? 0 : reach.back(), m.second.row));
    auto covered_from_above = [&](int row) {
      const auto it = std::lower_bound(filled.begin(), filled.end(), row,
                                       [](const auto& m, int r) { return m.first.row < r; });
      const size_t before = static_cast<size_t>(it - filled.begin());
      return before > 0 && reach[before - 1] >= row;
    };

    add_paragraph(name, 1, "");
    write_line("");

    // Title rows: leading rows with one value and no merged range reaching down into them.
    size_t first_value = 0;
    while (first_value < values.size()) {
      const int row = values[first_value].at.row;
      size_t next = first_value;
      while (next < values.size() && values[next].at.row == row) ++next;
      if (next - first_value != 1 || covered_from_above(row)) break;
      add_paragraph(values[first_value].text, 0, a1(values[first_value].at));
      first_value = next;
    }
    if (first_value == values.size()) {
      write_line("");
      return;
    }

    // The table's rows and columns: those with text of their own.
    std::vector<int> rows, cols;
    for (size_t i = first_value; i < values.size(); ++i) {
      rows.push_back(values[i].at.row);
      cols.push_back(values[i].at.col);
    }
    for (std::vector<int>* v : {&rows, &cols}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    grid_cells_ += rows.size() * cols.size();
    if (grid_cells_ > kMaxGridCells)
      too_large("表格单元格超过 " + std::to_string(kMaxGridCells) + " 个",
                "more than " + std::to_string(kMaxGridCells) + " table cells");
    // Where the merged ranges fall in the table (each grid cell at most once).
    std::map<Position, Position> merged_into;
    size_t visited = 0;
    for (const auto& [from, to] : filled) {
      const auto r0 = std::lower_bound(rows.begin(), rows.end(), from.row);
      const auto r1 = std::upper_bound(rows.begin(), rows.end(), to.row);
      const auto c0 = std::lower_bound(cols.begin(), cols.end(), from.col);
      const auto c1 = std::upper_bound(cols.begin(), cols.end(), to.col);
      for (auto r = r0; r < r1; ++r)
        for (auto c = c0; c < c1; ++c) {
          const Position at{*r, *c};
          if (!(at == from) && !text_at(at)) merged_into.emplace(at, from);
          if (++visited > 4 * kMaxGridCells)
            too_large("合并单元格区域过多或相互重叠", "too many or overlapping merged ranges");
        }
    }

    Table t;
    t.index = static_cast<int>(out_.tables.size());
    t.block = static_cast<int>(out_.blocks.size());
    t.n_rows = static_cast<int>(rows.size());
    t.n_cols = static_cast<int>(cols.size());
    t.sheet = sheet_;
    std::set<Position> merge_origins;
    for (const auto& [at, origin] : merged_into) merge_origins.insert(origin);
    std::map<Position, Cell> origins;  // written origins of merged ranges, for their copies
    Block b;
    b.kind = "table";
    b.table = t.index;
    b.ref = "t" + std::to_string(t.index);
    b.sheet = sheet_;
    int first_line = 0, last_line = 0, end_column = 1;
    for (const int r : rows) {
      std::vector<Cell> cells;
      for (const int c : cols) {
        const Position at{r, c};
        const std::string* text = text_at(at);
        const auto merged = merged_into.find(at);
        if (merged != merged_into.end() && origins.count(merged->second)) {
          write_cell("", at);
          Cell copy = origins.at(merged->second);
          copy.merged = true;
          cells.push_back(std::move(copy));
        } else {
          Cell cell = write_cell(text ? *text : std::string(), at);
          if (text && merge_origins.count(at)) origins[at] = cell;
          cells.push_back(std::move(cell));
        }
        if (first_line == 0) first_line = lines_;
      }
      last_line = lines_;
      const Cell& last = cells.back();
      end_column = last.merged || last.text.empty() ? 2 : last.span.end_column;
      if (!b.text.empty()) b.text += '\n';
      for (size_t i = 0; i < cells.size(); ++i) {
        if (i) b.text += '\t';
        b.text += cells[i].text;
      }
      t.rows.push_back(std::move(cells));
      write_line("");  // rows are separated by a blank line
    }
    write_line("");  // two blank lines end the table
    t.span = {first_line, 1, last_line, end_column};
    b.span = t.span;
    out_.blocks.push_back(std::move(b));
    out_.tables.push_back(std::move(t));
  }

  const std::string& path_;
  DocxPackage package_;
  ParsedText out_;
  std::vector<std::string> shared_;
  std::vector<std::string> cell_formats_;  // number format code by cell style (cellXfs) index
  bool date1904_ = false;
  std::string sheet_;
  int lines_ = 0;
  size_t cells_ = 0;
  size_t merges_ = 0;
  size_t grid_cells_ = 0;
};

}  // namespace

ParsedText read_xlsx(std::string_view bytes, const std::string& path) {
  if (bytes.size() > kMaxInputBytes)
    throw FormatError(path, "文件过大（超过 " + std::to_string(kMaxInputBytes >> 20) + " MB）",
                      "the file is too large (more than " + std::to_string(kMaxInputBytes >> 20) + " MB)");
  return Reader(bytes, path).read();
}

}  // namespace jixiao
