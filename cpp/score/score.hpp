// Stage 6, score: a Document (and the checker's diagnostics) -> a Scorecard under a rubric
// (DESIGN.md §6).
//
// A rubric is data: a JSON file listing indicators with their points, the method that turns
// a measurement into a score, grade bands, and what happens to indicators the document gives
// no data for. Three ship compiled in (data/rubrics/*.json); analysts can load their own.
// docs/rubrics.md says where every formula comes from.
//
//   Scorecard card = score_document(doc, load_rubric("project-selfeval-2020"));
//
// Scoring never invents a figure: an indicator without data is `not_assessable`, one the
// engine cannot judge (qualitative wording, units that do not agree) is `needs_review` and
// its points are held back for the analyst instead of being guessed.
#pragma once

#include "check/check.hpp"
#include "core/records.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

// ---- rubric (the JSON file, member for member) -------------------------------------------

struct GradeBand {
  std::string grade;  // e.g. "优"
  double min = 0;     // lowest total that earns it (inclusive)
};
BOOST_DESCRIBE_STRUCT(GradeBand, (), (grade, min))

// Points taken off per finding of one rule code, optionally capped for that code.
struct Deduction {
  std::string code;
  double each = 0;
  std::optional<double> max;
};
BOOST_DESCRIBE_STRUCT(Deduction, (), (code, each, max))

struct RubricItem {
  std::string key;
  std::string name;
  std::string dimension;
  double points = 0;
  std::string method;    // how a measurement becomes a score: see method_names()
  std::string metric;    // a built-in measurement (see metric_names()) ...
  std::string function;  // ... or a custom indicator registered under this name
  std::map<std::string, double> params;                   // method parameters (target, full_at, zero_at …)
  std::map<std::string, std::vector<std::string>> words;  // word lists (qualitative targets: met, unmet)
  std::vector<Deduction> deductions;
  std::vector<std::string> doc_types;  // the document types it applies to; empty = all
  std::string source;                  // where the formula comes from
};
BOOST_DESCRIBE_STRUCT(RubricItem, (), (key, name, dimension, points, method, metric, function, params, words,
                                       deductions, doc_types, source))

struct Rubric {
  std::string name;
  std::string title;
  std::string source;
  double total = 100;
  std::string not_assessable = "redistribute";  // or "zero"
  double min_coverage = 0;  // below this share of assessable points no grade is given
  std::vector<GradeBand> grades;  // highest first, the last starting at 0
  std::vector<RubricItem> indicators;
};
BOOST_DESCRIBE_STRUCT(Rubric, (), (name, title, source, total, not_assessable, min_coverage, grades, indicators))

// ---- scorecard ------------------------------------------------------------------------------

struct ScoreItem {
  std::string key;
  std::string name;
  std::string dimension;
  std::string method;
  double points = 0;             // after redistribution, when the rubric redistributes
  std::optional<double> score;   // empty while needs_review, or not_assessable under "redistribute"
  std::optional<double> value;   // the number used (a ratio, a share, a count of findings …)
  std::string text;              // the document's words or figures used ("108/120", "长期")
  std::string formula;           // with the numbers filled in: "min(108/120, 1) × 10"
  std::vector<Span> evidence;
  std::string status;            // scored | not_assessable | needs_review
  std::string note;
  std::optional<double> self_score;    // the document's own 得分 for this row, when it states one
  std::optional<double> table_points;  // the 分值 the table states for this row, when it states one
  int table = -1;                      // the row of a self-evaluation table the item scores
  int row = -1;
};
BOOST_DESCRIBE_STRUCT(ScoreItem, (), (key, name, dimension, method, points, score, value, text, formula, evidence,
                                      status, note, self_score, table_points, table, row))

struct Scorecard {
  std::string rubric;
  std::string title;
  std::string path;
  double total = 0;
  double points = 0;         // points the items carry (the rubric's total, or the table's own 分值)
  std::string grade;         // empty when too little could be assessed (rubric min_coverage)
  double coverage = 1;       // share of the rubric's points the document's figures allowed to assess
  double review_points = 0;  // points held back for the analyst (needs_review items)
  double min_coverage = 0;   // the rubric's floor: below this coverage the total is not assessable
  std::optional<double> self_total;  // the table's own 总分 得分, when stated
  int self_total_table = -1;
  int self_total_row = -1;
  std::vector<ScoreItem> items;
  std::vector<std::string> notes;
};
BOOST_DESCRIBE_STRUCT(Scorecard, (), (rubric, title, path, total, points, grade, coverage, review_points, min_coverage, self_total,
                                      self_total_table, self_total_row, items, notes))

namespace score_status {
inline constexpr std::string_view scored = "scored";
inline constexpr std::string_view not_assessable = "not_assessable";
inline constexpr std::string_view needs_review = "needs_review";
}  // namespace score_status

// ---- custom indicators --------------------------------------------------------------------

// A custom indicator: the Document in, a value out (empty = the document gives no data).
// An exception makes the item needs_review, naming the function.
using CustomIndicator = std::function<std::optional<double>(const Document&)>;
using CustomIndicators = std::map<std::string, CustomIndicator, std::less<>>;

// ---- API ----------------------------------------------------------------------------------

// Parses and validates rubric JSON; `origin` names it in errors. Throws RubricError naming the
// origin and the offending key (points not adding up, unknown method or metric, bad bands …).
Rubric parse_rubric(std::string_view json_text, const std::string& origin);
// The same checks for a rubric built in code; score_document runs them too.
void validate_rubric(const Rubric& rubric, const std::string& origin);
// A built-in rubric by name, a rubric file path, or rubric JSON text.
Rubric load_rubric(const std::string& name_path_or_json);
const Rubric& builtin_rubric(std::string_view name);
std::vector<std::string> builtin_rubric_names();
// The built-in rubric a document type is scored under when none is named (项目支出绩效自评表 →
// project-selfeval-2020, 部门整体自评报告 → dept-overall-2013, anything else → report-quality).
std::string default_rubric_name(std::string_view doc_type);
std::vector<std::string> method_names();
std::vector<std::string> metric_names();
// True when the rubric scores the checker's findings, so the caller must run the checker first.
bool uses_diagnostics(const Rubric& rubric);

// Scores `doc`. `diagnostics` are the checker's findings for it (report-quality deducts for
// them; other rubrics ignore them). A `function` named by the rubric must be in `custom`.
Scorecard score_document(const Document& doc, const Rubric& rubric, const std::vector<Diagnostic>& diagnostics = {},
                         const CustomIndicators& custom = {});

}  // namespace jixiao
