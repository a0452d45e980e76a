// Department names and indicator names as linking compares them.
#include "core/embedded_data.hpp"
#include "core/json.hpp"
#include "core/utf8.hpp"
#include "link/link.hpp"

#include <algorithm>
#include <set>

namespace jixiao {
namespace {

struct AliasTable {
  std::map<std::string, std::string> canonical_of;  // every known name (canonical or alias) -> canonical
  std::vector<std::string> place_levels;             // longest first
  std::vector<std::string> ignored_words;            // longest first
};

const AliasTable& alias_table() {
  static const AliasTable table = [] {
    const nlohmann::json j = nlohmann::json::parse(embedded_file("aliases.json"));
    AliasTable t;
    for (const auto& [canonical, aliases] : j.at("departments").items()) {
      t.canonical_of[canonical] = canonical;
      for (const auto& alias : aliases) t.canonical_of[alias.get<std::string>()] = canonical;
    }
    from_json_value(j.at("place_levels"), t.place_levels);
    from_json_value(j.at("ignored_words"), t.ignored_words);
    auto longest_first = [](const std::string& a, const std::string& b) { return a.size() > b.size(); };
    std::stable_sort(t.place_levels.begin(), t.place_levels.end(), longest_first);
    std::stable_sort(t.ignored_words.begin(), t.ignored_words.end(), longest_first);
    return t;
  }();
  return table;
}

// The name without spaces, quotes and bracketed remarks (（本级）, (机关)).
std::string clean_name(std::string_view name) {
  std::string out;
  int depth = 0;
  size_t i = 0;
  while (i < name.size()) {
    const size_t start = i;
    const char32_t cp = utf8::next(name, i);
    if (cp == U'（' || cp == U'(') {
      ++depth;
      continue;
    }
    if (cp == U'）' || cp == U')') {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (depth > 0 || utf8::is_space(cp) || cp == U'“' || cp == U'”' || cp == U'"' || cp == U'·') continue;
    out.append(name.substr(start, i - start));
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view tail) { return s.size() >= tail.size() && s.ends_with(tail); }

// The place components of the words before a department's name: 株洲市石峰区 -> [株洲市, 石峰区];
// 区 -> [区]. Words of the party or government (中共, 委员会, 人民政府) are dropped first.
std::vector<std::string> places_in(std::string prefix, const AliasTable& table) {
  for (const std::string& word : table.ignored_words)
    for (size_t at; (at = prefix.find(word)) != std::string::npos;) prefix.erase(at, word.size());
  std::vector<std::string> places;
  size_t from = 0;
  while (from < prefix.size()) {
    size_t best = std::string::npos, best_len = 0;
    for (const std::string& level : table.place_levels) {
      const size_t at = prefix.find(level, from);
      if (at != std::string::npos && (at < best || (at == best && level.size() > best_len))) {
        best = at;
        best_len = level.size();
      }
    }
    if (best == std::string::npos) break;
    places.push_back(prefix.substr(from, best + best_len - from));
    from = best + best_len;
  }
  return places;
}

}  // namespace

DepartmentName department_name(std::string_view written, const std::map<std::string, std::string>& aliases) {
  const AliasTable& table = alias_table();
  std::string name = clean_name(written);
  DepartmentName out;
  if (name.empty()) return out;
  // The longest known name the department's name ends with; the user's aliases first.
  std::string matched, canonical;
  auto consider = [&](const std::string& known, const std::string& to) {
    if (!known.empty() && known.size() > matched.size() && ends_with(name, known)) {
      matched = known;
      canonical = to;
    }
  };
  for (const auto& [alias, to] : aliases) consider(clean_name(alias), clean_name(to));
  for (const auto& [known, to] : table.canonical_of) consider(known, to);  // a user's alias wins a tie
  std::string prefix;
  if (!matched.empty()) {
    out.known = true;
    out.canonical = canonical;
    prefix = name.substr(0, name.size() - matched.size());
  } else {
    // Unknown: the places are what the name starts with, each at least two characters before its
    // level (城市管理局 keeps its 城市), the rest is the department.
    std::string rest = name;
    for (const std::string& word : table.ignored_words)
      if (rest.starts_with(word)) rest.erase(0, word.size());
    auto chars = [&](size_t from, size_t to) { return utf8::length(std::string_view(rest).substr(from, to - from)); };
    size_t cut = 0;
    for (bool more = true; more;) {
      // The nearest level word with a place name of 2–6 characters before it and a name after it.
      size_t best = std::string::npos, best_end = 0;
      for (const std::string& level : table.place_levels) {
        const size_t at = rest.find(level, cut);
        if (at == std::string::npos || at >= best || chars(cut, at) < 2 || chars(cut, at) > 6) continue;
        if (chars(at + level.size(), rest.size()) < 2) continue;
        best = at;
        best_end = at + level.size();
      }
      more = best != std::string::npos;
      if (more) cut = best_end;
    }
    prefix = rest.substr(0, cut);
    std::string core = rest.substr(cut);
    for (const std::string& word : table.ignored_words)
      if (core.starts_with(word) && core.size() > word.size() + 3) core.erase(0, word.size());
    out.canonical = core;
  }
  const std::vector<std::string> places = places_in(prefix, table);
  if (!places.empty()) {
    out.place = places.back();
    for (const std::string& level : table.place_levels)
      if (ends_with(out.place, level)) {
        out.level = level;
        out.place_name = out.place.substr(0, out.place.size() - level.size());
        break;
      }
  }
  return out;
}

namespace {

// Names as compared: CJK characters, letters and digits, full-width folded; numbering such as
// 1. or （1） before the name dropped.
std::vector<char32_t> name_chars(std::string_view name) {
  std::vector<char32_t> out;
  size_t i = 0;
  while (i < name.size()) {
    char32_t cp = utf8::next(name, i);
    if (cp >= U'！' && cp <= U'～') cp -= 0xFEE0;  // full-width ASCII
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    const bool digit = cp >= '0' && cp <= '9';
    if (utf8::is_cjk(cp) || digit || (cp >= 'a' && cp <= 'z') || cp == '%') out.push_back(cp);
  }
  // Leading numbering: digits alone before the first CJK character ("1培训人次" from "1.培训人次").
  size_t lead = 0;
  while (lead < out.size() && out[lead] >= '0' && out[lead] <= '9') ++lead;
  if (lead > 0 && lead < out.size() && utf8::is_cjk(out[lead])) out.erase(out.begin(), out.begin() + lead);
  return out;
}

}  // namespace

bool names_nest(std::string_view a, std::string_view b) {
  std::vector<char32_t> x = name_chars(a), y = name_chars(b);
  if (x.size() > y.size()) std::swap(x, y);
  if (x.empty()) return false;
  size_t k = 0;
  for (size_t i = 0; i < y.size() && k < x.size(); ++i)
    if (y[i] == x[k]) ++k;
  return k == x.size();
}

double name_similarity(std::string_view a, std::string_view b) {
  const std::vector<char32_t> x = name_chars(a), y = name_chars(b);
  if (x.empty() || y.empty()) return 0;
  if (x == y) return 1;
  if (x.size() < 2 || y.size() < 2) return 0;
  std::multiset<std::pair<char32_t, char32_t>> bx, by;
  for (size_t i = 0; i + 1 < x.size(); ++i) bx.insert({x[i], x[i + 1]});
  for (size_t i = 0; i + 1 < y.size(); ++i) by.insert({y[i], y[i + 1]});
  size_t common = 0;
  for (auto it = bx.begin(); it != bx.end(); it = bx.upper_bound(*it))
    common += std::min(bx.count(*it), by.count(*it));
  return 2.0 * static_cast<double>(common) / static_cast<double>(bx.size() + by.size());
}

}  // namespace jixiao
