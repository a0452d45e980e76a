#include "score/methods.hpp"

#include "core/error.hpp"
#include "score/metrics.hpp"
#include "score/numbers.hpp"
#include "score/targets.hpp"

#include <algorithm>
#include <cmath>

namespace jixiao {

namespace {

double param(const RubricItem& item, const char* name, double fallback) {
  auto it = item.params.find(name);
  return it == item.params.end() ? fallback : it->second;
}

std::vector<std::string> words(const RubricItem& item, const char* list) {
  auto it = item.words.find(list);
  return it == item.words.end() ? std::vector<std::string>{} : it->second;
}

TargetRules target_rules(const RubricItem& item) {
  return {words(item, "met"), words(item, "unmet"), words(item, "met_exact"), param(item, "overshoot", 0)};
}

// Wraps a compound expression so it reads right inside a larger one: 108/120 -> (108/120).
std::string grouped(const std::string& expr) {
  const bool compound = expr.find_first_of("/+-*") != std::string::npos || expr.find("−") != std::string::npos;
  return compound && !expr.starts_with("(") ? "(" + expr + ")" : expr;
}

ScoreItem item_for(const RubricItem& rubric_item) {
  ScoreItem s;
  s.key = rubric_item.key;
  s.name = rubric_item.name;
  s.dimension = rubric_item.dimension;
  s.method = rubric_item.method;
  s.points = rubric_item.points;
  return s;
}

void score_as(ScoreItem& s, double fraction) {
  s.status = score_status::scored;
  s.score = round_score(std::clamp(fraction, 0.0, 1.0) * s.points);
}

Measurement custom_measurement(const RubricItem& item, const ScoreContext& ctx) {
  const auto fn = ctx.custom.find(item.function);
  if (fn == ctx.custom.end())
    throw RubricError(ctx.rubric.name, "指标 " + item.key + " 使用的自定义指标函数 " + item.function + " 未注册",
                      "indicator " + item.key + " uses custom indicator function " + item.function +
                          ", which is not registered");
  Measurement m;
  try {
    const std::optional<double> value = fn->second(ctx.doc);
    if (!value) {
      m.missing = "自定义指标 " + item.function + " 未给出数值";
    } else if (!std::isfinite(*value)) {
      m.error = "自定义指标 " + item.function + " 返回了非有限数值";
    } else {
      m.value = *value;
      m.expr = figure(*value);
      m.text = item.function + "() = " + figure(*value);
    }
  } catch (const std::exception& e) {
    m.error = "自定义指标 " + item.function + " 出错：" + e.what();
  }
  return m;
}

// A curve turns a measured value into the share of the points it earns, and says how.
struct Curve {
  double (*fraction)(double value, const RubricItem& item);
  std::string (*formula)(const std::string& expr, const RubricItem& item);
};

// Scores the value of the item's metric or custom function along `curve`.
MethodResult score_value(const RubricItem& rubric_item, const ScoreContext& ctx, const Curve& curve) {
  const Measurement m = rubric_item.function.empty()
                            ? metric_table().at(rubric_item.metric)(ctx.doc, target_rules(rubric_item))
                            : custom_measurement(rubric_item, ctx);
  ScoreItem s = item_for(rubric_item);
  s.value = m.value;
  s.text = m.text;
  s.evidence = m.evidence;
  s.note = m.note;
  if (m.row) {
    s.table = m.row->table;
    s.row = m.row->row;
    s.self_score = m.row->self_score;
    s.table_points = m.row->points;
    if (m.row->points && std::abs(*m.row->points - s.points) > 1e-6)
      s.note += (s.note.empty() ? "" : "；") + std::string("表内分值为 ") + figure(*m.row->points) + "，评分标准为 " +
                figure(s.points);
  }
  if (!m.missing.empty()) {
    s.status = score_status::not_assessable;
    s.note = m.missing;
  } else if (!m.error.empty()) {
    s.status = score_status::needs_review;
    s.note = m.error;
  } else {
    score_as(s, curve.fraction(*m.value, rubric_item));
    s.formula = curve.formula(m.expr, rubric_item) + " = " + figure(*s.score);
  }
  return {{std::move(s)}, {}};
}

// min(value / target, 1) × points: reaching the target earns all points, less earns its share.
const Curve kRatio = {
    [](double v, const RubricItem& item) { return v / param(item, "target", 1); },
    [](const std::string& expr, const RubricItem& item) {
      const double target = param(item, "target", 1);
      const std::string share = target == 1 ? expr : grouped(expr) + "/" + figure(target);
      return "min(" + share + ", 1) × " + figure(item.points);
    },
};

// min(target / value, 1) × points: staying at or under the ceiling earns all points (0 included).
const Curve kInverseRatio = {
    [](double v, const RubricItem& item) { return v <= 0 ? 1.0 : param(item, "target", 1) / v; },
    [](const std::string& expr, const RubricItem& item) {
      return "min(" + figure(param(item, "target", 1)) + "/" + grouped(expr) + ", 1) × " + figure(item.points);
    },
};

// Full points at `full_at`, none at `zero_at`, straight line between (either direction);
// `absolute` = 1 measures the distance from 0 (an adjustment up or down counts alike).
const Curve kLinear = {
    [](double v, const RubricItem& item) {
      const double x = param(item, "absolute", 0) != 0 ? std::abs(v) : v;
      const double full = param(item, "full_at", 0), zero = param(item, "zero_at", 0);
      return (zero - x) / (zero - full);
    },
    [](const std::string& expr, const RubricItem& item) {
      const std::string x = param(item, "absolute", 0) != 0 ? "|" + expr + "|" : grouped(expr);
      const std::string zero = figure(param(item, "zero_at", 0)), full = figure(param(item, "full_at", 0));
      return figure(item.points) + " × clamp((" + zero + " − " + x + ")/(" + zero + " − " + full + "), 0, 1)";
    },
};

// 财预〔2020〕10号: every indicator row of the self-evaluation table scores its own 分值.
MethodResult score_rows(const RubricItem& rubric_item, const ScoreContext& ctx) {
  const TargetRules rules = target_rules(rubric_item);
  MethodResult out;
  double row_points = 0;
  for (const Indicator& ind : ctx.doc.indicators) {
    // A target-table row (no 分值, no 实际完成值, no 得分) has nothing to score.
    if (!ind.points && ind.actual.empty() && !ind.self_score) continue;
    ScoreItem s = item_for(rubric_item);
    s.key = rubric_item.key + "[" + std::to_string(out.items.size()) + "]";
    s.name = ind.level3.empty() ? ind.level2 : ind.level3;
    if (!ind.level1.empty()) s.dimension = ind.level1;
    s.points = ind.points.value_or(0);
    s.table_points = ind.points;
    s.text = ind.target + " → " + ind.actual;
    s.evidence = {ind.span};
    s.self_score = ind.self_score;
    s.table = ind.table;
    s.row = ind.row;
    if (!ind.points) {
      s.status = score_status::needs_review;
      s.note = "该指标未载明分值";
    } else {
      const Achievement a = achievement(ind, rules);
      s.status = a.status;
      s.note = a.note;
      s.value = a.actual;
      if (a.fraction) {
        score_as(s, *a.fraction);
        s.formula = a.expr + (a.quantitative ? " × " : " → ") + figure(s.points) +
                    (a.quantitative ? " = " + figure(*s.score) : "");
      }
    }
    row_points += s.points;
    out.items.push_back(std::move(s));
  }
  if (out.items.empty()) {
    ScoreItem s = item_for(rubric_item);
    s.status = score_status::not_assessable;
    s.note = "文档没有带分值或实际完成值的绩效指标行";
    out.items.push_back(std::move(s));
  } else if (std::abs(row_points - rubric_item.points) > 1e-6) {
    out.notes.push_back("各绩效指标分值合计 " + figure(row_points) + "，" + rubric_item.name + "应为 " +
                        figure(rubric_item.points) + " 分");
  }
  return out;
}

// A document the reader made something of: sections, a table of rows and columns, or labelled
// figures. Findings counted on anything less say nothing about the report, so they score nothing.
bool understood(const Document& doc) {
  if (!doc.outline.empty() || !doc.indicators.empty()) return true;
  for (const Table& t : doc.tables)
    if (t.n_rows >= 2 && t.n_cols >= 2 && t.layout != "text_ragged") return true;
  int labelled = 0;
  for (const Quantity& q : doc.facts)
    if (!q.label.empty() && (q.kind == "money" || q.kind == "percent" || q.kind == "count")) ++labelled;
  return labelled >= 3;
}

// Points minus a deduction per finding of each listed code, never below 0.
MethodResult score_deductions(const RubricItem& rubric_item, const ScoreContext& ctx) {
  ScoreItem s = item_for(rubric_item);
  if (!understood(ctx.doc)) {
    s.status = score_status::not_assessable;
    s.note = "未能读出文档的章节、表格或数据，检查结果不足以评分";
    return {{std::move(s)}, {}};
  }
  double taken = 0;
  int findings = 0;
  std::string arithmetic;
  for (const Deduction& d : rubric_item.deductions) {
    int n = 0;
    for (const Diagnostic& diag : ctx.diagnostics) {
      if (diag.code != d.code) continue;
      ++n;
      s.evidence.push_back({diag.line, diag.column, diag.end_line, diag.end_column});
    }
    if (n == 0) continue;
    const double full = n * d.each;
    const double took = d.max ? std::min(full, *d.max) : full;
    taken += took;
    findings += n;
    s.text += (s.text.empty() ? "" : "，") + d.code + " " + std::to_string(n) + " 处";
    arithmetic += " − " + (took < full ? figure(took) + "（" + d.code + " 封顶）"
                                       : figure(d.each) + "×" + std::to_string(n) + "（" + d.code + "）");
  }
  score_as(s, (rubric_item.points - taken) / rubric_item.points);
  s.value = taken;
  if (s.text.empty()) s.text = "无相关问题";
  s.formula = arithmetic.empty() ? "无扣分 → " + figure(*s.score)
                                 : figure(rubric_item.points) + arithmetic + " = " + figure(*s.score) +
                                       (taken > rubric_item.points ? "（扣分以 " + figure(rubric_item.points) + " 分为限）" : "");
  s.note = "依据检查结果 " + std::to_string(findings) + " 条";
  return {{std::move(s)}, {}};
}

}  // namespace

const std::map<std::string_view, Method, std::less<>>& method_table() {
  static const std::map<std::string_view, Method, std::less<>> table = {
      {"ratio", {.run = [](const RubricItem& i, const ScoreContext& c) { return score_value(i, c, kRatio); },
                 .takes_value = true}},
      {"inverse_ratio",
       {.run = [](const RubricItem& i, const ScoreContext& c) { return score_value(i, c, kInverseRatio); },
        .takes_value = true}},
      {"linear", {.run = [](const RubricItem& i, const ScoreContext& c) { return score_value(i, c, kLinear); },
                  .takes_value = true,
                  .required_params = {"full_at", "zero_at"}}},
      {"indicator_rows", {.run = score_rows, .scores_table_rows = true}},
      {"deductions", {.run = score_deductions, .uses_diagnostics = true}},
  };
  return table;
}

}  // namespace jixiao
