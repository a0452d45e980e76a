#include "extract/quantity.hpp"
#include "parse/parse.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace jixiao;

namespace {

std::vector<FoundQuantity> scan(std::string_view text) { return scan_quantities(text); }

FoundQuantity only(const std::vector<FoundQuantity>& found) {
  REQUIRE(found.size() == 1);
  return found.front();
}

}  // namespace

TEST_CASE("Money is normalised to 万元 and keeps its stated precision", "[quantity]") {
  SECTION("thousands separators and 万元") {
    const auto f = only(scan("合计1,234.56万元"));
    CHECK(f.quantity.value == Approx(1234.56));
    CHECK(f.quantity.unit == "万元");
    CHECK(f.quantity.kind == "money");
    CHECK(f.quantity.decimals == 2);
    CHECK(f.quantity.text == "1,234.56万元");
    CHECK(f.quantity.label == "合计");
  }
  SECTION("a small amount with one decimal") {
    const auto f = only(scan("政府性基金财政拨款收入0.8万元"));
    CHECK(f.quantity.value == Approx(0.8));
    CHECK(f.quantity.decimals == 1);
    CHECK(f.quantity.label == "政府性基金财政拨款收入");
  }
  SECTION("元 and 亿元") {
    const auto found = scan("资助金额5000元，授信68亿元");
    REQUIRE(found.size() == 2);
    CHECK(found[0].quantity.value == Approx(0.5));
    CHECK(found[0].quantity.decimals == 0);
    CHECK(found[1].quantity.value == Approx(680000));
    CHECK(found[1].quantity.label == "授信");
  }
  SECTION("Chinese numerals with 元") {
    const auto f = only(scan("发放补助两千元"));
    CHECK(f.quantity.value == Approx(0.2));
    CHECK(f.quantity.kind == "money");
    CHECK(f.quantity.text == "两千元");
  }
  SECTION("full precision survives") {
    const auto f = only(scan("其中：基本支出137.01041万元"));
    CHECK(f.quantity.value == 137.01041);
    CHECK(f.quantity.decimals == 5);
    CHECK(f.quantity.label == "基本支出");
  }
  SECTION("an approximate amount") {
    const auto f = only(scan("投入资金20余万元"));
    CHECK(f.quantity.value == Approx(20));
    CHECK(f.quantity.comparator == ">");
    CHECK(f.quantity.unit == "万元");
  }
}

TEST_CASE("Percentages, comparators and rates", "[quantity]") {
  SECTION("a share after its whole and part") {
    const auto found = scan("区级人大代表198名，其中党外代表71名，占35.9%");
    REQUIRE(found.size() == 3);
    CHECK(found[0].quantity.label == "区级人大代表");
    CHECK(found[1].quantity.label == "党外代表");
    CHECK(found[2].quantity.value == Approx(35.9));
    CHECK(found[2].quantity.unit == "%");
    CHECK(found[2].quantity.decimals == 1);
    CHECK(found[2].quantity.label == "占");
  }
  SECTION("≥ before a percentage") {
    const auto f = only(scan("≥98%"));
    CHECK(f.quantity.comparator == "≥");
    CHECK(f.quantity.value == Approx(98));
    CHECK(f.begin == 0);
  }
  SECTION("不低于 is ≥ and belongs to the quantity, not to its label") {
    const auto f = only(scan("验收合格率不低于95%"));
    CHECK(f.quantity.comparator == "≥");
    CHECK(f.quantity.text == "不低于95%");
    CHECK(f.quantity.label == "验收合格率");
  }
  SECTION("不超过 and ≤ with money") {
    CHECK(only(scan("不超过5万元")).quantity.comparator == "≤");
    const auto f = only(scan("≤5万元"));
    CHECK(f.quantity.comparator == "≤");
    CHECK(f.quantity.value == Approx(5));
  }
  SECTION("a cost per person keeps its rate unit") {
    const auto f = only(scan("≤200元/人"));
    CHECK(f.quantity.comparator == "≤");
    CHECK(f.quantity.value == Approx(200));
    CHECK(f.quantity.unit == "元/人");
    CHECK(f.quantity.kind == "money");
  }
  SECTION("以上 after the unit") {
    const auto f = only(scan("65岁以上"));
    CHECK(f.quantity.comparator == "≥");
    CHECK(f.quantity.unit == "岁");
  }
  SECTION("达到 is ≥ and leaves the label clean") {
    const auto f = scan("全区老年人共25760人，体检率达到72.4%").back();
    CHECK(f.quantity.comparator == "≥");
    CHECK(f.quantity.label == "体检率");
  }
  SECTION("百分之 in words") {
    const auto f = only(scan("满意度达百分之九十五"));
    CHECK(f.quantity.value == Approx(95));
    CHECK(f.quantity.kind == "percent");
  }
  SECTION("a range of percentages") {
    const auto f = only(scan("90%-95%"));
    CHECK(f.quantity.value == Approx(90));
    CHECK(f.quantity.value_high == Approx(95));
  }
}

TEST_CASE("Counts in Arabic and Chinese numerals", "[quantity]") {
  SECTION("十位 is ten") {
    const auto f = only(scan("资助雨母山镇幸福村十位贫困学生"));
    CHECK(f.quantity.value == 10);
    CHECK(f.quantity.unit == "位");
    CHECK(f.quantity.kind == "count");
  }
  SECTION("两次 and 一千二百人") {
    const auto found = scan("召开会议两次，培训一千二百人");
    REQUIRE(found.size() == 2);
    CHECK(found[0].quantity.value == 2);
    CHECK(found[0].quantity.label == "召开会议");
    CHECK(found[1].quantity.value == 1200);
    CHECK(found[1].quantity.unit == "人");
  }
  SECTION("magnitude and approximation before the unit") {
    const auto found = scan("发放宣传资料2万余份，覆盖1000余人次，接种26.3万剂次");
    REQUIRE(found.size() == 3);
    CHECK(found[0].quantity.value == Approx(20000));
    CHECK(found[0].quantity.unit == "份");
    CHECK(found[0].quantity.comparator == ">");
    CHECK(found[1].quantity.value == 1000);
    CHECK(found[1].quantity.unit == "人次");
    CHECK(found[2].quantity.value == Approx(263000));
    CHECK(found[2].quantity.unit == "剂次");
  }
  SECTION("full-width digits") {
    const auto f = only(scan("培训骨干１２０人次"));
    CHECK(f.quantity.value == 120);
    CHECK(f.quantity.unit == "人次");
  }
  SECTION("a range of counts shares the unit written once") {
    const auto f = only(scan("对接2-3个海外商会"));
    CHECK(f.quantity.value == 2);
    CHECK(f.quantity.value_high == Approx(3));
    CHECK(f.quantity.unit == "个");
  }
  SECTION("numerals that count nothing are not quantities") {
    CHECK(scan("党的十九大和十九届六中全会精神，统一战线").empty());
    CHECK(scan("省第十二次党代会").empty());
    CHECK(scan("十县百乡千村万户").empty());
  }
}

TEST_CASE("Dates and periods", "[quantity]") {
  SECTION("a day of a month") {
    const auto f = only(scan("9月7日，邀请了副教授上党课"));
    CHECK(f.quantity.kind == "date");
    CHECK(f.quantity.value == 907);
  }
  SECTION("a full date") {
    const auto f = only(scan("截至2021年12月31日"));
    CHECK(f.quantity.value == 20211231);
    CHECK(f.quantity.text == "2021年12月31日");
  }
  SECTION("a period written with dots") {
    const auto f = only(scan("2021.1-2021.12"));
    CHECK(f.quantity.kind == "date");
    CHECK(f.quantity.value == 20210100);
    CHECK(f.quantity.value_high == Approx(20211200));
    CHECK(f.end == std::string_view("2021.1-2021.12").size());
  }
  SECTION("a year with 年度 is a boundary for the next label") {
    const auto found = scan("2020年度单位一般公共预算财政拨款收入2368.50万元");
    REQUIRE(found.size() == 2);
    CHECK(found[0].quantity.kind == "date");
    CHECK(found[0].quantity.value == 20200000);
    CHECK(found[0].quantity.text == "2020年度");
    CHECK(found[1].quantity.label == "单位一般公共预算财政拨款收入");
    CHECK(found[1].quantity.decimals == 2);
  }
  SECTION("months in a range") {
    const auto f = only(scan("今年9-10月份"));
    CHECK(f.quantity.value == 900);
    CHECK(f.quantity.value_high == Approx(1000));
  }
}

TEST_CASE("Numbering, document numbers and identifiers are not quantities", "[quantity]") {
  CHECK(scan("1、电子政务").empty());
  CHECK(scan("（2）项目支出情况").empty());
  CHECK(scan("芦办发〔2019〕17号文件").empty());
  CHECK(scan("5G基站和COVID-19").empty());
  const auto found = scan("1、电子政务内网建设经费项目支出3.22万元；2、民族工作专项经费项目支出4.99万元。");
  REQUIRE(found.size() == 2);
  CHECK(found[0].quantity.label == "电子政务内网建设经费项目支出");
  CHECK(found[1].quantity.label == "民族工作专项经费项目支出");
}

TEST_CASE("Labels name what a figure is", "[quantity]") {
  SECTION("after 其中 and a colon") {
    const auto found = scan("其中：项目支出91.98万元，基本支出166.92万元，其中：人员经费140.52万元，公用经费26.40万元。");
    REQUIRE(found.size() == 4);
    CHECK(found[0].quantity.label == "项目支出");
    CHECK(found[1].quantity.label == "基本支出");
    CHECK(found[2].quantity.label == "人员经费");
    CHECK(found[3].quantity.label == "公用经费");
    CHECK(found[3].quantity.decimals == 2);
  }
  SECTION("before a colon when nothing follows it") {
    CHECK(only(scan("资金总额：167.0104万元")).quantity.label == "资金总额");
  }
  SECTION("brackets inside a label are kept") {
    const auto found = scan("公务用车运行维护费6.21万元，因公出国（境）费0万元。");
    REQUIRE(found.size() == 2);
    CHECK(found[1].quantity.label == "因公出国（境）费");
  }
  SECTION("byte offsets point at the figure") {
    const std::string text = "2021年“三公”经费支出9.86万元";
    const auto found = scan(text);
    REQUIRE(found.size() == 2);
    CHECK(text.substr(found[1].begin, found[1].end - found[1].begin) == "9.86万元");
    CHECK(found[1].quantity.label == "“三公”经费支出");
  }
}

TEST_CASE("Targets parse into comparator, value and unit", "[quantity]") {
  SECTION("a lone percentage means equal") {
    auto t = parse_target("100%");
    REQUIRE(t);
    CHECK(t->comparator == "=");
    CHECK(t->value == Approx(100));
    CHECK(t->unit == "%");
  }
  SECTION("≥ with a count unit") {
    auto t = parse_target("≥500人次");
    REQUIRE(t);
    CHECK(t->comparator == "≥");
    CHECK(t->value == Approx(500));
    CHECK(t->unit == "人次");
  }
  SECTION("a comparator without a number") {
    auto t = parse_target("不超过预算");
    REQUIRE(t);
    CHECK(t->comparator == "≤");
    CHECK_FALSE(t->value);
  }
  SECTION("qualitative and multi-figure targets give nothing to measure") {
    CHECK_FALSE(parse_target("良好"));
    CHECK_FALSE(parse_target("各类培训8次；各类会议21次；调研9次"));
    CHECK_FALSE(parse_target(""));
  }
}

TEST_CASE("Plain numbers and money helpers", "[quantity]") {
  int decimals = -1;
  CHECK(parse_number("1,234.56", &decimals) == Approx(1234.56));
  CHECK(decimals == 2);
  CHECK(parse_number("一千二百") == Approx(1200));
  CHECK(parse_number("１２３") == Approx(123));
  CHECK_FALSE(parse_number("12元"));
  CHECK(to_wan_yuan(5000, "元") == Approx(0.5));
  CHECK(to_wan_yuan(3, "亿元") == Approx(30000));
  CHECK_FALSE(to_wan_yuan(3, "人"));
  CHECK(wan_yuan_factor("千元") == Approx(0.1));
}

TEST_CASE("A number broken by a line break in a tab-cell table is read whole", "[quantity]") {
  const ParsedText parsed = parse_text("\t项目支出\n\t137.01\n041万元\n\n\t合计\n\t30万元\n");
  REQUIRE(parsed.tables.size() == 1);
  const Cell& cell = parsed.tables[0].rows[0][1];
  const auto f = only(scan(cell.text));
  CHECK(f.quantity.value == 137.01041);
  CHECK(f.quantity.decimals == 5);
  const Span span = locate(cell.map, cell.text, f.begin, f.end);
  CHECK(span.line == 2);
  CHECK(span.end_line == 3);
}

TEST_CASE("A digit run longer than any amount or ID number is not a quantity", "[quantity]") {
  const std::string huge(400, '9');  // past 308 digits a double is infinite
  CHECK(scan("支出" + huge + "万元").empty());
  CHECK(scan(huge + "." + huge + "%").empty());
  CHECK_FALSE(parse_number(huge));
  // An 18-digit ID number and a 19-digit account are still read as numbers.
  CHECK(only(scan("身份证号110101199003071234")).quantity.kind == "number");
  CHECK(only(scan("账号6222021234567890123")).quantity.value == Approx(6222021234567890123.0));
}
