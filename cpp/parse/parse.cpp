#include "parse/parse.hpp"

#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "parse/published.hpp"

#include <algorithm>

namespace jixiao {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// A line opening a table row cell: TAB first, or spaces then TAB (which also opens a new table).
int cell_marker(std::string_view line) {
  if (!line.empty() && line[0] == '\t') return 1;
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i > 0 && i < line.size() && line[i] == '\t') return 2;
  return 0;
}

// Trims a piece of text and returns the number of characters cut from its front.
std::string_view trim_counting(std::string_view s, int& cut_chars) {
  const std::string_view t = utf8::trim(s);
  cut_chars = static_cast<int>(utf8::length(s.substr(0, t.data() - s.data())));
  return t;
}

Span span_of_map(const std::vector<Segment>& map, std::string_view text) { return locate(map, text, 0, text.size()); }

struct CellBuilder {
  std::string text;
  std::vector<Segment> map;
  Span span;
};

struct TableBuilder {
  std::vector<std::vector<CellBuilder>> rows;
  bool row_open = false;
};

// The segment map of bytes [from, to) of `text`, as offsets into that piece.
std::vector<Segment> slice_map(const std::vector<Segment>& map, std::string_view text, size_t from, size_t to) {
  std::vector<Segment> out;
  const Span start = locate(map, text, from, from + 1);
  out.push_back({0, start.line, start.column});
  auto it = std::upper_bound(map.begin(), map.end(), static_cast<int>(from),
                             [](int o, const Segment& seg) { return o < seg.offset; });
  for (; it != map.end() && static_cast<size_t>(it->offset) < to; ++it)
    out.push_back({static_cast<int>(static_cast<size_t>(it->offset) - from), it->line, it->column});
  return out;
}

// A cell's text wrapped over lines in a table laid out with spaces: a line that fills one or two
// cells, each under a filled cell of the row above (of at least three), continues that row.
void join_wrapped_cells(std::vector<std::vector<CellBuilder>>& rows) {
  std::vector<std::vector<CellBuilder>> out;
  auto filled = [](const std::vector<CellBuilder>& r) {
    return std::count_if(r.begin(), r.end(), [](const CellBuilder& c) { return !c.text.empty(); });
  };
  for (auto& row : rows) {
    if (!out.empty() && filled(row) > 0 && filled(row) <= 2 && filled(out.back()) >= 3 && row.size() == out.back().size() &&
        !row.front().text.size()) {
      auto& above = out.back();
      bool under = true;
      for (size_t c = 0; c < row.size(); ++c) under = under && (row[c].text.empty() || !above[c].text.empty());
      if (under) {
        for (size_t c = 0; c < row.size(); ++c) {
          if (row[c].text.empty()) continue;
          CellBuilder& cell = above[c];
          cell.text += '\n';
          for (Segment s : row[c].map) {
            s.offset += static_cast<int>(cell.text.size());
            cell.map.push_back(s);
          }
          cell.text += row[c].text;
          cell.span = span_of_map(cell.map, cell.text);
        }
        continue;
      }
    }
    out.push_back(std::move(row));
  }
  rows = std::move(out);
}

// Appends a table block built from rows of cells: rows whose cells are all empty are dropped
// (export padding), short rows padded so the table is rectangular.
void emit_table(std::vector<std::vector<CellBuilder>> built, ParsedText& out, std::string layout = {}) {
  auto empty_row = [](const std::vector<CellBuilder>& r) {
    return std::all_of(r.begin(), r.end(), [](const CellBuilder& c) { return c.text.empty(); });
  };
  std::vector<std::vector<CellBuilder>> rows;
  for (auto& r : built)
    if (!r.empty() && !empty_row(r)) rows.push_back(std::move(r));
  if (rows.empty()) return;
  Table t;
  t.index = static_cast<int>(out.tables.size());
  t.block = static_cast<int>(out.blocks.size());
  t.layout = std::move(layout);
  t.n_rows = static_cast<int>(rows.size());
  for (const auto& r : rows) t.n_cols = std::max(t.n_cols, static_cast<int>(r.size()));
  Block b;
  b.kind = "table";
  b.table = t.index;
  for (auto& r : rows) {
    std::vector<Cell> cells;
    std::string row_text;
    for (auto& cb : r) {
      Cell c;
      c.text = std::move(cb.text);
      c.map = std::move(cb.map);
      c.span = cb.span;
      if (!row_text.empty()) row_text += '\t';
      row_text += c.text;
      cells.push_back(std::move(c));
    }
    const Span last = cells.back().span;
    while (static_cast<int>(cells.size()) < t.n_cols) {
      Cell pad;
      pad.span = {last.end_line, last.end_column, last.end_line, last.end_column};
      cells.push_back(std::move(pad));
    }
    if (!b.text.empty()) b.text += '\n';
    b.text += row_text;
    t.rows.push_back(std::move(cells));
  }
  t.span = {t.rows.front().front().span.line, 1, t.rows.back().back().span.end_line,
            t.rows.back().back().span.end_column};
  b.span = t.span;
  out.blocks.push_back(std::move(b));
  out.tables.push_back(std::move(t));
}

}  // namespace

Span locate(const std::vector<Segment>& map, std::string_view text, size_t begin, size_t end) {
  return locate(map, text, begin, end, nullptr);
}

Span locate(const std::vector<Segment>& map, std::string_view text, size_t begin, size_t end,
            const utf8::CharIndex* index) {
  Span s;
  if (map.empty()) return s;
  auto at = [&](size_t off, int& line, int& col) {
    // Last segment starting at or before off.
    auto it = std::upper_bound(map.begin(), map.end(), static_cast<int>(off),
                               [](int o, const Segment& seg) { return o < seg.offset; });
    const Segment& seg = it == map.begin() ? map.front() : *(it - 1);
    const size_t from = std::min(static_cast<size_t>(seg.offset), text.size());
    const size_t to = std::min(off, text.size());
    line = seg.line;
    const size_t chars = to <= from ? 0
                         : index    ? index->chars_before(to) - index->chars_before(from)
                                    : utf8::length(text.substr(from, to - from));
    col = seg.column + static_cast<int>(chars);
  };
  at(begin, s.line, s.column);
  // The end is exclusive: locate the last character and step one past it.
  if (end > begin) {
    size_t last = end - 1;
    while (last > begin && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
    at(last, s.end_line, s.end_column);
    s.end_column += 1;
  } else {
    s.end_line = s.line;
    s.end_column = s.column;
  }
  return s;
}

std::string strip_artifacts(std::string_view line, int line_no, int first_column, std::vector<Segment>& map,
                            std::vector<Artifact>& artifacts, int block) {
  // Word-to-text leftovers: bookmarks, and field codes written out as {PAGE ...} / {HYPERLINK ...}.
  static const Regex leftovers(
      R"(\[bookmark:[^\]]*\]|\{\s*(?:PAGE|NUMPAGES|HYPERLINK|PAGEREF|TOC|REF|MERGEFIELD|SEQ|STYLEREF)\b[^{}]{0,200}\})");
  std::string out;
  size_t pos = 0;
  int column = first_column;
  for (const RegexMatch& m : leftovers.find_all(line)) {
    if (m.begin() > pos) {
      map.push_back({static_cast<int>(out.size()), line_no, column});
      out.append(line.substr(pos, m.begin() - pos));
    }
    column += static_cast<int>(utf8::length(line.substr(pos, m.begin() - pos)));
    const int width = static_cast<int>(utf8::length(m.str(line)));
    Artifact a;
    a.kind = m.str(line).front() == '[' ? "bookmark" : "field_code";
    a.text = std::string(m.str(line));
    a.span = {line_no, column, line_no, column + width};
    a.block = block;
    artifacts.push_back(std::move(a));
    column += width;
    pos = m.end();
  }
  if (pos < line.size() || map.empty()) {
    map.push_back({static_cast<int>(out.size()), line_no, column});
    out.append(line.substr(pos));
  }
  return out;
}

ParsedText parse_text(std::string text) {
  ParsedText out;
  out.text = std::move(text);
  const std::vector<std::string_view> lines = split_lines(out.text);
  const LineLayout layout = lay_out_lines(lines);

  TableBuilder table;
  bool in_table = false;
  int blank_run = 0;
  bool last_was_cell = false;

  auto finish_table = [&]() {
    if (!in_table) return;
    in_table = false;
    emit_table(std::move(table.rows), out);
    table = TableBuilder{};
  };

  size_t aligned = 0;     // next aligned table of the layout
  size_t cell_lines = 0;  // next table written one cell per line
  for (size_t li = 0; li < lines.size(); ++li) {
    const LineRole role = layout.roles[li];
    const int line_no = static_cast<int>(li) + 1;
    // A form feed is a page break, not text.
    const size_t feed = lines[li].find_first_not_of('\f') == std::string_view::npos ? lines[li].size()
                                                                                      : lines[li].find_first_not_of('\f');
    const std::string_view line = lines[li].substr(feed);
    if (const std::string_view kind = artifact_kind(role); !kind.empty()) {
      const std::string_view t = utf8::trim(line);
      int cut = 0;
      trim_counting(line, cut);
      Artifact a;
      a.kind = std::string(kind);
      a.text = std::string(t);
      const int col = static_cast<int>(feed) + 1 + cut;
      a.span = {line_no, col, line_no, col + static_cast<int>(utf8::length(t))};
      out.artifacts.push_back(std::move(a));
      continue;
    }
    if (role == LineRole::blank) {
      ++blank_run;
      if (in_table) table.row_open = false;
      last_was_cell = false;
      continue;
    }
    if (role == LineRole::cell) {
      const int marker = cell_marker(line);
      // Spaces before the TAB, or two blank lines since the last row, open a new table.
      if (in_table && (marker == 2 || blank_run >= 2)) finish_table();
      if (!in_table) {
        in_table = true;
        table = TableBuilder{};
      }
      if (!table.row_open) {
        table.rows.emplace_back();
        table.row_open = true;
      }
      const size_t tab = line.find('\t');
      const std::string_view raw = line.substr(tab + 1);
      int cut = 0;
      const std::string_view cell_text = trim_counting(raw, cut);
      const int first_col = static_cast<int>(feed + utf8::length(line.substr(0, tab + 1))) + 1 + cut;
      CellBuilder cb;
      cb.text = strip_artifacts(cell_text, line_no, first_col, cb.map, out.artifacts,
                                static_cast<int>(out.blocks.size()));
      cb.span = span_of_map(cb.map, cb.text);
      if (cb.text.empty()) cb.span = {line_no, first_col, line_no, first_col};
      table.rows.back().push_back(std::move(cb));
      last_was_cell = true;
      blank_run = 0;
      continue;
    }
    if (in_table && last_was_cell && !table.rows.empty() && !table.rows.back().empty()) {
      // Continuation of the cell above. A number broken by the line break is joined back.
      CellBuilder& cb = table.rows.back().back();
      int cut = 0;
      const std::string_view more = trim_counting(line, cut);
      const bool joins_number = !cb.text.empty() && !more.empty() &&
                                (std::isdigit(static_cast<unsigned char>(cb.text.back())) || cb.text.back() == '.' ||
                                 cb.text.back() == ',') &&
                                (std::isdigit(static_cast<unsigned char>(more.front())) || more.front() == '.');
      if (!cb.text.empty() && !joins_number) cb.text += '\n';
      std::vector<Segment> more_map;
      std::string cleaned = strip_artifacts(more, line_no, static_cast<int>(feed) + 1 + cut, more_map,
                                            out.artifacts, static_cast<int>(out.blocks.size()));
      for (Segment s : more_map) {
        s.offset += static_cast<int>(cb.text.size());
        cb.map.push_back(s);
      }
      cb.text += cleaned;
      cb.span = span_of_map(cb.map, cb.text);
      blank_run = 0;
      continue;
    }
    finish_table();
    last_was_cell = false;
    blank_run = 0;
    while (aligned < layout.tables.size() && layout.tables[aligned].last_line < li) ++aligned;
    if (aligned < layout.tables.size() && layout.tables[aligned].first_line == li) {
      // A table laid out with spaces: one row per line, cells cut at the run's columns.
      const AlignedTable& at = layout.tables[aligned];
      std::vector<std::vector<CellBuilder>> rows;
      for (size_t r = 0; r < at.rows.size(); ++r) {
        const size_t row_line = at.row_lines[r];
        const std::string_view whole = lines[row_line];
        std::vector<CellBuilder> cells;
        for (const auto& [b, e] : at.rows[r].cells) {
          CellBuilder cb;
          const int col = static_cast<int>(utf8::length(whole.substr(0, b))) + 1;
          cb.text = strip_artifacts(whole.substr(b, e - b), static_cast<int>(row_line) + 1, col, cb.map, out.artifacts,
                                    static_cast<int>(out.blocks.size()));
          cb.span = cb.text.empty() ? Span{static_cast<int>(row_line) + 1, col, static_cast<int>(row_line) + 1, col}
                                    : span_of_map(cb.map, cb.text);
          cells.push_back(std::move(cb));
        }
        rows.push_back(std::move(cells));
      }
      if (at.columns > 1) join_wrapped_cells(rows);
      emit_table(std::move(rows), out, at.columns > 1 && at.rows.size() > 0 ? "text_columns" : "text_ragged");
      li = at.last_line;
      continue;
    }
    while (cell_lines < layout.cell_tables.size() && layout.cell_tables[cell_lines].last_line < li) ++cell_lines;
    if (cell_lines < layout.cell_tables.size() && layout.cell_tables[cell_lines].first_line == li) {
      // A table written one cell per line: each cell from its own lines, empty cells where the
      // row's placement left them.
      const CellLineTable& ct = layout.cell_tables[cell_lines];
      std::vector<std::vector<CellBuilder>> rows;
      for (const std::vector<CellLines>& row : ct.rows) {
        std::vector<CellBuilder> cells;
        Span last{static_cast<int>(li) + 1, 1, static_cast<int>(li) + 1, 1};
        for (const CellLines& cell : row) {
          CellBuilder cb;
          for (long k = cell.first; k >= 0 && k <= cell.last; ++k) {
            const std::string_view raw = lines[static_cast<size_t>(k)];
            const size_t skip = raw.find_first_not_of('\f') == std::string_view::npos ? raw.size() : raw.find_first_not_of('\f');
            int cut = 0;
            const std::string_view piece = trim_counting(raw.substr(skip), cut);
            std::vector<Segment> piece_map;
            std::string cleaned = strip_artifacts(piece, static_cast<int>(k) + 1, static_cast<int>(skip) + 1 + cut, piece_map,
                                                  out.artifacts, static_cast<int>(out.blocks.size()));
            for (Segment seg : piece_map) {
              seg.offset += static_cast<int>(cb.text.size());
              cb.map.push_back(seg);
            }
            cb.text += cleaned;
          }
          cb.span = cb.text.empty() ? Span{last.end_line, last.end_column, last.end_line, last.end_column}
                                    : span_of_map(cb.map, cb.text);
          last = cb.span;
          cells.push_back(std::move(cb));
        }
        rows.push_back(std::move(cells));
      }
      emit_table(std::move(rows), out, "text_cell_lines");
      li = ct.last_line;
      continue;
    }
    int cut = 0;
    const std::string_view body = trim_counting(line, cut);
    Block b;
    b.kind = "paragraph";
    b.text = strip_artifacts(body, line_no, static_cast<int>(feed) + 1 + cut, b.map, out.artifacts,
                             static_cast<int>(out.blocks.size()));
    // A hard-wrapped paragraph goes on over the next lines (and over a page break).
    size_t cur = li;
    while (layout.wraps_into_next[cur]) {
      size_t next = cur + 1;
      while (next < lines.size() && layout.roles[next] != LineRole::body) {
        if (const std::string_view kind = artifact_kind(layout.roles[next]); !kind.empty()) {
          const std::string_view skipped = utf8::trim(lines[next]);
          Artifact a;
          a.kind = std::string(kind);
          a.text = std::string(utf8::trim(std::string_view(skipped).substr(skipped.find_first_not_of('\f') == std::string_view::npos ? 0 : skipped.find_first_not_of('\f'))));
          a.span = {static_cast<int>(next) + 1, 1, static_cast<int>(next) + 1, 1 + static_cast<int>(utf8::length(skipped))};
          out.artifacts.push_back(std::move(a));
        }
        ++next;
      }
      if (next >= lines.size()) break;
      const std::string_view raw_next = lines[next];
      const size_t next_feed = raw_next.find_first_not_of('\f') == std::string_view::npos ? raw_next.size()
                                                                                           : raw_next.find_first_not_of('\f');
      int next_cut = 0;
      const std::string_view more = trim_counting(raw_next.substr(next_feed), next_cut);
      std::vector<Segment> more_map;
      std::string cleaned = strip_artifacts(more, static_cast<int>(next) + 1, static_cast<int>(next_feed) + 1 + next_cut,
                                            more_map, out.artifacts, static_cast<int>(out.blocks.size()));
      for (Segment s : more_map) {
        s.offset += static_cast<int>(b.text.size());
        b.map.push_back(s);
      }
      b.text += cleaned;
      cur = next;
    }
    li = cur;
    // Text flowed into one line holds several paragraphs: cut it where a section starts.
    std::vector<size_t> cuts = flowed_paragraph_breaks(b.text);
    cuts.push_back(b.text.size());
    size_t from = 0;
    for (size_t cut : cuts) {
      Block piece;
      piece.kind = "paragraph";
      if (from == 0 && cut == b.text.size()) {
        piece = std::move(b);
      } else {
        piece.text = b.text.substr(from, cut - from);
        piece.map = slice_map(b.map, b.text, from, cut);
      }
      from = cut;
      // Spaces left at a cut belong to neither paragraph.
      while (!piece.text.empty() && (piece.text.back() == ' ')) piece.text.pop_back();
      piece.span = span_of_map(piece.map, piece.text);
      if (utf8::trim(piece.text).empty()) continue;  // a line that held only leftovers
      out.blocks.push_back(std::move(piece));
    }
  }
  finish_table();
  return out;
}

}  // namespace jixiao
