#include "score/selfeval_table.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace jixiao {

namespace {

bool starts_with_label(const Cell& cell, std::string_view label) {
  return utf8::squeeze(cell.text).starts_with(label);
}

int column_with(const std::vector<Cell>& row, std::string_view label) {
  for (size_t c = 0; c < row.size(); ++c)
    if (starts_with_label(row[c], label)) return static_cast<int>(c);
  return -1;
}

std::optional<double> number_at(const std::vector<Cell>& row, int col) {
  if (col < 0 || col >= static_cast<int>(row.size())) return std::nullopt;
  return cell_number(row[col].text);
}

FundsRow read_funds_row(const Table& table, int header, int row) {
  const auto& head = table.rows[header];
  const auto& cells = table.rows[row];
  FundsRow funds;
  funds.table = table.index;
  funds.row = row;
  const int budget_col = column_with(head, "全年预算数");
  const int expenditure_col = column_with(head, "全年执行数");
  funds.initial_budget = number_at(cells, column_with(head, "年初预算数"));
  funds.budget = number_at(cells, budget_col);
  funds.expenditure = number_at(cells, expenditure_col);
  funds.points = number_at(cells, column_with(head, "分值"));
  funds.rate = number_at(cells, column_with(head, "执行率"));
  funds.self_score = number_at(cells, column_with(head, "得分"));
  for (int col : {budget_col, expenditure_col})
    if (col >= 0) funds.evidence.push_back(cells[col].span);
  return funds;
}

}  // namespace

std::optional<double> cell_number(std::string_view text) {
  std::string s = utf8::squeeze(text);
  for (std::string_view suffix : {"%", "％", "分"})
    if (s.ends_with(suffix)) s.resize(s.size() - suffix.size());
  std::erase(s, ',');
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

int header_column(const Table& table, int row, std::string_view label) {
  for (int r = std::min(row, table.n_rows) - 1; r >= 0; --r) {
    const int col = column_with(table.rows[r], label);
    if (col >= 0) return col;
  }
  return -1;
}

std::optional<FundsRow> find_funds_row(const Document& doc) {
  for (const Table& table : doc.tables) {
    for (int header = 0; header < table.n_rows; ++header) {
      const auto& head = table.rows[header];
      if (column_with(head, "全年预算数") < 0 || column_with(head, "全年执行数") < 0) continue;
      // The total line is labelled 年度资金总额; without that label the first line with figures.
      std::optional<int> first_with_figures;
      for (int row = header + 1; row < table.n_rows; ++row) {
        const auto& cells = table.rows[row];
        for (const Cell& cell : cells)
          if (utf8::squeeze(cell.text).find("资金总额") != std::string::npos) return read_funds_row(table, header, row);
        if (!first_with_figures && number_at(cells, column_with(head, "全年预算数"))) first_with_figures = row;
      }
      if (first_with_figures) return read_funds_row(table, header, *first_with_figures);
    }
  }
  return std::nullopt;
}

std::optional<StatedRow> find_total_row(const Document& doc) {
  for (const Table& table : doc.tables) {
    for (int row = 0; row < table.n_rows; ++row) {
      const auto& cells = table.rows[row];
      auto label = std::find_if(cells.begin(), cells.end(), [](const Cell& c) { return !utf8::trim(c.text).empty(); });
      if (label == cells.end() || utf8::squeeze(label->text) != "总分") continue;
      StatedRow total;
      total.table = table.index;
      total.row = row;
      total.self_score = number_at(cells, header_column(table, row, "得分"));
      total.points = number_at(cells, header_column(table, row, "分值"));
      return total;
    }
  }
  return std::nullopt;
}

}  // namespace jixiao
