#include "parse/cell_lines.hpp"

#include "core/embedded_data.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <string>

namespace jixiao {
namespace {

// What a column of a known header holds. `none` is a header cell over nothing (the merged
// 绩效指标 label left of 一级指标), `text` an unknown heading over row labels.
enum class ColumnKind { none, text, level1, level2, level3, target, actual, number, remark };

const std::map<std::string, ColumnKind, std::less<>>& known_columns() {
  static const std::map<std::string, ColumnKind, std::less<>> columns = [] {
    const std::array<std::pair<const char*, ColumnKind>, 7> kinds = {{{"level1", ColumnKind::level1},
                                                                      {"level2", ColumnKind::level2},
                                                                      {"level3", ColumnKind::level3},
                                                                      {"target", ColumnKind::target},
                                                                      {"actual", ColumnKind::actual},
                                                                      {"number", ColumnKind::number},
                                                                      {"remark", ColumnKind::remark}}};
    std::map<std::string, ColumnKind, std::less<>> out;
    const nlohmann::json data = nlohmann::json::parse(embedded_file("headings.json"));
    for (const auto& [key, kind] : kinds)
      for (const auto& name : data.at("table_columns").at(key)) out.emplace(name.get<std::string>(), kind);
    return out;
  }();
  return columns;
}

std::string squeezed(std::string_view line) { return utf8::squeeze(utf8::trim(line)); }

std::string_view without_feed(std::string_view line) {
  while (!line.empty() && line.front() == '\f') line.remove_prefix(1);
  return line;
}

bool ends_with_full_stop(std::string_view line) { return utf8::trim(line).ends_with("。"); }

// The title of a table (…绩效目标表) standing right under the previous one is no cell of it.
bool names_table(std::string_view line) {
  static const Regex title(R"((?:目标表|自评表|评价表|申报表|汇总表|情况表)\s*$)");
  return title.contains(line);
}

// A run of body lines between blank lines: one row of cells when the run is part of a table.
struct Group {
  size_t first, last;   // lines, inclusive
  size_t blanks_before;  // blank lines between this group and the one before
  std::vector<CellLines> cells;
};

std::vector<Group> groups_of(const std::vector<std::string_view>& lines, const std::vector<bool>& body,
                             const std::vector<bool>& blank) {
  std::vector<Group> out;
  size_t blanks = 0;
  for (size_t i = 0; i < lines.size();) {
    if (blank[i]) {
      ++blanks;
      ++i;
      continue;
    }
    if (!body[i]) {
      blanks = 2;  // anything else (a TAB-cell table, page furniture) ends a run of groups
      ++i;
      continue;
    }
    static const Regex subtitle(R"(^\s*[（(][^（()）]{1,20}[）)]\s*$)");
    Group g{i, i, names_table(lines[i]) ? 2 : blanks, {}};
    // A table's title right under the previous table's last row, or a bracketed subtitle
    // ((2021年度)) over the first row, is a group of its own.
    const bool alone = names_table(lines[i]) || subtitle.contains(lines[i]);
    while (!alone && g.last + 1 < lines.size() && body[g.last + 1] && !names_table(lines[g.last + 1])) ++g.last;
    for (size_t k = g.first; k <= g.last; ++k) {
      // A bracketed unit on a line of its own goes with the cell above: 项目资金 / （万元）.
      static const Regex unit(R"(^\s*[（(][^（()）]{1,6}[）)]\s*$)");
      if (k > g.first && unit.contains(lines[k])) g.cells.back().last = static_cast<long>(k);
      else g.cells.push_back({static_cast<long>(k), static_cast<long>(k)});
    }
    out.push_back(std::move(g));
    blanks = alone ? 1 : 0;
    i = out.back().last + 1;
  }
  return out;
}

std::string cell_text(const std::vector<std::string_view>& lines, CellLines cell) {
  std::string out;
  for (long k = cell.first; k <= cell.last; ++k) out += squeezed(without_feed(lines[static_cast<size_t>(k)]));
  return out;
}

// The kinds of a header row's columns, or empty when the row is no known header.
std::vector<ColumnKind> header_kinds(const std::vector<std::string>& cells) {
  std::vector<ColumnKind> kinds;
  size_t known = 0;
  bool levels = false;
  for (const std::string& c : cells) {
    if (utf8::length(c) > 30 || c.ends_with("。")) return {};
    const auto it = known_columns().find(c);
    kinds.push_back(it == known_columns().end() ? ColumnKind::text : it->second);
    known += it != known_columns().end();
    levels = levels || (it != known_columns().end() && (it->second == ColumnKind::level1 || it->second == ColumnKind::level2 ||
                                                        it->second == ColumnKind::level3));
  }
  if (known < 3) return {};
  // In an indicator table the headings without a kind (绩效指标) stand over merged label cells.
  if (levels)
    for (ColumnKind& k : kinds)
      if (k == ColumnKind::text) k = ColumnKind::none;
  return kinds;
}

constexpr int kNever = std::numeric_limits<int>::max() / 4;

// What placing a cell in a column of `kind` costs: 0 where such cells belong, more where they
// may stand, kNever where they cannot.
int placement_cost(std::string_view cell, ColumnKind kind) {
  static const Regex number(R"(^[-+]?[0-9]+(?:\.[0-9]+)?[%％]?$)");
  static const Regex comparator(R"(^(?:[≥≤＞＜><=≧≦]|大于|小于|不低于|不高于|不少于|不超过|达到))");
  static const Regex level1(R"(^(?:产出|效益|满意度|成本)(?:指标)?$)");
  static const Regex level2(
      R"(^(?:产出)?(?:数量|质量|时效|成本)(?:指标)?$|^(?:经济|社会|生态|可持续影响|可持续)(?:效益)?(?:指标)?$|^(?:社会公众)?[及或和]?(?:服务对象)?满意度(?:指标)?$|^.{2,10}指标$)");
  static const Regex placeholder(R"(^(?:[—\-/／]{1,2}|无)$)");
  if (placeholder.contains(cell)) return kind == ColumnKind::none || kind == ColumnKind::level1 || kind == ColumnKind::level2 ? kNever : 0;
  const bool is_number = number.contains(cell);
  const bool compares = comparator.contains(cell);
  const bool names_level2 = level2.contains(cell);
  const bool names_level1 = level1.contains(cell);
  const bool has_digit = std::any_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool short_text = !is_number && !has_digit && utf8::length(cell) <= 8;
  switch (kind) {
    case ColumnKind::none:
      return kNever;
    case ColumnKind::text:
      return is_number ? kNever : 0;
    case ColumnKind::level1:
      // 成本指标 is a 一级 name in one framework and a 二级 in the other; alone in a row whose 一级
      // cell is merged away, it is the 二级.
      return !names_level1 ? kNever : names_level2 ? 1 : 0;
    case ColumnKind::level2:
      return names_level2 || names_level1 ? 0 : kNever;
    case ColumnKind::level3:
      return is_number || names_level2 || names_level1 ? kNever : 0;
    case ColumnKind::target:
      if (names_level2 || names_level1) return kNever;
      // A short phrase (良好, 明显提升) is a qualitative target.
      return compares || (has_digit && !is_number) || short_text ? 0 : 1;
    case ColumnKind::actual:
      if (names_level2 || names_level1) return kNever;
      return compares ? 2 : (has_digit && !is_number) ? 0 : 1;
    case ColumnKind::number:
      return is_number ? 0 : kNever;
    case ColumnKind::remark:
      // Remarks explain; a cell that reads as a value belongs in a value column.
      if (names_level2) return kNever;
      return compares || is_number ? 2 : has_digit || short_text ? 1 : 0;
  }
  return kNever;
}

// What leaving a column of `kind` empty costs: an indicator row always names its indicator, while
// its 一级/二级 cells are merged away and values or remarks may be blank.
int skip_cost(ColumnKind kind) { return kind == ColumnKind::level3 ? 1 : 0; }

// The columns of `cells` under `kinds`, in order, at the least cost; empty when no placement
// exists or two placements cost the same least (the row's reading is not established).
struct Placement {
  bool fits = false;         // some placement exists
  std::vector<long> columns;  // the one of least cost, empty when two cost the same
};

Placement place_row(const std::vector<std::string>& cells, const std::vector<ColumnKind>& kinds) {
  const size_t k = cells.size(), n = kinds.size();
  if (k > n || k == 0) return {};
  // best[i][j]: least cost of placing cells [i, k) in columns [j, n); ways: how many placements
  // reach it (2 meaning "more than one").
  std::vector<std::vector<int>> best(k + 1, std::vector<int>(n + 1, kNever));
  std::vector<std::vector<int>> ways(k + 1, std::vector<int>(n + 1, 0));
  for (size_t j = n + 1; j-- > 0;) {
    best[k][j] = j == n ? 0 : best[k][j + 1] + skip_cost(kinds[j]);
    ways[k][j] = 1;
  }
  for (size_t i = k; i-- > 0;)
    for (size_t j = n; j-- > 0;) {
      // Leave column j empty, or put cell i there.
      int cost = best[i][j + 1] < kNever ? best[i][j + 1] + skip_cost(kinds[j]) : kNever;
      int count = ways[i][j + 1];
      const int here = placement_cost(cells[i], kinds[j]);
      if (here < kNever && best[i + 1][j + 1] < kNever) {
        const int placed = here + best[i + 1][j + 1];
        if (placed < cost) {
          cost = placed;
          count = ways[i + 1][j + 1];
        } else if (placed == cost) {
          count = std::min(2, count + ways[i + 1][j + 1]);
        }
      }
      best[i][j] = cost;
      ways[i][j] = cost < kNever ? count : 0;
    }
  if (best[0][0] >= kNever) return {};
  if (ways[0][0] != 1) return {true, {}};
  std::vector<long> columns;
  for (size_t i = 0, j = 0; i < k; ++j) {
    const int here = placement_cost(cells[i], kinds[j]);
    if (here < kNever && best[i + 1][j + 1] < kNever && here + best[i + 1][j + 1] == best[i][j]) {
      columns.push_back(static_cast<long>(j));
      ++i;
    }
  }
  return {true, columns};  // the placement is unique, so the first choice of least cost is it
}

// A total row (总分 | 100 | 97.8): its label in the first column, its figures in the number
// columns in order, when there are as many of them as figures; empty otherwise.
std::vector<long> total_row(const std::vector<std::string>& cells, const std::vector<ColumnKind>& kinds) {
  static const Regex label(R"(^(?:总分|合计|总计|得分合计|总得分)$)");
  if (cells.size() < 2 || !label.contains(cells.front())) return {};
  std::vector<long> numbers;
  for (size_t j = 1; j < kinds.size(); ++j)
    if (kinds[j] == ColumnKind::number) numbers.push_back(static_cast<long>(j));
  if (numbers.size() != cells.size() - 1) return {};
  for (size_t c = 1; c < cells.size(); ++c)
    if (placement_cost(cells[c], ColumnKind::number) != 0) return {};
  numbers.insert(numbers.begin(), 0);
  return numbers;
}

// The label of a field row above a header (项目名称, 主管部门, 年度预算申请（万元）): a few words,
// no figure, not a bracketed subtitle such as (2021年度).
bool field_label(std::string_view cell) {
  return utf8::length(cell) <= 12 && !cell.starts_with("（") && !cell.starts_with("(") &&
         std::none_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool row_like(const Group& g, const std::vector<std::string_view>& lines) {
  for (size_t k = g.first; k <= g.last; ++k)
    if (names_table(lines[k])) return false;
  if (g.cells.size() >= 2) {
    for (size_t k = g.first; k <= g.last; ++k)
      if (utf8::length(utf8::trim(lines[k])) > 200) return false;
    return true;
  }
  const std::string_view only = utf8::trim(without_feed(lines[g.first]));
  return utf8::length(only) <= 20 && !ends_with_full_stop(only);
}

}  // namespace

std::vector<CellLineTable> find_cell_line_tables(const std::vector<std::string_view>& lines,
                                                 const std::vector<bool>& body, const std::vector<bool>& blank) {
  std::vector<CellLineTable> out;
  const std::vector<Group> groups = groups_of(lines, body, blank);
  // Cell texts of a group, joined when first asked for: most groups are prose, never asked.
  std::vector<std::optional<std::vector<std::string>>> joined(groups.size());
  auto texts = [&](size_t g) -> const std::vector<std::string>& {
    if (!joined[g]) {
      joined[g].emplace();
      for (const auto& cell : groups[g].cells) joined[g]->push_back(cell_text(lines, cell));
    }
    return *joined[g];
  };
  size_t gi = 0;
  while (gi < groups.size()) {
    if (groups[gi].cells.size() < 3 || header_kinds(texts(gi)).empty()) {
      ++gi;
      continue;
    }
    // Rows of labelled fields above the header (项目名称 / 某项目, 主管部门 / 某局) belong to it.
    size_t first = gi;
    while (first > 0 && groups[first].blanks_before == 1 && groups[first - 1].cells.size() >= 2 &&
           row_like(groups[first - 1], lines) && field_label(texts(first - 1).front()))
      --first;
    size_t last = gi;
    while (last + 1 < groups.size() && groups[last + 1].blanks_before == 1 && row_like(groups[last + 1], lines)) ++last;

    CellLineTable table;
    table.first_line = groups[first].first;
    std::vector<ColumnKind> kinds;
    bool established = true;
    for (size_t g = first; g <= last; ++g) {
      std::vector<CellLines> row;
      if (std::vector<ColumnKind> header = header_kinds(texts(g)); !header.empty() && texts(g).size() >= 3) {
        kinds = std::move(header);
        row = groups[g].cells;
      } else if (kinds.empty() || texts(g).size() == kinds.size()) {
        row = groups[g].cells;  // fields above the header, or a full row
      } else {
        const Placement placed = place_row(texts(g), kinds);
        const bool labels_only = std::none_of(texts(g).begin(), texts(g).end(), [](const std::string& t) {
          return utf8::length(t) > 30 || std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
        });
        if (!placed.fits && labels_only) {
          // A row of labels no column of the header fits (年度总体目标 | 预期目标 | 实际完成情况)
          // starts a part of the table with its own columns, taken as written.
          kinds.clear();
          row = groups[g].cells;
        } else if (const std::vector<long> totals = total_row(texts(g), kinds); !totals.empty()) {
          row.assign(kinds.size(), CellLines{});
          for (size_t c = 0; c < totals.size(); ++c) row[static_cast<size_t>(totals[c])] = groups[g].cells[c];
        } else if (placed.columns.empty()) {
          // Read two ways, or no way: the table is not established (cutting it short would leave
          // indicators out and make a complete table look incomplete).
          established = false;
          break;
        } else {
          row.assign(kinds.size(), CellLines{});
          for (size_t c = 0; c < placed.columns.size(); ++c) row[static_cast<size_t>(placed.columns[c])] = groups[g].cells[c];
        }
      }
      table.rows.push_back(std::move(row));
    }
    if (established) table.last_line = groups[last].last;
    if (established) out.push_back(std::move(table));
    gi = std::max(gi + 1, last + 1);
  }
  return out;
}

}  // namespace jixiao
