// Scoring methods, looked up by the name a rubric indicator gives as its `method`.
#pragma once

#include "score/score.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct ScoreContext {
  const Document& doc;
  const Rubric& rubric;
  const std::vector<Diagnostic>& diagnostics;
  const CustomIndicators& custom;
};

struct MethodResult {
  std::vector<ScoreItem> items;  // one, or one per indicator row
  std::vector<std::string> notes;
};

struct Method {
  MethodResult (*run)(const RubricItem&, const ScoreContext&);
  bool takes_value = false;       // scores the value of a `metric` or custom `function`
  bool uses_diagnostics = false;  // deducts for the checker's findings
  std::vector<std::string_view> required_params = {};
  bool scores_table_rows = false;  // reproduces a self-evaluation table, whose own 总分 is then compared
};

const std::map<std::string_view, Method, std::less<>>& method_table();

}  // namespace jixiao
