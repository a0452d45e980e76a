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

// One finding per place and code, whichever source found the relation first.
struct Seen {
  std::set<std::tuple<std::string, int, int, size_t>> keys;
  bool first(const std::string& code, const Where& w) {
    const int line = w.span ? w.span->line : 0;
    return keys.insert({code, w.block, line, w.span ? static_cast<size_t>(w.span->column) : w.begin}).second;
  }
};

bool is_sentence_end(char32_t cp) { return cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；'; }

struct Sentence {
  size_t begin, end;
};

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
  Seen seen;
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
  Seen seen;
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
  Seen seen;
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

void percent_mismatch(const RuleContext& ctx, Reporter& out) {
  const double tol = tolerance(ctx.config, "percent_points");
  for (size_t bi = 0; bi < ctx.doc.blocks.size(); ++bi) {
    const Block& b = ctx.doc.blocks[bi];
    if (b.kind == "table") continue;
    const std::vector<FoundQuantity>& qs = ctx.analysis->quantities(static_cast<int>(bi));
    if (qs.empty()) continue;
    const std::vector<Sentence> ss = sentences(b.text);
    for (size_t si = 0; si < ss.size(); ++si) {
      // The window: this sentence and the next (the whole is often stated just after).
      const size_t w_begin = ss[si].begin;
      const size_t w_end = si + 1 < ss.size() ? ss[si + 1].end : ss[si].end;
      for (size_t k = 0; k < qs.size(); ++k) {
        const FoundQuantity& pct = qs[k];
        if (pct.begin < ss[si].begin || pct.begin >= ss[si].end) continue;
        // A target (≥95%) is not a share; "达到72.4%" states one.
        const bool stated_share =
            pct.quantity.comparator.empty() || pct.quantity.text.rfind("达", 0) == 0;
        if (pct.quantity.kind != "percent" || pct.quantity.unit != "%" || pct.quantity.value_high || !stated_share)
          continue;
        // A growth rate or a change (增长7.61%, 较上年的94.61%) is no share of a whole.
        if (is_change_or_previous(b.text, pct.begin)) continue;
        // The part: the nearest count before the percentage in the sentence.
        const FoundQuantity* part = nullptr;
        for (size_t j = 0; j < k; ++j)
          if (qs[j].begin >= ss[si].begin && qs[j].quantity.kind == "count" && !qs[j].quantity.value_high)
            part = &qs[j];
        if (!part || part->quantity.value <= 0) continue;
        // Candidate wholes: same unit, larger; before the part in this sentence, or stated as a
        // total (共/总/全) anywhere in the window.
        std::vector<const FoundQuantity*> wholes;
        std::vector<const FoundQuantity*> any_counts;
        for (const FoundQuantity& q : qs) {
          if (q.begin < w_begin || q.begin >= w_end || &q == part) continue;
          if (q.quantity.kind != "count" || q.quantity.unit != part->quantity.unit || q.quantity.value_high) continue;
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
