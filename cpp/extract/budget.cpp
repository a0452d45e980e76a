// Step 3: the budget statement — figures in 万元 read from labelled money facts.
//
// A figure counts when its label, after dropping qualifiers (单位, 年度, 一般公共预算 …),
// is exactly one of the terms below: "电子政务内网建设经费项目支出" names a project, not
// the department's 项目支出. The first statement wins unless a later one has a higher
// priority (全年预算数 over 年初预算数). Figures in a 政府性基金 sentence, label or
// section go to gov_fund_*; other funds (国有资本经营, 社会保险基金) are not the general
// budget and are left alone.
#include "core/utf8.hpp"
#include "extract/chars.hpp"
#include "extract/stages.hpp"
#include "extract/table_layout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace jixiao::extract_steps {
namespace {

enum class Field {
  budget, revenue, expenditure, basic, project, personnel, public_, three_public, income_total, spending_total, grand_total
};

struct Term {
  std::string_view words;
  Field field;
  int priority = 1;
  bool fiscal_only = false;  // bare 收入/支出: only in a sentence about the budget
};

// A figure named more precisely (priority 2) outranks an earlier, looser one: 财政拨款收入
// over a 收入 total, 全年预算数 over 年初预算数. Otherwise the first statement wins.
constexpr std::array kTerms = {
    Term{"本年收入合计", Field::income_total, 2},  Term{"本年支出合计", Field::spending_total, 2},
    Term{"本年收入", Field::income_total, 2},      Term{"本年支出", Field::spending_total, 2},
    Term{"收入支出总计", Field::grand_total, 2},   Term{"年初批复预算", Field::budget},
    Term{"年初批复预算数", Field::budget},         Term{"全年预算数", Field::budget, 2},       Term{"全年预算", Field::budget, 2},
    Term{"调整后预算数", Field::budget, 2},     Term{"调整后预算", Field::budget, 2},
    Term{"年初预算数", Field::budget},          Term{"年初预算", Field::budget},
    Term{"预算资金", Field::budget},            Term{"资金总额", Field::budget},
    Term{"预算总额", Field::budget},            Term{"预算数", Field::budget},
    Term{"部门预算", Field::budget},            Term{"预算", Field::budget},
    Term{"财政拨款收入", Field::revenue, 2},    Term{"总收入", Field::revenue},
    Term{"收入", Field::revenue, 1, true},      Term{"全年执行数", Field::expenditure, 2},
    Term{"执行数", Field::expenditure},         Term{"财政拨款支出", Field::expenditure, 2},
    Term{"总支出", Field::expenditure},         Term{"支出", Field::expenditure, 1, true},
    Term{"基本支出", Field::basic},             Term{"项目支出", Field::project},
    Term{"人员经费", Field::personnel},         Term{"人员经费支出", Field::personnel},
    Term{"公用经费", Field::public_},           Term{"公用经费支出", Field::public_},
    Term{"三公经费支出", Field::three_public},  Term{"三公经费", Field::three_public},
};

// Words that may stand before a term without changing what it names.
constexpr std::array<std::string_view, 23> kQualifiers = {
    "本单位", "本部门", "单位", "部门", "本年度", "年度", "全年", "本年", "当年", "一般公共预算", "公共预算",
    "政府性基金预算", "政府性基金", "财政拨款支出", "财政", "本级", "其中", "基本支出中", "中",
    "合计", "总", "实际", "决算"};

// Words after a term that leave it the same figure.
constexpr std::array<std::string_view, 4> kTrailers = {"合计", "总计", "总额", "共计"};

constexpr std::array<std::string_view, 3> kOtherFunds = {"国有资本经营", "社会保险基金", "社保基金"};
constexpr std::string_view kGovFund = "政府性基金";
constexpr std::array<std::string_view, 5> kFiscalWords = {"财政拨款", "预算", "决算", "收支", "经费"};

// The label with quotes and white space dropped: “三公”经费 → 三公经费.
std::string normalise(std::string_view label) {
  std::string out;
  size_t i = 0;
  while (i < label.size()) {
    const size_t start = i;
    const char32_t cp = utf8::next(label, i);
    if (utf8::is_space(cp) || cp == U'“' || cp == U'”' || cp == U'"' || cp == U'‘' || cp == U'’' || cp == U'「' ||
        cp == U'」')
      continue;
    out.append(label.substr(start, i - start));
  }
  return out;
}

const Term* exact_term(std::string_view s) {
  for (const Term& t : kTerms)
    if (s == t.words) return &t;
  for (std::string_view trailer : kTrailers) {
    if (s.size() > trailer.size() && s.ends_with(trailer)) {
      const std::string_view bare = s.substr(0, s.size() - trailer.size());
      for (const Term& t : kTerms)
        if (bare == t.words) return &t;
    }
  }
  return nullptr;
}

// The term a label names once qualifiers are dropped from its front, or nullptr.
const Term* term_of(std::string_view label) {
  const std::string norm = normalise(label);
  std::string_view s = norm;
  for (int guard = 0; guard < 8 && !s.empty(); ++guard) {
    if (const Term* t = exact_term(s)) return t;
    bool stripped = false;
    for (std::string_view q : kQualifiers) {
      if (s.size() > q.size() && s.starts_with(q)) {
        s.remove_prefix(q.size());
        stripped = true;
        break;
      }
    }
    if (!stripped) return nullptr;
  }
  return nullptr;
}

bool contains(std::string_view text, std::string_view word) { return text.find(word) != std::string_view::npos; }

// A breakdown figure (基本支出, 项目支出, 人员经费, 公用经费) in a sentence about the budget rather
// than the accounts: "年初预算2290万元，其中：基本支出1500万元" (一般公共预算 names a fund, not a budget).
bool splits_budget(Field field, std::string_view sentence) {
  if (field != Field::basic && field != Field::project && field != Field::personnel && field != Field::public_)
    return false;
  std::string plain(sentence);
  for (size_t at; (at = plain.find("一般公共预算")) != std::string::npos;) plain.erase(at, std::string_view("一般公共预算").size());
  return contains(plain, "预算") && !contains(plain, "决算") && !contains(plain, "执行") && !contains(plain, "实际");
}

template <size_t N>
bool contains_any(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words)
    if (contains(text, w)) return true;
  return false;
}

// The sentence of a paragraph up to byte `end`: back to the last 。；！？ before it, and
// no further back than kMaxSentence bytes (a paragraph without stops is not one sentence).
constexpr size_t kMaxSentence = 600;

std::string_view sentence_before(std::string_view text, size_t end) {
  size_t start = end;
  while (start > 0 && end - start < kMaxSentence) {
    size_t prev = 0;
    const char32_t cp = chars::before(text, start, &prev);
    if (cp == U'。' || cp == U'；' || cp == U';' || cp == U'！' || cp == U'？' || cp == U'\n') break;
    start = prev;
  }
  return text.substr(start, end - start);
}

struct Slot {
  double value = 0;
  int priority = 0;
  Span span;
  size_t fact = 0;  // index into Facts
};

class BudgetReader {
 public:
  BudgetReader(const Document& doc, const Facts& facts) : doc_(doc), facts_(facts), sections_(block_sections(doc)) {
    for (const Indicator& ind : doc.indicators) indicator_rows_.insert({ind.table, ind.row});
  }

  Budget read() {
    for (size_t i = 0; i < facts_.quantities.size(); ++i) consider(i);
    Budget b;
    auto put = [&](Field f, std::optional<double>& out, const char* key) {
      auto it = slots_.find(f);
      if (it == slots_.end()) return;
      out = it->second.value;
      b.spans[key] = it->second.span;
    };
    put(Field::budget, b.budget, "budget");
    put(Field::revenue, b.revenue, "revenue");
    put(Field::expenditure, b.expenditure, "expenditure");
    put(Field::basic, b.basic, "basic");
    put(Field::project, b.project, "project");
    put(Field::personnel, b.personnel, "personnel");
    put(Field::public_, b.public_, "public");
    put(Field::three_public, b.three_public, "three_public");
    put(Field::income_total, b.income_total, "income_total");
    put(Field::spending_total, b.spending_total, "spending_total");
    put(Field::grand_total, b.grand_total, "grand_total");
    if (gov_revenue_) {
      b.gov_fund_revenue = gov_revenue_->value;
      b.spans["gov_fund_revenue"] = gov_revenue_->span;
    }
    if (gov_expenditure_) {
      b.gov_fund_expenditure = gov_expenditure_->value;
      b.spans["gov_fund_expenditure"] = gov_expenditure_->span;
    }
    // A statement that gives only the year's totals: they are its revenue and spending too.
    if (!b.revenue && b.income_total) {
      b.revenue = b.income_total;
      b.spans["revenue"] = b.spans["income_total"];
    }
    if (!b.expenditure && b.spending_total) {
      b.expenditure = b.spending_total;
      b.spans["expenditure"] = b.spans["spending_total"];
    }
    if (b.budget && b.expenditure && *b.budget > 0 && std::isfinite(*b.expenditure / *b.budget * 100.0))
      b.execution_rate = *b.expenditure / *b.budget * 100.0;
    set_year(b);
    return b;
  }

 private:
  // The labels a figure may go by: its own, and in a table its column header and the
  // label on its left.
  std::vector<std::string> labels_of(size_t i) const {
    const Quantity& q = facts_.quantities[i];
    const FactSite& site = facts_.sites[i];
    std::vector<std::string> labels{q.label};
    if (site.table >= 0) {
      const layout::TableLayout& t = facts_.tables[site.table];
      if (const Cell* h = t.column_header(site.row, site.col)) labels.push_back(layout::cell_label(h->text));
      if (const Cell* l = t.left_label(site.row, site.col)) labels.push_back(layout::cell_label(l->text));
    }
    return labels;
  }

  void consider(size_t i) {
    const Quantity& q = facts_.quantities[i];
    const FactSite& site = facts_.sites[i];
    if (q.kind != "money" || q.unit != "万元" || !q.comparator.empty() || q.value_high) return;
    if (site.table >= 0 && indicator_rows_.count({site.table, site.row})) return;
    for (const std::string& label : labels_of(i)) {
      const Term* term = term_of(label);
      if (!term) continue;
      // What the figure is about: its label, the sentence it sits in, and its section.
      std::string_view sentence;
      if (site.table < 0) sentence = sentence_before(site.text, site.begin);
      const bool other_fund = contains_any(label, kOtherFunds) || contains_any(sentence, kOtherFunds) ||
                              std::any_of(kOtherFunds.begin(), kOtherFunds.end(), [&](std::string_view w) {
                                return in_section_about(doc_, sections_, site.block, w);
                              });
      if (other_fund) return;
      const bool gov = contains(label, kGovFund) || contains(sentence, kGovFund) ||
                       in_section_about(doc_, sections_, site.block, kGovFund);
      if (term->fiscal_only && site.table < 0 && !contains_any(sentence, kFiscalWords) && !follows_revenue(i)) return;
      // 年初预算…其中：基本支出… splits the budget, not what was spent; the “三公”经费's own 年初预算
      // is not the department's.
      if (site.table < 0 && splits_budget(term->field, sentence)) return;
      if (term->field == Field::budget && (contains(label, "三公") || contains(sentence, "三公") || three_public_table(site.table)))
        return;
      if (gov) {
        if (term->field == Field::revenue) keep(gov_revenue_, i, term->priority);
        if (term->field == Field::expenditure) keep(gov_expenditure_, i, term->priority);
        return;
      }
      std::optional<Slot> slot;
      if (auto it = slots_.find(term->field); it != slots_.end()) slot = it->second;
      keep(slot, i, term->priority);
      slots_[term->field] = *slot;
      return;
    }
  }

  // A table of the “三公”经费 (its head names them): its 预算数 is theirs, not the department's.
  bool three_public_table(int table) const {
    if (table < 0 || table >= static_cast<int>(doc_.tables.size())) return false;
    const auto& rows = doc_.tables[table].rows;
    for (size_t r = 0; r < rows.size() && r < 3; ++r)
      for (const Cell& c : rows[r])
        if (contains(c.text, "三公")) return true;
    return false;
  }

  // "收入2368.50万元，支出2341.27万元": a bare 支出 right after a revenue figure.
  bool follows_revenue(size_t i) const {
    if (i == 0) return false;
    const FactSite& a = facts_.sites[i - 1];
    const FactSite& b = facts_.sites[i];
    if (a.block != b.block || a.table >= 0) return false;
    const Term* t = term_of(facts_.quantities[i - 1].label);
    return t && t->field == Field::revenue;
  }

  void keep(std::optional<Slot>& slot, size_t i, int priority) const {
    if (slot && slot->priority >= priority) return;
    slot = Slot{facts_.quantities[i].value, priority, facts_.quantities[i].span, i};
  }

  // The year the statement names: the year written before its revenue or expenditure
  // figure (else its budget figure) in the same sentence.
  void set_year(Budget& b) const {
    for (Field field : {Field::revenue, Field::expenditure, Field::budget}) {
      auto slot = slots_.find(field);
      if (slot == slots_.end()) continue;
      const size_t i = slot->second.fact;
      const FactSite& site = facts_.sites[i];
      if (site.table >= 0) continue;
      const size_t sentence_start = site.begin - sentence_before(site.text, site.begin).size();
      for (size_t k = i; k-- > 0;) {
        const FactSite& s = facts_.sites[k];
        if (s.block != site.block || s.table >= 0 || s.begin < sentence_start) break;
        const Quantity& q = facts_.quantities[k];
        if (q.kind == "date" && q.value >= 19000000) {
          b.year = static_cast<int>(q.value / 10000);
          b.spans["year"] = q.span;
          return;
        }
      }
    }
  }

  const Document& doc_;
  const Facts& facts_;
  std::vector<int> sections_;
  std::set<std::pair<int, int>> indicator_rows_;
  std::map<Field, Slot> slots_;
  std::optional<Slot> gov_revenue_, gov_expenditure_;
};

}  // namespace

bool names_budget_figure(std::string_view label) { return term_of(label) != nullptr; }

Budget budget_of(const Document& doc, const Facts& facts) { return BudgetReader(doc, facts).read(); }

}  // namespace jixiao::extract_steps
