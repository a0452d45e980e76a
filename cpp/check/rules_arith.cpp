// Arithmetic, consistency and budget rules: totals against parts, percentages against
// part/whole, one figure stated twice, summary tables against sub-tables, years, execution.
#include "check/figures.hpp"
#include "check/rules.hpp"
#include "check/text_units.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "extract/quantity.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace jixiao {
namespace {

// Half a unit of the last digit a figure is written to: what rounding it to that digit may hide.
double rounding_of(const Figure& f) { return 0.5 * std::pow(10.0, -f.decimals); }

// How far a stated total and the sum of its stated parts may differ (DESIGN.md §4): money by the
// rounding of every figure in the relation (662.98 against 662.88 is an error; 105.58 against
// 95.36 + 10.23 is rounding), never less than the configured floor; counts are whole and exact
// down to the count floor.
double tolerance_for(const RuleContext& ctx, const Relation& r) {
  if (r.whole.kind != "money") return tolerance(ctx.config, "count");
  double rounding = rounding_of(r.whole);
  for (const Figure& p : r.parts) rounding += rounding_of(p);
  return std::max(tolerance(ctx.config, "money"), rounding);
}

int max_decimals(const Relation& r) {
  int d = r.whole.decimals;
  for (const Figure& p : r.parts) d = std::max(d, p.decimals);
  return d;
}

double parts_sum(const Relation& r) {
  double s = 0;
  for (const Figure& p : r.parts) s += p.value;
  return s;
}

std::string unit_text(const Figure& f) { return f.kind == "money" ? "万元" : f.unit; }

// One finding per place and code, whichever source found the relation first. Places are compared
// as source positions: a budget identity and a prose breakdown name the same figure differently.
struct Seen {
  const Reporter& out;
  std::set<std::tuple<std::string, int, int>> keys;
  bool first(const std::string& code, const Where& w) {
    const Span s = out.span_of(w);
    return keys.insert({code, s.line, s.column}).second;
  }
};

bool is_sentence_end(char32_t cp) { return cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；'; }

struct Sentence {
  size_t begin, end;
};

// More counts than this in a sentence and the next and A102 stays silent there.
constexpr long kMaxWindowCounts = 64;

std::vector<Sentence> sentences(std::string_view text) {
  std::vector<Sentence> out;
  size_t start = 0, i = 0;
  while (i < text.size()) {
    const char32_t cp = utf8::next(text, i);
    if (is_sentence_end(cp)) {
      out.push_back({start, i});
      start = i;
    }
  }
  if (start < text.size()) out.push_back({start, text.size()});
  return out;
}

}  // namespace

void sum_mismatch(const RuleContext& ctx, Reporter& out) {
  Seen seen{out, {}};
  for (const Relation& r : ctx.analysis->relations()) {
    if (!r.complete || r.parts.size() < 2) continue;
    const double sum = parts_sum(r);
    const double diff = r.whole.value - sum;
    if (std::fabs(diff) <= tolerance_for(ctx, r) + 1e-9) continue;
    // A single part already larger than the whole is A103's finding.
    if (std::any_of(r.parts.begin(), r.parts.end(), [&](const Figure& p) { return p.value > r.whole.value + 1e-9; }))
      continue;
    if (!seen.first("A101", r.whole.where)) continue;
    const int dec = max_decimals(r);
    std::vector<Evidence> ev = {evidence_of(out, r.whole, "stated_total")};
    for (const Figure& p : r.parts) ev.push_back(evidence_of(out, p, "part"));
    Evidence computed;
    computed.role = "computed_sum";
    computed.value = sum;
    computed.unit = unit_text(r.whole);
    ev.push_back(computed);
    Evidence tol;
    tol.role = "tolerance";
    tol.value = tolerance_for(ctx, r);
    ev.push_back(tol);
    const std::string label = r.whole.label.empty() ? std::string("合计") : r.whole.label;
    out.report("A101", r.whole.where,
               {{"label", label},
                {"total", format_number(r.whole.value, dec)},
                {"sum", format_number(sum, dec)},
                {"diff", format_number(std::fabs(diff), dec)},
                {"unit", unit_text(r.whole)}},
               std::move(ev));
  }
}

void part_exceeds_whole(const RuleContext& ctx, Reporter& out) {
  Seen seen{out, {}};
  for (const Relation& r : ctx.analysis->relations()) {
    for (const Figure& p : r.parts) {
      const double slack = r.whole.kind == "money" ? std::max(tolerance(ctx.config, "money"), rounding_of(p) + rounding_of(r.whole))
                                                   : tolerance(ctx.config, "count");
      if (p.value <= r.whole.value + slack) continue;
      if (!seen.first("A103", p.where)) continue;
      const int dec = std::max(p.decimals, r.whole.decimals);
      out.report("A103", p.where,
                 {{"part_label", p.label.empty() ? p.text : p.label},
                  {"part", format_number(p.value, dec)},
                  {"whole_label", r.whole.label.empty() ? r.whole.text : r.whole.label},
                  {"whole", format_number(r.whole.value, dec)},
                  {"unit", unit_text(r.whole)}},
                 {evidence_of(out, p, "part"), evidence_of(out, r.whole, "stated_total")});
      break;  // one finding per breakdown
    }
  }
}

void precision_inconsistent(const RuleContext& ctx, Reporter& out) {
  Seen seen{out, {}};
  for (const Relation& r : ctx.analysis->relations()) {
    if (!r.complete || r.parts.size() < 2 || r.whole.kind != "money") continue;
    const double sum = parts_sum(r);
    const double diff = std::fabs(r.whole.value - sum);
    if (diff < 1e-9 || diff > tolerance_for(ctx, r)) continue;
    // Only when the figures are written to different precision and the gap is below the coarser one.
    int lo = r.whole.decimals, hi = r.whole.decimals;
    for (const Figure& p : r.parts) {
      lo = std::min(lo, p.decimals);
      hi = std::max(hi, p.decimals);
    }
    if (lo == hi || diff >= std::pow(10.0, -lo)) continue;
    if (!seen.first("A104", r.whole.where)) continue;
    std::vector<Evidence> ev = {evidence_of(out, r.whole, "stated_total")};
    for (const Figure& p : r.parts) ev.push_back(evidence_of(out, p, "part"));
    out.report("A104", r.whole.where,
               {{"label", r.whole.label},
                {"total", r.whole.text.empty() ? format_number(r.whole.value, hi) : format_number(r.whole.value, r.whole.decimals)},
                {"sum", format_number(sum, hi)},
                {"diff", format_number(diff, hi)}},
               std::move(ev));
  }
}

// Shares of money in a breakdown: "支出2940.05万元，主要用于：一般公共服务支出2106.66万元，占71.73%".
// The part is the amount right before 占; the wholes are the larger amounts stated before it in the
// paragraph; the share is wrong only when no whole gives it within the rounding of the figures.
void money_shares(const RuleContext& ctx, Reporter& out, int block) {
  const std::string_view text = ctx.doc.blocks[block].text;
  const std::vector<FoundQuantity>& qs = ctx.analysis->quantities(block);
  const double floor = tolerance(ctx.config, "percent_points");
  constexpr size_t kReach = 600;  // bytes back to the breakdown's whole
  for (size_t k = 1; k < qs.size(); ++k) {
    const FoundQuantity& pct = qs[k];
    const FoundQuantity& part = qs[k - 1];
    if (pct.quantity.kind != "percent" || pct.quantity.unit != "%" || pct.quantity.value_high ||
        !pct.quantity.comparator.empty() || part.quantity.kind != "money" || part.quantity.value_high ||
        part.quantity.value <= 0)
      continue;
    // Only "part，占 share": the share says plainly whose it is.
    if (pct.begin < part.end) continue;
    std::string between = utf8::squeeze(text.substr(part.end, pct.end - part.end));
    for (const char* sep : {"，", ","})
      if (between.starts_with(sep)) between.erase(0, std::string_view(sep).size());
    if (!between.starts_with("占") || utf8::squeeze(text.substr(part.end, pct.begin - part.end)).size() > 6) continue;
    const auto half = [](const FoundQuantity& q) { return 0.5 * std::pow(10.0, -q.quantity.decimals); };
    bool any_whole = false, explained = false;
    const FoundQuantity* nearest = nullptr;
    for (size_t j = k - 1; j-- > 0;) {
      const FoundQuantity& w = qs[j];
      if (part.begin - w.begin > kReach) break;
      if (w.quantity.kind != "money" || w.quantity.value_high || w.quantity.value <= part.quantity.value) continue;
      if (is_change_or_previous(text, w.begin)) continue;
      any_whole = true;
      if (!nearest) nearest = &w;
      const double lo = (part.quantity.value - half(part)) / (w.quantity.value + half(w)) * 100.0;
      const double hi = (part.quantity.value + half(part)) / (w.quantity.value - half(w)) * 100.0;
      const double slack = half(pct) + floor + 1e-9;
      if (pct.quantity.value + slack >= lo && pct.quantity.value - slack <= hi) explained = true;
    }
    // The whole of the breakdown: the amount before 主要用于/其中/包括 that opens it.
    const FoundQuantity* whole = nullptr;
    for (std::string_view opener : {"主要用于", "其中", "包括"}) {
      const size_t at = text.rfind(opener, part.begin);
      if (at == std::string_view::npos || part.begin - at > kReach) continue;
      for (size_t j = k - 1; j-- > 0 && part.begin - qs[j].begin <= kReach;)
        if (qs[j].end <= at && qs[j].quantity.kind == "money" && qs[j].quantity.value > part.quantity.value) {
          whole = &qs[j];
          break;
        }
      if (whole) break;
    }
    if (!any_whole || explained || !whole) continue;
    const double computed = part.quantity.value / whole->quantity.value * 100.0;
    const int dec = std::max(1, pct.quantity.decimals);
    const Where at{block, -1, -1, pct.begin, pct.end, std::nullopt};
    Evidence stated;
    stated.role = "stated";
    stated.value = pct.quantity.value;
    stated.unit = "%";
    stated.text = pct.quantity.text;
    stated.span = out.span_of(at);
    Figure pf{part.quantity.value, part.quantity.decimals, part.quantity.label, "万元", "money", part.quantity.text,
              Where{block, -1, -1, part.begin, part.end, std::nullopt}};
    Figure wf{whole->quantity.value, whole->quantity.decimals, whole->quantity.label, "万元", "money",
              whole->quantity.text, Where{block, -1, -1, whole->begin, whole->end, std::nullopt}};
    Evidence ev_computed;
    ev_computed.role = "computed";
    ev_computed.value = computed;
    ev_computed.unit = "%";
    out.report("A102", at,
               {{"stated", format_number(pct.quantity.value, pct.quantity.decimals)},
                {"part", format_number(part.quantity.value, part.quantity.decimals)},
                {"whole", format_number(whole->quantity.value, whole->quantity.decimals)},
                {"computed", format_number(computed, dec)},
                {"diff", format_number(std::fabs(computed - pct.quantity.value), dec)}},
               {stated, evidence_of(out, pf, "part"), evidence_of(out, wf, "whole"), ev_computed}, "default",
               {{"zh", "改为「" + format_number(computed, dec) + "%」"}, {"en", "write “" + format_number(computed, dec) + "%”"}});
  }
}

void percent_mismatch(const RuleContext& ctx, Reporter& out) {
  for (size_t bi = 0; bi < ctx.doc.blocks.size(); ++bi)
    if (ctx.doc.blocks[bi].kind != "table") money_shares(ctx, out, static_cast<int>(bi));
  const double tol = tolerance(ctx.config, "percent_points");
  for (size_t bi = 0; bi < ctx.doc.blocks.size(); ++bi) {
    const Block& b = ctx.doc.blocks[bi];
    if (b.kind == "table") continue;
    const std::vector<FoundQuantity>& qs = ctx.analysis->quantities(static_cast<int>(bi));
    if (qs.empty()) continue;
    const std::vector<Sentence> ss = sentences(b.text);
    // Figures come in text order, so a sentence's figures are a range found by position, and
    // the counts of a window are a range of `counts`: nothing is rescanned per percentage.
    auto first_at = [&](size_t pos) {
      return static_cast<size_t>(
          std::partition_point(qs.begin(), qs.end(), [&](const FoundQuantity& q) { return q.begin < pos; }) -
          qs.begin());
    };
    auto is_count = [](const FoundQuantity& q) { return q.quantity.kind == "count" && !q.quantity.value_high; };
    std::vector<size_t> counts;
    for (size_t k = 0; k < qs.size(); ++k)
      if (is_count(qs[k])) counts.push_back(k);
    for (size_t si = 0; si < ss.size(); ++si) {
      // The window: this sentence and the next (the whole is often stated just after).
      const size_t w_begin = ss[si].begin;
      const size_t w_end = si + 1 < ss.size() ? ss[si + 1].end : ss[si].end;
      const size_t s_first = first_at(ss[si].begin), s_last = first_at(ss[si].end), w_last = first_at(w_end);
      const auto w_counts_begin = std::lower_bound(counts.begin(), counts.end(), s_first);
      const auto w_counts_end = std::lower_bound(counts.begin(), counts.end(), w_last);
      // A window crowded with counts (a table flowed into prose) cannot tell which figure is
      // the part and which the whole: precision first, say nothing.
      if (w_counts_end - w_counts_begin > kMaxWindowCounts) continue;
      const FoundQuantity* last_count = nullptr;
      for (size_t k = s_first; k < s_last; ++k) {
        const FoundQuantity& pct = qs[k];
        // The part: the nearest count before the percentage in the sentence.
        const FoundQuantity* part = last_count;
        if (is_count(pct)) last_count = &pct;
        // A target (≥95%) is not a share; "达到72.4%" states one.
        const bool stated_share =
            pct.quantity.comparator.empty() || pct.quantity.text.rfind("达", 0) == 0;
        if (pct.quantity.kind != "percent" || pct.quantity.unit != "%" || pct.quantity.value_high || !stated_share)
          continue;
        // A growth rate or a change (增长7.61%, 较上年的94.61%) is no share of a whole.
        if (is_change_or_previous(b.text, pct.begin)) continue;
        if (!part || part->quantity.value <= 0) continue;
        // Candidate wholes: same unit, larger; before the part in this sentence, or stated as a
        // total (共/总/全) anywhere in the window.
        std::vector<const FoundQuantity*> wholes;
        std::vector<const FoundQuantity*> any_counts;
        for (auto c = w_counts_begin; c != w_counts_end; ++c) {
          const FoundQuantity& q = qs[*c];
          if (&q == part) continue;
          if (q.quantity.unit != part->quantity.unit) continue;
          any_counts.push_back(&q);
          if (q.quantity.value <= part->quantity.value) continue;
          const std::string_view before = std::string_view(b.text).substr(w_begin, q.begin - w_begin);
          const bool stated_total = q.quantity.label.find("共") != std::string::npos ||
                                    before.substr(before.size() > 6 ? before.size() - 6 : 0).find("共") !=
                                        std::string_view::npos;
          if ((q.end <= part->begin && q.begin >= ss[si].begin) || stated_total) wholes.push_back(&q);
        }
        if (wholes.empty()) continue;
        // Any pair of figures near it that gives the stated percentage means it is fine.
        const double stated = pct.quantity.value;
        // Within the rounding of the stated percentage (and the configured floor); counts are exact.
        auto matches = [&](double num, double den) {
          return den > 0 && std::fabs(num / den * 100.0 - stated) <= tol + 0.5 * std::pow(10.0, -pct.quantity.decimals) + 1e-9;
        };
        bool explained = false;
        for (const FoundQuantity* a : any_counts)
          for (const FoundQuantity* c : any_counts)
            if (a != c && matches(a->quantity.value, c->quantity.value)) explained = true;
        for (const FoundQuantity* c : any_counts) explained = explained || matches(part->quantity.value, c->quantity.value);
        if (explained) continue;
        const FoundQuantity* whole = wholes.back();
        for (const FoundQuantity* w : wholes)
          if (w->end <= part->begin) whole = w;  // prefer the nearest whole before the part
        const double computed = part->quantity.value / whole->quantity.value * 100.0;
        const int dec = std::max(1, pct.quantity.decimals);
        Evidence ev_pct;
        ev_pct.role = "stated";
        ev_pct.value = stated;
        ev_pct.unit = "%";
        ev_pct.text = pct.quantity.text;
        ev_pct.span = out.span_of(Where{static_cast<int>(bi), -1, -1, pct.begin, pct.end, std::nullopt});
        Evidence ev_computed;
        ev_computed.role = "computed";
        ev_computed.value = computed;
        ev_computed.unit = "%";
        Figure pf{part->quantity.value, part->quantity.decimals, part->quantity.label, part->quantity.unit,
                  "count", part->quantity.text, Where{static_cast<int>(bi), -1, -1, part->begin, part->end, std::nullopt}};
        Figure wf{whole->quantity.value, whole->quantity.decimals, whole->quantity.label, whole->quantity.unit,
                  "count", whole->quantity.text, Where{static_cast<int>(bi), -1, -1, whole->begin, whole->end, std::nullopt}};
        out.report("A102", Where{static_cast<int>(bi), -1, -1, pct.begin, pct.end, std::nullopt},
                   {{"stated", format_number(stated, pct.quantity.decimals)},
                    {"part", format_number(part->quantity.value, part->quantity.decimals)},
                    {"whole", format_number(whole->quantity.value, whole->quantity.decimals)},
                    {"computed", format_number(computed, dec)},
                    {"diff", format_number(std::fabs(computed - stated), dec)}},
                   {ev_pct, evidence_of(out, pf, "part"), evidence_of(out, wf, "whole"), ev_computed}, "default",
                   {{"zh", "改为「" + format_number(computed, dec) + "%」"},
                    {"en", "write “" + format_number(computed, dec) + "%”"}});
      }
    }
  }
}

void rollup_mismatch(const RuleContext& ctx, Reporter& out) {
  // A summary (the first indicator table) against the 支出方向 sub-tables, when the sub-tables'
  // amounts add up to the special funds the summary covers, so they are all present.
  const Document& doc = ctx.doc;
  if (doc.meta.doc_type != "target_table") return;
  std::map<int, std::vector<const Indicator*>> by_table;
  for (const Indicator& i : doc.indicators) by_table[i.table].push_back(&i);
  if (by_table.size() < 3) return;
  auto quantity_cell = [](const std::vector<const Indicator*>& rows) -> const Indicator* {
    for (const Indicator* i : rows)
      if (i->level2.find("数量") != std::string::npos) return i;
    return nullptr;
  };
  auto counts = [](const std::string& text) {
    std::map<std::string, std::pair<double, std::string>> out;
    for (const FoundQuantity& q : scan_quantities(text))
      if (q.quantity.kind == "count" && !q.quantity.label.empty() && !q.quantity.value_high)
        out[q.quantity.label + "|" + q.quantity.unit] = {q.quantity.value, q.quantity.unit};
    return out;
  };
  // Sub-table amounts (项目金额) must add up to the summary's project funds.
  double sub_amounts = 0;
  int amount_tables = 0;
  for (const Table& t : doc.tables)
    for (const auto& row : t.rows)
      for (size_t c = 0; c + 1 < row.size(); ++c)
        if (utf8::squeeze(row[c].text) == "项目金额") {
          if (auto v = parse_number(utf8::trim(row[c + 1].text))) {
            sub_amounts += *v;
            ++amount_tables;
          }
        }
  if (!doc.budget.project || amount_tables < 2 || std::fabs(sub_amounts - *doc.budget.project) > 0.005) return;
  auto it = by_table.begin();
  const Indicator* summary = quantity_cell(it->second);
  if (!summary) return;
  std::map<std::string, double> sums;
  for (++it; it != by_table.end(); ++it)
    if (const Indicator* sub = quantity_cell(it->second))
      for (const auto& [key, v] : counts(sub->target)) sums[key] += v.first;
  const Table* summary_table = nullptr;
  for (const Table& t : doc.tables)
    if (t.index == summary->table) summary_table = &t;
  for (const auto& [key, v] : counts(summary->target)) {
    const double total = v.first;
    const double sum = sums.count(key) ? sums[key] : 0.0;
    if (std::fabs(total - sum) <= tolerance(ctx.config, "count")) continue;
    Where w;
    w.block = summary_table ? summary_table->block : -1;
    w.row = summary->row;
    w.col = -1;
    w.span = summary->span;
    const std::string label = key.substr(0, key.find('|'));
    out.report("C102", w,
               {{"label", label},
                {"total", format_number(total, 0)},
                {"sum", format_number(sum, 0)},
                {"unit", v.second}});
  }
}

void execution_rate(const RuleContext& ctx, Reporter& out) {
  const Budget& b = ctx.doc.budget;
  if (!b.execution_rate || !b.budget || !b.expenditure) return;
  const double rate = *b.execution_rate;
  const double low = tolerance(ctx.config, "execution_rate_low");
  if (rate >= low && rate <= 100.0 + 1e-9) return;
  auto it = b.spans.find("expenditure");
  const Where w = it != b.spans.end() ? where_of_span(ctx.doc, it->second) : Where{};
  out.report("B101", w,
             {{"rate", format_number(rate, 1)},
              {"expenditure", format_number(*b.expenditure, 2)},
              {"budget", format_number(*b.budget, 2)},
              {"threshold", format_number(low, 0)}},
             {}, rate > 100.0 ? "over" : "default");
}

void budget_figures_missing(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  if (doc.meta.doc_type != "self_evaluation") return;
  const Budget& b = doc.budget;
  if (b.budget || b.revenue || b.expenditure || b.basic || b.project || b.personnel || b.public_ || b.three_public)
    return;
  // Point at the budget section when there is one, else at the start of the report.
  int block = doc.blocks.empty() ? -1 : 0;
  for (const Heading& h : doc.outline)
    if (h.title.find("预算") != std::string::npos || h.title.find("支出") != std::string::npos) {
      block = h.block;
      break;
    }
  out.report("B102", Where{block, -1, -1, 0, std::string::npos, std::nullopt});
}

}  // namespace jixiao
