// Quantities in running text: numbers with their units, comparators, ranges and dates.
//
// Takes one piece of UTF-8 text (a paragraph or a table cell). Gives every quantity in
// it with its byte range, the value normalised (money in 万元), the unit, a kind
// (money, percent, count, date, number), the comparator the text states (≥ ≤ = < >),
// the precision as written (decimals) and, when the text states one, its label: the
// words just before it that say what it is ("项目支出" in "其中：项目支出91.98万元").
//
// What counts as a quantity:
//   - Arabic numbers (1,234.56; full-width digits too) with an optional magnitude
//     (万 千 亿), approximation (余 多) and unit (元/万元/亿元, %, 人 次 个 户 项 …);
//     a bare number without unit is kind "number".
//   - Chinese numerals only where they count something (十位, 两次, 一千二百人, 两千元,
//     百分之九十): a numeral run with no unit after it (十九大, 统一) is not a quantity,
//     nor is an ordinal (第十二次).
//   - Dates: 2021年, 2021年度, 2021年12月31日, 9月7日, 6月份, 2021.1-2021.12, 9-10月;
//     value is YYYYMMDD with the parts the text leaves out as 0 (9月7日 → 907).
//   - Ranges (2-3个, 90%-95%, 2021.1-2021.12): value is the low end, value_high the high.
//   - Comparators before (≥ ≤ > < =, 不低于 不少于 达到 至少 → ≥; 不超过 不高于 最多 → ≤;
//     高于 超过 → >; 低于 少于 → <) or after (以上 → ≥, 以下 以内 → ≤; 余 多 → >).
// Not quantities: list numbering (1、 （2） 3.), document numbers (〔2019〕17号),
// identifiers glued to Latin letters (5G, COVID-19).
#pragma once

#include "core/records.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct FoundQuantity {
  Quantity quantity;  // block and span are left for the caller, who knows where the text came from
  size_t begin = 0;   // byte offsets in the scanned text; [begin, end) covers comparator words and unit
  size_t end = 0;
};

std::vector<FoundQuantity> scan_quantities(std::string_view text);

// A target or actual value as written in an indicator cell: "≥95%", "不超过5万元", "100%",
// "≤200元/人", "不超过预算" (a comparator without a number).
struct TargetValue {
  std::string comparator;  // ≥ ≤ = < >; a lone number ("100%") is "="
  std::optional<double> value;
  std::optional<double> value_high;
  std::string unit;
  std::string kind;
  int decimals = 0;
};

// nullopt when the text is qualitative (良好, 长期) or lists several figures
// (各类培训8次；各类会议21次) so that no single measurable value can be read.
std::optional<TargetValue> parse_target(std::string_view text);

// Factor turning an amount in `unit` into 万元 (元 0.0001, 千元 0.1, 万元 1, 亿元 10000);
// nullopt when `unit` is not an amount of money (a rate such as 元/人 is not).
std::optional<double> wan_yuan_factor(std::string_view unit);
std::optional<double> to_wan_yuan(double value, std::string_view unit);

// A plain number as written: "1,234.56", "１２３", "0.8", or a Chinese numeral
// ("一千二百", "两", "二十五"); nullopt when the whole text is not one number.
std::optional<double> parse_number(std::string_view text, int* decimals = nullptr);

}  // namespace jixiao
