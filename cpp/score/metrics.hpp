// Built-in measurements a rubric indicator can name as its `metric`: each reads the document's
// figures and gives one value with the arithmetic behind it, or says which figure is missing.
#pragma once

#include "core/records.hpp"
#include "score/selfeval_table.hpp"
#include "score/targets.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct Measurement {
  std::optional<double> value;
  std::string expr;     // the arithmetic with the document's figures: "108/120"
  std::string text;     // the document's words or figures used
  std::vector<Span> evidence;
  std::string missing;  // why there is no value: the item is not_assessable
  std::string error;    // why the value could not be obtained: the item needs_review
  std::string note;
  std::optional<StatedRow> row;  // the self-evaluation table row that states its own 得分
};

using Metric = Measurement (*)(const Document&, const TargetRules&);

const std::map<std::string_view, Metric, std::less<>>& metric_table();

}  // namespace jixiao
