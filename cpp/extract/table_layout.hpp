// Reading the layout of report tables (internal to the extract stage): which cell names
// a figure, where an indicator table's columns are, which figures are amounts of money.
#pragma once

#include "core/records.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao::layout {

// Cell text with line breaks and white space removed (a wrapped cell reads as one line).
std::string squeeze(std::string_view text);

// Whether `text`, white space ignored, contains (or equals) `word`; no copy unless the
// text has white space in it.
bool contains_squeezed(std::string_view text, std::string_view word);
bool equals_squeezed(std::string_view text, std::string_view word);

bool has_digit(std::string_view text);

// Text that names something rather than states a figure: non-empty, no digits, short.
bool is_label_text(std::string_view text);

// A label as a cell states it: "其中：基本支出" → "基本支出", "项目资金（万元）" → "项目资金".
std::string cell_label(std::string_view text);

// The money unit a table states (单位：万元 in a cell, or a header cell 金额（元）); empty when it
// states none.
std::string_view stated_money_unit(const Table& table);

// What a table's cells are, worked out once per table: which cells are labels and which
// rows read as header rows (two or more labels, no figures). Rows known to hold data —
// indicator rows, whose text cells (良好, 持续提升) look like labels — are never headers.
class TableLayout {
 public:
  explicit TableLayout(const Table& table, const std::vector<int>& data_rows = {});

  const Table& table() const { return *table_; }

  // The header above (row, col): the nearest label upwards in a header row; nullptr when
  // there is none.
  const Cell* column_header(int row, int col) const;

  // The nearest non-empty cell to the left of (row, col), when it is a label; else nullptr.
  const Cell* left_label(int row, int col) const;

  // Whether a bare number at (row, col) is an amount of money: its header, its row label or
  // its band's label says so, and the header is not a score, share or serial number.
  bool money_cell(int row, int col) const;

  // The money unit the table states ("金额单位：元" → "元"); "万元" when it states none.
  std::string_view money_unit() const { return money_unit_; }

 private:
  const Cell* cell(int row, int col) const;

  const Table* table_;
  std::vector<std::vector<char>> label_;  // per cell: is_label_text
  std::vector<char> header_row_;
  std::vector<std::vector<int>> header_above_;  // per cell: the header row above it, or -1
  std::vector<int> band_row_;                   // per row: the row whose first cell labels its band
  std::string_view money_unit_;
  bool unit_stated_ = false;  // the table says which unit its amounts are in
};

// Columns of an indicator table, found from its header row (一级指标 | 二级指标 | 三级指标 |
// 指标值 …). -1 for a column the table does not have.
struct IndicatorColumns {
  int header_row = -1;
  int level1 = -1, level2 = -1, level3 = -1;
  int target = -1, actual = -1, points = -1, score = -1, deviation = -1;
};

std::optional<IndicatorColumns> indicator_header(const Table& table, int row);

// Span covering every non-empty cell of a row.
Span row_span(const Table& table, int row);

}  // namespace jixiao::layout
