// Step 4: named spending lines.
//   - numbered prose items "1、电子政务内网建设经费项目支出3.22万元；2、…" — each with one
//     amount, in a section about 项目/专项 or in a run of at least two such items;
//   - rows of a 专项资金 summary table (序号 | 支出方向 | 金额): rows whose 序号 is 1, 2, 3 …,
//     not the 合计 row nor a category subtotal (一 业务性专项经费);
//   - the project a 项目支出绩效自评表 is about (项目名称 | …, amount its 全年预算数).
#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "extract/chars.hpp"
#include "extract/stages.hpp"
#include "extract/table_layout.hpp"
#include "outline/outline.hpp"
#include "parse/parse.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <tuple>

namespace jixiao::extract_steps {
namespace {

// Suffixes of an item's words that say "spending" rather than name the line.
constexpr std::array<std::string_view, 3> kNameSuffixes = {"项目支出", "支出", "共计"};
constexpr std::array<std::string_view, 4> kNameTrailers = {"为", "：", ":", "计"};
constexpr std::array<std::string_view, 3> kProjectSections = {"项目", "专项", "支出方向"};
constexpr size_t kMaxTail = 60;  // bytes allowed after the amount in an item (…万元，已完成。)

constexpr std::array<std::string_view, 5> kNameHeaders = {"支出方向", "项目名称", "子项", "项目", "名称"};
constexpr std::array<std::string_view, 3> kAmountHeaders = {"金额", "资金", "预算"};
// Where the amount of a keyed project table (项目名称 | …) is, best first.
constexpr std::array<std::string_view, 4> kKeyedAmounts = {"全年预算数", "年初预算数", "项目金额", "资金总额"};

bool is_amount(const Quantity& q) {
  return q.kind == "money" && q.unit == "万元" && q.comparator.empty() && !q.value_high;
}

std::string project_name(std::string_view words) {
  std::string_view name = utf8::trim(words);
  auto strip = [&name](const auto& list) {
    for (std::string_view w : list) {
      if (name.size() > w.size() && name.ends_with(w)) {
        name = utf8::trim(name.substr(0, name.size() - w.size()));
        return true;
      }
    }
    return false;
  };
  while (strip(kNameTrailers) || strip(kNameSuffixes)) {
  }
  return std::string(name);
}

struct Item {
  Project project;
  int block = -1;
  int number = 0;  // the value of the item's numbering (1、 → 1)
};

// A numbered list read whole runs 1, 2, 3 …, in one paragraph or going on from the items of an
// earlier one; items whose predecessors were not read (numbers glued to a heading in flowed text,
// an item without an amount) are only part of a list.
bool numbered_in_sequence(const std::vector<Item>& items, int last_number) {
  const int first = items.front().number == 1 ? 1 : last_number + 1;
  for (size_t k = 0; k < items.size(); ++k)
    if (items[k].number != first + static_cast<int>(k)) return false;
  return true;
}

// Numbered items with one amount in a paragraph.
std::vector<Item> items_in(const Document& doc, int block, const Facts& facts, size_t first, size_t last) {
  std::vector<Item> items;
  const Block& b = doc.blocks[block];
  const std::string_view text = b.text;
  std::optional<utf8::CharIndex> index;  // for the items' spans, built for the first one
  size_t start = 0;
  // Facts come in text order: each clause only looks at the facts from where the last one ended.
  while (start < text.size()) {
    size_t end = start, stop_len = 0;
    while (end < text.size()) {
      size_t after = end;
      const char32_t cp = utf8::next(text, after);
      if (cp == U'；' || cp == U';' || cp == U'。' || cp == U'\n') {
        stop_len = after - end;
        break;
      }
      end = after;
    }
    const std::string_view clause = text.substr(start, end - start);
    const size_t clause_start = start;
    start = end + stop_len;
    if (end == text.size()) start = text.size();

    const size_t clause_end = clause_start + clause.size();
    while (first < last && facts.sites[first].begin < clause_start) ++first;
    size_t clause_last = first;
    while (clause_last < last && facts.sites[clause_last].begin < clause_end) ++clause_last;
    // Cheap test first: only a clause with an amount can be a spending line.
    bool any_amount = false;
    for (size_t i = first; i < clause_last && !any_amount; ++i)
      any_amount = facts.sites[i].begin >= clause_start && facts.sites[i].begin < clause_end &&
                   is_amount(facts.quantities[i]);
    if (!any_amount) continue;
    // The list may open after an introduction: "项目支出主要包括：1、高标准农田建设项目1320.00万元".
    size_t lead = 0;
    auto numbering = match_numbering(clause);
    if (!numbering) {
      const size_t colon = clause.rfind("：");
      if (colon == std::string_view::npos) continue;
      lead = colon + std::string_view("：").size();
      numbering = match_numbering(clause.substr(lead));
      if (!numbering) continue;
    }
    const size_t body = clause_start + lead + numbering->length;
    const Quantity* amount = nullptr;
    size_t amount_fact = 0;
    int others_before = 0, amounts = 0;
    for (size_t i = first; i < clause_last; ++i) {
      const FactSite& s = facts.sites[i];
      if (s.begin < body || s.begin >= clause_end) continue;
      if (is_amount(facts.quantities[i])) {
        ++amounts;
        if (!amount) {
          amount = &facts.quantities[i];
          amount_fact = i;
        }
      } else if (!amount) {
        ++others_before;
      }
    }
    if (amounts != 1 || others_before > 0) continue;
    const FactSite& site = facts.sites[amount_fact];
    if (clause_end - site.end > kMaxTail) continue;
    const std::string words(text.substr(body, site.begin - body));
    const std::string name = project_name(words);
    if (name.empty() || layout::has_digit(name) || name.find("其中") != std::string::npos ||
        names_budget_figure(words) || names_budget_figure(name))
      continue;
    Item item;
    item.block = block;
    item.project.name = name;
    item.project.amount = amount->value;
    item.number = numbering->value;
    const size_t item_start = clause_start + static_cast<size_t>(utf8::trim(clause).data() - clause.data());
    if (!index) index.emplace(text);
    item.project.span = locate(b.map, text, item_start, site.end, &*index);
    items.push_back(std::move(item));
  }
  return items;
}

template <size_t N>
int column_with(const std::vector<Cell>& row, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words)
    for (int c = 0; c < static_cast<int>(row.size()); ++c)
      if (layout::contains_squeezed(row[c].text, w)) return c;
  return -1;
}

// The facts of one table, by cell.
std::map<std::tuple<int, int>, const Quantity*> amounts_of(const Facts& facts, int table) {
  std::map<std::tuple<int, int>, const Quantity*> amounts;
  for (size_t i = 0; i < facts.quantities.size(); ++i) {
    const FactSite& s = facts.sites[i];
    if (s.table == table && is_amount(facts.quantities[i])) amounts.emplace(std::tuple(s.row, s.col), &facts.quantities[i]);
  }
  return amounts;
}

bool serial_number(std::string_view text) {
  const std::string_view t = utf8::trim(text);
  if (t.empty() || t.size() > 3) return false;
  for (char c : t)
    if (c < '0' || c > '9') return false;
  return t != "0";
}

// Rows of a summary table: 序号 | 支出方向（子项） | 金额 | ….
void summary_rows(const Table& table, const Facts& facts, std::vector<Project>& out) {
  for (int r = 0; r < static_cast<int>(table.rows.size()); ++r) {
    const auto& header = table.rows[r];
    const int serial = column_with(header, std::array<std::string_view, 1>{"序号"});
    if (serial < 0) continue;
    const int name_col = column_with(header, kNameHeaders);
    const int amount_col = column_with(header, kAmountHeaders);
    if (name_col < 0 || amount_col < 0 || name_col == serial || amount_col == name_col) continue;
    const auto amounts = amounts_of(facts, table.index);
    for (int row = r + 1; row < static_cast<int>(table.rows.size()); ++row) {
      const auto& cells = table.rows[row];
      if (!serial_number(cells[serial].text)) continue;
      const std::string name = layout::squeeze(cells[name_col].text);
      const auto amount = amounts.find(std::tuple(row, amount_col));
      if (name.empty() || amount == amounts.end()) continue;
      Project p;
      p.name = name;
      p.amount = amount->second->value;
      p.table = table.index;
      p.span = layout::row_span(table, row);
      out.push_back(std::move(p));
    }
    return;
  }
}

// The project of a 项目支出绩效自评表: 项目名称 | <name>, amount under 全年预算数.
void keyed_project(const Table& table, const Facts& facts, std::vector<Project>& out) {
  for (int r = 0; r < static_cast<int>(table.rows.size()); ++r) {
    const auto& cells = table.rows[r];
    for (int c = 0; c + 1 < static_cast<int>(cells.size()); ++c) {
      if (!layout::equals_squeezed(cells[c].text, "项目名称")) continue;
      const std::string name = layout::squeeze(cells[c + 1].text);
      if (name.empty()) return;
      for (std::string_view key : kKeyedAmounts) {
        for (size_t i = 0; i < facts.quantities.size(); ++i) {
          const Quantity& q = facts.quantities[i];
          if (facts.sites[i].table != table.index || !is_amount(q) || q.label != key) continue;
          Project p;
          p.name = name;
          p.amount = q.value;
          p.table = table.index;
          p.span = cells[c + 1].span;
          out.push_back(std::move(p));
          return;
        }
      }
      return;
    }
  }
}

}  // namespace

std::vector<Project> projects_of(const Document& doc, const Facts& facts) {
  std::vector<Project> out;
  const std::vector<int> sections = block_sections(doc);
  int last_number = 0;       // of the last list item read
  std::vector<size_t> listed;  // where in `out` the items of numbered lists in paragraphs are
  bool whole_list = true;      // no item of those lists was skipped
  size_t i = 0;
  for (int b = 0; b < static_cast<int>(doc.blocks.size()); ++b) {
    const size_t first = i;
    while (i < facts.sites.size() && facts.sites[i].block == b) ++i;
    const Block& block = doc.blocks[b];
    if (block.kind == "table") {
      if (block.table >= 0 && block.table < static_cast<int>(doc.tables.size())) {
        summary_rows(doc.tables[block.table], facts, out);
        keyed_project(doc.tables[block.table], facts, out);
      }
      continue;
    }
    if (first == i) continue;
    std::vector<Item> items = items_in(doc, b, facts, first, i);
    const bool about_projects = std::any_of(kProjectSections.begin(), kProjectSections.end(), [&](std::string_view w) {
      return in_section_about(doc, sections, b, w);
    });
    if (!(items.size() >= 2 || (!items.empty() && about_projects))) continue;
    // "…36.00万元；3、" with the next item on a line the reader did not join, or items that skip a
    // number: the list has items that were not read, and the items read are not the whole.
    static const Regex dangling_number(R"((?:^|[；;。，,\s])[0-9]{1,2}\s*[、.．]\s*$)");
    if (!numbered_in_sequence(items, last_number) || dangling_number.contains(block.text)) {
      whole_list = false;
      continue;
    }
    last_number = items.back().number;
    for (Item& item : items) {
      listed.push_back(out.size());
      out.push_back(std::move(item.project));
    }
  }
  if (!whole_list)
    for (size_t k = listed.size(); k-- > 0;) out.erase(out.begin() + static_cast<std::ptrdiff_t>(listed[k]));
  return out;
}

}  // namespace jixiao::extract_steps
