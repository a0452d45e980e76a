// I105 self-score-mismatch and I106 deviation-unexplained: a 项目支出绩效自评表 scored with the
// built-in project-selfeval-2020 rubric, compared with what the table says about itself.
#include "check/rules.hpp"

#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "score/numbers.hpp"
#include "score/score.hpp"
#include "score/selfeval_table.hpp"

#include <algorithm>
#include <cmath>

namespace jixiao {

namespace {

constexpr std::string_view kSelfEvalRubric = "project-selfeval-2020";
constexpr std::string_view kExecutionItem = "execution_rate";  // the rubric's 预算执行率 item

bool is_selfeval_table(const Document& doc) { return doc.meta.doc_type == "project_selfeval_table"; }

const Table* table_at(const Document& doc, int index) {
  return index >= 0 && index < static_cast<int>(doc.tables.size()) ? &doc.tables[index] : nullptr;
}

// The 得分 cell of a table row, for pointing the finding at it.
Where score_cell(const Document& doc, int table_index, int row) {
  Where where;
  where.row = row;
  if (const Table* table = table_at(doc, table_index)) {
    where.block = table->block;
    where.col = header_column(*table, row, "得分");
  }
  return where;
}

// A 偏差原因 cell that says something: not empty and not a bare dash or 无.
bool explains(std::string_view note) {
  const std::string text = utf8::squeeze(note);
  return !text.empty() && text != "—" && text != "-" && text != "/" && text != "无";
}

// Whether the document explains an execution shortfall anywhere: a sentence about the funds
// (资金, 预算, 支付 …) that gives a cause (原因, 由于, 受…影响 …).
bool explains_underspending(const Document& doc) {
  static const Regex funds_with_cause(
      "(资金|预算|执行|支付|拨付|结余|结转|支出)[^。；;\\n\\t]{0,40}(原因|由于|因为|受[^。；;\\n\\t]{0,12}影响|导致|致使)|"
      "(原因|由于|因为|受[^。；;\\n\\t]{0,12}影响|导致|致使)[^。；;\\n\\t]{0,40}(资金|预算|执行率|支付|拨付|结余|结转)");
  return funds_with_cause.contains(doc.text);
}

Evidence figure_evidence(std::string role, std::string label, double value, std::string text = {}) {
  Evidence e;
  e.role = std::move(role);
  e.label = std::move(label);
  e.value = value;
  e.text = std::move(text);
  return e;
}

Scorecard selfeval_scorecard(const Document& doc) { return score_document(doc, builtin_rubric(kSelfEvalRubric)); }

// The sum behind a computed total: "9 + 15 + 15 + …".
std::string computed_total(const Scorecard& card) {
  std::string sum;
  for (const ScoreItem& item : card.items)
    if (item.score) sum += (sum.empty() ? "" : " + ") + figure(*item.score);
  return sum + " = " + figure(card.total);
}

}  // namespace

void self_score_mismatch(const RuleContext& ctx, Reporter& reporter) {
  if (!is_selfeval_table(ctx.doc)) return;
  const Scorecard card = selfeval_scorecard(ctx.doc);
  const double tol = tolerance(ctx.config, "self_score");
  // Reports a stated score that lies outside [low, high] by the tolerance or more (the small
  // epsilon keeps a difference of exactly the tolerance a finding).
  auto compare = [&](const std::string& name, double stated, double low, double high, const std::string& how,
                     const Where& where, std::string_view variant) {
    const double nearest = std::clamp(stated, low, high);
    const double diff = std::abs(stated - nearest);
    if (diff < tol - 1e-9) return;
    const std::string computed = high > low ? figure(low) + "～" + figure(high) : figure(low);
    reporter.report("I105", where,
                    {{"indicator", name}, {"stated", figure(stated)}, {"computed", computed}, {"diff", figure(diff)}},
                    {figure_evidence("stated", name, stated), figure_evidence("computed", name, nearest, how),
                     figure_evidence("tolerance", "self_score", tol)},
                    variant);
  };
  // A row scored out of other points than its table states (the table gives 预算执行率 20, the
  // rubric 10), or one whose 分值 the table leaves blank, has no score to hold its 得分 against, and
  // the table's total none either.
  auto own_points = [](const ScoreItem& item) {
    if (!item.table_points) return item.method != "indicator_rows";  // the funds row may leave 分值 to the rubric
    return std::fabs(*item.table_points - item.points) < 1e-6;
  };
  bool total_established = true;
  for (const ScoreItem& item : card.items)
    if (item.table >= 0 && item.self_score && !own_points(item)) total_established = false;
  for (const ScoreItem& item : card.items)
    if (item.self_score && item.score && item.status == score_status::scored && own_points(item))
      compare(item.name, *item.self_score, *item.score, *item.score, item.formula,
              score_cell(ctx.doc, item.table, item.row), "row");
  // Rows held for review may still earn their points, so the stated total is only wrong
  // outside [total, total + review_points].
  if (card.self_total && total_established)
    compare("总分", *card.self_total, card.total, card.total + card.review_points, computed_total(card),
            score_cell(ctx.doc, card.self_total_table, card.self_total_row), "total");
}

void deviation_unexplained(const RuleContext& ctx, Reporter& reporter) {
  if (!is_selfeval_table(ctx.doc)) return;
  const Scorecard card = selfeval_scorecard(ctx.doc);
  for (const ScoreItem& item : card.items) {
    if (item.status != score_status::scored || !item.score || *item.score >= item.points - 1e-9) continue;
    if (item.method == "indicator_rows") {
      const auto ind = std::find_if(ctx.doc.indicators.begin(), ctx.doc.indicators.end(), [&](const Indicator& i) {
        return i.table == item.table && i.row == item.row;
      });
      if (ind == ctx.doc.indicators.end() || explains(ind->deviation_note)) continue;
      Where where = score_cell(ctx.doc, item.table, item.row);
      where.col = -1;  // the whole row: target, actual and the empty 偏差原因 cell
      reporter.report("I106", where, {{"indicator", item.name}, {"target", ind->target}, {"actual", ind->actual}},
                      {figure_evidence("computed", item.name, *item.score, item.formula)}, "default");
    } else if (item.key == kExecutionItem && item.value && *item.value < 1 && !explains_underspending(ctx.doc)) {
      Where where = score_cell(ctx.doc, item.table, item.row);
      if (const Table* table = table_at(ctx.doc, item.table)) where.col = header_column(*table, item.row, "执行率");
      reporter.report("I106", where, {{"rate", figure(*item.value * 100)}},
                      {figure_evidence("computed", item.name, *item.value * 100, item.text)}, "execution");
    }
  }
}

}  // namespace jixiao
