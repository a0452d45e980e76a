// Scoring (DESIGN.md §6) on documents built by hand, rubric validation, and the
// self-evaluation rules I105/I106 that rest on it.
#include <catch2/catch.hpp>

#include "check/rules.hpp"
#include "core/json.hpp"
#include "pipeline/pipeline.hpp"
#include "score/score.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

using namespace jixiao;
using Catch::Matchers::Contains;

namespace {

Indicator row(std::string name, std::string comparator, std::optional<double> target, std::string target_unit,
              std::optional<double> actual, std::string actual_unit, double points) {
  Indicator ind;
  ind.level1 = "产出指标";
  ind.level3 = std::move(name);
  ind.target_comparator = comparator;
  ind.target_value = target;
  ind.target_unit = target_unit;
  if (target) ind.target = comparator + std::to_string(*target) + target_unit;
  ind.actual_value = actual;
  ind.actual_unit = actual_unit;
  if (actual) ind.actual = std::to_string(*actual) + actual_unit;
  ind.points = points;
  return ind;
}

Indicator text_row(std::string name, std::string target, std::string actual, double points) {
  Indicator ind;
  ind.level1 = "效益指标";
  ind.level3 = std::move(name);
  ind.target = std::move(target);
  ind.actual = std::move(actual);
  ind.points = points;
  return ind;
}

Document selfeval(std::vector<Indicator> rows, std::optional<double> budget = 120,
                  std::optional<double> expenditure = 120) {
  Document doc;
  doc.meta.doc_type = "project_selfeval_table";
  doc.meta.path = "hand-built";
  doc.budget.budget = budget;
  doc.budget.expenditure = expenditure;
  doc.indicators = std::move(rows);
  return doc;
}

const Rubric& project() { return builtin_rubric("project-selfeval-2020"); }

const ScoreItem& item_named(const Scorecard& card, std::string_view name) {
  for (const ScoreItem& s : card.items)
    if (s.name == name) return s;
  throw std::logic_error("no item " + std::string(name));
}

ScoreItem only_row(const Document& doc) {
  const Scorecard card = score_document(doc, project());
  REQUIRE(card.items.size() == 2);
  return card.items[1];
}

// A rubric of ratio items over custom functions, for policy and grade tests.
std::string custom_rubric(const std::string& policy, double min_coverage = 0) {
  return R"({"name": "custom", "total": 100, "not_assessable": ")" + policy + R"(", "min_coverage": )" +
         std::to_string(min_coverage) + R"(,
    "grades": [{"grade": "优", "min": 90}, {"grade": "良", "min": 80}, {"grade": "中", "min": 60}, {"grade": "差", "min": 0}],
    "indicators": [
      {"key": "a", "name": "A", "points": 40, "method": "ratio", "function": "a"},
      {"key": "b", "name": "B", "points": 60, "method": "ratio", "function": "b"}]})";
}

CustomIndicator constant(std::optional<double> v) {
  return [v](const Document&) { return v; };
}

std::string rubric_error(const std::string& json, const std::string& origin = "my-rubric.json") {
  try {
    parse_rubric(json, origin);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::rubric);
    CHECK(e.path() == origin);
    return e.message("en");
  }
  FAIL("no RubricError for " << json);
  return {};
}

const char* kGrades =
    R"([{"grade": "优", "min": 9}, {"grade": "良", "min": 8}, {"grade": "中", "min": 6}, {"grade": "差", "min": 0}])";

std::string one_item_rubric(const std::string& item, const std::string& grades = kGrades, double total = 10) {
  return R"({"name": "t", "total": )" + std::to_string(total) + R"(, "grades": )" + grades + R"(, "indicators": [)" +
         item + "]}";
}

}  // namespace

TEST_CASE("An at-least target earns its share below the target and all points at or above it", "[score]") {
  const ScoreItem& over = only_row(selfeval({row("培训人次", "≥", 500, "人次", 520, "人次", 15)}));
  CHECK(over.status == "scored");
  CHECK(*over.score == 15);
  CHECK(over.formula == "min(520/500, 1) × 15 = 15");

  const ScoreItem& under = only_row(selfeval({row("诊疗量增长率", "≥", 5, "%", 3, "%", 15)}));
  CHECK(*under.score == 9);
  CHECK(under.formula == "min(3/5, 1) × 15 = 9");
}

TEST_CASE("An equals target or a bare value scores like an at-least target", "[score]") {
  CHECK(*only_row(selfeval({row("按期完成率", "=", 100, "%", 90, "%", 10)})).score == 9);
  CHECK(*only_row(selfeval({row("按期完成率", "", 100, "%", 90, "%", 10)})).score == 9);
  CHECK(*only_row(selfeval({row("按期完成率", "", 100, "%", 100, "%", 10)})).score == 10);
}

TEST_CASE("An at-most target earns target/actual, and an actual of 0 earns all points", "[score]") {
  SECTION("under the ceiling") {
    CHECK(*only_row(selfeval({row("人均成本", "≤", 800, "元", 760, "元", 10)})).score == 10);
  }
  SECTION("over the ceiling") {
    const ScoreItem& s = only_row(selfeval({row("人均成本", "≤", 800, "元", 1000, "元", 10)}));
    CHECK(*s.score == 8);
    CHECK(s.formula == "min(800/1000, 1) × 10 = 8");
  }
  SECTION("an actual of 0") {
    const ScoreItem& s = only_row(selfeval({row("安全事故", "≤", 2, "起", 0, "起", 10)}));
    CHECK(*s.score == 10);
    CHECK(s.status == "scored");
  }
}

TEST_CASE("A qualitative target earns full points only when the actual says it was met", "[score]") {
  SECTION("the actual repeats the target") {
    CHECK(*only_row(selfeval({text_row("人才队伍稳定性", "长期", "长期", 15)})).score == 15);
  }
  SECTION("the actual states it was met") {
    CHECK(*only_row(selfeval({text_row("制度建设", "建立长效管护机制", "已建立长效管护机制", 10)})).score == 10);
    CHECK(*only_row(selfeval({text_row("按期完工", "按期完工", "已完成", 10)})).score == 10);
    CHECK(*only_row(selfeval({text_row("安全生产", "未发生安全事故", "全年未发生安全事故", 10)})).score == 10);
    CHECK(*only_row(selfeval({text_row("是否验收", "是", "是", 5)})).score == 5);
  }
  SECTION("a hedged or vague actual needs review and is not scored") {
    for (const char* actual : {"基本完成", "部分建立长效管护机制", "有所提升", "未完成"}) {
      Scorecard card = score_document(selfeval({text_row("制度建设", "建立长效管护机制", actual, 10)}), project());
      const ScoreItem& s = card.items[1];
      CHECK(s.status == "needs_review");
      CHECK_FALSE(s.score.has_value());
      CHECK(card.review_points == 10);
      CHECK(card.total == 10);  // the execution rate alone; the row is held back, not guessed
      CHECK_THAT(card.notes.back(), Contains("待人工复核"));
    }
  }
  SECTION("a numeric target with a text actual needs review") {
    Indicator ind = row("完成率", "≥", 95, "%", std::nullopt, "", 10);
    ind.actual = "已完成";
    CHECK(only_row(selfeval({ind})).status == "needs_review");
  }
}

TEST_CASE("Units convert between 元 and 万元 and otherwise must agree", "[score]") {
  SECTION("元 against 万元 converts") {
    const ScoreItem& s = only_row(selfeval({row("人均成本", "≤", 0.08, "万元", 760, "元", 10)}));
    CHECK(s.status == "scored");
    CHECK(*s.score == 10);
    CHECK_THAT(s.note, Contains("折合"));
    CHECK(*only_row(selfeval({row("总成本", "≤", 100, "万元", 1250000, "元", 10)})).score == 8);
  }
  SECTION("万人次 against 人次 converts") {
    CHECK(*only_row(selfeval({row("受益人次", "≥", 1.2, "万人次", 9000, "人次", 10)})).score == 7.5);
  }
  SECTION("an actual without a unit takes the target's") {
    CHECK(*only_row(selfeval({row("覆盖率", "≥", 90, "%", 81, "", 10)})).score == 9);
  }
  SECTION("% against 百分点 and 人次 against 人 need review") {
    for (auto [target_unit, actual_unit] : {std::pair{"%", "百分点"}, std::pair{"人次", "人"}}) {
      const ScoreItem& s = only_row(selfeval({row("指标", "≥", 5, target_unit, 6, actual_unit, 10)}));
      CHECK(s.status == "needs_review");
      CHECK_FALSE(s.score.has_value());
      CHECK_THAT(s.note, Contains("单位不一致"));
    }
  }
}

TEST_CASE("Budget execution scores min(expenditure/budget, 1) × 10", "[score]") {
  Scorecard card = score_document(selfeval({}, 120, 108), project());
  const ScoreItem& exec = item_named(card, "预算执行率");
  CHECK(*exec.score == 9);
  CHECK(exec.formula == "min(108/120, 1) × 10 = 9");
  CHECK(*exec.value == Approx(0.9));

  CHECK(*item_named(score_document(selfeval({}, 100, 130), project()), "预算执行率").score == 10);

  SECTION("without figures the project rubric scores it 0, as not assessable") {
    Scorecard none = score_document(selfeval({}, std::nullopt, std::nullopt), project());
    const ScoreItem& s = item_named(none, "预算执行率");
    CHECK(s.status == "not_assessable");
    CHECK(*s.score == 0);
  }
}

TEST_CASE("A hand-built table in the d2 shape scores 92 优 and keeps the table's own scores", "[score]") {
  std::vector<Indicator> rows = {
      row("培训基层医务人员", "≥", 500, "人次", 520, "人次", 15), row("培训考核合格率", "≥", 95, "%", 96, "%", 15),
      row("项目按期完成率", "", 100, "%", 90, "%", 10),          row("人均培训成本", "≤", 800, "元", 760, "元", 10),
      row("基层诊疗量增长率", "≥", 5, "%", 3, "%", 15),          text_row("基层人才队伍稳定性", "长期", "长期", 15),
      row("培训对象满意度", "≥", 90, "%", 92, "%", 10),
  };
  const double stated[] = {15, 15, 9, 10, 15, 15, 10};
  for (size_t i = 0; i < rows.size(); ++i) rows[i].self_score = stated[i];
  Scorecard card = score_document(selfeval(rows, 120, 108), project());
  CHECK(card.total == 92);
  CHECK(card.grade == "优");
  CHECK(card.points == 100);
  CHECK(card.items.size() == 8);
  CHECK(*item_named(card, "基层诊疗量增长率").self_score == 15);
  CHECK(*item_named(card, "基层诊疗量增长率").score == 9);
  CHECK(item_named(card, "培训基层医务人员").dimension == "产出指标");
  CHECK(card.notes.empty());

  SECTION("the scorecard round-trips through JSON") {
    const Scorecard back = from_json_value<Scorecard>(to_json_value(card));
    CHECK(records_equal(back, card));
    CHECK(to_json_value(card)["items"][0]["status"] == "scored");
  }
}

TEST_CASE("Indicators without data are redistributed or zeroed as the rubric says", "[score]") {
  const CustomIndicators custom = {{"a", constant(0.5)}, {"b", constant(std::nullopt)}};
  SECTION("redistribute") {
    Scorecard card = score_document(Document{}, parse_rubric(custom_rubric("redistribute"), "r"), {}, custom);
    CHECK(card.items[1].status == "not_assessable");
    CHECK_FALSE(card.items[1].score.has_value());
    CHECK(card.items[1].points == 0);
    CHECK(card.items[0].points == 100);
    CHECK(*card.items[0].score == 50);
    CHECK(card.items[0].formula == "min(0.5, 1) × 40 = 20 × 100/40 = 50");
    CHECK(card.total == 50);
    CHECK(card.coverage == Approx(0.4));
    CHECK(card.grade == "差");
  }
  SECTION("zero") {
    Scorecard card = score_document(Document{}, parse_rubric(custom_rubric("zero"), "r"), {}, custom);
    CHECK(card.items[1].status == "not_assessable");
    CHECK(*card.items[1].score == 0);
    CHECK(card.items[1].points == 60);
    CHECK(card.total == 20);
  }
  SECTION("too little assessable gives no grade") {
    Scorecard card = score_document(Document{}, parse_rubric(custom_rubric("redistribute", 0.5), "r"), {}, custom);
    CHECK(card.total == 50);
    CHECK(card.grade.empty());
    CHECK_THAT(card.notes.back(), Contains("不评定等级"));
    CHECK(card.min_coverage == 0.5);  // so that readers show the total as not assessable
    CHECK(card.coverage < card.min_coverage);
  }
}

TEST_CASE("Grades follow the bands at their edges", "[score]") {
  const Rubric rubric = parse_rubric(custom_rubric("zero"), "r");
  auto grade_at = [&](double total) {
    // a earns 40 × a_share, b earns 60 × b_share; b alone sets the total here.
    const CustomIndicators custom = {{"a", constant(0.0)}, {"b", constant(total / 60)}};
    Scorecard card = score_document(Document{}, rubric, {}, custom);
    REQUIRE(card.total == Approx(std::min(total, 60.0)));
    return card.grade;
  };
  const CustomIndicators full = {{"a", constant(1.0)}, {"b", constant(1.0)}};
  CHECK(score_document(Document{}, rubric, {}, full).grade == "优");
  auto grade_total = [&](double a_share) {
    const CustomIndicators custom = {{"a", constant(a_share)}, {"b", constant(1.0)}};
    return score_document(Document{}, rubric, {}, custom).grade;
  };
  CHECK(grade_total(0.75) == "优");     // 30 + 60 = 90
  CHECK(grade_total(0.7475) == "良");   // 29.9 + 60 = 89.9
  CHECK(grade_total(0.5) == "良");      // 80
  CHECK(grade_total(0.4975) == "中");   // 79.9
  CHECK(grade_at(60) == "中");
  CHECK(grade_at(59.99) == "差");
  CHECK(grade_at(0) == "差");
}

TEST_CASE("Custom indicators are called with the document and their failures need review", "[score]") {
  const Rubric rubric = parse_rubric(custom_rubric("zero"), "r");
  Document doc;
  doc.meta.path = "report.txt";
  SECTION("the function sees the document") {
    const CustomIndicators custom = {
        {"a", [](const Document& d) { return std::optional<double>(d.meta.path == "report.txt" ? 1.0 : 0.0); }},
        {"b", constant(1.0)}};
    CHECK(score_document(doc, rubric, {}, custom).total == 100);
  }
  SECTION("an exception makes the item needs_review, naming the function") {
    const CustomIndicators custom = {
        {"a", [](const Document&) -> std::optional<double> { throw std::runtime_error("boom"); }},
        {"b", constant(1.0)}};
    Scorecard card = score_document(doc, rubric, {}, custom);
    CHECK(card.items[0].status == "needs_review");
    CHECK_THAT(card.items[0].note, Contains("a") && Contains("boom"));
    CHECK(card.total == 60);
    CHECK(card.review_points == 40);
  }
  SECTION("a function the rubric names but nobody registered is a RubricError") {
    const CustomIndicators custom = {{"a", constant(1.0)}};
    CHECK_THROWS_MATCHES(score_document(doc, rubric, {}, custom), Error,
                         Catch::Predicate<Error>([](const Error& e) {
                           return e.kind() == ErrorKind::rubric && e.message("en").find("function b") != std::string::npos;
                         }));
  }
}

TEST_CASE("Report quality deducts per finding with a cap per code and per dimension", "[score]") {
  Document doc;
  doc.meta.doc_type = "self_evaluation";
  doc.outline.push_back(Heading{.text = "一、部门基本情况", .title = "部门基本情况", .level = 1});
  std::vector<Diagnostic> findings;
  auto add = [&](const char* code, int n) {
    for (int i = 0; i < n; ++i) findings.push_back(Diagnostic{.code = code, .line = 3 + i, .column = 1});
  };
  add("A101", 2);
  add("T102", 1);
  add("P101", 6);
  add("S104", 3);
  add("S101", 5);
  Scorecard card = score_document(doc, builtin_rubric("report-quality"), findings);
  // A self-evaluation report needs no indicator table here, and has no targets to quantify:
  // those 23 points are spread over the other 77.
  const ScoreItem& accuracy = item_named(card, "数据准确、前后一致");
  CHECK(accuracy.formula == "30 − 5×2（A101） = 20 × 100/77 = 25.97");
  CHECK(accuracy.evidence.size() == 2);
  CHECK(item_named(card, "格式规范、文字准确").formula == "20 − 2×6（P101） − 1×1（T102） = 7 × 100/77 = 9.09");
  const ScoreItem& sections = item_named(card, "模板要求的章节齐全");
  CHECK(*sections.score == 0);
  CHECK(sections.formula == "12 − 12（S101 封顶） − 8（S104 封顶） = 0（扣分以 12 分为限） × 100/77 = 0");
  SECTION("doc types that need no indicators and reports without targets are not assessed there") {
    CHECK(item_named(card, "列出绩效指标").status == "not_assessable");
    CHECK(item_named(card, "绩效指标量化").status == "not_assessable");
    CHECK(card.coverage == Approx(0.77));
  }
  CHECK(uses_diagnostics(builtin_rubric("report-quality")));
  CHECK_FALSE(uses_diagnostics(project()));
}

TEST_CASE("Report quality rewards quantified targets", "[score]") {
  Document doc;
  doc.meta.doc_type = "target_table";
  doc.indicators = {row("人数", "≥", 500, "人", std::nullopt, "", 0), text_row("效果", "良好", "", 0),
                    row("合格率", "≥", 95, "%", std::nullopt, "", 0), row("成本", "≤", 30, "万元", std::nullopt, "", 0)};
  Scorecard card = score_document(doc, builtin_rubric("report-quality"), {});
  const ScoreItem& q = item_named(card, "绩效指标量化");
  CHECK(*q.score == 15);
  CHECK(q.formula == "min(3/4, 1) × 20 = 15");
  CHECK(*item_named(card, "列出绩效指标").score == 3);
  CHECK(card.total == 95);
}

TEST_CASE("Report quality does not assess a document it could not read", "[score]") {
  Document doc;
  doc.meta.doc_type = "unknown";
  doc.blocks.push_back(Block{.kind = "paragraph", .text = "无法识别的文字"});
  const Scorecard card = score_document(doc, builtin_rubric("report-quality"), {});
  CHECK(card.coverage == 0);
  CHECK(card.grade.empty());
  for (const ScoreItem& s : card.items) CHECK(s.status == "not_assessable");
  SECTION("one heading is enough to judge the findings") {
    doc.outline.push_back(Heading{.text = "一、概况", .title = "概况", .level = 1});
    const Scorecard read = score_document(doc, builtin_rubric("report-quality"), {});
    CHECK(read.coverage > 0.5);
    CHECK_FALSE(read.grade.empty());
  }
}

TEST_CASE("Department scoring lists what the figures do not allow as not assessable", "[score]") {
  Document doc;
  doc.meta.doc_type = "self_evaluation";
  doc.budget.budget = 2290;
  doc.budget.expenditure = 2341.27;
  doc.budget.three_public = 9.86;
  Scorecard card = score_document(doc, builtin_rubric("dept-overall-2013"));
  CHECK(*item_named(card, "预算完成率").score == 100);
  for (const char* name : {"预算调整率", "公用经费控制率", "“三公”经费变动率", "实际完成率"})
    CHECK(item_named(card, name).status == "not_assessable");
  CHECK_THAT(item_named(card, "“三公”经费变动率").note, Contains("上年度"));
  CHECK(card.coverage == Approx(0.2));
  CHECK(card.grade.empty());

  SECTION("stated figures make more indicators assessable") {
    Quantity last_year{.value = 11.2, .unit = "万元", .kind = "money", .text = "11.2万元", .label = "上年“三公”经费"};
    Quantity planned{.value = 240, .unit = "万元", .kind = "money", .text = "240万元", .label = "公用经费年初预算"};
    doc.budget.public_ = 226.46;
    doc.facts = {last_year, planned};
    doc.indicators = {row("体检人数", "≥", 18000, "人", 18650, "人", 0), row("接种率", "≥", 99.5, "%", 99.1, "%", 0),
                      row("群众满意度", "≥", 90, "%", 93, "%", 0)};
    doc.indicators[2].level2 = "服务对象满意度指标";
    Scorecard more = score_document(doc, builtin_rubric("dept-overall-2013"));
    const ScoreItem& change = item_named(more, "“三公”经费变动率");
    CHECK(change.status == "scored");
    CHECK(*change.value == Approx((9.86 - 11.2) / 11.2));
    CHECK(item_named(more, "公用经费控制率").status == "scored");
    CHECK(*item_named(more, "实际完成率").value == Approx(2.0 / 3));
    CHECK(item_named(more, "社会公众或服务对象满意度").status == "scored");
    CHECK(more.coverage == Approx(0.85));
    CHECK_FALSE(more.grade.empty());
  }
}

TEST_CASE("Bad rubric files are RubricErrors naming the file and the key", "[score]") {
  const std::string good_item = R"({"key": "e", "name": "执行率", "points": 10, "method": "ratio", "metric": "execution_rate"})";
  CHECK_NOTHROW(parse_rubric(one_item_rubric(good_item), "ok.json"));

  SECTION("points that do not add up to the total") {
    CHECK_THAT(rubric_error(one_item_rubric(good_item, kGrades, 100)),
               Contains("my-rubric.json") && Contains("indicators") && Contains("add up to 10") &&
                   Contains("total 100"));
  }
  SECTION("an unknown method") {
    CHECK_THAT(rubric_error(one_item_rubric(R"({"key": "e", "points": 10, "method": "magic", "metric": "execution_rate"})")),
               Contains("indicators[0](e).method") && Contains("magic"));
  }
  SECTION("an unknown metric") {
    CHECK_THAT(rubric_error(one_item_rubric(R"({"key": "e", "points": 10, "method": "ratio", "metric": "luck"})")),
               Contains("indicators[0](e).metric") && Contains("luck"));
  }
  SECTION("unsorted bands") {
    CHECK_THAT(rubric_error(one_item_rubric(good_item, R"([{"grade": "良", "min": 8}, {"grade": "优", "min": 9}, {"grade": "差", "min": 0}])")),
               Contains("grades[1].min") && Contains("highest"));
  }
  SECTION("overlapping bands") {
    CHECK_THAT(rubric_error(one_item_rubric(good_item, R"([{"grade": "优", "min": 9}, {"grade": "良", "min": 9}, {"grade": "差", "min": 0}])")),
               Contains("grades[1].min") && Contains("overlaps"));
  }
  SECTION("bands that leave low totals without a grade") {
    CHECK_THAT(rubric_error(one_item_rubric(good_item, R"([{"grade": "优", "min": 9}, {"grade": "良", "min": 6}])")),
               Contains("grades[1].min") && Contains("start at 0"));
  }
  SECTION("an unknown key, a wrong type, bad JSON, a bad policy, missing linear parameters") {
    CHECK_THAT(rubric_error(one_item_rubric(R"({"key": "e", "points": 10, "method": "ratio", "metirc": "x"})")),
               Contains("indicators[0].metirc") && Contains("unknown key"));
    CHECK_THAT(rubric_error(one_item_rubric(R"({"key": "e", "points": "ten", "method": "ratio"})")),
               Contains("indicators[0].points") && Contains("wrong type"));
    CHECK_THAT(rubric_error("{not json"), Contains("not valid JSON"));
    CHECK_THAT(rubric_error(R"({"total": 10, "not_assessable": "ignore", "grades": )" + std::string(kGrades) +
                            R"(, "indicators": [)" + good_item + "]}"),
               Contains("not_assessable"));
    CHECK_THAT(rubric_error(one_item_rubric(R"({"key": "e", "points": 10, "method": "linear", "metric": "budget_adjustment"})")),
               Contains("params.full_at"));
    CHECK_THAT(rubric_error(one_item_rubric(R"({"key": "e", "points": 10, "method": "deductions", "deductions": [{"code": "a1", "each": 1}]})")),
               Contains("deductions[0].code"));
  }
  SECTION("a rubric built in code is validated before scoring") {
    Rubric r = parse_rubric(one_item_rubric(good_item), "ok.json");
    r.indicators[0].method = "magic";
    CHECK_THROWS_AS(score_document(Document{}, r), Error);
  }
}

TEST_CASE("Rubrics load by built-in name, file path or JSON text", "[score]") {
  CHECK(builtin_rubric_names() == std::vector<std::string>{"dept-overall-2013", "project-selfeval-2020", "report-quality"});
  for (const std::string& name : builtin_rubric_names()) CHECK(load_rubric(name).total == 100);
  const std::string path = "test_score_rubric.json";
  {
    std::ofstream out(path);
    out << one_item_rubric(R"({"key": "e", "points": 10, "method": "ratio", "metric": "execution_rate"})");
  }
  CHECK(load_rubric(path).name == "t");
  std::remove(path.c_str());
  CHECK(load_rubric(one_item_rubric(R"({"key": "e", "points": 10, "method": "ratio", "metric": "execution_rate"})")).name == "t");
  CHECK_THROWS_AS(load_rubric("no-such-rubric"), Error);
  CHECK_THROWS_AS(builtin_rubric("no-such-rubric"), Error);
}

// ---- I105 / I106 on a project self-evaluation table written for these tests -------------------

namespace {

// A 项目支出绩效自评表 in the tab-cell text Word exports: one cell per TAB line, rows apart.
const char* kWaterTable =
    "项目支出绩效自评表\n（2022年度）\n\n"
    "\t项目名称\n\t农村饮水安全巩固提升工程\n\n"
    "\t项目资金\n（万元）\n\t\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n\n"
    "\t\n\t年度资金总额\n\t200\n\t250\n\t225\n\t10\n\t90%\n\t10\n\n"
    "\t绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\t偏差原因分析及改进措施\n\n"
    "\t\n\t产出指标\n\t数量指标\n\t新建供水管网\n\t≥30公里\n\t32公里\n\t20\n\t20\n\t\n\n"
    "\t\n\t\n\t质量指标\n\t水质达标率\n\t≥95%\n\t93%\n\t20\n\t20\n\t部分水源受汛期影响，已加装净化设备。\n\n"
    "\t\n\t效益指标\n\t社会效益指标\n\t受益人口\n\t≥1.2万人\n\t11500人\n\t20\n\t20\n\t\n\n"
    "\t\n\t\n\t可持续影响指标\n\t管护机制\n\t建立长效管护机制\n\t已建立长效管护机制\n\t20\n\t20\n\t\n\n"
    "\t\n\t满意度指标\n\t服务对象满意度指标\n\t群众满意度\n\t≥90%\n\t95%\n\t10\n\t10\n\t\n\n"
    "\t总分\n\t\n\t\n\t\n\t\n\t\n\t100\n\t100\n\t\n";

Indicator table_row(int row, const char* level1, const char* name, const char* target, const char* comparator,
                    std::optional<double> target_value, const char* unit, const char* actual,
                    std::optional<double> actual_value, const char* actual_unit, double points, double self,
                    const char* note = "") {
  Indicator ind;
  ind.table = 0;
  ind.row = row;
  ind.level1 = level1;
  ind.level3 = name;
  ind.target = target;
  ind.target_comparator = comparator;
  ind.target_value = target_value;
  ind.target_unit = unit;
  ind.actual = actual;
  ind.actual_value = actual_value;
  ind.actual_unit = actual_unit;
  ind.points = points;
  ind.self_score = self;
  ind.deviation_note = note;
  return ind;
}

Document water_table() {
  Document doc = parse_document(kWaterTable, "water.txt");
  doc.meta.doc_type = "project_selfeval_table";
  // What extraction gives for these rows, written out so the rules are tested on their own.
  doc.indicators = {
      table_row(4, "产出指标", "新建供水管网", "≥30公里", "≥", 30, "公里", "32公里", 32, "公里", 20, 20),
      table_row(5, "产出指标", "水质达标率", "≥95%", "≥", 95, "%", "93%", 93, "%", 20, 20,
                "部分水源受汛期影响，已加装净化设备。"),
      table_row(6, "效益指标", "受益人口", "≥1.2万人", "≥", 1.2, "万人", "11500人", 11500, "人", 20, 20),
      table_row(7, "效益指标", "管护机制", "建立长效管护机制", "", std::nullopt, "", "已建立长效管护机制",
                std::nullopt, "", 20, 20),
      table_row(8, "满意度指标", "群众满意度", "≥90%", "≥", 90, "%", "95%", 95, "%", 10, 10),
  };
  return doc;
}

std::vector<Diagnostic> run_rule(void (*rule)(const RuleContext&, Reporter&), const Document& doc) {
  const CheckConfig config;
  Reporter reporter(doc, config, builtin_catalog());
  rule(RuleContext{doc, config, nullptr, "zh"}, reporter);
  return reporter.take();
}

bool reported(const std::vector<Diagnostic>& found, std::string_view excerpt_part) {
  return std::any_of(found.begin(), found.end(),
                     [&](const Diagnostic& d) { return d.excerpt.find(excerpt_part) != std::string::npos; });
}

}  // namespace

TEST_CASE("The table's own figures are read from the funds and total rows", "[score]") {
  Scorecard card = score_document(water_table(), project());
  const ScoreItem& exec = item_named(card, "预算执行率");
  CHECK(exec.formula == "min(225/250, 1) × 10 = 9");
  CHECK(*exec.self_score == 10);
  CHECK(exec.row == 2);
  CHECK(*card.self_total == 100);
  CHECK(card.self_total_row == 9);
  // 9 + 20 + 20×93/95 + 20×1.15/1.2 + 20 + 10
  CHECK(card.total == Approx(9 + 20 + 19.58 + 19.17 + 20 + 10));
}

TEST_CASE("I105 fires where a stated 得分 differs from the computed score by at least the tolerance", "[score]") {
  const auto found = run_rule(self_score_mismatch, water_table());
  REQUIRE(found.size() == 4);
  CHECK(reported(found, "年度资金总额"));
  CHECK(reported(found, "水质达标率"));
  CHECK(reported(found, "受益人口"));
  CHECK(reported(found, "总分"));
  CHECK_FALSE(reported(found, "新建供水管网"));
  CHECK_FALSE(reported(found, "管护机制"));
  for (const Diagnostic& d : found) CHECK(d.code == "I105");
  CHECK_THAT(found.back().message, Contains("100") && Contains("97.75"));

  SECTION("differences under the tolerance are rounding") {
    Document doc = water_table();
    doc.indicators[1].self_score = 19.55;  // computed 19.58
    CHECK_FALSE(reported(run_rule(self_score_mismatch, doc), "水质达标率"));
  }
  SECTION("other document types are left alone") {
    Document doc = water_table();
    doc.meta.doc_type = "target_table";
    CHECK(run_rule(self_score_mismatch, doc).empty());
  }
}

TEST_CASE("I106 fires for a shortfall without a 偏差原因, including the execution rate", "[score]") {
  const auto found = run_rule(deviation_unexplained, water_table());
  CHECK(reported(found, "受益人口"));
  CHECK_FALSE(reported(found, "水质达标率"));  // explained in its row
  CHECK_FALSE(reported(found, "新建供水管网"));
  CHECK(reported(found, "年度资金总额"));
  REQUIRE(found.size() == 2);

  SECTION("an explanation of the underspending anywhere in the document is enough") {
    Document doc = water_table();
    doc.text += "\n说明：受汛期影响，部分工程款延至次年支付。\n";
    CHECK_FALSE(reported(run_rule(deviation_unexplained, doc), "年度资金总额"));
  }
}
