#include "score/metrics.hpp"

#include "score/numbers.hpp"
#include "score/score.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace jixiao {

namespace {

Measurement missing(std::string why) {
  Measurement m;
  m.missing = std::move(why);
  return m;
}

void add_span(Measurement& m, const Budget& budget, const char* field) {
  if (auto it = budget.spans.find(field); it != budget.spans.end()) m.evidence.push_back(it->second);
}

bool has_any(std::string_view text, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return text.find(w) != text.npos; });
}

// A money figure whose stated label names `subject` and one of `qualifiers` (预算, 上年 …).
const Quantity* labelled_money(const Document& doc, std::string_view subject,
                               std::initializer_list<std::string_view> qualifiers) {
  for (const Quantity& q : doc.facts)
    if (q.kind == "money" && q.label.find(subject) != std::string::npos && has_any(q.label, qualifiers)) return &q;
  return nullptr;
}

// value = part / whole, with the arithmetic written out.
Measurement quotient(double part, double whole, std::string text) {
  Measurement m;
  if (whole == 0) return missing("分母为 0（" + text + "），比率无从计算");
  m.value = part / whole;
  m.expr = figure(part) + "/" + figure(whole);
  m.text = std::move(text);
  return m;
}

// 预算执行率 / 预算完成率 = 执行（支出）数 / 预算数. A project self-evaluation table states both
// in its funds row (全年执行数 / 全年预算数); other reports in their budget statement.
Measurement execution_rate(const Document& doc, const TargetRules&) {
  const auto funds = find_funds_row(doc);
  Measurement m;
  if (funds && funds->budget && funds->expenditure) {
    m = quotient(*funds->expenditure, *funds->budget,
                 "全年执行数 " + figure(*funds->expenditure) + "，全年预算数 " + figure(*funds->budget));
    m.evidence = funds->evidence;
    if (m.value && funds->rate && std::abs(*funds->rate - *m.value * 100) > 0.05)
      m.note = "表内执行率写作 " + figure(*funds->rate) + "%，按执行数/预算数应为 " + figure(*m.value * 100) + "%";
  } else if (doc.budget.budget && doc.budget.expenditure) {
    m = quotient(*doc.budget.expenditure, *doc.budget.budget,
                 "支出 " + figure(*doc.budget.expenditure) + " 万元，预算 " + figure(*doc.budget.budget) + " 万元");
    add_span(m, doc.budget, "expenditure");
    add_span(m, doc.budget, "budget");
  } else {
    m = missing("文档未同时载明预算数和执行（支出）数");
  }
  if (funds) m.row = *funds;
  return m;
}

// 预算调整率 = 预算调整数 / 年初预算数, 调整数 = 全年（调整后）预算数 − 年初预算数.
Measurement budget_adjustment(const Document& doc, const TargetRules&) {
  if (const auto funds = find_funds_row(doc); funds && funds->initial_budget && funds->budget) {
    return quotient(*funds->budget - *funds->initial_budget, *funds->initial_budget,
                    "全年预算数 " + figure(*funds->budget) + "，年初预算数 " + figure(*funds->initial_budget));
  }
  const Quantity* adjusted = labelled_money(doc, "预算", {"调整后", "全年预算"});
  if (!adjusted || !doc.budget.budget) return missing("文档未同时载明年初预算数和调整后的全年预算数");
  Measurement m = quotient(adjusted->value - *doc.budget.budget, *doc.budget.budget,
                           "调整后预算 " + adjusted->text + "，年初预算 " + figure(*doc.budget.budget) + " 万元");
  m.evidence.push_back(adjusted->span);
  add_span(m, doc.budget, "budget");
  return m;
}

// A control rate: the spending the budget statement gives (`actual`, its span under `key`)
// over the planned figure labelled `label` and 预算/年初; `what` names the money in messages.
Measurement control_rate(const Document& doc, const std::optional<double>& actual, const char* key,
                         const std::string& label, const std::string& what) {
  const Quantity* planned = labelled_money(doc, label, {"预算", "年初"});
  if (!actual || !planned) return missing("文档未同时载明" + what + "的预算安排数和实际支出数");
  Measurement m = quotient(*actual, planned->value, what + "支出 " + figure(*actual) + " 万元，预算 " + planned->text);
  add_span(m, doc.budget, key);
  m.evidence.push_back(planned->span);
  return m;
}

// 公用经费控制率 = 实际支出公用经费 / 预算安排公用经费.
Measurement public_control(const Document& doc, const TargetRules&) {
  return control_rate(doc, doc.budget.public_, "public", "公用经费", "公用经费");
}

// "三公"经费控制率 = "三公"经费实际支出数 / 预算安排数.
Measurement three_public_control(const Document& doc, const TargetRules&) {
  return control_rate(doc, doc.budget.three_public, "three_public", "三公", "“三公”经费");
}

// "三公"经费变动率 = (本年度"三公"经费 − 上年度"三公"经费) / 上年度"三公"经费.
Measurement three_public_change(const Document& doc, const TargetRules&) {
  const Quantity* last_year = labelled_money(doc, "三公", {"上年", "上一年", "去年", "同期"});
  if (!doc.budget.three_public || !last_year) return missing("文档未同时载明本年度和上年度的“三公”经费");
  Measurement m = quotient(*doc.budget.three_public - last_year->value, last_year->value,
                           "本年 " + figure(*doc.budget.three_public) + " 万元，上年 " + last_year->text);
  if (m.value) {
    m.expr = "(";  // appended, not one "(" + … expression: GCC 12 warns falsely (-Wrestrict) on that
    m.expr += figure(*doc.budget.three_public) + "−" + figure(last_year->value) + ")/" + figure(last_year->value);
  }
  add_span(m, doc.budget, "three_public");
  m.evidence.push_back(last_year->span);
  return m;
}

// The indicator rows whose achievement can be judged, with how far each got.
struct JudgedRow {
  const Indicator* indicator;
  Achievement achievement;
};

std::vector<JudgedRow> judged_rows(const Document& doc, const TargetRules& rules, bool (*keep)(const Indicator&)) {
  std::vector<JudgedRow> rows;
  for (const Indicator& ind : doc.indicators) {
    if (!keep(ind)) continue;
    Achievement a = achievement(ind, rules);
    if (a.status == score_status::scored) rows.push_back({&ind, std::move(a)});
  }
  return rows;
}

bool any_row(const Indicator&) { return true; }
bool satisfaction_row(const Indicator& ind) {
  return has_any(ind.level1 + ind.level2 + ind.level3, {"满意"});
}

// 实际完成率 = 实际完成的指标数 / 计划的指标数, over the rows the engine can judge.
Measurement indicators_met_share(const Document& doc, const TargetRules& rules) {
  const auto rows = judged_rows(doc, rules, any_row);
  if (rows.empty()) return missing("文档没有可判断完成情况的绩效指标（需同时载明指标值和实际完成值）");
  Measurement m;
  const auto met = std::count_if(rows.begin(), rows.end(), [](const JudgedRow& r) { return *r.achievement.fraction >= 1; });
  m.value = static_cast<double>(met) / static_cast<double>(rows.size());
  m.expr = std::to_string(met) + "/" + std::to_string(rows.size());
  m.text = "完成 " + std::to_string(met) + " 项，可判断 " + std::to_string(rows.size()) + " 项";
  for (const auto& r : rows) m.evidence.push_back(r.indicator->span);
  return m;
}

// 满意度: the mean of how far the 满意度 rows reached their targets.
Measurement satisfaction(const Document& doc, const TargetRules& rules) {
  const auto rows = judged_rows(doc, rules, satisfaction_row);
  if (rows.empty()) return missing("文档没有载明实际值的满意度指标");
  Measurement m;
  double sum = 0;
  for (const auto& r : rows) {
    sum += *r.achievement.fraction;
    m.text += (m.text.empty() ? "" : "；") + r.indicator->level3 + " " + r.indicator->target + " → " + r.indicator->actual;
    m.evidence.push_back(r.indicator->span);
  }
  m.value = sum / static_cast<double>(rows.size());
  m.expr = rows.size() == 1 ? rows.front().achievement.expr : "平均(" + figure(sum) + "/" + std::to_string(rows.size()) + ")";
  return m;
}

// The share of targets stated as a measurable value (I102's opposite).
Measurement quantified_share(const Document& doc, const TargetRules&) {
  int stated = 0, quantified = 0;
  Measurement m;
  for (const Indicator& ind : doc.indicators) {
    if (ind.target.empty()) continue;
    ++stated;
    if (ind.target_value) ++quantified;
    else m.evidence.push_back(ind.span);
  }
  if (stated == 0) return missing("文档没有填写指标值的绩效指标");
  m.value = static_cast<double>(quantified) / stated;
  m.expr = std::to_string(quantified) + "/" + std::to_string(stated);
  m.text = "量化指标 " + std::to_string(quantified) + " 项，共 " + std::to_string(stated) + " 项";
  return m;
}

Measurement indicators_present(const Document& doc, const TargetRules&) {
  Measurement m;
  m.value = doc.indicators.empty() ? 0 : 1;
  m.expr = figure(*m.value);
  m.text = "绩效指标 " + figure(static_cast<double>(doc.indicators.size())) + " 项";
  return m;
}

}  // namespace

const std::map<std::string_view, Metric, std::less<>>& metric_table() {
  static const std::map<std::string_view, Metric, std::less<>> table = {
      {"execution_rate", execution_rate},
      {"budget_adjustment", budget_adjustment},
      {"public_control", public_control},
      {"three_public_control", three_public_control},
      {"three_public_change", three_public_change},
      {"indicators_met_share", indicators_met_share},
      {"satisfaction", satisfaction},
      {"quantified_share", quantified_share},
      {"indicators_present", indicators_present},
  };
  return table;
}

}  // namespace jixiao
