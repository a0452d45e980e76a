// Linking documents into dossiers and the cross-document rules L101–L105 (DESIGN.md §4), on a
// dossier written here: a 绩效目标表, a 部门整体支出绩效自评表, a 自评报告 and a 部门决算 of one
// department and year, and last year's 自评报告 — once with planted disagreements, once agreeing.
#include <catch2/catch.hpp>

#include "link/link.hpp"
#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace jixiao;
using Catch::Matchers::Contains;

namespace {

// Tab-cell text: one line per cell, each starting with a TAB; rows separated by blank lines.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (const std::string& cell : row) out += "\t" + cell + "\n";
    out += "\n";
  }
  return out;
}

struct Figures {
  std::string signed_target = "≥4500人";   // 家庭医生签约人数 in the self-evaluations (目标表: ≥5000人)
  std::string signed_actual = "4800人";
  std::string satisfaction_table = "93%";  // 群众满意度 in the 自评表 and in the 自评报告
  std::string satisfaction_report = "95%";
  std::string budget_report = "2,350.00";  // 年初预算数 in the 自评报告 (目标表 and 决算: 2,300.00)
  std::string spent_report = "2,341.27";   // 财政拨款支出 in the 自评报告 (决算 below)
  std::string project_report = "812.63";
  std::string spent_accounts = "2,331.27万元";
  std::string project_accounts = "802.63";
  std::string last_year_stated = "2,150.00";  // 上年财政拨款支出 in the 自评报告 (last year's report: 2,100.00)
};

Figures agreeing() {
  Figures f;
  f.signed_target = "≥5000人";
  f.signed_actual = "5200人";
  f.satisfaction_report = "93%";
  f.budget_report = "2,300.00";
  f.spent_report = "2,331.27";
  f.project_report = "802.63";
  f.spent_accounts = "2,331.3万元";  // one decimal: agrees with 2,331.27 within its rounding
  f.last_year_stated = "2,100.00";
  return f;
}

std::vector<Document> dossier(const Figures& f) {
  const std::string target =
      "某区卫生健康局2023年部门整体支出绩效目标表\n\n" + table({{"部门名称", "某区卫生健康局"}, {"年初预算数（万元）", "2,300.00"}}) +
      "\n" +
      table({{"一级指标", "二级指标", "三级指标", "指标值"},
             {"产出指标", "数量指标", "家庭医生签约人数", "≥5000人"},
             {"", "质量指标", "疫苗接种率", "≥95%"},
             {"效益指标", "社会效益指标", "城镇居民健康档案建档率", "≥90%"},
             {"满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"}});
  const std::string selfeval_table =
      "区卫健局2023年度部门整体支出绩效自评表\n\n" + table({{"部门名称", "区卫健局"}}) + "\n" +
      table({{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
             {"产出指标", "数量指标", "家庭医生签约人数", f.signed_target, f.signed_actual, "10", "10", ""},
             {"", "质量指标", "疫苗接种率", "≥95%", "96%", "10", "10", ""},
             {"效益指标", "社会效益指标", "农村居民健康档案建档率", "≥85%", "80%", "10", "6", "村医人手不足，下年度补充。"},
             {"满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", f.satisfaction_table, "10", "10", ""}});
  const std::string report =
      "某区卫生健康局2023年度部门整体支出绩效自评报告\n\n一、部门基本情况\n某区卫生健康局负责全区卫生健康工作。\n\n"
      "二、一般公共预算支出情况\n2023年度年初预算数" + f.budget_report + "万元。本年财政拨款支出" + f.spent_report +
      "万元，其中基本支出1,528.64万元，项目支出" + f.project_report + "万元。上年财政拨款支出" + f.last_year_stated +
      "万元。\n\n三、部门整体支出绩效情况\n" +
      table({{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"},
             {"产出指标", "数量指标", "家庭医生签约人数", f.signed_target, f.signed_actual, "10", "10"},
             {"满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", f.satisfaction_report, "10", "10"}});
  const std::string accounts =
      "某区卫生健康局2023年度部门决算\n\n第一部分 部门概况\n某区卫生健康局是区政府工作部门。\n\n"
      "第二部分 2023年度部门决算情况说明\n一、财政拨款支出决算情况说明\n2023年度年初预算数2,300.00万元。本年财政拨款支出" +
      f.spent_accounts + "，其中基本支出1,528.64万元，项目支出" + f.project_accounts + "万元。\n";
  const std::string last_year =
      "某区卫生健康局2022年度部门整体支出绩效自评报告\n\n一、部门基本情况\n某区卫生健康局负责全区卫生健康工作。\n\n"
      "二、一般公共预算支出情况\n2022年度年初预算数2,200.00万元。本年财政拨款支出2,100.00万元，其中基本支出1,400.00万元，"
      "项目支出700.00万元。\n";
  return {parse_document(target, "target.txt"), parse_document(selfeval_table, "selfeval_table.txt"),
          parse_document(report, "report.txt"), parse_document(accounts, "accounts.txt"),
          parse_document(last_year, "last_year.txt")};
}

LinkResult link(const std::vector<Document>& docs, const CheckConfig& config = {}) {
  std::vector<LinkEntry> entries;
  for (const Document& doc : docs) entries.push_back(link_entry(doc, config));
  return link_documents(entries, config);
}

std::vector<const Diagnostic*> with_code(const LinkResult& r, const std::string& code) {
  std::vector<const Diagnostic*> out;
  for (const Diagnostic& d : r.diagnostics)
    if (d.code == code) out.push_back(&d);
  return out;
}

}  // namespace

TEST_CASE("Department names reduce to a canonical name and a place", "[link]") {
  SECTION("an abbreviation and the full name are one department") {
    const DepartmentName full = department_name("某区卫生健康局");
    const DepartmentName short_name = department_name("区卫健局");
    CHECK(full.canonical == "卫生健康局");
    CHECK(short_name.canonical == "卫生健康局");
    CHECK(full.place == "某区");
    CHECK(short_name.level == "区");
    CHECK(short_name.place_name.empty());
  }
  SECTION("party and government words and the places before the name are set apart") {
    const DepartmentName n = department_name("中共株洲市石峰区委员会统一战线工作部");
    CHECK(n.canonical == "统一战线工作部");
    CHECK(n.place == "石峰区");
    CHECK(department_name("蒸湘区委统战部").place == "蒸湘区");
  }
  SECTION("a name that starts like a place keeps its words") {
    CHECK(department_name("市场监督管理局").canonical == "市场监督管理局");
    CHECK(department_name("市场监督管理局").place.empty());
    CHECK(department_name("株洲市档案史志馆").canonical == "档案史志馆");
    CHECK(department_name("城市更新促进中心").canonical == "城市更新促进中心");
  }
  SECTION("the user's aliases extend the table") {
    CHECK(department_name("某县卫计局").canonical != "卫生健康局");
    const DepartmentName n = department_name("某县卫计局", {{"卫计局", "卫生健康局"}});
    CHECK(n.canonical == "卫生健康局");
    CHECK(n.place == "某县");
  }
}

TEST_CASE("Indicator names match by similarity only when one nests in the other", "[link]") {
  CHECK(name_similarity("群众满意度", "群众满意度") == 1.0);
  CHECK(name_similarity("1.群众满意度", "群众满意度") == 1.0);
  CHECK(name_similarity("家庭医生签约人数", "家庭医生签约服务人数") == Approx(0.75));
  CHECK(names_nest("家庭医生签约人数", "家庭医生签约服务人数"));
  // Similar, but a changed word makes another indicator.
  CHECK(name_similarity("城镇居民健康档案建档率", "农村居民健康档案建档率") == Approx(0.8));
  CHECK_FALSE(names_nest("城镇居民健康档案建档率", "农村居民健康档案建档率"));
  CHECK(name_similarity("培训人次", "会议次数") < 0.5);
}

TEST_CASE("A dossier with planted disagreements fires each L rule, naming both places", "[link]") {
  const LinkResult r = link(dossier(Figures{}));
  REQUIRE(r.dossiers.size() == 1);
  const Dossier& d = r.dossiers.front();
  CHECK(d.department == "卫生健康局");
  CHECK(d.fiscal_year == 2023);
  CHECK(d.members.size() == 4);
  CHECK(d.previous == std::vector<std::string>{"last_year.txt"});
  CHECK(r.unlinked.empty());
  auto member = std::find_if(d.members.begin(), d.members.end(), [](auto& m) { return m.path == "selfeval_table.txt"; });
  REQUIRE(member != d.members.end());
  CHECK_THAT(member->reason, Contains("区卫健局") && Contains("卫生健康局") && Contains("2023"));

  SECTION("L101: the target changed between the 目标表 and both self-evaluations") {
    const auto found = with_code(r, "L101");
    REQUIRE(found.size() == 2);
    for (const Diagnostic* f : found) {
      CHECK_THAT(f->message, Contains("家庭医生签约人数") && Contains("≥4500人") && Contains("≥5000人"));
      REQUIRE(f->related.size() == 1);
      CHECK(f->related[0].path == "target.txt");
      CHECK_THAT(f->related[0].excerpt, Contains("≥5000人"));
      CHECK(f->related[0].line > 0);
    }
  }
  SECTION("L102: full marks for 4800人 against the promised ≥5000人") {
    const auto found = with_code(r, "L102");
    REQUIRE(found.size() == 2);
    CHECK_THAT(found[0]->message, Contains("4800人") && Contains("≥5000人") && Contains("10.00/10.00"));
    CHECK(found[0]->severity == "error");
  }
  SECTION("L103: 年初预算数 against the 目标表 and the 决算, spending and 项目支出 against the 决算") {
    const auto found = with_code(r, "L103");
    REQUIRE(found.size() == 4);
    for (const Diagnostic* f : found) CHECK(f->path == "report.txt");
    CHECK_THAT(found[0]->message, Contains("2350.00") && Contains("2300.00") && Contains("50.00"));
    std::vector<std::string> others;
    for (const Diagnostic* f : found) others.push_back(f->related.at(0).path);
    CHECK(std::count(others.begin(), others.end(), "accounts.txt") == 3);
    CHECK(std::count(others.begin(), others.end(), "target.txt") == 1);
    const auto tolerance = std::find_if(found[0]->evidence.begin(), found[0]->evidence.end(),
                                        [](const Evidence& e) { return e.role == "tolerance"; });
    REQUIRE(tolerance != found[0]->evidence.end());
    CHECK(*tolerance->value == Approx(0.01));
  }
  SECTION("L104: the 上年 figure against last year's report") {
    const auto found = with_code(r, "L104");
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0]->message, Contains("2150.00") && Contains("2100.00") && Contains("2022"));
    CHECK(found[0]->related.at(0).path == "last_year.txt");
  }
  SECTION("L105: 群众满意度 93% in the 自评表, 95% in the 自评报告") {
    const auto found = with_code(r, "L105");
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0]->message, Contains("93%") && Contains("95%"));
    CHECK(found[0]->related.at(0).path != found[0]->path);
    const auto sim = std::find_if(found[0]->evidence.begin(), found[0]->evidence.end(),
                                  [](const Evidence& e) { return e.role == "similarity"; });
    REQUIRE(sim != found[0]->evidence.end());
    CHECK(*sim->value == 1.0);
  }
  SECTION("the 城镇 and 农村 rates, each in one document only, are not paired") {
    for (const Diagnostic& f : r.diagnostics) CHECK_THAT(f.message, !Contains("建档率"));
  }
}

TEST_CASE("The same dossier agreeing gives no cross-document finding", "[link]") {
  const LinkResult r = link(dossier(agreeing()));
  REQUIRE(r.dossiers.size() == 1);
  CHECK(r.diagnostics.empty());
}

TEST_CASE("Findings are in the config's language, selected and ignored like every rule", "[link]") {
  CheckConfig en;
  en.lang = "en";
  const LinkResult english = link(dossier(Figures{}), en);
  REQUIRE_FALSE(english.diagnostics.empty());
  CHECK_THAT(english.diagnostics.front().message, Contains("here but"));
  CHECK_THAT(english.dossiers.front().members.front().reason, Contains("fiscal year 2023"));

  CheckConfig only;
  only.select = {"L103"};
  only.severity = {{"L103", "warning"}};
  const LinkResult selected = link(dossier(Figures{}), only);
  REQUIRE(selected.diagnostics.size() == 4);
  for (const Diagnostic& d : selected.diagnostics) CHECK(d.severity == "warning");

  CheckConfig ignored;
  ignored.ignore = {"L"};
  CHECK(link(dossier(Figures{}), ignored).diagnostics.empty());
}

TEST_CASE("Documents that cannot be linked are listed with the reason", "[link]") {
  std::vector<Document> docs = dossier(Figures{});
  SECTION("alone in its department and year") {
    const LinkResult r = link({docs[2]});
    CHECK(r.dossiers.empty());
    REQUIRE(r.unlinked.size() == 1);
    CHECK_THAT(r.unlinked[0].reason, Contains("卫生健康局") && Contains("2023"));
  }
  SECTION("no department, no year") {
    Document nameless = docs[0];
    nameless.meta.department.clear();
    Document yearless = docs[1];
    yearless.meta.fiscal_year.reset();
    const LinkResult r = link({nameless, yearless, docs[2]});
    REQUIRE(r.unlinked.size() == 3);
    CHECK(r.unlinked[0].reason == "未识别出部门名称");
    CHECK(r.unlinked[1].reason == "未识别出年度");
  }
  SECTION("a place without a name when the batch holds the department of two places") {
    Document other_place = docs[3];
    other_place.meta.department = "另区卫生健康局";
    other_place.meta.path = "other.txt";
    const LinkResult r = link({docs[0], docs[1], docs[2], other_place});
    auto unlinked = std::find_if(r.unlinked.begin(), r.unlinked.end(), [](auto& u) { return u.path == "selfeval_table.txt"; });
    REQUIRE(unlinked != r.unlinked.end());
    CHECK_THAT(unlinked->reason, Contains("区卫健局"));
  }
  SECTION("another department's documents never link") {
    Document other = docs[3];
    other.meta.department = "某区教育局";
    const LinkResult r = link({docs[2], other});
    CHECK(r.dossiers.empty());
    CHECK(r.diagnostics.empty());
  }
}

TEST_CASE("A project's documents compare with each other, not with the department's", "[link]") {
  const std::string table_text =
      "项目支出绩效自评表\n（2023年度）\n\n" + table({{"项目名称", "家庭医生签约服务项目"}, {"主管部门", "某区卫生健康局"}}) + "\n" +
      table({{"项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数"}, {"", "年度资金总额", "100", "120", "108"}}) + "\n" +
      table({{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"},
             {"产出指标", "数量指标", "家庭医生签约人数", "≥3000人", "3100人", "10", "10"}});
  const Document project = parse_document(table_text, "project.txt");
  std::vector<Document> docs = dossier(Figures{});
  const LinkEntry entry = link_entry(project);
  CHECK(entry.scope == "project");
  CHECK(entry.subject == "家庭医生签约服务项目");
  const LinkResult r = link({docs[0], docs[2], project});
  for (const Diagnostic& d : r.diagnostics) CHECK(d.path != "project.txt");
}

TEST_CASE("An indicator renamed with words added is still one indicator; the similarity is evidence", "[link]") {
  const Document target = parse_document(
      "某区卫生健康局2023年部门整体支出绩效目标表\n\n" +
          table({{"一级指标", "二级指标", "三级指标", "指标值"}, {"产出指标", "数量指标", "家庭医生签约人数", "≥5000人"}}),
      "target.txt");
  const Document selfeval = parse_document(
      "某区卫生健康局2023年度部门整体支出绩效自评表\n\n" +
          table({{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"},
                 {"产出指标", "数量指标", "家庭医生签约服务人数", "≥4000人", "4100人", "10", "8"}}),
      "selfeval.txt");
  LinkResult r = link({target, selfeval});
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "L101");
  CHECK_THAT(r.diagnostics[0].message, Contains("0.75"));

  SECTION("below the configured threshold it is not") {
    CheckConfig strict;
    strict.tolerances = {{"link_similarity", 0.8}};
    CHECK(link({target, selfeval}, strict).diagnostics.empty());
  }
}

TEST_CASE("Figures written in 元 compare with 万元 at the rounding of each", "[link]") {
  auto accounts = [](const std::string& spent) {
    return parse_document(
        "某区卫生健康局2023年度部门决算\n\n第一部分 部门概况\n某区卫生健康局是区政府工作部门。\n\n"
        "第二部分 2023年度部门决算情况说明\n一、财政拨款支出决算情况说明\n本年财政拨款支出" + spent + "元。\n",
        "accounts.txt");
  };
  const Document report = parse_document(
      "某区卫生健康局2023年度部门整体支出绩效自评报告\n\n一、部门基本情况\n某区卫生健康局负责全区卫生健康工作。\n\n"
      "二、一般公共预算支出情况\n本年财政拨款支出2,331.27万元。\n",
      "report.txt");
  CHECK(link({report, accounts("23,312,700.00")}).diagnostics.empty());
  CHECK(link({report, accounts("23,312,740.00")}).diagnostics.empty());  // 2,331.274 rounds to 2,331.27
  const LinkResult off = link({report, accounts("23,322,700.00")});
  REQUIRE(off.diagnostics.size() == 1);
  CHECK(off.diagnostics[0].message == "「本年财政拨款支出」在本文件为 2331.27 万元，在《accounts.txt》中为 2332.27 万元（差 1.00 万元）");
}
