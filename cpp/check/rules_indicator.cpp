// Indicator-table rules: empty and qualitative values, missing dimensions, costs above the money.
#include "check/rules.hpp"
#include "core/embedded_data.hpp"
#include "core/json.hpp"
#include "core/utf8.hpp"
#include "extract/quantity.hpp"

#include <algorithm>
#include <map>

namespace jixiao {
namespace {

struct Dimension {
  std::string name;
  std::string name_en;
  std::vector<std::string> aliases;
};
BOOST_DESCRIBE_STRUCT(Dimension, (), (name, name_en, aliases))

struct IndicatorVocabulary {
  std::vector<std::string> qualitative;
  std::vector<std::string> not_applicable;
  std::vector<Dimension> dimensions;
  std::vector<std::string> rate_markers;
};
BOOST_DESCRIBE_STRUCT(IndicatorVocabulary, (), (qualitative, not_applicable, dimensions, rate_markers))

const IndicatorVocabulary& vocabulary() {
  static const IndicatorVocabulary v =
      from_json_value<IndicatorVocabulary>(nlohmann::json::parse(embedded_file("indicators.json")));
  return v;
}

bool contains_any(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return text.find(w) != std::string_view::npos; });
}

bool equals_any(const std::string& text, const std::vector<std::string>& words) {
  return std::find(words.begin(), words.end(), text) != words.end();
}

const Table* table_of(const Document& doc, int index) {
  for (const Table& t : doc.tables)
    if (t.index == index) return &t;
  return nullptr;
}

// Column of the first header cell (above `row`) whose text is one of `names`.
int column_named(const Table& t, int row, const std::vector<std::string>& names) {
  for (int r = std::min(row, t.n_rows) - 1; r >= 0; --r)
    for (int c = 0; c < t.n_cols; ++c)
      if (equals_any(utf8::squeeze(t.rows[r][c].text), names)) return c;
  return -1;
}

Where cell_where(const Table& t, int row, int col) { return Where{t.block, row, col, 0, std::string::npos, std::nullopt}; }

std::string stripped(const std::string& s) {
  std::string out = utf8::squeeze(s);
  for (const char* p : {"。", "，", "；", "、"})
    while (out.size() >= 3 && out.compare(out.size() - 3, 3, p) == 0) out.resize(out.size() - 3);
  return out;
}

// The money a table's costs must stay within: 项目金额, then 项目支出, then 全年预算数, then 资金总额.
std::optional<double> table_amount(const Table& t, std::string* scope) {
  for (const char* label : {"项目金额", "项目支出", "全年预算数", "资金总额"}) {
    for (int r = 0; r < t.n_rows; ++r)
      for (int c = 0; c < t.n_cols; ++c) {
        const std::string cell = utf8::squeeze(t.rows[r][c].text);
        if (cell.rfind(label, 0) != 0) continue;
        // The figure is in the same cell (资金总额：186.40万元), to the right, or below (a header row).
        std::vector<std::string> candidates = {cell.substr(std::string_view(label).size())};
        for (int k = c + 1; k < t.n_cols; ++k) candidates.push_back(t.rows[r][k].text);
        if (r + 1 < t.n_rows) candidates.push_back(t.rows[r + 1][c].text);
        for (const std::string& text : candidates) {
          const auto qs = scan_quantities(text);
          if (qs.empty()) continue;
          const Quantity& q = qs.front().quantity;
          if (q.kind == "money") {
            *scope = label;
            return q.value;
          }
          if (q.kind == "number") {  // tables in 万元 ("金额单位：万元") give bare numbers
            *scope = label;
            return q.value;
          }
          break;
        }
      }
  }
  return std::nullopt;
}

}  // namespace

void indicator_value_missing(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  const bool selfeval = doc.meta.doc_type == "project_selfeval_table";
  for (const Indicator& i : doc.indicators) {
    const Table* t = table_of(doc, i.table);
    if (!t || utf8::trim(i.level3).empty()) continue;
    const std::string name = utf8::truncate(i.level3, 20);
    if (utf8::trim(i.target).empty()) {
      const int col = column_named(*t, i.row, {"指标值", "年度指标值", "目标值"});
      out.report("I101", cell_where(*t, i.row, col), {{"indicator", name}, {"column", "指标值"}, {"column_en", "target value"}});
    } else if (selfeval && utf8::trim(i.actual).empty()) {
      const int col = column_named(*t, i.row, {"实际完成值", "实际值", "完成值"});
      out.report("I101", cell_where(*t, i.row, col),
                 {{"indicator", name}, {"column", "实际完成值"}, {"column_en", "actual value"}});
    }
  }
}

void indicator_not_quantified(const RuleContext& ctx, Reporter& out) {
  const IndicatorVocabulary& v = vocabulary();
  for (const Indicator& i : ctx.doc.indicators) {
    const Table* t = table_of(ctx.doc, i.table);
    if (!t) continue;
    const std::string value = stripped(i.target);
    if (value.empty() || !equals_any(value, v.qualitative)) continue;
    const int col = column_named(*t, i.row, {"指标值", "年度指标值", "目标值"});
    out.report("I102", cell_where(*t, i.row, col),
               {{"indicator", utf8::truncate(i.level3.empty() ? i.level2 : i.level3, 20)},
                {"value", utf8::trim_copy(i.target)}});
  }
}

// Rows of an indicator table left as text after it (a page break the reader could not close, a
// row whose cells were not told apart): a paragraph before the next heading or table that opens
// with a dimension's name (满意度指标服务对象满意度…). The table then holds only part of its rows.
bool rows_left_as_text_after(const Document& doc, const Table& t) {
  for (size_t b = static_cast<size_t>(t.block) + 1; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    if (block.kind == "heading" || block.kind == "table") return false;
    const std::string opening = utf8::truncate(utf8::squeeze(block.text), 12);
    for (const Dimension& d : vocabulary().dimensions)
      if (contains_any(opening, d.aliases) || opening.find(d.name) != std::string::npos) return true;
  }
  return false;
}

void indicator_dimension_missing(const RuleContext& ctx, Reporter& out) {
  std::map<int, std::vector<const Indicator*>> by_table;
  for (const Indicator& i : ctx.doc.indicators) by_table[i.table].push_back(&i);
  for (const auto& [index, rows] : by_table) {
    const Table* t = table_of(ctx.doc, index);
    if (!t || rows.size() < 3) continue;  // a fragment is not a full indicator table
    if (rows_left_as_text_after(ctx.doc, *t)) continue;
    for (const Dimension& d : vocabulary().dimensions) {
      const bool present = std::any_of(rows.begin(), rows.end(), [&](const Indicator* i) {
        return contains_any(i->level2, d.aliases) || contains_any(i->level1, {d.name});
      });
      if (present) continue;
      out.report("I103", Where{t->block, rows.front()->row, -1, 0, std::string::npos, std::nullopt},
                 {{"dimension", d.name}, {"dimension_en", d.name_en}});
    }
  }
}

void cost_exceeds_budget(const RuleContext& ctx, Reporter& out) {
  const IndicatorVocabulary& v = vocabulary();
  for (const Indicator& i : ctx.doc.indicators) {
    if (i.level2.find("成本") == std::string::npos) continue;
    if (contains_any(i.level3, v.rate_markers) || contains_any(i.target, v.rate_markers)) continue;
    const Table* t = table_of(ctx.doc, i.table);
    if (!t) continue;
    std::string scope;
    const std::optional<double> amount = table_amount(*t, &scope);
    if (!amount) continue;
    double cost = 0;
    int n = 0;
    for (const FoundQuantity& q : scan_quantities(i.target))
      if (q.quantity.kind == "money" && !q.quantity.value_high) {
        cost += q.quantity.value;
        ++n;
      }
    if (n == 0 || cost <= *amount + 0.005) continue;
    const int col = column_named(*t, i.row, {"指标值", "年度指标值", "目标值"});
    out.report("I104", cell_where(*t, i.row, col),
               {{"indicator", utf8::truncate(i.level3.empty() ? i.level2 : i.level3, 20)},
                {"value", format_number(cost, 2)},
                {"unit", "万元"},
                {"scope", scope},
                {"scope_en", "table's " + std::string(scope == "项目金额" ? "project amount"
                                                      : scope == "项目支出" ? "project expenditure"
                                                      : scope == "全年预算数" ? "annual budget" : "total funds")},
                {"amount", format_number(*amount, 2)}});
  }
}

}  // namespace jixiao
