// The built-in rules. Each takes the context and reports through the Reporter; the table
// in rule_table.cpp maps codes to these functions, data/rules.json holds their metadata.
#pragma once

#include "check/check.hpp"

#include <string_view>
#include <vector>

namespace jixiao {

struct Template;
class Analysis;

struct RuleContext {
  const Document& doc;
  const CheckConfig& config;
  const Template* template_ = nullptr;  // the document's template, when one matched
  std::string_view lang;
  const Analysis* analysis = nullptr;   // shared per-document work (figures.hpp)
};

struct RuleEntry {
  const char* code;
  void (*run)(const RuleContext&, Reporter&);
};

// Every built-in rule, in catalog order.
const std::vector<RuleEntry>& rule_table();

// Structure (S), placeholders (P), arithmetic (A), consistency (C), budget (B),
// indicators (I), text (T).
void missing_section(const RuleContext&, Reporter&);
void section_order(const RuleContext&, Reporter&);
void empty_section(const RuleContext&, Reporter&);
void withheld_content(const RuleContext&, Reporter&);
void numbering_style_mixed(const RuleContext&, Reporter&);
void numbering_sequence(const RuleContext&, Reporter&);
void title_type_mismatch(const RuleContext&, Reporter&);
void unfilled_placeholder(const RuleContext&, Reporter&);
void conversion_artifact(const RuleContext&, Reporter&);
void sum_mismatch(const RuleContext&, Reporter&);
void percent_mismatch(const RuleContext&, Reporter&);
void part_exceeds_whole(const RuleContext&, Reporter&);
void precision_inconsistent(const RuleContext&, Reporter&);
void comparison_contradicts_figures(const RuleContext&, Reporter&);
void figure_conflict(const RuleContext&, Reporter&);
void rollup_mismatch(const RuleContext&, Reporter&);
void year_inconsistent(const RuleContext&, Reporter&);
void execution_rate(const RuleContext&, Reporter&);
void budget_figures_missing(const RuleContext&, Reporter&);
void indicator_value_missing(const RuleContext&, Reporter&);
void indicator_not_quantified(const RuleContext&, Reporter&);
void indicator_dimension_missing(const RuleContext&, Reporter&);
void cost_exceeds_budget(const RuleContext&, Reporter&);
void self_score_mismatch(const RuleContext&, Reporter&);
void deviation_unexplained(const RuleContext&, Reporter&);
void duplicated_word(const RuleContext&, Reporter&);
void known_typo(const RuleContext&, Reporter&);
void doubled_punctuation(const RuleContext&, Reporter&);

}  // namespace jixiao
