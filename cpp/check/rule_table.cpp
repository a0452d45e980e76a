#include "check/rules.hpp"

namespace jixiao {

const std::vector<RuleEntry>& rule_table() {
  static const std::vector<RuleEntry> table = {
      {"S101", missing_section},
      {"S102", section_order},
      {"S103", empty_section},
      {"S104", withheld_content},
      {"S201", numbering_style_mixed},
      {"S202", numbering_sequence},
      {"S301", title_type_mismatch},
      {"P101", unfilled_placeholder},
      {"P102", conversion_artifact},
      {"A101", sum_mismatch},
      {"A102", percent_mismatch},
      {"A103", part_exceeds_whole},
      {"A104", precision_inconsistent},
      {"A105", comparison_contradicts_figures},
      {"C101", figure_conflict},
      {"C102", rollup_mismatch},
      {"C103", year_inconsistent},
      {"B101", execution_rate},
      {"B102", budget_figures_missing},
      {"I101", indicator_value_missing},
      {"I102", indicator_not_quantified},
      {"I103", indicator_dimension_missing},
      {"I104", cost_exceeds_budget},
      {"I105", self_score_mismatch},
      {"I106", deviation_unexplained},
      {"T101", duplicated_word},
      {"T102", known_typo},
      {"T103", doubled_punctuation},
  };
  return table;
}

}  // namespace jixiao
