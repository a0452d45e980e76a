#include "core/error.hpp"
#include "extract/doc_type.hpp"
#include "extract/templates.hpp"
#include "pipeline/pipeline.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace jixiao;

namespace {

// A department self-evaluation in prose, the Hunan layout, with 其中 breakdowns, a
// numbered list of project lines and a 政府性基金 paragraph whose own 其中 must not
// overwrite the general budget.
const char* const kSelfEvaluation = R"(宁乡市农业农村局2022年度部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
宁乡市农业农村局负责全市农业农村经济发展、农田建设和乡村振兴工作。
（二）机构和人员情况
局机关内设7个股室，截至2022年底实有在职人员86人，其中行政编制31人，事业编制55人。
二、一般公共预算支出情况
1、2022年年初预算数1,520.00万元。
2、2022年度单位一般公共预算财政拨款收入1608.35万元，支出1596.20万元，其中：基本支出1102.48万元，项目支出493.72万元。
（一）项目支出情况
1、高标准农田建设项目支出210.50万元；2、动物防疫经费项目支出88.00万元；3、农产品质量安全监测经费45.22万元。
三、政府性基金预算支出情况
2022年度政府性基金财政拨款收入30万元，其中基本支出0.0万元，项目支出30万元。
四、国有资本经营预算支出情况
无。
五、社会保险基金预算支出情况
无。
六、部门整体支出绩效情况
全年完成高标准农田建设2.3万亩，验收合格率达到98.5%。
七、存在的问题及原因分析
部分项目资金拨付进度较慢。
八、下一步改进措施
加快资金拨付进度。
九、绩效自评结果拟应用和公开情况
自评结果在市政府门户网站公开。
十、其他需要说明的情况
无。
)";

// A department target table in tab-cell form (Word's text export): the title is the single
// cell of the first row, the unit is in 填报单位, the indicator band's merged cells are empty.
const char* const kTargetTable =
    "\t2023年部门整体支出绩效目标表\n"
    "\n"
    "\t填报单位：（盖章）长沙县市场监督管理局\n"
    "\n"
    "\t部门名称\n\t长沙县市场监督管理局\n"
    "\n"
    "\t年度预算申请\n（万元）\n\t资金总额：412.6万元\n"
    "\n"
    "\t\n\t其中：一般公共预算拨款\n\t412.6万元\n\t其中：基本支出\n\t372.6万元\n"
    "\n"
    "\t\n\t政府性基金拨款\n\t\n\t项目支出\n\t40万元\n"
    "\n"
    "\t年度绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\t备注\n"
    "\n"
    "\t\n\t产出指标\n\t产出数量\n\t食品安全抽检批次\n\t≥1200批次\n\t\n"
    "\n"
    "\t\n\t\n\t产出质量\n\t抽检任务完成率\n\t100%\n\t\n"
    "\n"
    "\t\n\t\n\t产出时效\n\t投诉举报按时办结率\n\t\n\t\n"
    "\n"
    "\t\n\t\n\t产出成本\n\t抽检经费\n\t≤30万元\n\t\n"
    "\n"
    "\t\n\t效益指标\n\t社会效益\n\t群众食品安全感\n\t持续提升\n\t\n"
    "\n"
    "\t\n\t满意度指标\n\t服务对象满意度\n\t\n\t不低于90%\n\t\n";

// A 项目支出绩效自评表 (财预〔2020〕10号 layout).
const char* const kProjectSelfEvaluation =
    "项目支出绩效自评表\n"
    "（2022年度）\n"
    "\n"
    "\t项目名称\n\t农村饮水安全巩固提升项目\n"
    "\n"
    "\t主管部门\n\t浏阳市水利局\n\t实施单位\n\t浏阳市农村供水服务中心\n"
    "\n"
    "\t项目资金\n（万元）\n\t\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n"
    "\n"
    "\t\n\t年度资金总额\n\t300\n\t280\n\t266\n\t10\n\t95%\n\t9.5\n"
    "\n"
    "\t\n\t其中：当年财政拨款\n\t300\n\t280\n\t266\n\t—\n\t—\n\t—\n"
    "\n"
    "\t绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\t偏差原因分析及改进措施\n"
    "\n"
    "\t\n\t产出指标\n\t数量指标\n\t新建改造供水管网\n\t≥120公里\n\t126公里\n\t20\n\t20\n\t\n"
    "\n"
    "\t\n\t\n\t质量指标\n\t水质达标率\n\t≥95%\n\t93%\n\t20\n\t18\n\t部分水厂消毒设备老化，下年度更换。\n"
    "\n"
    "\t\n\t\n\t成本指标\n\t\n\t≤2.4万元/公里\n\t2.1万元/公里\n\t10\n\t10\n\t\n"
    "\n"
    "\t\n\t满意度指标\n\t服务对象满意度指标\n\t受益群众满意度\n\t≥90%\n\t94%\n\t40\n\t40\n\t\n"
    "\n"
    "\t总分\n\t\n\t\n\t\n\t\n\t\n\t100\n\t97.5\n\t\n";

const char* const kWorkSummary = R"(韶山市妇联2022年工作总结
一、工作开展情况
全年举办家庭教育讲座两次，培训妇女骨干一千二百人次，走访困难家庭146户。
二、存在的问题
基层妇联组织力量薄弱。
三、2023年工作计划
持续开展“巾帼建功”活动。
)";

const Indicator* indicator_named(const Document& doc, std::string_view level3) {
  auto it = std::find_if(doc.indicators.begin(), doc.indicators.end(),
                         [&](const Indicator& i) { return i.level3 == level3; });
  return it == doc.indicators.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("A department self-evaluation in prose yields its budget statement", "[extract]") {
  const Document doc = parse_document(kSelfEvaluation, "ningxiang.txt");

  SECTION("meta") {
    CHECK(doc.meta.doc_type == "self_evaluation");
    CHECK(doc.meta.template_ == "hunan-dept-selfeval");
    CHECK(doc.meta.department == "宁乡市农业农村局");
    CHECK(doc.meta.region == "宁乡市");
    CHECK(doc.meta.fiscal_year == 2022);
  }
  SECTION("budget figures with their spans") {
    const Budget& b = doc.budget;
    CHECK(b.budget == Approx(1520.0));
    CHECK(b.revenue == Approx(1608.35));
    CHECK(b.expenditure == Approx(1596.20));
    CHECK(b.basic == Approx(1102.48));
    CHECK(b.project == Approx(493.72));
    CHECK(b.execution_rate == Approx(1596.20 / 1520.0 * 100));
    CHECK(b.year == 2022);
    REQUIRE(b.spans.count("revenue"));
    CHECK(b.spans.at("revenue").line == 9);
  }
  SECTION("the 政府性基金 paragraph feeds gov_fund_* and leaves basic and project alone") {
    CHECK(doc.budget.gov_fund_revenue == Approx(30));
    CHECK_FALSE(doc.budget.gov_fund_expenditure);
    CHECK(doc.budget.project == Approx(493.72));
  }
  SECTION("figures the report never states stay absent") {
    CHECK_FALSE(doc.budget.personnel);
    CHECK_FALSE(doc.budget.public_);
    CHECK_FALSE(doc.budget.three_public);
  }
  SECTION("numbered project lines, and budget lines are not projects") {
    REQUIRE(doc.projects.size() == 3);
    CHECK(doc.projects[0].name == "高标准农田建设");
    CHECK(doc.projects[0].amount == Approx(210.50));
    CHECK(doc.projects[2].name == "农产品质量安全监测经费");
    CHECK(doc.projects[2].span.line == 11);
  }
  SECTION("facts carry labels, blocks and spans") {
    auto it = std::find_if(doc.facts.begin(), doc.facts.end(), [](const Quantity& q) { return q.label == "事业编制"; });
    REQUIRE(it != doc.facts.end());
    CHECK(it->value == 55);
    CHECK(it->unit == "人");
    CHECK(it->span.line == 6);
    CHECK(doc.blocks[it->block].span.line == 6);
    CHECK(doc.indicators.empty());
  }
}

TEST_CASE("A target table in tab-cell form yields meta, budget and indicators", "[extract]") {
  const Document doc = parse_document(kTargetTable, "changsha.txt");

  SECTION("meta from the table") {
    CHECK(doc.meta.title == "2023年部门整体支出绩效目标表");
    CHECK(doc.meta.doc_type == "target_table");
    CHECK(doc.meta.template_ == "target-table");
    CHECK(doc.meta.department == "长沙县市场监督管理局");
    CHECK(doc.meta.region == "长沙县");
    CHECK(doc.meta.fiscal_year == 2023);
  }
  SECTION("budget from labelled cells; no revenue or expenditure stated") {
    CHECK(doc.budget.budget == Approx(412.6));
    CHECK(doc.budget.basic == Approx(372.6));
    CHECK(doc.budget.project == Approx(40));
    CHECK_FALSE(doc.budget.revenue);
    CHECK_FALSE(doc.budget.expenditure);
    CHECK_FALSE(doc.budget.execution_rate);
  }
  SECTION("indicator rows with levels filled down") {
    REQUIRE(doc.indicators.size() == 6);
    const Indicator& first = doc.indicators.front();
    CHECK(first.level1 == "产出指标");
    CHECK(first.level2 == "产出数量");
    CHECK(first.target_comparator == "≥");
    CHECK(first.target_value == Approx(1200));
    CHECK(first.target_unit == "批次");
    const Indicator* timely = indicator_named(doc, "投诉举报按时办结率");
    REQUIRE(timely);
    CHECK(timely->level1 == "产出指标");
    CHECK(timely->target.empty());
    CHECK_FALSE(timely->target_value);
    const Indicator* cost = indicator_named(doc, "抽检经费");
    REQUIRE(cost);
    CHECK(cost->target_comparator == "≤");
    CHECK(cost->target_unit == "万元");
    const Indicator* feeling = indicator_named(doc, "群众食品安全感");
    REQUIRE(feeling);
    CHECK(feeling->level1 == "效益指标");
    CHECK(feeling->target_comparator.empty());
    CHECK(doc.indicators.back().level3.empty());
    CHECK(doc.indicators.back().target_comparator == "≥");
    CHECK(doc.indicators.back().level2 == "服务对象满意度");
  }
  SECTION("the 100% target reads as equal") {
    const Indicator* rate = indicator_named(doc, "抽检任务完成率");
    REQUIRE(rate);
    CHECK(rate->target_comparator == "=");
    CHECK(rate->target_value == Approx(100));
    CHECK(rate->span.line > 0);
  }
}

TEST_CASE("A project self-evaluation table yields budget, points and self scores", "[extract]") {
  const Document doc = parse_document(kProjectSelfEvaluation, "liuyang.txt");

  CHECK(doc.meta.doc_type == "project_selfeval_table");
  CHECK(doc.meta.title == "项目支出绩效自评表（2022年度）");
  CHECK(doc.meta.fiscal_year == 2022);
  CHECK(doc.meta.department == "浏阳市水利局");
  CHECK(doc.budget.budget == Approx(280));
  CHECK(doc.budget.expenditure == Approx(266));
  CHECK(doc.budget.execution_rate == Approx(95));
  CHECK_FALSE(doc.budget.basic);

  REQUIRE(doc.projects.size() == 1);
  CHECK(doc.projects[0].name == "农村饮水安全巩固提升项目");
  CHECK(doc.projects[0].amount == Approx(280));

  REQUIRE(doc.indicators.size() == 4);  // the 总分 row is not an indicator
  const Indicator* quality = indicator_named(doc, "水质达标率");
  REQUIRE(quality);
  CHECK(quality->level1 == "产出指标");
  CHECK(quality->level2 == "质量指标");
  CHECK(quality->actual == "93%");
  CHECK(quality->actual_value == Approx(93));
  CHECK(quality->points == Approx(20));
  CHECK(quality->self_score == Approx(18));
  CHECK(quality->deviation_note == "部分水厂消毒设备老化，下年度更换。");
  // A row whose 三级指标 is empty still counts when its value is there.
  const Indicator& cost = doc.indicators[2];
  CHECK(cost.level2 == "成本指标");
  CHECK(cost.level3.empty());
  CHECK(cost.target_unit == "万元/公里");
  CHECK(cost.actual_value == Approx(2.1));
}

TEST_CASE("A work summary is typed by its title and states no budget", "[extract]") {
  const Document doc = parse_document(kWorkSummary, "shaoshan.txt");
  CHECK(doc.meta.doc_type == "work_summary");
  CHECK(doc.meta.template_ == "work-summary");
  CHECK(doc.meta.department == "韶山市妇联");
  CHECK(doc.meta.fiscal_year == 2022);
  CHECK_FALSE(doc.budget.budget);
  CHECK_FALSE(doc.budget.expenditure);
  CHECK(doc.budget.spans.empty());
  CHECK(doc.projects.empty());
  const auto trained = std::find_if(doc.facts.begin(), doc.facts.end(), [](const Quantity& q) { return q.value == 1200; });
  REQUIRE(trained != doc.facts.end());
  CHECK(trained->unit == "人次");
}

TEST_CASE("Without a title the body names the department and the budget names the year", "[extract]") {
  const Document doc = parse_document(
      "一、基本情况\n"
      "根据湘潭县机构改革方案，县委宣传部内设4个股室。县委宣传部实有在职人员20人。\n"
      "二、一般公共预算支出情况\n"
      "2021年度单位一般公共预算财政拨款支出356.8万元，其中：人员经费210.3万元。\n"
      "三、存在的问题\n"
      "无。\n",
      "untitled.txt");
  CHECK(doc.meta.title.empty());
  CHECK(doc.meta.doc_type == "self_evaluation");
  CHECK(doc.meta.department == "县委宣传部");
  CHECK(doc.meta.fiscal_year == 2021);
  CHECK(doc.budget.expenditure == Approx(356.8));
  CHECK(doc.budget.personnel == Approx(210.3));
  CHECK_FALSE(doc.budget.budget);
  CHECK_FALSE(doc.budget.execution_rate);
}

TEST_CASE("A report that never states its year has no fiscal year", "[extract]") {
  const Document doc = parse_document("平江县司法局整体支出绩效自评报告\n一、部门（单位）基本概况\n略。\n", "pingjiang.txt");
  CHECK(doc.meta.department == "平江县司法局");
  CHECK_FALSE(doc.meta.fiscal_year);
  CHECK(doc.meta.template_ == "dept-selfeval-5");
}

TEST_CASE("Document types from titles", "[extract]") {
  CHECK(doc_type_from_title("2021年度部门整体支出绩效评价报告") == "self_evaluation");
  CHECK(doc_type_from_title("项目支出绩效自评表（2021年度）") == "project_selfeval_table");
  CHECK(doc_type_from_title("2021年专项资金预算绩效目标汇总表") == "target_table");
  CHECK(doc_type_from_title("县委统战部2022年度工作总结暨2023年度工作计划") == "work_summary");
  CHECK(doc_type_from_title("关于开展调研的通知").empty());
}

TEST_CASE("Templates are data, matched by heading titles", "[extract]") {
  const auto& builtin = builtin_templates();
  const Template* hunan = find_template(builtin, "hunan-dept-selfeval");
  REQUIRE(hunan);
  CHECK(hunan->sections.size() == 10);
  CHECK(find_template(builtin, "dept-selfeval-5")->sections.size() == 5);

  Heading h;
  h.title = "资金使用及绩效情况";
  CHECK(match_section(*hunan, h) == 5);
  h.title = "存在的问题及原因分析";
  CHECK(match_section(*hunan, h) == 6);
  h.title = "项目支出情况";
  CHECK(match_section(*hunan, h) == -1);

  SECTION("user templates") {
    const auto mine = parse_templates(
        R"({"templates": [{"name": "mine", "doc_type": "work_summary",
             "sections": [{"name": "主要 成绩", "aliases": ["工作 亮点"]}]}]})",
        "mine.json");
    REQUIRE(mine.size() == 1);
    CHECK(mine[0].sections[0].name == "主要成绩");
    CHECK(mine[0].sections[0].required);
    h.title = "2022年工作亮点";
    CHECK(match_section(mine[0], h) == 0);
  }
  SECTION("bad files are ConfigErrors naming the file") {
    auto kind_of = [](std::string_view text) {
      try {
        parse_templates(text, "bad.json");
      } catch (const Error& e) {
        CHECK(e.path() == "bad.json");
        return e.kind();
      }
      return ErrorKind::usage;
    };
    CHECK(kind_of("{not json") == ErrorKind::config);
    CHECK(kind_of(R"({"templates": [{"doc_type": "self_evaluation"}]})") == ErrorKind::config);
    CHECK(kind_of(R"([{"name": "x", "doc_type": "report"}])") == ErrorKind::config);
    CHECK(kind_of(R"({"other": []})") == ErrorKind::config);
  }
  SECTION("the best template for a document") {
    const Document doc = parse_document(kSelfEvaluation, "ningxiang.txt");
    const Template* t = choose_template(doc, builtin);
    REQUIRE(t);
    CHECK(t->name == "hunan-dept-selfeval");
    const std::vector<int> found = match_sections(*t, doc);
    CHECK(std::count(found.begin(), found.end(), -1) == 0);
  }
}

TEST_CASE("Fact spans point at the source even after a conversion leftover", "[extract]") {
  const Document doc = parse_document("区委统战部[bookmark: _GoBack]召开会议3次，培训120人。\n", "leftover.txt");
  REQUIRE(doc.facts.size() == 2);
  CHECK(doc.facts[0].span.line == 1);
  CHECK(doc.facts[0].span.column == 29);
  CHECK(doc.facts[0].span.end_column == 31);
  CHECK(doc.facts[1].span.column == 34);
  CHECK(doc.facts[1].span.end_column == 38);
  CHECK(doc.facts[1].label == "培训");
}

TEST_CASE("A precise budget term outranks a looser total stated before it", "[extract]") {
  const Document doc = parse_document(
      "汨罗市教育局2022年度部门整体支出绩效自评报告\n"
      "二、一般公共预算支出情况\n"
      "2022年本年收入合计12,345,678.00元，其中：一般公共预算财政拨款收入1200万元，上年收入1100万元。"
      "人员经费支出800.5万元，公用经费支出99.5万元。\n",
      "miluo.txt");
  CHECK(doc.budget.revenue == Approx(1200));
  CHECK(doc.budget.personnel == Approx(800.5));
  CHECK(doc.budget.public_ == Approx(99.5));
  CHECK(doc.budget.year == 2022);
  const auto total = std::find_if(doc.facts.begin(), doc.facts.end(), [](const Quantity& q) { return q.decimals == 2 && q.kind == "money"; });
  REQUIRE(total != doc.facts.end());
  CHECK(total->value == Approx(1234.5678));
}
