#include "layout/layout.hpp"

#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "layout/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace jixiao::layout {
namespace {

enum class Role { body, furniture, toc, joined };  // joined: a table part appended to the one before

// One thing on a page, in reading order: a line of text or a table.
struct Item {
  int page = 0;  // 1-based
  double top = 0;
  bool is_table = false;
  Line line;
  GridTable table;
  Role role = Role::body;
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

std::string without_spaces(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    if (!utf8::is_space(utf8::next(s, i))) out.append(s.substr(at, i - at));
  }
  return out;
}

// The numbered starts of headings and list items that open a new paragraph.
const Regex& heading_start() {
  static const Regex re(
      R"(^(?:第[一二三四五六七八九十百零〇\d]+[部分章节条]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|[①-⑳]|附件|附表|注[：:]))",
      true);
  return re;
}

const Regex& page_number() {
  static const Regex re(
      R"(^(?:[-—–－_·•]*\d{1,4}[-—–－_·•]*|第\d{1,4}页(?:[,，/／]?共\d{1,4}页)?|共\d{1,4}页第\d{1,4}页|\d{1,4}[/／]\d{1,4}|[Pp]age\d{1,4}(?:of\d{1,4})?)$)",
      true);
  return re;
}

// The same running header or footer with its page number masked.
std::string furniture_key(std::string_view text) {
  std::string key = without_spaces(text);
  for (char& c : key)
    if (c >= '0' && c <= '9') c = '#';
  return key;
}

// A contents entry or heading stripped of dot leaders and the page number.
std::string toc_key(std::string_view text) {
  std::string key = without_spaces(text);
  for (;;) {
    const size_t before = key.size();
    while (!key.empty() && ((key.back() >= '0' && key.back() <= '9') || key.back() == '.')) key.pop_back();
    for (std::string_view leader : {"…", "·", "．", "-", "—"})
      while (key.size() >= leader.size() && key.compare(key.size() - leader.size(), leader.size(), leader) == 0)
        key.resize(key.size() - leader.size());
    if (key.size() == before) break;
  }
  return key;
}

// Lines near the top or bottom edge of a page that are page numbers or repeat, at about the
// same height, on many pages are running headers and footers.
void mark_furniture(std::vector<Item>& items, const std::vector<Page>& pages) {
  constexpr double kBand = 0.15;  // share of the page height at top and bottom
  constexpr size_t kEdgeLines = 3;
  std::vector<size_t> candidates;
  // Items come page by page: [start, end) is one page's.
  for (size_t start = 0, end = 0; start < items.size(); start = end) {
    const int page = items[start].page;
    while (end < items.size() && items[end].page == page) ++end;
    const double h = pages[static_cast<size_t>(page - 1)].height;
    for (size_t k = start; k < end; ++k) {
      Item& it = items[k];
      if (it.is_table) continue;
      const bool near_top = k - start < kEdgeLines && it.line.y1 <= kBand * h;
      const bool near_bottom = end - k <= kEdgeLines && it.line.y0 >= (1 - kBand) * h;
      if (!near_top && !near_bottom) continue;
      if (page_number().contains(without_spaces(it.line.text)))
        it.role = Role::furniture;
      else
        candidates.push_back(k);
    }
  }
  // key -> pages it appears on (at about the same height)
  std::map<std::pair<std::string, long>, std::vector<size_t>> seen;
  for (size_t i : candidates)
    seen[{furniture_key(items[i].line.text), std::lround(items[i].line.y0 / 12)}].push_back(i);
  const size_t min_pages = std::max<size_t>(2, (pages.size() * 2 + 4) / 5);
  for (const auto& [key, where] : seen) {
    size_t distinct = 0;
    int last = 0;
    for (size_t i : where)
      if (items[i].page != last) {
        ++distinct;
        last = items[i].page;
      }
    if (distinct >= min_pages && pages.size() >= 2)
      for (size_t i : where) items[i].role = Role::furniture;
  }
}

// A page headed 目录 opens the table of contents; it runs until the body repeats its first
// entry (on a later page). Without that repetition only the 目录 page itself is taken.
void mark_contents(std::vector<Item>& items) {
  constexpr int kMaxContentsPages = 8;
  size_t head = items.size();
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].is_table || items[i].role != Role::body) continue;
    const std::string key = without_spaces(items[i].line.text);
    if (key == "目录" || key == "目次") {
      head = i;
      break;
    }
  }
  if (head == items.size()) return;
  std::string first_entry;
  size_t end = items.size();
  for (size_t i = head + 1; i < items.size(); ++i) {
    if (items[i].role != Role::body) continue;
    if (items[i].page > items[head].page + kMaxContentsPages || items[i].is_table) break;
    const std::string key = toc_key(items[i].line.text);
    if (first_entry.empty()) {
      first_entry = key;
    } else if (key == first_entry && items[i].page > items[head].page) {
      end = i;
      break;
    }
  }
  if (end == items.size())  // no repetition found: only the 目录 page itself
    for (end = head; end < items.size() && items[end].page == items[head].page;) ++end;
  for (size_t i = head; i < end; ++i)
    if (items[i].role == Role::body && !items[i].is_table) items[i].role = Role::toc;
}

// Where each column of `next` sits among the columns of `table` (a page of the table may
// lack columns that hold nothing there); empty when some column has no counterpart.
std::vector<size_t> matching_columns(const GridTable& table, const GridTable& next) {
  constexpr double kTolerance = 4;
  std::vector<size_t> at;
  size_t j = 0;
  for (const auto& [left, right] : next.columns) {
    while (j < table.columns.size() && table.columns[j].second < left + kTolerance &&
           std::fabs(table.columns[j].first - left) > kTolerance)
      ++j;
    if (j == table.columns.size() || std::fabs(table.columns[j].first - left) > kTolerance ||
        std::fabs(table.columns[j].second - right) > kTolerance)
      return {};
    at.push_back(j++);
  }
  return at;
}

// A table that goes on at the top of the next page in the same columns is one table.
void join_continued_tables(std::vector<Item>& items) {
  size_t last_table = items.size();
  for (size_t i = 0; i < items.size(); ++i) {
    Item& it = items[i];
    if (it.role != Role::body) continue;
    if (!it.is_table) {
      last_table = items.size();
      continue;
    }
    if (last_table != items.size() && it.page == items[last_table].page + 1) {
      GridTable& prev = items[last_table].table;
      const std::vector<size_t> at = matching_columns(prev, it.table);
      if (!at.empty()) {
        // Origins identify merged cells; keep the continuation's apart from the first part's.
        int offset = 0;
        for (const auto& row : prev.rows)
          for (const GridCell& cell : row) offset = std::max(offset, cell.origin_row + 1);
        for (size_t r = 0; r < it.table.rows.size(); ++r) {
          // Columns this page lacks are empty cells, each its own origin.
          std::vector<GridCell> row(prev.columns.size());
          for (size_t c = 0; c < row.size(); ++c) {
            row[c].origin_col = -1 - static_cast<int>(c);
            row[c].page = it.page;
          }
          for (size_t c = 0; c < at.size(); ++c) {
            GridCell cell = std::move(it.table.rows[r][c]);
            cell.origin_row += offset;
            row[at[c]] = std::move(cell);
          }
          prev.rows.push_back(std::move(row));
        }
        it.role = Role::joined;
        it.table.rows.clear();
        continue;
      }
    }
    last_table = i;
  }
}

// Writes paragraphs, tables and artifacts into the text and builds their blocks.
class Writer {
 public:
  ParsedText take() { return std::move(out_); }

  void paragraph(std::string_view text, int page) {
    const int line_no = write_line(text);
    Block b;
    b.kind = "paragraph";
    b.page = page;
    b.text = strip_artifacts(text, line_no, 1, b.map, out_.artifacts, static_cast<int>(out_.blocks.size()));
    if (utf8::trim(b.text).empty()) return;
    b.span = locate(b.map, b.text, 0, b.text.size());
    out_.blocks.push_back(std::move(b));
  }

  void artifact(std::string_view kind, std::string_view text) {
    const int line_no = write_line(text);
    Artifact a;
    a.kind = std::string(kind);
    a.text = std::string(text);
    a.span = {line_no, 1, line_no, 1 + static_cast<int>(utf8::length(text))};
    out_.artifacts.push_back(std::move(a));
  }

  void table(const GridTable& grid, int page) {
    Table t;
    t.index = static_cast<int>(out_.tables.size());
    t.block = static_cast<int>(out_.blocks.size());
    t.page = page;
    if (grid.aligned) t.layout = "text_columns";  // as the parse stage marks columns it recovers
    const int first_line = lines_ + 1;
    int last_line = first_line, end_column = 1;
    for (size_t r = 0; r < grid.rows.size(); ++r) {
      std::vector<Cell> cells;
      for (size_t c = 0; c < grid.rows[r].size(); ++c) {
        const GridCell& g = grid.rows[r][c];
        auto same_origin = [&](const GridCell& o) {
          return o.origin_row == g.origin_row && o.origin_col == g.origin_col;
        };
        const Cell* origin = nullptr;
        if (g.merged && r > 0 && same_origin(grid.rows[r - 1][c]))
          origin = &t.rows[r - 1][c];
        else if (g.merged && c > 0 && same_origin(grid.rows[r][c - 1]))
          origin = &cells[c - 1];
        if (origin || g.text.empty()) {
          // Written as an empty cell; a merged continuation carries its origin's text and place.
          const int line_no = write_empty_cell();
          Cell cell = origin ? *origin : Cell{};
          cell.merged = origin != nullptr;
          cell.page = g.page;
          if (!origin) cell.span = {line_no, 2, line_no, 2};
          cells.push_back(std::move(cell));
          continue;
        }
        out_.text += '\t';
        const int line_no = write_line(g.text);
        Cell cell;
        cell.page = g.page;
        cell.text = strip_artifacts(g.text, line_no, 2, cell.map, out_.artifacts, t.block);
        cell.span = locate(cell.map, cell.text, 0, cell.text.size());
        cells.push_back(std::move(cell));
      }
      last_line = lines_;
      end_column = cells.empty() ? 1 : cells.back().span.end_column;
      write_line("");  // rows are separated by a blank line
      t.rows.push_back(std::move(cells));
    }
    write_line("");  // two blank lines end the table
    t.n_rows = static_cast<int>(t.rows.size());
    t.n_cols = t.rows.empty() ? 0 : static_cast<int>(t.rows.front().size());
    t.span = {first_line, 1, last_line, end_column};
    Block b;
    b.kind = "table";
    b.table = t.index;
    b.page = page;
    b.span = t.span;
    for (const auto& row : t.rows) {
      if (!b.text.empty()) b.text += '\n';
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) b.text += '\t';
        b.text += row[i].text;
      }
    }
    out_.blocks.push_back(std::move(b));
    out_.tables.push_back(std::move(t));
  }

 private:
  int write_line(std::string_view line) {
    out_.text.append(line);
    out_.text += '\n';
    return ++lines_;
  }
  int write_empty_cell() {
    out_.text += '\t';
    return write_line("");
  }
  ParsedText out_;
  int lines_ = 0;
};

// Left and right text margins of the document: the median over pages with enough body lines.
struct Margins {
  double left = 0, right = 0;
};

Margins body_margins(const std::vector<Item>& items) {
  std::map<int, std::pair<double, double>> pages;
  std::map<int, int> counts;
  for (const Item& it : items) {
    if (it.is_table || it.role != Role::body) continue;
    auto [p, fresh] = pages.try_emplace(it.page, it.line.x0, it.line.x1);
    if (!fresh) {
      p->second.first = std::min(p->second.first, it.line.x0);
      p->second.second = std::max(p->second.second, it.line.x1);
    }
    ++counts[it.page];
  }
  std::vector<double> lefts, rights;
  for (const auto& [page, lr] : pages)
    if (counts[page] >= 5) {
      lefts.push_back(lr.first);
      rights.push_back(lr.second);
    }
  if (lefts.empty())
    for (const auto& [page, lr] : pages) {
      lefts.push_back(lr.first);
      rights.push_back(lr.second);
    }
  return {median(lefts), median(rights)};
}

// Does line `b` go on the paragraph that line `a` ends?
bool continues(const Item& a, const Item& b, const Margins& m) {
  const Line& x = a.line;
  const Line& y = b.line;
  const double em = std::max(x.size, y.size);
  if (std::fabs(x.size - y.size) > 0.15 * em) return false;           // another font size
  if (m.right - x.x1 > y.lead + 0.5 * em) return false;               // left room for the next word
  if (y.x0 > m.left + 1.2 * em) return false;                         // an indented first line
  if (heading_start().contains(without_spaces(y.text))) return false;  // a numbered heading or item
  if (a.page == b.page && y.y0 - x.y1 > 1.2 * em) return false;       // a wide vertical gap
  return b.page == a.page || b.page == a.page + 1;
}

bool is_latin_letter(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

void append_wrapped(std::string& paragraph, const std::string& line) {
  if (!paragraph.empty() && !line.empty()) {
    size_t i = paragraph.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(paragraph[i]) & 0xC0) == 0x80) --i;
    size_t j = 0;
    if (is_latin_letter(utf8::next(paragraph, i)) && is_latin_letter(utf8::next(line, j))) paragraph += ' ';
  }
  paragraph += line;
}

}  // namespace

ParsedText lay_out(const std::vector<Page>& pages) {
  std::vector<Item> items;
  for (size_t p = 0; p < pages.size(); ++p) {
    std::vector<Char> chars = pages[p].chars;
    std::vector<GridTable> tables = ruled_tables(pages[p].rulings, chars);
    std::vector<Line> lines = build_lines(std::move(chars));
    for (GridTable& t : aligned_tables(lines)) tables.push_back(std::move(t));
    const int page = static_cast<int>(p) + 1;
    const size_t first = items.size();
    for (Line& l : lines) {
      Item it;
      it.page = page;
      it.top = l.y0;
      it.line = std::move(l);
      items.push_back(std::move(it));
    }
    for (GridTable& t : tables) {
      for (auto& row : t.rows)
        for (GridCell& cell : row) cell.page = page;
      Item it;
      it.page = page;
      it.top = t.y0;
      it.is_table = true;
      it.table = std::move(t);
      items.push_back(std::move(it));
    }
    std::stable_sort(items.begin() + static_cast<long>(first), items.end(),
                     [](const Item& a, const Item& b) { return a.top < b.top; });
  }
  mark_furniture(items, pages);
  mark_contents(items);
  join_continued_tables(items);
  const Margins margins = body_margins(items);

  Writer out;
  std::string paragraph;
  int paragraph_page = 0;
  const Item* previous = nullptr;  // the body line the open paragraph ends with
  std::vector<const Item*> pending;  // artifacts met while a paragraph was open
  auto flush = [&] {
    if (!paragraph.empty()) out.paragraph(paragraph, paragraph_page);
    paragraph.clear();
    previous = nullptr;
    for (const Item* a : pending) out.artifact(a->role == Role::toc ? "contents" : "page_furniture", a->line.text);
    pending.clear();
  };
  for (const Item& it : items) {
    if (it.role == Role::joined) continue;
    if (it.role != Role::body) {
      pending.push_back(&it);
      if (!previous) flush();
      continue;
    }
    if (it.is_table) {
      flush();
      out.table(it.table, it.page);
      continue;
    }
    if (previous && continues(*previous, it, margins)) {
      append_wrapped(paragraph, it.line.text);
    } else {
      flush();
      paragraph = it.line.text;
      paragraph_page = it.page;
    }
    previous = &it;
  }
  flush();
  return out.take();
}

}  // namespace jixiao::layout
