#include "core/json.hpp"
#include "core/records.hpp"
#include "parse/parse.hpp"
#include "pipeline/pipeline.hpp"

#include <catch2/catch.hpp>

using namespace jixiao;

TEST_CASE("every described record round-trips through JSON", "[json]") {
  const Document doc = parse_document("某局2021年度绩效自评报告\n一、概况\n\t甲\n\t乙\n\n预算100万元。\n", "x.txt");
  const nlohmann::json j = to_json_value(doc);
  const Document back = from_json_value<Document>(j);
  CHECK(records_equal(doc, back));
  SECTION("keyword-dodging members lose their underscore") {
    Budget b;
    b.public_ = 26.4;
    const nlohmann::json jb = to_json_value(b);
    CHECK(jb.contains("public"));
    CHECK_FALSE(jb.contains("public_"));
  }
  SECTION("Budget leaves out figures the document does not state") {
    Budget b;
    b.budget = 255.45;
    const nlohmann::json jb = to_json_value(b);
    CHECK(jb.contains("budget"));
    CHECK_FALSE(jb.contains("revenue"));
  }
  SECTION("other records write null for an absent optional") {
    Meta m;
    CHECK(to_json_value(m)["fiscal_year"].is_null());
  }
  SECTION("a wrong type is a FormatError, not a crash") {
    nlohmann::json bad = to_json_value(doc);
    bad["blocks"] = 5;
    CHECK_THROWS_AS(from_json_value<Document>(bad), Error);
  }
}

TEST_CASE("JSON written while walking a record is the text of its JSON tree, compact and indented", "[json]") {
  const Document doc = load_document(std::string(JIXIAO_SAMPLES_DIR) + "/culture_targets_2023.txt");
  CHECK(to_json_string(doc) == to_json_value(doc).dump());
  CHECK(to_json_string(doc, 2) == to_json_value(doc).dump(2));
  CHECK(to_json_string(doc.budget, 2) == to_json_value(doc.budget).dump(2));  // absent fields left out
  CHECK(to_json_string(std::vector<Span>{}) == "[]");
  CHECK(records_equal(from_json_value<Document>(nlohmann::json::parse(to_json_string(doc))), doc));
}
