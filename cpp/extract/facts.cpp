// Step 2: every quantity of the document, with block, span and label.
#include "extract/quantity.hpp"
#include "extract/stages.hpp"
#include "extract/table_layout.hpp"
#include "extract/chars.hpp"

#include <algorithm>
#include <map>

namespace jixiao::extract_steps {
namespace {

bool is_text_block(const Block& b) { return b.kind != "table"; }

// Spans of byte ranges of one text, asked for in document order, found in one forward pass
// (locate() counts characters from the start of a segment each time it is called, which
// turns quadratic over a long paragraph full of figures). Same results as locate().
class SpanCursor {
 public:
  SpanCursor(const std::vector<Segment>& map, std::string_view text) : map_(map), text_(text) {}

  Span span(size_t begin, size_t end) {
    if (map_.empty()) return {};
    Span s;
    position(begin, s.line, s.column);
    if (end <= begin) {
      s.end_line = s.line;
      s.end_column = s.column;
      return s;
    }
    size_t last = end - 1;
    while (last > begin && (static_cast<unsigned char>(text_[last]) & 0xC0) == 0x80) --last;
    position(last, s.end_line, s.end_column);
    s.end_column += 1;
    return s;
  }

 private:
  void position(size_t off, int& line, int& column) {
    off = std::min(off, text_.size());
    size_t seg = seg_;
    while (seg + 1 < map_.size() && static_cast<size_t>(map_[seg + 1].offset) <= off) ++seg;
    if (seg != seg_ || off < at_ || !started_) {
      seg_ = seg;
      at_ = std::min(static_cast<size_t>(std::max(map_[seg].offset, 0)), text_.size());
      column_ = map_[seg].column;
      started_ = true;
    }
    if (off > at_) {
      column_ += static_cast<int>(chars::count(text_.substr(at_, off - at_)));
      at_ = off;
    }
    line = map_[seg_].line;
    column = column_;
  }

  const std::vector<Segment>& map_;
  std::string_view text_;
  size_t seg_ = 0;
  size_t at_ = 0;
  int column_ = 0;
  bool started_ = false;
};

// A label for a cell figure whose own text names nothing: the indicator it belongs to,
// the label on its left, or its column header.
std::string cell_fallback_label(const layout::TableLayout& table, int row, int col, const Indicator* indicator) {
  if (indicator) {
    const std::string& name = !indicator->level3.empty() ? indicator->level3 : indicator->level2;
    const Cell* header = table.column_header(row, col);
    const bool names_value = !header || header->text.find("指标值") != std::string::npos ||
                             header->text.find("完成") != std::string::npos || header->text.find("实际") != std::string::npos;
    if (names_value && !name.empty()) return name;
    if (header) return layout::cell_label(header->text);
  }
  if (const Cell* left = table.left_label(row, col)) return layout::cell_label(left->text);
  if (const Cell* header = table.column_header(row, col)) return layout::cell_label(header->text);
  return {};
}

}  // namespace

Facts facts_of(const Document& doc) {
  Facts facts;
  std::map<std::pair<int, int>, const Indicator*> indicator_rows;
  std::vector<std::vector<int>> data_rows(doc.tables.size());
  for (const Indicator& ind : doc.indicators) {
    indicator_rows[{ind.table, ind.row}] = &ind;
    if (ind.table >= 0 && ind.table < static_cast<int>(data_rows.size())) data_rows[ind.table].push_back(ind.row);
  }
  facts.tables.reserve(doc.tables.size());
  for (size_t t = 0; t < doc.tables.size(); ++t) facts.tables.emplace_back(doc.tables[t], data_rows[t]);

  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& block = doc.blocks[bi];
    const int block_index = static_cast<int>(bi);
    if (is_text_block(block)) {
      SpanCursor spans(block.map, block.text);
      for (FoundQuantity& f : scan_quantities(block.text)) {
        f.quantity.block = block_index;
        f.quantity.span = spans.span(f.begin, f.end);
        facts.sites.push_back({block_index, -1, -1, -1, f.begin, f.end, block.text});
        facts.quantities.push_back(std::move(f.quantity));
      }
      continue;
    }
    if (block.table < 0 || block.table >= static_cast<int>(doc.tables.size())) continue;
    const Table& table = doc.tables[block.table];
    const layout::TableLayout& cells = facts.tables[block.table];
    for (int r = 0; r < static_cast<int>(table.rows.size()); ++r) {
      auto ind = indicator_rows.find({table.index, r});
      const Indicator* indicator = ind == indicator_rows.end() ? nullptr : ind->second;
      for (int c = 0; c < static_cast<int>(table.rows[r].size()); ++c) {
        const Cell& cell = table.rows[r][c];
        if (cell.merged || cell.text.empty()) continue;
        SpanCursor spans(cell.map, cell.text);
        for (FoundQuantity& f : scan_quantities(cell.text)) {
          Quantity& q = f.quantity;
          // A bare number under a money header or in a band of funds is an amount in the
          // table's unit (万元 unless it states another).
          if (q.kind == "number" && q.unit.empty() && q.value_high == std::nullopt &&
              cells.money_cell(r, c)) {
            q.kind = "money";
            q.unit = "万元";
            // "新联会5万": a magnitude written without unit counts 元 (5万 → 5万元).
            const bool magnitude = q.text.find("万") != std::string::npos || q.text.find("亿") != std::string::npos;
            q.value = *to_wan_yuan(q.value, magnitude ? std::string_view("元") : cells.money_unit());
          }
          if (q.label.empty()) q.label = cell_fallback_label(cells, r, c, indicator);
          q.block = block_index;
          q.span = spans.span(f.begin, f.end);
          facts.sites.push_back({block_index, table.index, r, c, f.begin, f.end, cell.text});
          facts.quantities.push_back(std::move(q));
        }
      }
    }
  }
  return facts;
}

}  // namespace jixiao::extract_steps
