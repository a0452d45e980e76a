#include "score/score.hpp"

#include "score/methods.hpp"
#include "score/numbers.hpp"
#include "score/selfeval_table.hpp"

#include <algorithm>
#include <cmath>

namespace jixiao {

namespace {

void add_note(ScoreItem& s, const std::string& note) { s.note += (s.note.empty() ? "" : "；") + note; }

bool applies_to(const RubricItem& item, const Document& doc) {
  return item.doc_types.empty() ||
         std::find(item.doc_types.begin(), item.doc_types.end(), doc.meta.doc_type) != item.doc_types.end();
}

MethodResult not_applicable(const RubricItem& item, const Document& doc) {
  ScoreItem s;
  s.key = item.key;
  s.name = item.name;
  s.dimension = item.dimension;
  s.method = item.method;
  s.points = item.points;
  s.status = score_status::not_assessable;
  s.note = "不适用于" + (doc.meta.doc_type.empty() ? std::string("未识别类型") : doc.meta.doc_type) + "文档";
  return {{std::move(s)}, {}};
}

// What happens to the points of indicators the document gives no data for: "zero" scores
// them 0; "redistribute" spreads them over the assessable indicators in proportion.
void settle_not_assessable(Scorecard& card, const Rubric& rubric) {
  double declared = 0, unassessable = 0;
  for (const ScoreItem& s : card.items) {
    declared += s.points;
    if (s.status == score_status::not_assessable) unassessable += s.points;
  }
  card.points = declared;
  card.coverage = declared > 0 ? (declared - unassessable) / declared : 0;
  if (unassessable == 0) return;
  if (rubric.not_assessable == "zero") {
    for (ScoreItem& s : card.items)
      if (s.status == score_status::not_assessable) {
        s.score = 0;
        add_note(s, "按评分标准记 0 分");
      }
    return;
  }
  const double assessable = declared - unassessable;
  if (assessable <= 0) return;
  const double scale = declared / assessable;
  const std::string factor = figure(declared) + "/" + figure(assessable);
  for (ScoreItem& s : card.items) {
    if (s.status == score_status::not_assessable) {
      add_note(s, "其 " + figure(s.points) + " 分按比例分配给可评价指标");
      s.points = 0;
      continue;
    }
    s.points = round_score(s.points * scale);
    if (s.score) {
      s.score = round_score(*s.score * scale);
      s.formula += " × " + factor + " = " + figure(*s.score);
    }
  }
  card.notes.push_back("不可评价指标共 " + figure(unassessable) + " 分，已按比例分配给可评价指标（× " + factor + "）");
}

std::string grade_for(double total, const Rubric& rubric) {
  for (const GradeBand& band : rubric.grades)
    if (total >= band.min - 1e-9) return band.grade;
  return {};
}

bool reproduces_table(const Rubric& rubric) {
  return std::any_of(rubric.indicators.begin(), rubric.indicators.end(),
                     [](const RubricItem& item) { return method_table().at(item.method).scores_table_rows; });
}

}  // namespace

Scorecard score_document(const Document& doc, const Rubric& rubric, const std::vector<Diagnostic>& diagnostics,
                         const CustomIndicators& custom) {
  validate_rubric(rubric, rubric.name);
  const ScoreContext ctx{doc, rubric, diagnostics, custom};
  Scorecard card;
  card.rubric = rubric.name;
  card.title = rubric.title;
  card.path = doc.meta.path;
  card.min_coverage = rubric.min_coverage;
  for (const RubricItem& item : rubric.indicators) {
    MethodResult result = applies_to(item, doc) ? method_table().at(item.method).run(item, ctx) : not_applicable(item, doc);
    std::move(result.items.begin(), result.items.end(), std::back_inserter(card.items));
    std::move(result.notes.begin(), result.notes.end(), std::back_inserter(card.notes));
  }
  settle_not_assessable(card, rubric);

  double total = 0;
  int reviews = 0;
  for (const ScoreItem& s : card.items) {
    total += s.score.value_or(0);
    if (s.status == score_status::needs_review) {
      card.review_points += s.points;
      ++reviews;
    }
  }
  card.total = round_score(total);
  card.review_points = round_score(card.review_points);
  if (reviews > 0)
    card.notes.push_back(std::to_string(reviews) + " 项指标（共 " + figure(card.review_points) +
                         " 分）待人工复核，未计入总分；复核后总分在 " + figure(card.total) + " 至 " +
                         figure(card.total + card.review_points) + " 之间");
  if (card.coverage <= 0) {
    card.notes.push_back("没有可评价的指标，不评定等级");
  } else if (card.coverage < rubric.min_coverage) {
    card.notes.push_back("可评价指标的分值仅占 " + figure(card.coverage * 100) + "%，低于评分标准要求的 " +
                         figure(rubric.min_coverage * 100) + "%，不评定等级");
  } else {
    card.grade = grade_for(card.total, rubric);
  }

  if (reproduces_table(rubric)) {
    if (const auto stated = find_total_row(doc)) {
      card.self_total = stated->self_score;
      card.self_total_table = stated->table;
      card.self_total_row = stated->row;
    }
  }
  return card;
}

}  // namespace jixiao
