// The stated figures of a 项目支出绩效自评表 that the extracted records do not carry: the funds
// row (全年预算数, 全年执行数, 分值, 执行率, 得分) and the 总分 row. Found by the header
// labels above them, never by position, so any table in the 财预〔2020〕10号 layout works.
#pragma once

#include "core/records.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace jixiao {

struct StatedRow {
  int table = -1;
  int row = -1;
  std::optional<double> points;      // 分值
  std::optional<double> self_score;  // 得分
};

struct FundsRow : StatedRow {
  std::optional<double> initial_budget;  // 年初预算数
  std::optional<double> budget;       // 全年预算数
  std::optional<double> expenditure;  // 全年执行数
  std::optional<double> rate;         // 执行率 as stated, in percent
  std::vector<Span> evidence;         // the 全年预算数 and 全年执行数 cells
};

// The 年度资金总额 row (or the first funds row under a 全年预算数/全年执行数 header).
std::optional<FundsRow> find_funds_row(const Document& doc);
// The 总分 row with the table's own total 得分.
std::optional<StatedRow> find_total_row(const Document& doc);

// The column whose header cell reads `label` in the nearest header row above `row`; -1 if none.
int header_column(const Table& table, int row, std::string_view label);
// A cell holding one number ("10", "90%", "99分", "1,200"); empty for "—", text or nothing.
std::optional<double> cell_number(std::string_view text);

}  // namespace jixiao
