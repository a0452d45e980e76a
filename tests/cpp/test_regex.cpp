#include "core/literals.hpp"
#include "core/regex.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace jixiao;

namespace {

// Every (word, begin) a plain search for each word finds, ordered as the automaton reports them.
std::vector<std::pair<size_t, size_t>> naive(const std::vector<std::string>& words, std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t end = 1; end <= text.size(); ++end)
    for (size_t w = 0; w < words.size(); ++w)
      if (words[w].size() <= end && text.substr(end - words[w].size(), words[w].size()) == words[w])
        out.push_back({w, end - words[w].size()});
  return out;
}

}  // namespace

TEST_CASE("A literal set finds every occurrence of every word, overlapping ones too", "[literals]") {
  const std::vector<std::string> words = {"某某", "某", "待补充", "补充", "XX", "X", "【", "he", "she", "hers"};
  const LiteralSet set(words);
  for (std::string_view text : {"本单位某某项目待补充材料", "XXX县", "ushers", "【请填写】", "无", "", "某"}) {
    std::vector<std::pair<size_t, size_t>> found;
    set.for_each(text, [&](size_t w, size_t begin) { found.push_back({w, begin}); });
    std::vector<std::pair<size_t, size_t>> expected = naive(words, text);
    // Words ending at the same byte: the automaton gives the longest first, the naive scan by
    // index; compare as sets per end.
    auto by_end = [&](const auto& a, const auto& b) {
      const size_t ea = a.second + words[a.first].size(), eb = b.second + words[b.first].size();
      return ea != eb ? ea < eb : a.first < b.first;
    };
    std::sort(found.begin(), found.end(), by_end);
    std::sort(expected.begin(), expected.end(), by_end);
    REQUIRE(found == expected);
    REQUIRE(set.found_in(text) == !expected.empty());
  }
}

TEST_CASE("A literal set tells a text without its words", "[literals]") {
  const LiteralSet set{"待补充", "请填写"};
  REQUIRE_FALSE(set.found_in("本年度预算执行率为95%，待办事项已补充。"));
  REQUIRE(set.found_in("资金到位情况：请填写"));
  REQUIRE_THROWS(LiteralSet{"a", ""});
}

TEST_CASE("A pattern with required words matches as it does without them", "[regex]") {
  const Regex plain(R"(某某|[*＊]{2,}|待补充)");
  const Regex filtered(R"(某某|[*＊]{2,}|待补充)", {"某某", "*", "＊", "待补充"});
  for (std::string_view text : {"某某县", "共**次", "无占位", "一、待补充的内容某某", ""}) {
    const auto a = plain.find_all(text), b = filtered.find_all(text);
    REQUIRE(a.size() == b.size());
    for (size_t k = 0; k < a.size(); ++k) REQUIRE(a[k].groups == b[k].groups);
    REQUIRE(plain.contains(text) == filtered.contains(text));
  }
  RegexMatch m;
  // A search from a start past the only required word finds nothing.
  REQUIRE_FALSE(filtered.search("某某项目", m, 6));
  REQUIRE(filtered.search("某某项目某某", m, 6));
  REQUIRE(m.begin() == 12);
}

TEST_CASE("A match at a position is anchored there, whether or not the pattern was", "[regex]") {
  const Regex loose(R"([0-9]+万元)");
  const Regex anchored(R"([0-9]+万元)", true);
  RegexMatch m;
  for (const Regex* re : {&loose, &anchored}) {
    REQUIRE(re->match_at("共12万元", m, 3));
    REQUIRE(m.begin() == 3);
    REQUIRE(m.end() == 11);
    REQUIRE_FALSE(re->match_at("共12万元", m, 0));
  }
  // The unanchored pattern still searches.
  REQUIRE(loose.search("共12万元", m));
  REQUIRE(m.begin() == 3);
  // A start past the end finds nothing, and reads nothing there.
  REQUIRE_FALSE(loose.search("12万元", m, 100));
  REQUIRE_FALSE(anchored.match_at("12万元", m, 100));
}
