// Consistency within one document: the same total stated twice with two values (C101), and a
// year that is not the report's (C103).
#include "check/figures.hpp"
#include "check/rules.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "extract/quantity.hpp"
#include "extract/table_layout.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace jixiao {
namespace {

// "全年项目支出", "2022年度基本支出" and "其中：人员经费" name the same figures as the bare labels;
// "电子政务内网建设经费项目支出" does not.
std::string canonical_label(std::string_view label) {
  // 一般公共预算 stays: 一般公共预算财政拨款支出 is not all 财政拨款支出 when funds of another kind exist.
  static const Regex prefix(R"(^(?:其中[：:]?|全年度?|本年度?|当年|年度|(?:20\d\d|19\d\d)年度?|单位|部门)+)");
  RegexMatch m;
  std::string out = utf8::squeeze(label);
  for (const char* quote : {"“", "”", "\"", "「", "」"}) {
    size_t at;
    while ((at = out.find(quote)) != std::string::npos) out.erase(at, std::string_view(quote).size());
  }
  if (prefix.search(out, m) && m.begin() == 0) out.erase(0, m.end());
  return out;
}

// The totals a document may state more than once: the budget statement's figures and the totals
// of a 决算's statement of accounts.
constexpr std::string_view kStatedTotals[] = {"年初预算数",     "财政拨款收入",   "财政拨款支出",   "基本支出",
                                              "项目支出",       "人员经费",       "公用经费",       "本年收入合计",
                                              "本年支出合计",   "收入支出总计",   "财政拨款收入支出总计"};
constexpr std::string_view kOtherFunds[] = {"政府性基金", "国有资本", "社会保险基金", "专项资金", "上年", "上一年"};

// A label ending in one of the statement's own totals names it, whatever stands before
// ("上海市普陀区财政局2024年度收入支出总计"); shorter labels must match whole (电子政务…项目支出 is a project).
std::string statement_total(std::string label) {
  for (std::string_view total : {"财政拨款收入支出总计", "收入支出总计", "本年收入合计", "本年支出合计"})
    if (label.ends_with(total)) return std::string(total);
  return label;
}

bool is_stated_total(std::string_view label) {
  return std::find(std::begin(kStatedTotals), std::end(kStatedTotals), label) != std::end(kStatedTotals);
}

struct Stated {
  double value;
  int decimals;
  Where where;
  int line;
  std::string text;
};

bool is_sentence_end(char32_t cp) { return cp == U'。' || cp == U'；' || cp == U'！' || cp == U'？'; }

// The statement a table is (收入支出决算总表 → "", 财政拨款收入支出决算总表 → "财政拨款"), from the
// caption just before it; only these statements restate the totals of the 情况说明.
std::optional<std::string> statement_of(const Document& doc, const Table& t) {
  for (int b = t.block - 1, looked = 0; b >= 0 && looked < 2; --b, ++looked) {
    const Block& caption = doc.blocks[b];
    if (caption.kind == "table") return std::nullopt;
    const std::string s = utf8::squeeze(caption.text);
    for (std::string_view whole : {"收入支出决算总表", "收支决算总表"}) {
      const size_t at = s.find(whole);
      if (at == std::string::npos || s.size() > at + whole.size() + 6) continue;
      // What stands before 收入支出决算总表 in the caption (numbering aside) qualifies it.
      std::string before = s.substr(0, at);
      static const Regex numbering(R"(^(?:[一二三四五六七八九十]+、|[0-9]+[.、．]|（[一二三四五六七八九十]+）|表[0-9一二三四五六七八九十]*[：:]?)+)");
      RegexMatch m;
      if (numbering.search(before, m) && m.begin() == 0) before.erase(0, m.end());
      if (before.empty() || before == "财政拨款") return before;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

void figure_conflict(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  const double floor = tolerance(ctx.config, "money");
  std::map<std::string, Stated> first;
  auto consider = [&](const std::string& key, const Stated& s, const std::string& label) {
    auto it = first.find(key);
    if (it == first.end()) {
      first.emplace(key, s);
      return;
    }
    const Stated& other = it->second;
    // Two statements of one figure agree to within the rounding of what they state.
    const double rounding = 0.5 * std::pow(10.0, -s.decimals) + 0.5 * std::pow(10.0, -other.decimals);
    if (std::fabs(other.value - s.value) <= std::max(floor, rounding) + 1e-9) return;
    const int dec = std::max(s.decimals, other.decimals);
    out.report("C101", s.where,
               {{"label", label},
                {"value", format_number(s.value, dec)},
                {"other", format_number(other.value, dec)},
                {"other_line", std::to_string(other.line)},
                {"unit", "万元"}});
  };
  // Prose: the figures named by a stated-total label, outside other funds and previous years,
  // keyed apart when the sentence is about the budget rather than what was spent
  // (年初预算…其中：基本支出… is not the 基本支出 that was spent).
  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& b = doc.blocks[bi];
    if (b.kind == "table") continue;
    const std::string_view text = b.text;
    size_t sentence_begin = 0, scanned = 0;
    for (const FoundQuantity& q : ctx.analysis->quantities(static_cast<int>(bi))) {
      // Sentence start of this figure, moving forward only.
      while (scanned < q.begin && scanned < text.size()) {
        const char32_t cp = utf8::next(text, scanned);
        if (is_sentence_end(cp)) sentence_begin = scanned;
      }
      if (q.quantity.kind != "money" || q.quantity.value_high || !q.quantity.comparator.empty()) continue;
      // The statement's totals are read from the words right before the figure too: a label the
      // scanner cut short ("财政拨款收入支出" of "财政拨款收入支出总计0.3万元") still names them.
      const size_t lead = q.begin > 40 ? q.begin - 40 : 0;
      std::string before = utf8::squeeze(text.substr(lead, q.begin - lead));
      std::string label = statement_total(canonical_label(q.quantity.label));
      if (!is_stated_total(label)) label = statement_total(before);
      if (!is_stated_total(label)) continue;
      // The sentence up to the figure, at most a few hundred bytes back (a paragraph with no full
      // stop is not one sentence, and rescanning it per figure would be quadratic).
      size_t from = std::max(sentence_begin, q.begin > 300 ? q.begin - 300 : size_t{0});
      while (from < q.begin && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
      const std::string_view sentence = text.substr(from, q.begin - std::min(q.begin, from));
      if (std::any_of(std::begin(kOtherFunds), std::end(kOtherFunds),
                      [&](std::string_view f) { return sentence.find(f) != std::string_view::npos; }))
        continue;
      std::string plain(sentence);
      for (size_t at; (at = plain.find("一般公共预算")) != std::string::npos;) plain.erase(at, std::string_view("一般公共预算").size());
      const bool budget_sentence = plain.find("预算") != std::string::npos && label != "年初预算数" &&
                                   plain.find("决算") == std::string::npos && plain.find("执行") == std::string::npos;
      const Where w{static_cast<int>(bi), -1, -1, q.begin, q.end, std::nullopt};
      consider((budget_sentence ? "预算:" : "") + label,
               Stated{q.quantity.value, q.quantity.decimals, w, out.span_of(w).line, q.quantity.text}, label);
    }
  }
  // Statements of accounts: the 合计/总计 rows of a 收入支出决算总表, against the same totals in prose.
  for (const Table& t : doc.tables) {
    if (t.layout == "text_ragged") continue;
    const std::optional<std::string> statement = statement_of(doc, t);
    if (!statement) continue;
    const std::string_view money_unit = layout::stated_money_unit(t);
    // A label cell and the first amount to its right — or both in one cell ("总计2,995.39"), as
    // columns recovered from text may leave them.
    static const Regex label_then_amount(R"(^(\D*?)\s*([0-9][0-9,]*(?:\.[0-9]+)?)$)");
    for (int r = 0; r < t.n_rows; ++r) {
      const auto& row = t.rows[r];
      for (int c = 0; c < static_cast<int>(row.size()); ++c) {
        const std::string text = utf8::trim_copy(row[c].text);
        RegexMatch m;
        const bool glued = label_then_amount.search(text, m) && !m.str(text, 1).empty();
        std::string label = canonical_label(glued ? m.str(text, 1) : std::string_view(text));
        if (label == "总计") label = "收入支出总计";
        label = *statement + label;
        if (!is_stated_total(label)) continue;
        std::string amount(glued ? m.str(text, 2) : std::string_view());
        int at = c;
        for (int k = c + 1; amount.empty() && k < static_cast<int>(row.size()); ++k) {
          const std::string_view cell = utf8::trim(row[k].text);
          if (cell.empty()) continue;
          amount = std::string(cell.substr(0, cell.find(' ')));
          at = k;
        }
        int decimals = 0;
        std::optional<double> v = parse_number(amount, &decimals);
        if (!v) break;
        // A statement in 元 (金额（元）, 单位：元) states its totals in 元.
        if (!money_unit.empty() && money_unit != "万元") {
          v = to_wan_yuan(*v, money_unit);
          if (!v) break;
          decimals += money_unit == "元" ? 4 : 0;
        }
        const Where w{t.block, r, at, 0, std::string::npos, std::nullopt};
        consider(label, Stated{*v, decimals, w, out.span_of(w).line, amount}, label);
        break;  // one figure per row: 本年收入合计 … | 本年支出合计 … are read from the left
      }
    }
  }
}

void year_inconsistent(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  if (!doc.meta.fiscal_year) return;
  const int fiscal_year = *doc.meta.fiscal_year;
  // The budget statement names another year.
  if (doc.budget.year && *doc.budget.year != fiscal_year) {
    for (const char* key : {"revenue", "expenditure", "budget", "basic", "project"}) {
      auto it = doc.budget.spans.find(key);
      if (it == doc.budget.spans.end()) continue;
      out.report("C103", where_of_span(doc, it->second),
                 {{"year", std::to_string(*doc.budget.year)}, {"fiscal_year", std::to_string(fiscal_year)}});
      break;
    }
  }
  // A heading about the accounts of another year: "2023年度部门决算情况说明" in a 2024 report.
  static const Regex year_in_heading(R"((?<![0-9])((?:19|20)[0-9]{2})\s*年度?)");
  static const Regex fiscal_words(R"(决算|预算|绩效|自评|收支|财务)");
  static const Regex other_period(R"(工作计划|计划|打算|下一步|上年|以前|历年|展望|规划|至)");
  for (const Heading& h : doc.outline) {
    if (!fiscal_words.contains(h.text) || other_period.contains(h.text)) continue;
    RegexMatch m;
    if (!year_in_heading.search(h.text, m)) continue;
    const int year = std::stoi(std::string(m.str(h.text, 1)));
    if (year == fiscal_year) continue;
    const Block& b = doc.blocks[h.block];
    const size_t at = b.text.find(std::string(m.str(h.text)));
    const Where w{h.block, -1, -1, at == std::string::npos ? 0 : at,
                  at == std::string::npos ? std::string::npos : at + m.str(h.text).size(), std::nullopt};
    out.report("C103", w,
               {{"text", utf8::truncate(h.text, 40)}, {"year", std::to_string(year)},
                {"fiscal_year", std::to_string(fiscal_year)}},
               {}, "heading");
  }
  // A year-end date of another year: "截至 2023 年 12 月 31 日" in a 2024 report.
  static const Regex year_end(R"(截至\s*((?:19|20)[0-9]{2})\s*年\s*12\s*月\s*31\s*日)");
  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& b = doc.blocks[bi];
    if (b.kind == "table") continue;
    for (const RegexMatch& m : year_end.find_all(b.text)) {
      const int year = std::stoi(std::string(m.str(b.text, 1)));
      if (year == fiscal_year) continue;
      out.report("C103", Where{static_cast<int>(bi), -1, -1, m.begin(), m.end(), std::nullopt},
                 {{"text", std::string(m.str(b.text))}, {"year", std::to_string(year)},
                  {"fiscal_year", std::to_string(fiscal_year)}},
                 {}, "as_of");
    }
  }
}

}  // namespace jixiao
