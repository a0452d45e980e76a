// Step 1: every row of every indicator table.
#include "core/utf8.hpp"
#include "extract/quantity.hpp"
#include "extract/stages.hpp"
#include "extract/table_layout.hpp"

#include <algorithm>
#include <array>

namespace jixiao::extract_steps {
namespace {

// Rows that close an indicator table: its totals.
constexpr std::array<std::string_view, 4> kTotalWords = {"总分", "合计", "总计", "综合得分"};

std::string cell_text(const std::vector<Cell>& row, int col) {
  if (col < 0 || col >= static_cast<int>(row.size())) return {};
  return layout::squeeze(row[col].text);
}

bool is_total_row(const std::vector<Cell>& row, const layout::IndicatorColumns& cols) {
  const int last = std::max({cols.level1, cols.level2, cols.level3});
  for (int c = 0; c <= last && c < static_cast<int>(row.size()); ++c) {
    if (row[c].text.empty() || row[c].text.size() > 40) continue;  // a totals cell is short
    const std::string t = layout::squeeze(row[c].text);
    for (std::string_view w : kTotalWords)
      if (t.starts_with(w)) return true;
  }
  return false;
}

// A row that starts another part of the table: something written left of 一级指标 that is
// not the label of the indicator band itself (merged copies of it are fine).
bool leaves_band(const Table& table, int row, const layout::IndicatorColumns& cols) {
  const auto& cells = table.rows[row];
  const auto& header = table.rows[cols.header_row];
  for (int c = 0; c < cols.level1 && c < static_cast<int>(cells.size()); ++c) {
    const std::string t = layout::squeeze(cells[c].text);
    if (t.empty() || cells[c].merged) continue;
    if (c < static_cast<int>(header.size()) && t == layout::squeeze(header[c].text)) continue;
    return true;
  }
  return false;
}

std::optional<double> number_in(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto v = parse_number(text)) return v;
  // "10分", "9.5分"
  const auto found = scan_quantities(text);
  if (found.size() == 1 && found[0].begin == 0 && (found[0].quantity.unit.empty() || found[0].quantity.unit == "分"))
    return found[0].quantity.value;
  return std::nullopt;
}

}  // namespace

std::vector<Indicator> indicators_of(const Document& doc) {
  std::vector<Indicator> out;
  for (const Table& table : doc.tables) {
    // Cells in reading order with no columns established: no cell is known to be a 指标值.
    if (table.layout == "text_ragged") continue;
    const int n = static_cast<int>(table.rows.size());
    for (int r = 0; r < n; ++r) {
      const auto cols = layout::indicator_header(table, r);
      if (!cols) continue;
      std::string level1, level2;
      int row = r + 1;
      for (; row < n; ++row) {
        const auto& cells = table.rows[row];
        if (layout::indicator_header(table, row) || is_total_row(cells, *cols) || leaves_band(table, row, *cols))
          break;
        const std::string l1 = cell_text(cells, cols->level1);
        const std::string l2 = cell_text(cells, cols->level2);
        if (!l1.empty()) {
          if (l1 != level1) level2.clear();
          level1 = l1;
        }
        if (!l2.empty()) level2 = l2;
        Indicator ind;
        ind.table = table.index;
        ind.row = row;
        ind.level1 = level1;
        ind.level2 = level2;
        ind.level3 = cell_text(cells, cols->level3);
        ind.target = cell_text(cells, cols->target);
        ind.actual = cell_text(cells, cols->actual);
        ind.deviation_note = cell_text(cells, cols->deviation);
        if (l1.empty() && l2.empty() && ind.level3.empty() && ind.target.empty() && ind.actual.empty()) continue;
        if (auto t = parse_target(ind.target)) {
          ind.target_comparator = t->comparator;
          ind.target_value = t->value;
          ind.target_unit = t->unit;
        }
        if (auto a = parse_target(ind.actual)) {
          ind.actual_value = a->value;
          ind.actual_unit = a->unit;
        }
        ind.points = number_in(cell_text(cells, cols->points));
        ind.self_score = number_in(cell_text(cells, cols->score));
        ind.span = layout::row_span(table, row);
        out.push_back(std::move(ind));
      }
      r = row - 1;
    }
  }
  return out;
}

}  // namespace jixiao::extract_steps
