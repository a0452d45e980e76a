#include "score/targets.hpp"

#include "core/utf8.hpp"
#include "score/numbers.hpp"
#include "score/score.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace jixiao {

namespace {

enum class Direction { at_least, at_most };

// "=" and a bare value are reached the same way as "≥": 财预〔2020〕10号 gives full points for
// reaching the value and a proportional share below it.
const std::map<std::string_view, Direction, std::less<>> kComparators = {
    {"", Direction::at_least},  {"=", Direction::at_least},  {"≥", Direction::at_least},
    {">=", Direction::at_least}, {">", Direction::at_least}, {"≧", Direction::at_least},
    {"≤", Direction::at_most},  {"<=", Direction::at_most},  {"<", Direction::at_most},
    {"≦", Direction::at_most},
};

struct UnitScale {
  std::string base;
  double factor = 1;  // value in this unit × factor = value in base
};

// Units that convert into one another. Any other unit converts only to itself, so % against
// 百分点 or 人次 against 人 stays a mismatch.
const std::map<std::string_view, UnitScale, std::less<>> kUnitScales = {
    {"元", {"万元", 0.0001}}, {"千元", {"万元", 0.1}}, {"万元", {"万元", 1}}, {"亿元", {"万元", 10000}},
    {"%", {"%", 1}},          {"％", {"%", 1}},        {"日", {"天", 1}},    {"天", {"天", 1}},
    {"个月", {"月", 1}},      {"月", {"月", 1}},
};

UnitScale scale_of(std::string_view unit) {
  if (auto it = kUnitScales.find(unit); it != kUnitScales.end()) return it->second;
  constexpr std::string_view wan = "万";  // 万人次 = 10000 人次
  if (unit.starts_with(wan) && unit.size() > wan.size()) return {std::string(unit.substr(wan.size())), 10000};
  return {std::string(unit), 1};
}

std::string quoted(std::string_view s) { return "“" + std::string(s) + "”"; }

bool contains_any(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return text.find(w) != text.npos; });
}

std::string plain(std::string_view s) {
  std::string out = utf8::squeeze(s);
  for (std::string_view stop : {"。", "."})
    if (out.ends_with(stop)) out.resize(out.size() - stop.size());
  return out;
}

Achievement review(std::string note) {
  Achievement a;
  a.status = score_status::needs_review;
  a.note = std::move(note);
  return a;
}

void add_note(Achievement& a, const std::string& note) { a.note += (a.note.empty() ? "" : "；") + note; }

Achievement reached(double fraction, std::string expr, bool quantitative) {
  Achievement a;
  a.status = score_status::scored;
  a.fraction = std::clamp(fraction, 0.0, 1.0);
  a.expr = std::move(expr);
  a.quantitative = quantitative;
  return a;
}

Achievement qualitative(const Indicator& ind, const TargetRules& rules) {
  const std::string target = plain(ind.target);
  const std::string actual = plain(ind.actual);
  if (actual.empty()) return review("实际完成值为空，无法判断是否达成");
  if (ind.actual_value) return review("指标值为定性表述而实际完成值为数值，请人工判断是否达成");
  if (!target.empty() && actual == target)
    return reached(1, "实际" + quoted(actual) + "与指标值一致，达成", false);
  // 已建立长效机制 against 建立长效机制 says it was met, unless the words around the target hedge
  // (基本, 部分, 未 …); the target's own words do not count (全年未发生事故 restates 未发生事故).
  const size_t at = target.empty() ? std::string::npos : actual.find(target);
  const bool restates = at != std::string::npos;
  const std::string around = restates ? actual.substr(0, at) + "|" + actual.substr(at + target.size()) : actual;
  const bool hedged = contains_any(around, rules.unmet);
  const bool says_met = std::find(rules.met_exact.begin(), rules.met_exact.end(), actual) != rules.met_exact.end() ||
                        ((restates || contains_any(actual, rules.met)) && !hedged);
  if (says_met) return reached(1, "实际" + quoted(actual) + "表明达成" + (target.empty() ? "" : quoted(target)), false);
  return review("定性指标：实际完成值" + quoted(actual) + "未表明已达成" + quoted(target) + "，请人工判断得分");
}

}  // namespace

Achievement achievement(const Indicator& ind, const TargetRules& rules) {
  if (!ind.target_value) {
    if (ind.target.empty()) return review("年度指标值为空，无法计算得分");
    return qualitative(ind, rules);
  }
  if (!ind.actual_value)
    return review(ind.actual.empty() ? "实际完成值为空，无法计算得分"
                                     : "指标值为数值而实际完成值" + quoted(ind.actual) + "不是数值，请人工判断");
  const auto direction = kComparators.find(ind.target_comparator);
  if (direction == kComparators.end()) return review("无法识别的比较符" + quoted(ind.target_comparator));

  const std::string& target_unit = ind.target_unit.empty() ? ind.actual_unit : ind.target_unit;
  const std::string& actual_unit = ind.actual_unit.empty() ? ind.target_unit : ind.actual_unit;
  const UnitScale target_scale = scale_of(target_unit);
  const UnitScale actual_scale = scale_of(actual_unit);
  if (target_scale.base != actual_scale.base)
    return review("单位不一致：指标值为" + quoted(ind.target_unit) + "，实际完成值为" + quoted(ind.actual_unit) +
                  "，不能直接比较");
  const double target = *ind.target_value;
  const double actual = *ind.actual_value * actual_scale.factor / target_scale.factor;
  if (target < 0 || actual < 0) return review("指标值或实际完成值为负数，完成比例无法按比值计算，请人工判断");

  Achievement a;
  if (direction->second == Direction::at_least) {
    a = target == 0 ? reached(1, "指标值为 0，已达成", true)
                    : reached(actual / target, "min(" + figure(actual) + "/" + figure(target) + ", 1)", true);
    if (rules.overshoot > 0 && target > 0 && actual > target * rules.overshoot)
      add_note(a, "完成值为指标值的 " + figure(actual / target) + " 倍，财预〔2020〕10号要求分析是否因指标值设定偏低所致");
  } else {
    a = actual == 0 ? reached(1, "实际 0，未超过上限 " + figure(target), true)
                    : reached(target / actual, "min(" + figure(target) + "/" + figure(actual) + ", 1)", true);
  }
  a.actual = actual;
  if (actual_scale.factor != target_scale.factor)
    add_note(a, "实际完成值 " + figure(*ind.actual_value) + actual_unit + " 折合 " + figure(actual) + target_unit);
  return a;
}

}  // namespace jixiao
