#include "parse/parse.hpp"
#include "parse/published.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace jixiao;

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) out.push_back(text.substr(start));
      break;
    }
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string tidy(std::string_view text) {
  std::vector<Segment> map = {{0, 1, 1}};
  return tidy_published(text, map);
}

int count_kind(const ParsedText& p, std::string_view kind) {
  return static_cast<int>(std::count_if(p.artifacts.begin(), p.artifacts.end(),
                                        [&](const Artifact& a) { return a.kind == kind; }));
}

}  // namespace

TEST_CASE("page numbers, form feeds and running headers are page furniture", "[published]") {
  const std::string text =
      "某局2023年度部门整体支出绩效自评报告\n"
      "一、部门基本情况\n正文一。\n"
      "                 — 1 —\n"
      "\f某局2023年度绩效自评报告\n"
      "正文二。\n"
      "                 — 2 —\n"
      "\f某局2023年度绩效自评报告\n"
      "二、存在的问题\n"
      "第 3 页 共 3 页\n";
  const ParsedText p = parse_text(text);
  CHECK(count_kind(p, "page_furniture") == 5);
  for (const Block& b : p.blocks) {
    CHECK(b.text.find("— ") == std::string::npos);
    CHECK(b.text != "某局2023年度绩效自评报告");
  }
  SECTION("the body keeps its lines and columns") {
    const auto it = std::find_if(p.blocks.begin(), p.blocks.end(), [](const Block& b) { return b.text == "二、存在的问题"; });
    REQUIRE(it != p.blocks.end());
    CHECK(it->span.line == 9);
  }
}

TEST_CASE("web chrome before the title and after the body is no part of the report", "[published]") {
  const std::string text =
      "首页 > 政务公开 > 财政资金 > 预决算公开\n"
      "发布时间：2023-08-15  来源：县农业农村局  浏览次数：128\n"
      "索引号：11430000-2023-00012\n"
      "某县农业农村局2022年度部门整体支出绩效自评报告\n"
      "一、部门基本情况\n"
      "资金来源：财政拨款。\n"
      "【打印本页】【关闭窗口】\n";
  const ParsedText p = parse_text(text);
  CHECK(count_kind(p, "web_chrome") == 4);
  REQUIRE(!p.blocks.empty());
  CHECK(p.blocks.front().text == "某县农业农村局2022年度部门整体支出绩效自评报告");
  SECTION("a field word inside the body stays text") {
    CHECK(std::any_of(p.blocks.begin(), p.blocks.end(), [](const Block& b) { return b.text == "资金来源：财政拨款。"; }));
  }
}

TEST_CASE("目录 entries are contents, with or without page numbers", "[published]") {
  SECTION("dot leaders and page numbers") {
    const ParsedText p = parse_text("报告\n目  录\n一、部门基本情况……………………1\n二、存在的问题 ........ 3\n一、部门基本情况\n正文。\n");
    CHECK(count_kind(p, "contents") == 3);
    CHECK(p.blocks.back().text == "正文。");
  }
  SECTION("entries the body repeats") {
    const ParsedText p = parse_text(
        "某局2024年度部门决算\n目 录\n第一部分 概况\n 一、主要职能\n第二部分 决算表\n第一部分 概况\n一、主要职能\n正文。\n");
    CHECK(count_kind(p, "contents") == 4);
    CHECK(std::count_if(p.blocks.begin(), p.blocks.end(), [](const Block& b) { return b.text == "第一部分 概况"; }) == 1);
  }
  SECTION("a 目录 heading with no entries that the body repeats ends at once") {
    const ParsedText p = parse_text("报告\n目录\n一、部门基本情况\n正文很长的一段，说明部门的职能和机构设置情况。\n二、存在的问题\n");
    CHECK(count_kind(p, "contents") == 1);
    CHECK(p.blocks.size() == 4);
  }
}

TEST_CASE("hard-wrapped prose is joined into paragraphs", "[published]") {
  const std::string text =
      "某局2023年度部门整体支出绩效自评报告\n"
      "一、部门基本情况\n"
      "  2023年度本单位一般公共预算财政拨款收入307.82万元，支出\n"
      "296.15万元，其中基本支出180.20万元，项目支出115.95万元\n"
      "，较上年有所减少，主要是压减一般性支出所致，全年执行率为\n"
      "96.2%。\n"
      "  第二段从这里开始，说明部门主要职能和人员编制情况等内容，\n"
      "以及本年度重点工作的完成情况。\n";
  const ParsedText p = parse_text(text);
  REQUIRE(p.blocks.size() == 4);
  CHECK(p.blocks[2].text.find("支出296.15万元") != std::string::npos);
  CHECK(p.blocks[2].span.line == 3);
  CHECK(p.blocks[2].span.end_line == 6);
  CHECK(p.blocks[3].text.rfind("第二段", 0) == 0);
  SECTION("a figure broken from its unit keeps its source position") {
    const size_t at = p.blocks[2].text.find("296.15");
    const Span s = locate(p.blocks[2].map, p.blocks[2].text, at, at + 6);
    CHECK(s.line == 4);
    CHECK(s.column == 1);
  }
}

TEST_CASE("tables aligned with spaces become tables", "[published]") {
  SECTION("columns counted in characters, as pdftotext -layout writes them") {
    const std::string text =
        "收入支出决算总表\n"
        "                         单位：万元\n"
        "项目            决算数   项目          决算数\n"
        "一、财政拨款收入  2,940.05   一、一般公共服务支出  2,106.66\n"
        "二、其他收入        6.20   二、卫生健康支出     60.99\n"
        "本年收入合计    2,946.25   本年支出合计     2,940.05\n";
    const ParsedText p = parse_text(text);
    REQUIRE(p.tables.size() == 1);
    const Table& t = p.tables[0];
    CHECK(t.layout == "text_columns");
    CHECK(t.n_cols == 4);
    CHECK(t.rows.back()[0].text == "本年收入合计");
    CHECK(t.rows.back()[1].text == "2,946.25");
    CHECK(t.rows.back()[3].text == "2,940.05");
    CHECK(std::any_of(t.rows.front().begin(), t.rows.front().end(),
                      [](const Cell& c) { return c.text.find("单位") != std::string::npos; }));
  }
  SECTION("columns padded by display width") {
    const std::string text =
        "一级指标  二级指标      三级指标          指标值\n"
        "产出指标  数量指标      培训人次          ≥500人次\n"
        "          质量指标      培训合格率        ≥95%\n"
        "效益指标  满意度指标    学员满意度        ≥90%\n";
    const ParsedText p = parse_text(text);
    REQUIRE(p.tables.size() == 1);
    const Table& t = p.tables[0];
    CHECK(t.n_cols == 4);
    CHECK(t.rows[2][0].text.empty());
    CHECK(t.rows[2][2].text == "培训合格率");
    CHECK(t.rows[3][3].text == "≥90%");
  }
  SECTION("prose with a wide gap is not a table") {
    const ParsedText p = parse_text("第一部分    概况\n正文一段。\n");
    CHECK(p.tables.empty());
  }
}

TEST_CASE("published spacing and punctuation inside sentences are taken out", "[published]") {
  CHECK(tidy("支出 307.82 万元") == "支出307.82万元");
  CHECK(tidy("本 年 收 入 合 计 2946.25 万 元") == "本年收入合计2946.25万元");
  CHECK(tidy("２０２１年完成９５％") == "2021年完成95%");
  CHECK(tidy("资金,共计:10万元(含结转)") == "资金，共计：10万元（含结转）");
  CHECK(tidy("2,940.05万元") == "2,940.05万元");
  CHECK(tidy("KPI 指标 and more") == "KPI 指标 and more");
  SECTION("kept characters keep their source columns") {
    std::vector<Segment> map = {{0, 7, 3}};
    const std::string out = tidy_published("合 计 5 万元", map);
    CHECK(out == "合计5万元");
    const Span s = locate(map, out, out.find('5'), out.find('5') + 1);
    CHECK(s.line == 7);
    CHECK(s.column == 7);
  }
}

TEST_CASE("text flowed into one line is cut where sections start", "[published]") {
  std::string body = "某局2023年度工作总结 一、工作开展情况 ";
  for (int i = 0; i < 12; ++i) body += "全年组织各类培训活动并开展专项检查工作。";
  body += "二、存在的问题 部分项目推进较慢。（一）资金拨付进度偏慢。";
  const std::vector<size_t> cuts = flowed_paragraph_breaks(body);
  REQUIRE(cuts.size() == 3);
  CHECK(std::string_view(body).substr(cuts[0]).rfind("一、工作开展情况", 0) == 0);
  CHECK(std::string_view(body).substr(cuts[1]).rfind("二、存在的问题", 0) == 0);
  CHECK(std::string_view(body).substr(cuts[2]).rfind("（一）资金", 0) == 0);
  CHECK(flowed_paragraph_breaks("短的一段。二、不切").empty());
}

TEST_CASE("headings glued to their text in flowed text are cut at known heading names", "[published]") {
  auto pieces = [](const std::string& text) {
    std::vector<std::string> out;
    std::vector<size_t> cuts = flowed_paragraph_breaks(text);
    cuts.push_back(text.size());
    size_t from = 0;
    for (size_t cut : cuts) {
      out.emplace_back(text.substr(from, cut - from));
      from = cut;
    }
    return out;
  };
  std::string filler;
  for (int i = 0; i < 6; ++i) filler += "全年完成农村饮水安全巩固提升工程12处。";
  SECTION("a section, its first sub-heading and the sub-heading's text") {
    const std::string text = "一、部门基本情况（一）部门职能县水利局负责全县水资源管理。（二）机构和人员情况局机关内设4个股室。二、部门整体支出绩效情况" + filler;
    const std::vector<std::string> got = pieces(text);
    REQUIRE(got.size() == 7);
    CHECK(got[0] == "一、部门基本情况");
    CHECK(got[1] == "（一）部门职能");
    CHECK(got[2] == "县水利局负责全县水资源管理。");
    CHECK(got[3] == "（二）机构和人员情况");
    CHECK(got[5] == "二、部门整体支出绩效情况");
  }
  SECTION("a longer name is not cut after the known name it starts with") {
    const std::string text = "一、主要工作完成情况（一）党建工作全年开展主题党日活动7次。" + filler + "二、存在的不足个别工作推进不够平衡。";
    const std::vector<std::string> got = pieces(text);
    CHECK(got[0] == "一、主要工作完成情况");
    CHECK(std::find(got.begin(), got.end(), "一、主要工作") == got.end());
  }
  SECTION("a section numbered like a list item is cut only before a known name") {
    const std::string text = filler + "3、部门整体支出绩效情况全年完成检测38个。" + filler + "4、加强学习培训，提高业务水平。";
    const std::vector<std::string> got = pieces(text);
    CHECK(std::any_of(got.begin(), got.end(), [](const std::string& p) { return p == "3、部门整体支出绩效情况"; }));
    CHECK(std::none_of(got.begin(), got.end(), [](const std::string& p) { return p.starts_with("4、"); }));
  }
  SECTION("an ordinary long paragraph opening with a known name is left whole") {
    const std::string text = "（一）部门职能调整后，" + filler;
    CHECK(flowed_paragraph_breaks(text).empty());
  }
  CHECK(known_heading_length("存在的问题及原因分析部分工程") == std::string_view("存在的问题及原因分析").size());
  CHECK(known_heading_length("部门（单位）整体支出绩效状况（一）") == std::string_view("部门（单位）整体支出绩效状况").size());
  CHECK(known_heading_length("2021年工作总结2021年全区") == std::string_view("2021年工作总结").size());
  CHECK(known_heading_length("附件（佐证依据）无") == std::string_view("附件（佐证依据）").size());
  CHECK(known_heading_length("全年完成") == 0);
}

TEST_CASE("line layout tells roles apart without reading blocks", "[published]") {
  const std::string text = "标题\n\n\t单元格\n正文\n";
  const LineLayout layout = lay_out_lines(lines_of(text));
  REQUIRE(layout.roles.size() == 4);
  CHECK(layout.roles[1] == LineRole::blank);
  CHECK(layout.roles[2] == LineRole::cell);
  CHECK(layout.roles[3] == LineRole::body);
}

TEST_CASE("a table written one cell per line is rebuilt under its header", "[published]") {
  auto recovered = [](const std::string& text) {
    const std::vector<std::string_view> lines = lines_of(text);
    return lay_out_lines(lines).cell_tables;
  };
  const std::string header = "绩效指标\n一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n\n";
  SECTION("rows with merged and empty cells dropped find their columns by what they hold") {
    const std::string text = "项目支出绩效自评表\n\n" + header +
                             "产出指标\n数量指标\n培训人次\n≥501人次\n482人次\n30\n30\n\n"
                             "质量指标\n培训合格率\n≥95%\n97%\n20\n20\n\n"
                             "服务能力\n明显提升\n明显提升\n20\n20\n\n"
                             "总分\n100\n100\n";
    const std::vector<CellLineTable> tables = recovered(text);
    REQUIRE(tables.size() == 1);
    const auto& rows = tables[0].rows;
    REQUIRE(rows.size() == 5);
    const std::vector<std::string_view> lines = lines_of(text);
    auto cell = [&](size_t r, size_t c) {
      const long at = rows[r][c].first;
      return at < 0 ? std::string_view{} : lines[static_cast<size_t>(at)];
    };
    CHECK(cell(1, 1) == "产出指标");
    CHECK(cell(1, 4) == "≥501人次");
    CHECK(cell(1, 8).empty());
    CHECK(cell(2, 1).empty());  // 一级 merged away
    CHECK(cell(2, 2) == "质量指标");
    CHECK(cell(2, 5) == "97%");
    CHECK(cell(3, 3) == "服务能力");
    CHECK(cell(3, 4) == "明显提升");
    CHECK(cell(3, 5) == "明显提升");
    CHECK(cell(4, 0) == "总分");
    CHECK(cell(4, 6) == "100");
    CHECK(cell(4, 7) == "100");
  }
  SECTION("a row that fits its header two ways leaves the whole run as text") {
    // 30 could be the actual value or the score: nothing tells which.
    const std::string text = header + "产出指标\n数量指标\n培训人次\n≥501人次\n30\n\n";
    CHECK(recovered(text).empty());
  }
  SECTION("short lines between blank lines with no known header are no table") {
    CHECK(recovered("一、工作情况\n全年完成培训12次\n\n二、存在问题\n宣传不够\n\n三、计划\n加强宣传\n").empty());
  }
}

TEST_CASE("a long cell left as a narrow column of text is joined back into one paragraph", "[published]") {
  std::string text = "2021年部门整体支出绩效目标表\n\n";
  for (const char* line : {"全面掌握全区统一战线工作情况，", "督促检查基层单位贯彻执行统一战", "线有关政策措施的落实，向区委和",
                           "上级统战部门提出开展统战工作的", "意见、建议，检查统战政策执行。"})
    text += std::string("                                ") + line + "\n";
  const LineLayout layout = lay_out_lines(lines_of(text));
  for (size_t i = 2; i < 6; ++i) CHECK(layout.wraps_into_next[i]);
  CHECK_FALSE(layout.wraps_into_next[6]);  // the sentence ends there
  SECTION("short lines of different widths (a list of headings) stay apart") {
    const LineLayout headings = lay_out_lines(lines_of("一、部门基本情况\n二、一般公共预算支出情况\n三、存在的问题\n四、下一步改进措施\n"));
    for (bool wraps : headings.wraps_into_next) CHECK_FALSE(wraps);
  }
}

TEST_CASE("a numbered heading spread over the page is no table row, letter-spaced labels are", "[published]") {
  const std::string heading = "                    第 三 部 分    某 县 水 利 局 2 0 2 3 年 度\n";
  CHECK(lay_out_lines(lines_of(heading + heading)).tables.empty());
  const std::string labels =
      "项 目 名 称        基层医疗卫生机构能力建设项目\n"
      "主 管 部 门        某区卫生健康局\n"
      "年 度 资 金 总 额  100                 120                 108\n"
      "上 年 结 转 资 金  0                   0                   0\n";
  const LineLayout layout = lay_out_lines(lines_of(labels));
  REQUIRE(layout.tables.size() == 1);
  CHECK(layout.tables[0].first_line == 0);
}
