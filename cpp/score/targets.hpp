// How far an indicator row reached its target (财预〔2020〕10号 single-evaluation rule):
// "≥" and "=" targets reach min(actual/target, 1), "≤" targets min(target/actual, 1) (an
// actual of 0 reaches fully); units must agree after conversion (元 ↔ 万元); a qualitative
// target is reached only when the actual repeats it or states that it was met.
#pragma once

#include "core/records.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

// What decides the judgement beyond the numbers; it lives in the rubric file (words, params).
struct TargetRules {
  std::vector<std::string> met;        // the actual states the target was met when it contains one …
  std::vector<std::string> unmet;      // … and none of these (未, 部分, 基本 …)
  std::vector<std::string> met_exact;  // an actual that is exactly one of these says "met" by itself (是)
  double overshoot = 0;  // an actual above target × this gets a note (10号: 设定偏低的指标值要分析); 0 = off
};

struct Achievement {
  std::string status;               // scored | needs_review (see score_status)
  std::optional<double> fraction;   // share of the row's points earned, 0..1
  std::optional<double> actual;     // the actual, in the target's unit
  std::string expr;                 // "min(520/500, 1)", or the qualitative reasoning
  bool quantitative = false;
  std::string note;
};

Achievement achievement(const Indicator& indicator, const TargetRules& rules);

}  // namespace jixiao
