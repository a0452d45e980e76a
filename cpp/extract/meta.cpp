// Step 5: title, doc_type, template, department, region and fiscal year.
//
// department, first found of:
//   1. the title before its year or document-type words (邵东市委统战部整体支出… → 邵东市委统战部);
//   2. a form field: 填报单位, 部门名称, 单位名称, 预算单位, 项目主管部门, 主管部门, 实施单位
//      (in a paragraph or a table cell, "（盖章）" dropped);
//   3. the unit the body names most often (区委统战部), with its place name when the body
//      writes one in front of it (蒸湘区委统战部).
// region: the places the department's name starts with (株洲市石峰区, 邵东市); else the
//   place the body names most often at the department's level (芦淞区), when named twice.
// fiscal_year: the first year in the title (subtitles such as "（2021年度）" are part of it),
//   else the year the budget statement names, else none.
#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "extract/chars.hpp"
#include "extract/doc_type.hpp"
#include "extract/stages.hpp"
#include "extract/table_layout.hpp"
#include "extract/templates.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>

namespace jixiao::extract_steps {
namespace {

// Words in a title where the unit's name has ended.
constexpr std::array<std::string_view, 15> kTitleStops = {
    "部门整体", "单位整体", "整体支出", "部门（单位）", "项目支出", "专项资金", "绩效", "工作总结",
    "工作计划", "年度工作", "预算", "决算", "关于", "（", "("};

// How a unit's name ends.
constexpr std::array<std::string_view, 27> kUnitEndings = {
    "部", "局", "委", "办", "室", "院", "会", "所", "中心", "站", "队", "处", "厅", "馆",
    "校", "联", "社", "政府", "公司", "集团", "街道", "镇", "乡", "团", "署", "庭", "委员会"};

// Form fields naming the issuing unit, most authoritative first.
constexpr std::array<std::string_view, 9> kUnitFields = {"填报单位", "部门（单位）名称", "部门名称",
                                                          "单位名称", "预算单位", "项目主管部门",
                                                          "主管部门", "实施单位", "申报单位"};
constexpr size_t kFieldRows = 6;  // rows of a table's head searched for form fields

// What may end a field value written on the same line as other fields.
constexpr std::array<std::string_view, 5> kFieldEnds = {"填报日期", "金额单位", "单位：", "日期", "联系人"};

constexpr std::array<std::string_view, 7> kPlaceLevels = {"自治州", "自治县", "省", "市", "州", "县", "区"};

// Characters that never start or end a place name before 区/县/市 (全区, 辖区, 园区 …).
constexpr std::string_view kNotPlaceChars =
    "全本我该各辖园社城景片地新老的在和与及等到了为是对向将把由从于中内外上下示范验发保护能开治贸特军灾疫矿林农工商业乡镇村街道全省市县区州";

// Party departments named as 区委/县委… followed by one of these.
constexpr std::array<std::string_view, 9> kPartyDepartments = {"统一战线工作部", "统战部", "宣传部", "组织部", "政法委",
                                                                "办公室", "政研室", "网信办", "编办"};

constexpr std::array<std::string_view, 14> kNotUnits = {"格局", "大局", "全局", "新局", "布局", "当局", "结局",
                                                        "开局", "时局", "变局", "面局", "残局", "胜局", "破局"};

char32_t utf8_at(std::string_view s, size_t at) { return chars::at(s, at); }

bool placeholder(std::string_view s) {
  for (std::string_view p : {"某", "XX", "xx", "××", "*", "＊", "X"})
    if (s.find(p) != std::string_view::npos) return true;
  return false;
}

bool is_unit_name(std::string_view s) {
  const size_t n = utf8::length(s);
  if (n < 2 || n > 40 || layout::has_digit(s)) return false;
  for (std::string_view e : kUnitEndings)
    if (s.ends_with(e)) return true;
  return false;
}

std::string strip_seal(std::string s) {
  for (std::string_view seal : {"（盖章）", "(盖章)", "（公章）", "(公章)", "盖章"}) {
    size_t at;
    while ((at = s.find(seal)) != std::string::npos) s.erase(at, seal.size());
  }
  return s;
}

// ---------------------------------------------------------------------------------------
// Title

std::string title_of(const Document& doc) {
  std::string title;
  for (const Block& b : doc.blocks)
    if (b.kind == "title") title += b.text;
  if (!title.empty() || doc.blocks.empty()) return title;
  // A document that opens with a table whose first row is one cell: that cell is its title.
  const Block& first = doc.blocks.front();
  if (first.kind != "table" || first.table < 0 || first.table >= static_cast<int>(doc.tables.size())) return title;
  const Table& t = doc.tables[first.table];
  if (t.rows.empty()) return title;
  std::string only;
  int filled = 0;
  for (const Cell& c : t.rows.front()) {
    if (utf8::trim(c.text).empty() || c.merged) continue;
    ++filled;
    only = utf8::trim_copy(c.text);
  }
  return filled == 1 ? only : title;
}

// The first year 1900..2099 written in `text` (not part of a longer number).
std::optional<int> first_year(std::string_view text) {
  static const Regex year(R"((?<![0-9])(19|20)[0-9]{2}(?![0-9]))");
  RegexMatch m;
  if (!year.search(text, m)) return std::nullopt;
  return std::stoi(std::string(m.str(text)));
}

std::string department_from_title(std::string_view title) {
  static const Regex leading_year(R"(^(?:关于)?(?:19|20)[0-9]{2}年(?:度)?)");
  static const Regex any_year(R"((?:19|20)[0-9]{2})");
  std::string t = layout::squeeze(title);
  RegexMatch m;
  if (leading_year.search(t, m)) t.erase(0, m.end());
  if (t.starts_with("关于")) t.erase(0, std::string_view("关于").size());
  size_t cut = t.size();
  if (any_year.search(t, m)) cut = m.begin();
  for (std::string_view stop : kTitleStops) {
    const size_t at = t.find(stop);
    if (at != std::string::npos && at < cut) cut = at;
  }
  std::string name = t.substr(0, cut);
  return is_unit_name(name) ? name : std::string();
}

// ---------------------------------------------------------------------------------------
// Form fields

// The value after a field name in the same text: "填报单位：（盖章）某区统计局".
std::string value_after(std::string_view text, size_t after) {
  std::string rest = strip_seal(std::string(text.substr(after)));
  std::string_view v = utf8::trim(rest);
  for (std::string_view lead : {"：", ":"})
    if (v.starts_with(lead)) v = utf8::trim(v.substr(lead.size()));
  // Two spaces, a tab or another field end the value.
  size_t end = v.size();
  for (std::string_view stop : {"  ", "\t", "\u3000"}) end = std::min(end, v.find(stop));
  for (std::string_view stop : kFieldEnds) end = std::min(end, v.find(stop));
  return layout::squeeze(strip_seal(std::string(v.substr(0, end))));
}

std::string department_from_fields(const Document& doc) {
  std::array<std::string, kUnitFields.size()> found;
  auto look = [&](std::string_view text, const std::vector<Cell>* row, int col) {
    for (size_t k = 0; k < kUnitFields.size(); ++k) {
      if (!found[k].empty()) continue;
      const size_t at = text.find(kUnitFields[k]);
      if (at == std::string::npos) continue;
      // 项目主管部门 also contains 主管部门; the longer field is listed first and wins.
      std::string value = value_after(text, at + kUnitFields[k].size());
      if (value.empty() && row) {
        for (int c = col + 1; c < static_cast<int>(row->size()); ++c) {
          if (utf8::trim((*row)[c].text).empty()) continue;
          value = layout::squeeze(strip_seal((*row)[c].text));
          break;
        }
      }
      if (is_unit_name(value)) found[k] = value;
    }
  };
  for (const Block& b : doc.blocks) {
    if (b.kind != "table") {
      if (b.text.size() < 300) look(b.text, nullptr, -1);
      continue;
    }
    if (b.table < 0 || b.table >= static_cast<int>(doc.tables.size())) continue;
    // Form fields sit in a table's head.
    const auto& rows = doc.tables[b.table].rows;
    for (size_t r = 0; r < rows.size() && r < kFieldRows; ++r)
      for (int c = 0; c < static_cast<int>(rows[r].size()); ++c)
        if (!rows[r][c].text.empty() && rows[r][c].text.size() < 300) look(rows[r][c].text, &rows[r], c);
  }
  for (const std::string& v : found)
    if (!v.empty()) return v;
  return {};
}

// ---------------------------------------------------------------------------------------
// The body

// Names are views of `text`: a BodyCounts is filled in place and never copied.
struct BodyCounts {
  std::string text;                          // the prose, one paragraph per line
  std::map<std::string_view, int> units;     // unit name → mentions
  std::map<std::string_view, int> places;    // place name with its level (芦淞区) → mentions
};

bool not_place_char(char32_t cp) {
  static const std::u32string sorted = [] {
    std::u32string chars;
    std::string_view s = kNotPlaceChars;
    size_t i = 0;
    while (i < s.size()) chars.push_back(utf8::next(s, i));
    std::sort(chars.begin(), chars.end());
    return chars;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), cp);
}

// The place-name characters right before byte `at`: `chars` CJK characters that are not
// common words, or empty.
std::string_view place_before(std::string_view text, size_t at, size_t chars) {
  const size_t bytes = 3 * chars;
  if (at < bytes) return {};
  const std::string_view name = text.substr(at - bytes, bytes);
  size_t i = 0;
  while (i < name.size()) {
    const char32_t cp = utf8::next(name, i);
    if (!utf8::is_cjk(cp) || not_place_char(cp)) return {};
  }
  return name;
}

bool is_level_char(char32_t cp) {
  return cp == U'区' || cp == U'市' || cp == U'县' || cp == U'州' || cp == U'省' || cp == U'旗';
}

void count_body(const Document& doc, BodyCounts& counts) {
  for (const Block& b : doc.blocks) {
    if (b.kind == "table") continue;
    counts.text += b.text;
    counts.text += '\n';
  }
  const std::string_view text = counts.text;
  // A unit ending at byte `end` whose name starts at the nearest 区/县/市 before `at`.
  auto bureau = [&](size_t at, size_t end) {
    for (std::string_view w : kNotUnits)
      if (end >= w.size() && text.substr(end - w.size(), w.size()) == w) return;
    for (size_t chars = 1; chars <= 7 && at >= 3 * (chars + 1); ++chars) {
      const size_t start = at - 3 * (chars + 1);
      const char32_t cp = utf8_at(text, start);
      if (!utf8::is_cjk(cp)) return;
      if (is_level_char(cp)) {
        ++counts.units[text.substr(start, end - start)];
        return;
      }
    }
  };
  // One pass over the characters: 区委统战部 (party departments), 区卫生健康局 and
  // 县民族宗教事务委员会 (bureaus), and the place names before 区/县/市.
  size_t i = 0;
  while (i < text.size()) {
    const size_t at = i;
    // 委 局 区 县 市 all start with E5 followed by A7 B1 8C 8E B8: step over anything else undecoded.
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 != 0xE5 || i + 1 >= text.size()) {
      i += b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
      continue;
    }
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    if (b1 != 0xA7 && b1 != 0xB1 && b1 != 0x8C && b1 != 0x8E && b1 != 0xB8) {
      i += 3;
      continue;
    }
    const char32_t cp = utf8::next(text, i);
    switch (cp) {
      case U'委':
        if (at >= 3 && is_level_char(utf8_at(text, at - 3))) {
          for (std::string_view dept : kPartyDepartments) {
            if (text.substr(i, dept.size()) == dept) {
              ++counts.units[text.substr(at - 3, i + dept.size() - (at - 3))];
              break;
            }
          }
        }
        if (text.substr(at, std::string_view("委员会").size()) == "委员会") bureau(at, at + std::string_view("委员会").size());
        break;
      case U'局':
        bureau(at, i);
        break;
      case U'区':
      case U'县':
      case U'市':
        if (const std::string_view name = place_before(text, at, 2); !name.empty())
          ++counts.places[text.substr(at - name.size(), name.size() + (i - at))];
        break;
      default:
        break;
    }
  }
}

// The unit the body names most often, extended by a place name written in front of it
// when that place is named elsewhere too.
std::string department_from_body(const BodyCounts& counts) {
  std::string best;
  int best_n = 0;
  for (const auto& [unit, n] : counts.units) {
    if (n > best_n || (n == best_n && counts.text.find(unit) < counts.text.find(best))) {
      best = unit;
      best_n = n;
    }
  }
  if (best.empty()) return best;
  const std::string_view text = counts.text;
  std::string level = best.substr(0, 3);  // 区/县/市…
  for (size_t at = text.find(best); at != std::string_view::npos; at = text.find(best, at + 1)) {
    const std::string_view name = place_before(text, at, 2);
    if (name.empty()) continue;
    auto it = counts.places.find(std::string(name) + level);
    if (it != counts.places.end() && it->second >= 2) return std::string(name) + best;
  }
  return best;
}

// 株洲市石峰区 from 中共株洲市石峰区委员会统一战线工作部.
std::string region_from_name(std::string_view name) {
  std::string_view s = name;
  if (s.starts_with("中共")) s.remove_prefix(std::string_view("中共").size());
  std::string region;
  for (;;) {
    bool step = false;
    for (size_t chars = 2; chars <= 4 && !step; ++chars) {
      const size_t at = utf8::offset_of(s, chars);
      if (at >= s.size()) break;
      for (std::string_view level : kPlaceLevels) {
        if (s.substr(at).starts_with(level)) {
          region.append(s.substr(0, at + level.size()));
          s.remove_prefix(at + level.size());
          step = true;
          break;
        }
      }
    }
    if (!step) break;
  }
  return placeholder(region) ? std::string() : region;
}

std::string region_from_body(const BodyCounts& counts, std::string_view department) {
  // The department's level: 区委统战部 → 区, 县卫生健康局 → 县.
  std::vector<std::string_view> levels = {"区", "县", "市"};
  for (std::string_view l : levels) {
    if (department.starts_with(l)) {
      levels = {l};
      break;
    }
  }
  std::string best;
  int best_n = 1;  // named at least twice
  for (const auto& [place, n] : counts.places) {
    bool level_ok = false;
    for (std::string_view l : levels) level_ok = level_ok || std::string_view(place).ends_with(l);
    if (level_ok && n > best_n) {
      best = place;
      best_n = n;
    }
  }
  return placeholder(best) ? std::string() : best;
}

}  // namespace

void fill_meta(Document& doc) {
  Meta& meta = doc.meta;
  meta.title = title_of(doc);

  meta.doc_type = doc_type_from_title(meta.title);
  if (meta.doc_type.empty()) meta.doc_type = doc_type_from_content(doc);
  const Template* tmpl = choose_template(doc, builtin_templates());
  meta.template_ = tmpl ? tmpl->name : std::string("none");

  meta.department = department_from_title(meta.title);
  if (meta.department.empty()) meta.department = department_from_fields(doc);
  std::optional<BodyCounts> body;
  if (meta.department.empty()) {
    count_body(doc, body.emplace());
    meta.department = department_from_body(*body);
  }
  meta.region = region_from_name(meta.department);
  if (meta.region.empty()) {
    if (!body) count_body(doc, body.emplace());
    meta.region = region_from_body(*body, meta.department);
  }

  meta.fiscal_year = first_year(meta.title);
  if (!meta.fiscal_year) meta.fiscal_year = doc.budget.year;
}

}  // namespace jixiao::extract_steps
