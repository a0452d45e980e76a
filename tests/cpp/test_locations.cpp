// Findings carry the place a reader opens: the page of a PDF, the sheet and cell of a workbook,
// taken from the block, table and cell the finding is in, whatever reader built them.
#include "check/check.hpp"
#include "pipeline/pipeline.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

namespace {

using namespace jixiao;

// A 金额 table whose 合计 row states 16.00 where its rows give 15.00, after a paragraph with a
// word written twice (T101).
Document spending_table() {
  return parse_document(
      "某局2022年度工作总结\n一、主要工作\n截止目前，开展活动活动12次。\n\n"
      "\t序号\n\t项目\n\t金额（万元）\n\n"
      "\t1\n\t办公费\n\t10.00\n\n"
      "\t2\n\t差旅费\n\t5.00\n\n"
      "\t合计\n\t\n\t16.00\n",
      "spending.txt");
}

const Diagnostic& finding(const CheckResult& result, const std::string& code) {
  const auto it = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                               [&](const Diagnostic& d) { return d.code == code; });
  REQUIRE(it != result.diagnostics.end());
  return *it;
}

}  // namespace

TEST_CASE("findings in text files carry no page, sheet or cell", "[locations]") {
  const CheckResult result = check_document(spending_table());
  const Diagnostic& total = finding(result, "A101");
  CHECK(total.page == 0);
  CHECK(total.sheet.empty());
  CHECK(total.cell.empty());
}

TEST_CASE("a finding in a workbook's table names its sheet and cell", "[locations]") {
  Document doc = spending_table();
  REQUIRE(doc.tables.size() == 1);
  Table& table = doc.tables[0];
  table.sheet = "支出表";
  doc.blocks[table.block].sheet = "支出表";
  for (size_t r = 0; r < table.rows.size(); ++r)
    for (size_t c = 0; c < table.rows[r].size(); ++c)
      table.rows[r][c].ref = std::string(1, static_cast<char>('B' + c)) + std::to_string(r + 3);
  const CheckResult checked_total = check_document(doc);
  const Diagnostic& total = finding(checked_total, "A101");
  CHECK(total.sheet == "支出表");
  CHECK(total.cell == "D6");  // the 合计 row's amount: fourth row of the table, third column
}

TEST_CASE("a finding in a PDF names its page", "[locations]") {
  Document doc = spending_table();
  for (jixiao::Block& b : doc.blocks)
    if (b.text.find("活动活动") != std::string::npos) b.page = 3;
  doc.tables[0].page = 4;
  doc.blocks[doc.tables[0].block].page = 4;
  const CheckResult result = check_document(doc);
  SECTION("a paragraph's finding takes the paragraph's page") { CHECK(finding(result, "T101").page == 3); }
  SECTION("a table's finding takes the table's page") {
    const Diagnostic& total = finding(result, "A101");
    CHECK(total.page == 4);
    CHECK(total.cell.empty());
  }
}
