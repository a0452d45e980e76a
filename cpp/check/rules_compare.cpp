// Comparisons the text states against the figures it compares (A105): 决算数大于预算数 where the
// 决算 is smaller, 等于 where they differ, 增加 where the figure fell, and a stated change
// (减少 56.95 万元, 下降 1.87%) that the figures around it do not give.
//
// Evidence needed: the comparison words, and on both sides figures of the same measure in the
// same or the previous sentence. Every figure is taken at its stated precision (an interval of
// half a unit of its last digit), and a finding needs every candidate reading to contradict
// the claim, so a sentence that could mean something that fits stays silent.
#include "check/figures.hpp"
#include "check/rules.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <cmath>

namespace jixiao {
namespace {

struct Interval {
  double low, high;
};

Interval interval_of(const FoundQuantity& q) {
  const double half = 0.5 * std::pow(10.0, -q.quantity.decimals);
  return {q.quantity.value - half, q.quantity.value + half};
}

bool overlaps(Interval a, Interval b) { return a.low <= b.high + 1e-9 && b.low <= a.high + 1e-9; }

// The ratio a / b over the corners of the two intervals (b > 0 throughout).
Interval ratio(Interval a, Interval b) {
  const double c[4] = {a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high};
  return {*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
}

bool sentence_end(char32_t cp) { return cp == U'。' || cp == U'；' || cp == U'！' || cp == U'？'; }

// Byte offsets where the sentences of `text` start.
std::vector<size_t> sentence_starts(std::string_view text) {
  std::vector<size_t> starts = {0};
  size_t i = 0;
  while (i < text.size()) {
    if (sentence_end(utf8::next(text, i)) && i < text.size()) starts.push_back(i);
  }
  return starts;
}

size_t sentence_of(const std::vector<size_t>& starts, size_t pos) {
  return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), pos) - starts.begin()) - 1;
}

// How far from a comparison its figures may stand (bytes): a sentence or two of prose, never a
// whole page flowed into one line.
constexpr size_t kReach = 400;

bool is_money(const FoundQuantity& q) { return q.quantity.kind == "money" && !q.quantity.value_high; }

// The text between two offsets holds nothing but separators and at most `words` characters.
bool close_after(std::string_view text, size_t from, size_t to, size_t words) {
  if (to < from) return false;
  size_t i = from, n = 0;
  while (i < to && i < text.size()) {
    const char32_t cp = utf8::next(text, i);
    if (utf8::is_space(cp) || cp == U'，' || cp == U'、' || cp == U'：' || cp == ':') continue;
    if (++n > words) return false;
  }
  return true;
}

std::string unit_of(const FoundQuantity& q) { return is_money(q) ? "万元" : q.quantity.unit; }

Where where_of(int block, const FoundQuantity& q) { return Where{block, -1, -1, q.begin, q.end, std::nullopt}; }

// The quantities that begin in [from, to): a slice of `qs`, which is in text order. Rules look
// only at the figures of a sentence or two, so long text costs no rescans.
struct Slice {
  const FoundQuantity* first;
  const FoundQuantity* last;
  const FoundQuantity* begin() const { return first; }
  const FoundQuantity* end() const { return last; }
};

Slice slice(const std::vector<FoundQuantity>& qs, size_t from, size_t to) {
  auto by_begin = [](const FoundQuantity& q, size_t at) { return q.begin < at; };
  const auto a = std::lower_bound(qs.begin(), qs.end(), from, by_begin);
  const auto b = std::lower_bound(a, qs.end(), to, by_begin);
  return {qs.data() + (a - qs.begin()), qs.data() + (b - qs.begin())};
}

// ---------------------------------------------------------------------------------------
// 决算数大于/小于/等于预算数

void final_against_budget(int block, std::string_view text, const std::vector<FoundQuantity>& qs, Reporter& out) {
  static const Regex claim(
      R"(决算数?(?:(大于|高于|超过|多于|小于|低于|少于|等于)预算数?|与预算数?(基本持平|持平|相等|一致|相同)))");
  const std::vector<size_t> starts = sentence_starts(text);
  for (const RegexMatch& m : claim.find_all(text)) {
    const std::string word(m.has(1) ? m.str(text, 1) : m.str(text, 2));
    const size_t s = sentence_of(starts, m.begin());
    const size_t window = std::max(starts[s > 0 ? s - 1 : 0], m.begin() > kReach ? m.begin() - kReach : 0);
    // The nearest budget and final figures before the claim, in this or the previous sentence.
    const FoundQuantity* budget = nullptr;
    const FoundQuantity* final_figure = nullptr;
    for (const FoundQuantity& q : slice(qs, window, m.begin())) {
      if (q.end > m.begin() || !is_money(q)) continue;
      const std::string& label = q.quantity.label;
      if (label.find("预算") != std::string::npos && label.find("决算") == std::string::npos) budget = &q;
      else if (label.find("决算") != std::string::npos || label.find("执行") != std::string::npos) final_figure = &q;
    }
    if (!budget || !final_figure || budget->end > final_figure->begin) continue;
    const Interval b = interval_of(*budget), f = interval_of(*final_figure);
    bool contradicts = false;
    std::string claim_en;
    if (word == "大于" || word == "高于" || word == "超过" || word == "多于") {
      contradicts = f.high <= b.low;  // not larger by any reading
      claim_en = "larger than";
    } else if (word == "小于" || word == "低于" || word == "少于") {
      contradicts = f.low >= b.high;
      claim_en = "smaller than";
    } else if (word == "基本持平") {
      // "About the same": only a gap of more than a tenth is a contradiction.
      contradicts = std::fabs(final_figure->quantity.value - budget->quantity.value) >
                    0.1 * std::max(std::fabs(budget->quantity.value), 1e-9);
      claim_en = "about the same as";
    } else {
      contradicts = !overlaps(b, f);
      claim_en = "equal to";
    }
    if (!contradicts) continue;
    const int dec = std::max(budget->quantity.decimals, final_figure->quantity.decimals);
    out.report("A105", Where{block, -1, -1, m.begin(), m.end(), std::nullopt},
               {{"subject", "决算数"},
                {"claim", word},
                {"object", "预算数"},
                {"subject_en", "the final figure"},
                {"claim_en", claim_en},
                {"object_en", "the budget"},
                {"value", format_number(final_figure->quantity.value, dec)},
                {"other", format_number(budget->quantity.value, dec)},
                {"unit", "万元"}},
               {});
  }
}

// ---------------------------------------------------------------------------------------
// Stated changes: 比上年增加 2.55 万元，增长 1.40%; 较上年的 19850 件增长 7.61%

struct ChangeWord {
  std::string_view word;
  int sign;
};
constexpr ChangeWord kChangeWords[] = {{"增加", 1}, {"增长", 1}, {"提高", 1}, {"上升", 1}, {"增幅", 1},
                                       {"减少", -1}, {"下降", -1}, {"降低", -1}, {"减幅", -1}, {"降幅", -1}};

void stated_changes(int block, std::string_view text, const std::vector<FoundQuantity>& qs, Reporter& out) {
  static const Regex comparison(R"(比上年|较上年|与上年|同比|比去年|较去年|上年同期|比\s*(?:19|20)[0-9]{2}\s*年度?|较\s*(?:19|20)[0-9]{2}\s*年度?|与\s*(?:19|20)[0-9]{2}\s*年度?相比)");
  const std::vector<size_t> starts = sentence_starts(text);
  for (const RegexMatch& cm : comparison.find_all(text)) {
    const size_t s = sentence_of(starts, cm.begin());
    const size_t s_end = std::min(s + 1 < starts.size() ? starts[s + 1] : text.size(), cm.end() + kReach);
    const size_t window = std::max(starts[s > 0 ? s - 1 : 0], cm.begin() > kReach ? cm.begin() - kReach : 0);
    // The change amounts and rates after the comparison, in its sentence.
    const FoundQuantity* amount = nullptr;
    const FoundQuantity* rate = nullptr;
    const FoundQuantity* previous = nullptr;
    int sign = 0;
    bool mixed = false;  // changes in both directions: no one change to check
    for (const FoundQuantity& q : slice(qs, cm.end(), s_end)) {
      if (mixed) break;
      if (q.quantity.value_high || !q.quantity.comparator.empty()) continue;
      // "较上年的19850件": the previous figure, stated with the comparison.
      if (!previous && close_after(text, cm.end(), q.begin, 1) && text.substr(cm.end(), q.begin - cm.end()).find("的") != std::string_view::npos) {
        previous = &q;
        continue;
      }
      for (const ChangeWord& w : kChangeWords) {
        const size_t wl = w.word.size();
        if (q.begin < wl) continue;
        // The word right before the figure (spaces aside).
        size_t at = q.begin;
        while (at > 0 && text[at - 1] == ' ') --at;
        if (at < wl || text.substr(at - wl, wl) != w.word) continue;
        if (sign != 0 && sign != w.sign) {
          mixed = true;
          break;
        }
        sign = w.sign;
        if (q.quantity.kind == "percent" && q.quantity.unit == "%") {
          if (!rate) rate = &q;
        } else if (!amount && (is_money(q) || q.quantity.kind == "count" || q.quantity.unit == "个百分点")) {
          amount = &q;
        }
      }
    }
    if (mixed || sign == 0 || (!amount && !rate)) continue;
    // The current figure: of the amount's measure (or the rate's subject), before the comparison.
    std::vector<const FoundQuantity*> currents;
    // The previous sentence's figures count only when the comparison opens its sentence
    // ("…总计0万元。与2023年度相比，…减少56.95万元"); otherwise the figure compared is in this one.
    const bool opens_sentence = utf8::length(utf8::trim(text.substr(starts[s], cm.begin() - starts[s]))) <= 2;
    const size_t from = opens_sentence ? window : std::max(starts[s], window);
    for (const FoundQuantity& q : slice(qs, from, cm.begin())) {
      if (q.end > cm.begin() || q.quantity.value_high || !q.quantity.comparator.empty()) continue;
      if (amount && unit_of(q) != (amount->quantity.unit == "个百分点" ? "%" : unit_of(*amount))) continue;
      if (!amount && previous && unit_of(q) != unit_of(*previous)) continue;
      if (!amount && !previous && !(is_money(q) || q.quantity.kind == "count")) continue;
      if (q.quantity.kind == "date") continue;
      currents.push_back(&q);
    }
    if (currents.empty()) continue;
    // Does any reading of the current figure give the stated change?
    auto fits = [&](const FoundQuantity& current) {
      const Interval x = interval_of(current);
      if (previous) {
        const Interval p = interval_of(*previous);
        const Interval diff{x.low - p.high, x.high - p.low};
        if (sign > 0 && diff.high <= 0) return false;
        if (sign < 0 && diff.low >= 0) return false;
        if (amount) {
          const Interval d = interval_of(*amount);
          const Interval signed_d = sign > 0 ? d : Interval{-d.high, -d.low};
          if (!overlaps(diff, signed_d)) return false;
        }
        if (rate && p.low > 0) {
          const Interval r = ratio(Interval{std::fabs(diff.low), std::fabs(diff.high)}, p);
          const Interval lo_hi{std::min(r.low, r.high) * 100, std::max(r.low, r.high) * 100};
          // diff may straddle 0 only when the figures allow no change at all; then any rate fits.
          if (!(diff.low < 0 && diff.high > 0) && !overlaps(lo_hi, interval_of(*rate))) return false;
        }
        return true;
      }
      if (amount && rate) {
        // previous = current ∓ amount; rate = amount / previous.
        const Interval d = interval_of(*amount);
        const Interval prev = sign > 0 ? Interval{x.low - d.high, x.high - d.low} : Interval{x.low + d.low, x.high + d.high};
        if (prev.low <= 0) return true;  // nothing to divide by: no claim can be tested
        const Interval r = ratio(d, prev);
        return overlaps(Interval{r.low * 100, r.high * 100}, interval_of(*rate));
      }
      return true;  // an amount or a rate alone, with no previous figure, says nothing checkable
    };
    if (!previous && !(amount && rate)) continue;
    if (std::any_of(currents.begin(), currents.end(), [&](const FoundQuantity* c) { return fits(*c); })) continue;
    const FoundQuantity& current = *currents.back();
    const std::string unit = unit_of(current);
    if (previous && !amount && !rate) {
      out.report("A105", where_of(block, current),
                 {{"word", std::string(sign > 0 ? "增加" : "减少")},
                  {"current", format_number(current.quantity.value, current.quantity.decimals)},
                  {"previous", format_number(previous->quantity.value, previous->quantity.decimals)},
                  {"unit", unit},
                  {"actual", current.quantity.value < previous->quantity.value ? "减少" : "增加"},
                  {"actual_en", current.quantity.value < previous->quantity.value ? "a fall" : "a rise"}},
                 {}, "direction");
      continue;
    }
    const FoundQuantity& stated = rate ? *rate : *amount;
    std::string computed, change_text, change_text_en;
    if (previous) {
      const double diff = current.quantity.value - previous->quantity.value;
      change_text = "上期 " + format_number(previous->quantity.value, previous->quantity.decimals) + unit;
      change_text_en = "the previous " + format_number(previous->quantity.value, previous->quantity.decimals) + " " + unit;
      computed = rate ? format_number(std::fabs(diff) / previous->quantity.value * 100.0, rate->quantity.decimals) + "%"
                      : format_number(std::fabs(diff), amount->quantity.decimals) + unit_of(*amount);
    } else {
      const double prev = current.quantity.value - sign * amount->quantity.value;
      change_text = "变动额 " + format_number(amount->quantity.value, amount->quantity.decimals) + unit_of(*amount);
      change_text_en = "a change of " + format_number(amount->quantity.value, amount->quantity.decimals) + " " + unit_of(*amount);
      computed = format_number(amount->quantity.value / prev * 100.0, rate->quantity.decimals) + "%";
    }
    out.report("A105", where_of(block, stated),
               {{"direction", std::string(sign > 0 ? "增长" : "下降")},
                {"stated", stated.quantity.text},
                {"current", format_number(current.quantity.value, current.quantity.decimals)},
                {"unit", unit},
                {"change_text", change_text},
                {"change_text_en", change_text_en},
                {"computed", computed}},
               {}, "change");
  }
}

}  // namespace

void comparison_contradicts_figures(const RuleContext& ctx, Reporter& out) {
  for (size_t bi = 0; bi < ctx.doc.blocks.size(); ++bi) {
    const Block& b = ctx.doc.blocks[bi];
    if (b.kind == "table") continue;
    const std::vector<FoundQuantity>& qs = ctx.analysis->quantities(static_cast<int>(bi));
    if (qs.size() < 2) continue;
    final_against_budget(static_cast<int>(bi), b.text, qs, out);
    stated_changes(static_cast<int>(bi), b.text, qs, out);
  }
}

}  // namespace jixiao
