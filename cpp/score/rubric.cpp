// Reading and validating rubric files. Every problem is a RubricError naming the file and the
// key, so an analyst editing a rubric sees exactly what to fix.
#include "core/embedded_data.hpp"
#include "core/json.hpp"
#include "score/methods.hpp"
#include "score/metrics.hpp"
#include "score/numbers.hpp"
#include "score/score.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace jixiao {

namespace {

constexpr std::string_view kBuiltinPrefix = "rubrics/";
constexpr std::string_view kJsonSuffix = ".json";

const std::set<std::string_view> kPolicies = {"redistribute", "zero"};
const std::set<std::string_view> kParams = {"target", "full_at", "zero_at", "absolute", "overshoot"};
const std::set<std::string_view> kWordLists = {"met", "unmet", "met_exact"};
const std::set<std::string_view> kDocTypes = {"self_evaluation", "target_table", "project_selfeval_table",
                                              "work_summary", "unknown"};

[[noreturn]] void fail(const std::string& origin, const std::string& key, const std::string& zh,
                       const std::string& en) {
  throw RubricError(origin, key + "：" + zh, key + ": " + en);
}

std::string child(const std::string& key, std::string_view name) {
  return key.empty() ? std::string(name) : key + "." + std::string(name);
}

template <class Names>
std::string listing(const Names& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

template <class Map>
std::vector<std::string> keys_of(const Map& map) {
  std::vector<std::string> out;
  for (const auto& [k, v] : map) out.emplace_back(k);
  return out;
}

template <class T>
constexpr bool is_record_vector = false;
template <class T, class A>
constexpr bool is_record_vector<std::vector<T, A>> = jixiao::detail::is_described_struct<T>;

// Reads a described record member by member, so an unknown key or a wrong type is reported
// with its full path ("indicators[2].points").
template <class T>
void read_keyed(const nlohmann::json& j, T& out, const std::string& key, const std::string& origin) {
  using jixiao::detail::is_described_struct;
  if constexpr (is_described_struct<T>) {
    if (!j.is_object()) fail(origin, key.empty() ? "(top)" : key, "应为 JSON 对象", "must be a JSON object");
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool known = false;
      boost::mp11::mp_for_each<Members>([&](auto m) { known = known || field_name(m.name) == it.key(); });
      if (!known) fail(origin, child(key, it.key()), "未知的键", "unknown key");
    }
    boost::mp11::mp_for_each<Members>([&](auto m) {
      const std::string name = field_name(m.name);
      if (auto it = j.find(name); it != j.end()) read_keyed(*it, out.*m.pointer, child(key, name), origin);
    });
  } else if constexpr (is_record_vector<T>) {
    if (!j.is_array()) fail(origin, key, "应为 JSON 数组", "must be a JSON array");
    out.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      typename T::value_type v{};
      read_keyed(j[i], v, key + "[" + std::to_string(i) + "]", origin);
      out.push_back(std::move(v));
    }
  } else {
    try {
      from_json_value(j, out);
    } catch (const Error&) {
      fail(origin, key, "取值类型不符：" + j.dump(), "has the wrong type: " + j.dump());
    }
  }
}

void validate_grades(const Rubric& r, const std::string& origin) {
  if (r.grades.empty()) fail(origin, "grades", "缺少等级划分", "no grade bands");
  for (size_t i = 0; i < r.grades.size(); ++i) {
    const GradeBand& g = r.grades[i];
    const std::string key = "grades[" + std::to_string(i) + "]";
    if (g.grade.empty()) fail(origin, key + ".grade", "等级名称为空", "empty grade name");
    if (!std::isfinite(g.min) || g.min < 0 || g.min > r.total)
      fail(origin, key + ".min", "分数线 " + figure(g.min) + " 不在 0 到 " + figure(r.total) + " 之间",
           "threshold " + figure(g.min) + " is outside 0.." + figure(r.total));
    if (i == 0) continue;
    const GradeBand& above = r.grades[i - 1];
    if (g.min == above.min)
      fail(origin, key + ".min", "与上一档 " + above.grade + " 的分数线 " + figure(g.min) + " 重叠",
           "overlaps the band above (" + above.grade + ") at " + figure(g.min));
    if (g.min > above.min)
      fail(origin, key + ".min", "等级须按分数线从高到低排列（" + figure(g.min) + " 高于上一档 " + figure(above.min) + "）",
           "bands must be listed from the highest threshold down (" + figure(g.min) + " is above " +
               figure(above.min) + ")");
  }
  if (r.grades.back().min != 0)
    fail(origin, "grades[" + std::to_string(r.grades.size() - 1) + "].min",
         "最低一档须从 0 分起（现为 " + figure(r.grades.back().min) + "），否则低分没有等级",
         "the lowest band must start at 0 (it starts at " + figure(r.grades.back().min) +
             "), or low totals get no grade");
}

void validate_item(const RubricItem& item, const std::string& key, const std::string& origin) {
  const auto method = method_table().find(item.method);
  if (method == method_table().end())
    fail(origin, key + ".method", "未知的方法 “" + item.method + "”（可用：" + listing(method_names()) + "）",
         "unknown method \"" + item.method + "\" (known: " + listing(method_names()) + ")");
  if (!(item.points > 0) || !std::isfinite(item.points))
    fail(origin, key + ".points", "分值须为正数", "points must be a positive number");
  if (method->second.takes_value) {
    if (item.metric.empty() == item.function.empty())
      fail(origin, key + ".metric", "方法 " + item.method + " 须且只须指定 metric 或 function 之一",
           "method " + item.method + " needs exactly one of metric or function");
    if (!item.metric.empty() && !metric_table().contains(item.metric))
      fail(origin, key + ".metric", "未知的指标 “" + item.metric + "”（可用：" + listing(metric_names()) + "）",
           "unknown metric \"" + item.metric + "\" (known: " + listing(metric_names()) + ")");
  } else if (!item.metric.empty() || !item.function.empty()) {
    fail(origin, key + (item.metric.empty() ? ".function" : ".metric"), "方法 " + item.method + " 不取指标值",
         "method " + item.method + " takes no metric or function");
  }
  for (const auto& [name, value] : item.params) {
    if (!kParams.contains(name))
      fail(origin, key + ".params." + name, "未知的参数（可用：" + listing(kParams) + "）",
           "unknown parameter (known: " + listing(kParams) + ")");
    if (!std::isfinite(value)) fail(origin, key + ".params." + name, "须为有限数值", "must be a finite number");
  }
  for (std::string_view name : method->second.required_params)
    if (!item.params.contains(std::string(name)))
      fail(origin, key + ".params." + std::string(name), "方法 " + item.method + " 需要此参数",
           "method " + item.method + " requires this parameter");
  if (item.params.contains("target") && !(item.params.at("target") > 0))
    fail(origin, key + ".params.target", "目标值须为正数", "target must be positive");
  if (item.method == "linear" && item.params.at("full_at") == item.params.at("zero_at"))
    fail(origin, key + ".params", "full_at 与 zero_at 不能相等", "full_at and zero_at must differ");
  for (const auto& [name, list] : item.words)
    if (!kWordLists.contains(name))
      fail(origin, key + ".words." + name, "未知的词表（可用：" + listing(kWordLists) + "）",
           "unknown word list (known: " + listing(kWordLists) + ")");
  for (const std::string& type : item.doc_types)
    if (!kDocTypes.contains(type))
      fail(origin, key + ".doc_types", "未知的文档类型 “" + type + "”（可用：" + listing(kDocTypes) + "）",
           "unknown doc_type \"" + type + "\" (known: " + listing(kDocTypes) + ")");
  if (method->second.uses_diagnostics != !item.deductions.empty())
    fail(origin, key + ".deductions",
         method->second.uses_diagnostics ? "方法 deductions 须列出扣分规则" : "只有方法 deductions 才有扣分规则",
         method->second.uses_diagnostics ? "method deductions needs deduction entries"
                                         : "only method deductions takes deduction entries");
  for (size_t d = 0; d < item.deductions.size(); ++d) {
    const Deduction& ded = item.deductions[d];
    const std::string dkey = key + ".deductions[" + std::to_string(d) + "]";
    const bool code_ok = ded.code.size() == 4 && std::isupper(static_cast<unsigned char>(ded.code[0])) &&
                         std::all_of(ded.code.begin() + 1, ded.code.end(), [](char c) { return std::isdigit(c); });
    if (!code_ok) fail(origin, dkey + ".code", "规则代码 “" + ded.code + "” 格式不符（应如 A101）",
                       "rule code \"" + ded.code + "\" is not like A101");
    if (!(ded.each > 0)) fail(origin, dkey + ".each", "每处扣分须为正数", "each must be positive");
    if (ded.max && !(*ded.max > 0)) fail(origin, dkey + ".max", "扣分上限须为正数", "max must be positive");
  }
}

}  // namespace

void validate_rubric(const Rubric& r, const std::string& origin) {
  if (!(r.total > 0)) fail(origin, "total", "总分须为正数", "total must be positive");
  if (!kPolicies.contains(r.not_assessable))
    fail(origin, "not_assessable", "须为 redistribute 或 zero（现为 “" + r.not_assessable + "”）",
         "must be redistribute or zero (is \"" + r.not_assessable + "\")");
  if (r.min_coverage < 0 || r.min_coverage > 1)
    fail(origin, "min_coverage", "须在 0 到 1 之间", "must be between 0 and 1");
  validate_grades(r, origin);
  if (r.indicators.empty()) fail(origin, "indicators", "没有任何指标", "no indicators");
  std::set<std::string> seen;
  double sum = 0;
  for (size_t i = 0; i < r.indicators.size(); ++i) {
    const RubricItem& item = r.indicators[i];
    const std::string key = "indicators[" + std::to_string(i) + "]" + (item.key.empty() ? "" : "(" + item.key + ")");
    if (item.key.empty()) fail(origin, key + ".key", "指标缺少 key", "indicator has no key");
    if (!seen.insert(item.key).second) fail(origin, key + ".key", "key 重复", "duplicate key");
    validate_item(item, key, origin);
    sum += item.points;
  }
  if (std::abs(sum - r.total) > 1e-6)
    fail(origin, "indicators", "各指标分值合计 " + figure(sum) + "，与总分 total " + figure(r.total) + " 不符",
         "indicator points add up to " + figure(sum) + ", not the declared total " + figure(r.total));
}

namespace {

std::map<std::string, Rubric, std::less<>> load_builtins() {
  std::map<std::string, Rubric, std::less<>> out;
  for (const auto& [path, contents] : embedded_files()) {
    if (!path.starts_with(kBuiltinPrefix) || !path.ends_with(kJsonSuffix)) continue;
    Rubric r = parse_rubric(contents, std::string(path));
    out.emplace(r.name, std::move(r));
  }
  return out;
}

const std::map<std::string, Rubric, std::less<>>& builtins() {
  static const auto all = load_builtins();
  return all;
}

}  // namespace

Rubric parse_rubric(std::string_view json_text, const std::string& origin) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw RubricError(origin, std::string("不是有效的 JSON：") + e.what(), std::string("not valid JSON: ") + e.what());
  }
  Rubric r;
  read_keyed(j, r, "", origin);
  if (r.name.empty()) r.name = origin;
  validate_rubric(r, origin);
  return r;
}

const Rubric& builtin_rubric(std::string_view name) {
  const auto& all = builtins();
  const auto it = all.find(name);
  if (it == all.end())
    throw RubricError("", "没有名为 " + std::string(name) + " 的内置评分标准（可用：" + listing(keys_of(all)) + "）",
                      "no built-in rubric named " + std::string(name) + " (known: " + listing(keys_of(all)) + ")");
  return it->second;
}

std::vector<std::string> builtin_rubric_names() { return keys_of(builtins()); }

std::string default_rubric_name(std::string_view doc_type) {
  if (doc_type == "project_selfeval_table") return "project-selfeval-2020";
  if (doc_type == "self_evaluation") return "dept-overall-2013";
  return "report-quality";
}
std::vector<std::string> method_names() { return keys_of(method_table()); }
std::vector<std::string> metric_names() { return keys_of(metric_table()); }

Rubric load_rubric(const std::string& spec) {
  const std::string_view trimmed = std::string_view(spec).substr(std::min(spec.find_first_not_of(" \t\r\n"), spec.size()));
  if (trimmed.starts_with("{")) return parse_rubric(spec, "<rubric JSON>");
  if (builtins().contains(spec)) return builtin_rubric(spec);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(spec, ec))
    throw RubricError(spec, "既不是内置评分标准（" + listing(builtin_rubric_names()) + "），也不是可读的文件",
                      "neither a built-in rubric (" + listing(builtin_rubric_names()) + ") nor a readable file");
  std::ifstream in(spec, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) throw RubricError(spec, "无法读取文件", "cannot read the file");
  return parse_rubric(text.str(), spec);
}

bool uses_diagnostics(const Rubric& rubric) {
  return std::any_of(rubric.indicators.begin(), rubric.indicators.end(), [](const RubricItem& item) {
    const auto method = method_table().find(item.method);
    return method != method_table().end() && method->second.uses_diagnostics;
  });
}

}  // namespace jixiao
