// Dossiers and the cross-document rules L101–L105.
//
// Evidence each rule needs (precision first: without it a rule stays silent):
// - L101 target-changed: one indicator (names similar at or above `link_similarity`, each the
//   other's only best match, same project) with a parsed 指标值 in a target table and in a
//   self-evaluation, same unit, and a different comparator or values apart beyond their rounding.
// - L102 completion-below-target: the self-evaluation's row claims the indicator met (full marks,
//   已完成, 达到目标 …) and its 实际完成值, in the target table's unit, misses the target table's value
//   beyond rounding.
// - L103 budget-figure-mismatch: one budget figure (same field, same scope: 年初 / 全年 budgets,
//   财政拨款 spending) of two documents about the same thing (the department as a whole, or one
//   project by name) apart beyond the rounding of both as written; plans (目标表, 预算) and accounts
//   (自评, 决算) are compared with each other only on the budget itself.
// - L104 previous-year-mismatch: a 上年 figure of this year's report against the same figure of last
//   year's documents of the department, none of which agrees with it.
// - L105 indicator-value-conflict: one indicator's 实际完成值 in two self-evaluations, same unit,
//   apart beyond rounding.
#include "link/link.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace jixiao {
namespace {

bool is_self_evaluation(const std::string& type) {
  return type == "self_evaluation" || type == "project_selfeval_table" || type == "project_report";
}

// Plans state what was budgeted; accounts what was spent.
bool is_plan(const std::string& type) { return type == "target_table" || type == "budget_disclosure"; }

// Which of two documents' figures is the reference: the 决算 over the 预算 over the 目标表 over a report.
int authority(const std::string& type) {
  if (type == "final_accounts") return 4;
  if (type == "budget_disclosure") return 3;
  if (type == "target_table") return 2;
  return 1;
}

std::string basename(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string with_unit(const std::string& text, std::optional<double> value, const std::string& unit) {
  const std::string shown = utf8::trim_copy(text);
  if (!shown.empty()) return shown;
  return value ? format_number(*value, 2) + unit : "";
}

// Two values differ beyond the rounding of both as written.
bool apart(double a, double step_a, double b, double step_b, double floor = 0) {
  return std::fabs(a - b) > std::max((step_a + step_b) / 2, floor) + 1e-9;
}

// A money figure in 万元 to the precision it was written with (元 figures have more digits in 万元),
// trailing zeros past the second decimal dropped: 23,322,700.00元 shows as 2332.27.
std::string shown(double value, double step) {
  int d = 0;
  while (d < 6 && step < 0.999999) {
    step *= 10;
    ++d;
  }
  std::string s = format_number(value, std::max(d, 2));
  while (s.size() > 3 && s.back() == '0' && s[s.size() - 3] != '.') s.pop_back();
  return s;
}

// ≥ (or >) is 1, ≤ (or <) is −1; = and none are 0: "100%" and "≥100%" promise the same.
int direction(const std::string& comparator) {
  if (comparator == "≥" || comparator == ">") return 1;
  if (comparator == "≤" || comparator == "<") return -1;
  return 0;
}

std::string digits_of(const std::string& name) {
  std::string out;
  for (char c : name)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

class Linker {
 public:
  Linker(const std::vector<LinkEntry>& entries, const CheckConfig& config)
      : entries_(entries),
        config_(config),
        threshold_(tolerance(config, "link_similarity")),
        messages_(empty_, config, builtin_catalog()) {}

  LinkResult run() {
    group();
    for (auto& [key, years] : partitions_)
      for (auto& [year, members] : years) link_year(key, year, members);
    std::stable_sort(result_.unlinked.begin(), result_.unlinked.end(),
                     [&](const Unlinked& a, const Unlinked& b) { return order_.at(a.path) < order_.at(b.path); });
    std::stable_sort(result_.dossiers.begin(), result_.dossiers.end(), [&](const Dossier& a, const Dossier& b) {
      return order_.at(a.members.front().path) < order_.at(b.members.front().path);
    });
    std::stable_sort(result_.diagnostics.begin(), result_.diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) {
      return std::make_tuple(order_.at(a.path), a.line, a.column) < std::make_tuple(order_.at(b.path), b.line, b.column);
    });
    return std::move(result_);
  }

 private:
  bool en() const { return config_.lang == "en"; }

  void unlink(size_t i, const std::string& zh, const std::string& english) {
    result_.unlinked.push_back({entries_[i].path, en() ? english : zh});
  }

  // Entries by canonical name, then place, then fiscal year.
  void group() {
    std::map<std::string, std::vector<size_t>> by_name;
    for (size_t i = 0; i < entries_.size(); ++i) {
      order_.emplace(entries_[i].path, i);
      const LinkEntry& e = entries_[i];
      if (e.key.canonical.empty()) {
        unlink(i, "未识别出部门名称", "no department name found");
      } else if (!e.fiscal_year) {
        unlink(i, "未识别出年度", "no fiscal year found");
      } else {
        by_name[e.key.canonical].push_back(i);
      }
    }
    for (const auto& [name, members] : by_name) {
      std::set<std::pair<std::string, std::string>> named;  // (level, place name)
      std::set<std::string> bare_levels;
      for (size_t i : members) {
        const DepartmentName& k = entries_[i].key;
        if (!k.place_name.empty()) named.insert({k.level, k.place_name});
        else if (!k.level.empty()) bare_levels.insert(k.level);
      }
      for (size_t i : members) {
        const DepartmentName& k = entries_[i].key;
        std::pair<std::string, std::string> site{k.level, k.place_name};
        if (k.place_name.empty()) {
          std::vector<std::pair<std::string, std::string>> candidates;
          for (const auto& n : named)
            if (k.level.empty() || n.first == k.level) candidates.push_back(n);
          if (candidates.size() > 1) {
            std::string places;
            for (const auto& c : candidates) places += (places.empty() ? "" : "、") + c.second + c.first;
            unlink(i, "「" + entries_[i].department + "」未写明地名，批次中有多个地区的" + name + "（" + places + "），无法确定归属",
                   "“" + entries_[i].department + "” names no place and the batch holds " + name + " of several (" +
                       places + ")");
            continue;
          }
          if (candidates.size() == 1) site = candidates.front();
          else if (k.level.empty() && bare_levels.size() == 1) site = {*bare_levels.begin(), ""};
        }
        partitions_[name + "\x1f" + site.first + "\x1f" + site.second][*entries_[i].fiscal_year].push_back(i);
        places_[name + "\x1f" + site.first + "\x1f" + site.second] = site.second + site.first;
      }
    }
  }

  std::string reason(size_t i, int year) const {
    const LinkEntry& e = entries_[i];
    const std::string place = e.key.place.empty() ? "" : (en() ? " (" + e.key.place + ")" : "（" + e.key.place + "）");
    if (en())
      return "department “" + e.department + "” → " + e.key.canonical + place + ", fiscal year " + std::to_string(year);
    return "部门「" + e.department + "」→ " + e.key.canonical + place + "，" + std::to_string(year) + " 年度";
  }

  void link_year(const std::string& key, int year, const std::vector<size_t>& members) {
    const auto& years = partitions_.at(key);
    auto last = years.find(year - 1);
    const std::vector<size_t> none;
    const std::vector<size_t>& previous = last == years.end() ? none : last->second;
    const bool is_last_year = years.count(year + 1) > 0;  // the previous report of next year's dossier
    if (members.size() < 2 && previous.empty()) {
      if (is_last_year) return;
      const LinkEntry& e = entries_[members.front()];
      unlink(members.front(),
             "批次中没有" + e.key.canonical + " " + std::to_string(year) + " 年度的其他文件，也没有其上年报告",
             "the batch holds no other document of " + e.key.canonical + " for " + std::to_string(year) +
                 " and no report of the year before");
      return;
    }
    Dossier dossier;
    dossier.department = entries_[members.front()].key.canonical;
    dossier.place = places_.at(key);
    dossier.fiscal_year = year;
    for (size_t i : members)
      dossier.members.push_back({entries_[i].path, entries_[i].doc_type, entries_[i].department, reason(i, year)});
    for (size_t k : previous) dossier.previous.push_back(entries_[k].path);
    result_.dossiers.push_back(std::move(dossier));
    for (size_t a = 0; a < members.size(); ++a)
      for (size_t b = a + 1; b < members.size(); ++b) {
        compare_figures(members[a], members[b]);
        compare_indicators(members[a], members[b]);
      }
    for (size_t i : members) compare_previous(i, previous, year - 1);
  }

  // Two documents are about the same thing: the department as a whole, or one project by name.
  std::optional<double> same_subject(const LinkEntry& a, const LinkEntry& b) const {
    if (a.scope.empty() || a.scope != b.scope) return std::nullopt;
    if (a.scope == "department") return 1.0;
    if (a.subject.empty() || b.subject.empty()) return std::nullopt;
    return same_name(a.subject, b.subject);
  }

  // Two names are one: similar at or above the threshold, and nested (words added, none changed).
  std::optional<double> same_name(const std::string& a, const std::string& b) const {
    const double s = name_similarity(a, b);
    if (s < threshold_ || !names_nest(a, b)) return std::nullopt;
    return s;
  }

  // --- findings -------------------------------------------------------------------------------

  Location related(const Location& place, const std::string& what) const {
    Location l = place;
    l.message = basename(place.path) + (en() ? ": " : "：") + what;
    return l;
  }

  void report(std::string_view code, const Location& at, const MessageArgs& args, std::vector<Evidence> evidence,
              std::vector<Location> others) {
    if (!rule_selected(config_, code, at.path)) return;
    Diagnostic d;
    d.code = std::string(code);
    for (const RuleInfo& r : builtin_catalog())
      if (r.code == code) {
        d.rule = r.name;
        d.severity = r.severity;
      }
    if (auto sev = config_.severity.find(d.code); sev != config_.severity.end()) d.severity = sev->second;
    d.message = messages_.message_for(code, args);
    d.path = at.path;
    d.line = at.line;
    d.column = at.column;
    d.end_line = at.end_line;
    d.end_column = at.end_column;
    d.block = at.block;
    d.excerpt = at.excerpt;
    d.excerpt_start = at.excerpt_start;
    d.excerpt_end = at.excerpt_end;
    d.page = at.page;
    d.sheet = at.sheet;
    d.cell = at.cell;
    d.evidence = std::move(evidence);
    d.related = std::move(others);
    result_.diagnostics.push_back(std::move(d));
  }

  static Evidence figure_evidence(const LinkFigure& f, const std::string& role) {
    return Evidence{role, f.label, f.value, "万元", f.text, Span{f.place.line, f.place.column, f.place.end_line,
                                                               f.place.end_column}};
  }

  // L103.
  void compare_figures(size_t i, size_t j) {
    const LinkEntry& a = entries_[i];
    const LinkEntry& b = entries_[j];
    if (!same_subject(a, b)) return;
    const bool budget_only = is_plan(a.doc_type) != is_plan(b.doc_type);
    // The report, not the reference, carries the finding.
    const bool a_primary = authority(a.doc_type) < authority(b.doc_type);
    const LinkEntry& primary = a_primary ? a : b;
    const LinkEntry& other = a_primary ? b : a;
    for (const LinkFigure& f : primary.figures) {
      if (budget_only && f.field != "budget") continue;
      for (const LinkFigure& g : other.figures) {
        if (g.field != f.field || g.scope != f.scope) continue;
        const double floor = tolerance(config_, "money");
        if (!apart(f.value, f.step, g.value, g.step, floor)) continue;
        const double allowed = std::max((f.step + g.step) / 2, floor);
        report("L103", f.place,
               {{"label", f.label}, {"value", shown(f.value, f.step)}, {"other", basename(other.path)},
                {"other_value", shown(g.value, g.step)},
                {"diff", shown(std::fabs(f.value - g.value), std::min(f.step, g.step))}},
               {figure_evidence(f, "stated"), figure_evidence(g, "other_document"),
                Evidence{"tolerance", "", allowed, "万元", "", std::nullopt}},
               {related(g.place, g.label + " " + g.text)});
      }
    }
  }

  // The indicators of two documents that are one indicator: similar names (each the other's only best
  // match), same digits, same project.
  std::vector<std::tuple<const LinkIndicator*, const LinkIndicator*, double>> matches(const LinkEntry& a,
                                                                                     const LinkEntry& b) const {
    auto score = [&](const LinkIndicator& x, const LinkIndicator& y) -> double {
      if (digits_of(x.name) != digits_of(y.name)) return 0;
      if (x.subject.empty() != y.subject.empty()) return 0;
      if (!x.subject.empty() && !same_name(x.subject, y.subject)) return 0;
      return same_name(x.name, y.name).value_or(0);
    };
    auto best_of = [&](const LinkIndicator& x, const std::vector<LinkIndicator>& ys) -> const LinkIndicator* {
      const LinkIndicator* best = nullptr;
      double top = 0;
      bool tie = false;
      for (const LinkIndicator& y : ys) {
        const double s = score(x, y);
        if (s <= 0) continue;
        if (s > top + 1e-9) {
          top = s;
          best = &y;
          tie = false;
        } else if (std::fabs(s - top) <= 1e-9) {
          tie = true;
        }
      }
      return tie ? nullptr : best;
    };
    std::vector<std::tuple<const LinkIndicator*, const LinkIndicator*, double>> out;
    for (const LinkIndicator& x : a.indicators) {
      const LinkIndicator* y = best_of(x, b.indicators);
      if (y && best_of(*y, a.indicators) == &x) out.emplace_back(&x, y, score(x, *y));
    }
    return out;
  }

  static std::string similarity_text(double s) { return format_number(s, 2); }

  // L101, L102, L105.
  void compare_indicators(size_t i, size_t j) {
    const LinkEntry& a = entries_[i];
    const LinkEntry& b = entries_[j];
    const bool a_plan = a.doc_type == "target_table", b_plan = b.doc_type == "target_table";
    if (a_plan != b_plan) {
      const LinkEntry& plan = a_plan ? a : b;
      const LinkEntry& report_doc = a_plan ? b : a;
      if (!is_self_evaluation(report_doc.doc_type)) return;
      for (const auto& [t, s, similarity] : matches(plan, report_doc)) target_checks(plan, *t, *s, similarity);
    } else if (is_self_evaluation(a.doc_type) && is_self_evaluation(b.doc_type)) {
      for (const auto& [x, y, similarity] : matches(a, b)) value_check(a, *x, *y, similarity);
    }
  }

  void target_checks(const LinkEntry& plan, const LinkIndicator& t, const LinkIndicator& s, double similarity) {
    const Evidence sim{"similarity", s.name + " ~ " + t.name, similarity, "", "", std::nullopt};
    const std::string planned = with_unit(t.target, t.target_value, t.unit);
    if (t.target_value && s.target_value && t.unit == s.unit &&
        ((direction(t.comparator) * direction(s.comparator) < 0) || apart(*t.target_value, t.target_step, *s.target_value, s.target_step))) {
      report("L101", s.place,
             {{"indicator", s.name}, {"reported", with_unit(s.target, s.target_value, s.unit)}, {"planned", planned},
              {"other", basename(plan.path)}, {"similarity", similarity_text(similarity)}},
             {Evidence{"stated", s.name, s.target_value, s.unit, s.target, std::nullopt},
              Evidence{"planned", t.name, t.target_value, t.unit, t.target, std::nullopt}, sim},
             {related(t.place, t.name + " " + planned)});
    }
    if (!s.claim.empty() && s.actual_value && t.target_value && s.actual_unit == t.unit) {
      const double actual = *s.actual_value, target = *t.target_value;
      const double half = (s.actual_step + t.target_step) / 2;
      const bool at_least = t.comparator == "≥" || t.comparator == ">" || t.comparator == "=";
      const bool at_most = t.comparator == "≤" || t.comparator == "<";
      const bool misses = (at_least && actual < target - half - 1e-9) || (at_most && actual > target + half + 1e-9);
      if (misses)
        report("L102", s.actual_place,
               {{"indicator", s.name}, {"claim", s.claim}, {"actual", with_unit(s.actual, s.actual_value, s.actual_unit)},
                {"planned", planned}, {"other", basename(plan.path)}},
               {Evidence{"actual", s.name, s.actual_value, s.actual_unit, s.actual, std::nullopt},
                Evidence{"planned", t.name, t.target_value, t.unit, t.target, std::nullopt},
                Evidence{"claim", s.name, std::nullopt, "", s.claim, std::nullopt}, sim},
               {related(t.place, t.name + " " + planned)});
    }
  }

  // L105: on the later document of the two.
  void value_check(const LinkEntry& first, const LinkIndicator& x, const LinkIndicator& y, double similarity) {
    if (!x.actual_value || !y.actual_value || x.actual_unit != y.actual_unit) return;
    if (!apart(*x.actual_value, x.actual_step, *y.actual_value, y.actual_step)) return;
    report("L105", y.actual_place,
           {{"indicator", y.name}, {"value", with_unit(y.actual, y.actual_value, y.actual_unit)},
            {"other", basename(first.path)}, {"other_value", with_unit(x.actual, x.actual_value, x.actual_unit)},
            {"similarity", similarity_text(similarity)}},
           {Evidence{"stated", y.name, y.actual_value, y.actual_unit, y.actual, std::nullopt},
            Evidence{"other_document", x.name, x.actual_value, x.actual_unit, x.actual, std::nullopt},
            Evidence{"similarity", y.name + " ~ " + x.name, similarity, "", "", std::nullopt}},
           {related(x.actual_place, x.name + " " + with_unit(x.actual, x.actual_value, x.actual_unit))});
  }

  // L104: each 上年 figure against last year's documents about the same thing; silent when any agrees.
  void compare_previous(size_t i, const std::vector<size_t>& previous, int year) {
    const LinkEntry& e = entries_[i];
    if (e.previous.empty() || previous.empty()) return;
    for (const LinkFigure& f : e.previous) {
      std::vector<const LinkFigure*> differing;
      const LinkEntry* first_other = nullptr;
      bool agrees = false;
      for (size_t k : previous) {
        const LinkEntry& last = entries_[k];
        if (!same_subject(e, last) || is_plan(last.doc_type) != is_plan(e.doc_type)) continue;
        for (const LinkFigure& g : last.figures) {
          if (g.field != f.field || g.scope != f.scope) continue;
          if (apart(f.value, f.step, g.value, g.step, tolerance(config_, "money"))) {
            differing.push_back(&g);
            if (!first_other) first_other = &last;
          } else {
            agrees = true;
          }
        }
      }
      if (agrees || differing.empty()) continue;
      const LinkFigure& g = *differing.front();
      std::vector<Location> others;
      for (const LinkFigure* d : differing) others.push_back(related(d->place, d->label + " " + d->text));
      report("L104", f.place,
             {{"label", f.label}, {"value", shown(f.value, f.step)}, {"year", std::to_string(year)},
              {"other", basename(first_other->path)}, {"other_value", shown(g.value, g.step)},
              {"diff", shown(std::fabs(f.value - g.value), std::min(f.step, g.step))}},
             {figure_evidence(f, "stated"), figure_evidence(g, "last_year")}, std::move(others));
    }
  }

  const std::vector<LinkEntry>& entries_;
  const CheckConfig& config_;
  double threshold_;
  const Document empty_;
  Reporter messages_;  // message templates in the config's language
  std::map<std::string, size_t> order_;
  std::map<std::string, std::map<int, std::vector<size_t>>> partitions_;
  std::map<std::string, std::string> places_;
  LinkResult result_;
};

}  // namespace

LinkResult link_documents(const std::vector<LinkEntry>& entries, const CheckConfig& config) {
  validate_config(config);
  return Linker(entries, config).run();
}

}  // namespace jixiao
