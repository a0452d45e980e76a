#include "check/check.hpp"

#include "check/figures.hpp"
#include "check/rules.hpp"
#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/utf8.hpp"
#include "extract/templates.hpp"
#include "parse/parse.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fnmatch.h>

namespace jixiao {
namespace {

struct Catalog {
  std::vector<RuleInfo> rules;
  std::map<std::string, double> tolerances;
};

const Catalog& catalog_data() {
  static const Catalog catalog = [] {
    const nlohmann::json j = nlohmann::json::parse(embedded_file("rules.json"));
    Catalog c;
    from_json_value(j.at("rules"), c.rules);
    from_json_value(j.at("tolerances"), c.tolerances);
    return c;
  }();
  return catalog;
}

bool matches_code(const std::string& code, const std::vector<std::string>& patterns) {
  for (const std::string& p : patterns)
    if (!p.empty() && code.compare(0, p.size(), p) == 0) return true;
  return false;
}

const RuleInfo* find_rule(const std::vector<RuleInfo>& catalog, std::string_view code) {
  for (const RuleInfo& r : catalog)
    if (r.code == code) return &r;
  return nullptr;
}

std::string render(const std::string& tmpl, const MessageArgs& args) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') {
      const size_t close = tmpl.find('}', i);
      if (close != std::string::npos) {
        auto it = args.find(tmpl.substr(i + 1, close - i - 1));
        if (it != args.end()) {
          out += it->second;
          i = close;
          continue;
        }
      }
    }
    out.push_back(tmpl[i]);
  }
  return out;
}

std::string pick(const std::map<std::string, std::string>& texts, const std::string& lang) {
  auto it = texts.find(lang);
  if (it == texts.end()) it = texts.find("zh");
  return it == texts.end() ? std::string() : it->second;
}

bool valid_severity(const std::string& s) { return s == "error" || s == "warning" || s == "info"; }

std::string block_ref(const Document& doc, const Where& w) {
  if (w.block < 0 || w.block >= static_cast<int>(doc.blocks.size())) return "";
  const Block& b = doc.blocks[w.block];
  if (b.kind == "table") {
    const std::string t = b.ref.empty() ? "t" + std::to_string(b.table + 1) : b.ref;
    if (w.row < 0) return t;
    return t + "/r" + std::to_string(w.row + 1) + "/c" + std::to_string(std::max(w.col, 0) + 1);
  }
  return b.ref;
}

// The page (.pdf), sheet and cell (.xlsx) of a place, from the block, table and cell it is in.
void place_in_source(const Document& doc, const Block& b, const Where& w, Diagnostic& d) {
  d.page = b.page;
  d.sheet = b.sheet;
  if (b.kind != "table" || b.table < 0 || b.table >= static_cast<int>(doc.tables.size())) {
    if (!b.sheet.empty()) d.cell = b.ref;  // a workbook's title line names its cell
    return;
  }
  const Table& t = doc.tables[b.table];
  if (t.page > 0) d.page = t.page;
  if (!t.sheet.empty()) d.sheet = t.sheet;
  if (w.row < 0 || w.row >= static_cast<int>(t.rows.size()) || t.rows[w.row].empty()) return;
  const auto& row = t.rows[w.row];
  if (row.front().page > 0) d.page = row.front().page;  // a PDF table going on over pages
  if (w.col >= 0 && w.col < static_cast<int>(row.size())) {
    d.cell = row[w.col].ref;
  } else if (!row.front().ref.empty() && !row.back().ref.empty()) {
    d.cell = row.front().ref + ":" + row.back().ref;  // the whole row
  }
}

// At most 300 characters of `text`, centred on the finding when the text is longer;
// `start`/`end` (character offsets of the finding) are moved along with the cut. Only the
// window is copied, with line breaks as spaces.
std::string excerpt_window(std::string_view text, const utf8::CharIndex* index, int& start, int& end) {
  constexpr int kMax = 300;
  auto chars_before = [&](size_t byte) { return index ? index->chars_before(byte) : utf8::length(text.substr(0, byte)); };
  auto offset_of = [&](int n) { return index ? index->offset_of(n) : utf8::offset_of(text, n); };
  auto flat = [](std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
  };
  const int total = static_cast<int>(chars_before(text.size()));
  if (total <= kMax) return flat(text);
  int from = std::clamp(start - 100, 0, total - (kMax - 2));
  const int to = std::min(total, from + kMax - 2);
  const size_t b = offset_of(from), e = offset_of(to);
  std::string out = (from > 0 ? "…" : "") + flat(text.substr(b, e - b)) + (to < total ? "…" : "");
  const int shift = from - (from > 0 ? 1 : 0);
  start = std::clamp(start - shift, 0, kMax);
  end = std::clamp(end - shift, start, kMax);
  return out;
}

}  // namespace

const std::vector<RuleInfo>& builtin_catalog() { return catalog_data().rules; }

void validate_config(const CheckConfig& config, const std::vector<ExtraRule>& extra) {
  const auto& catalog = builtin_catalog();
  std::vector<std::string> extra_codes;
  for (const ExtraRule& rule : extra) {
    const std::string& code = rule.info.code;
    if (code.empty()) throw ConfigError("", "自定义规则缺少代码", "a custom rule has no code");
    if (find_rule(catalog, code))
      throw ConfigError("", "自定义规则代码 " + code + " 与内置规则重复（请用 X901 这类代码）",
                        "custom rule code " + code + " is taken by a built-in rule (use codes like X901)");
    if (std::find(extra_codes.begin(), extra_codes.end(), code) != extra_codes.end())
      throw ConfigError("", "自定义规则代码 " + code + " 重复", "custom rule code " + code + " is used twice");
    if (!valid_severity(rule.info.severity))
      throw ConfigError("", "规则 " + code + " 的严重级别无效：" + rule.info.severity + "（应为 error、warning 或 info）",
                        "invalid severity for " + code + ": " + rule.info.severity + " (use error, warning or info)");
    extra_codes.push_back(code);
  }
  auto known_prefix = [&](const std::string& p) {
    auto starts = [&](const std::string& code) { return code.compare(0, p.size(), p) == 0; };
    return std::any_of(catalog.begin(), catalog.end(), [&](const RuleInfo& r) { return starts(r.code); }) ||
           std::any_of(extra_codes.begin(), extra_codes.end(), starts) ||
           (p.size() >= 2 && p[0] == 'X');  // X… codes are reserved for user rules
  };
  for (const auto* list : {&config.select, &config.ignore})
    for (const std::string& p : *list)
      if (p.empty() || !known_prefix(p))
        throw ConfigError("", "未知的规则代码或前缀：" + p, "unknown rule code or prefix: " + p);
  for (const auto& [code, sev] : config.severity) {
    if (!known_prefix(code)) throw ConfigError("", "未知的规则代码：" + code, "unknown rule code: " + code);
    if (!valid_severity(sev))
      throw ConfigError("", "规则 " + code + " 的严重级别无效：" + sev + "（应为 error、warning 或 info）",
                        "invalid severity for " + code + ": " + sev + " (use error, warning or info)");
  }
  const auto& defaults = catalog_data().tolerances;
  for (const auto& [key, value] : config.tolerances) {
    if (!defaults.count(key)) throw ConfigError("", "未知的容差项：" + key, "unknown tolerance: " + key);
    if (!(value >= 0)) throw ConfigError("", "容差 " + key + " 必须是非负数", "tolerance " + key + " must be >= 0");
  }
}

double tolerance(const CheckConfig& config, std::string_view key) {
  auto it = config.tolerances.find(std::string(key));
  if (it != config.tolerances.end()) return it->second;
  return catalog_data().tolerances.at(std::string(key));
}

std::string format_number(double v, int decimals) {
  if (std::isnan(v)) return "NaN";
  decimals = std::clamp(decimals, 0, 6);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    // Avoid "-0.00" for values that round to zero.
    bool all_zero = std::all_of(s.begin() + 1, s.end(), [](char c) { return c == '0' || c == '.'; });
    if (all_zero) s.erase(0, 1);
  }
  return s;
}

Reporter::Reporter(const Document& doc, const CheckConfig& config, const std::vector<RuleInfo>& catalog,
                   const std::vector<ExtraRule>* extra)
    : doc_(doc), config_(config), catalog_(catalog), extra_(extra) {}

const RuleInfo* Reporter::rule_info(std::string_view code) const {
  if (const RuleInfo* info = find_rule(catalog_, code)) return info;
  if (extra_)
    for (const ExtraRule& rule : *extra_)
      if (rule.info.code == code) return &rule.info;
  return nullptr;
}

std::string Reporter::message_for(std::string_view code, const MessageArgs& args, std::string_view variant) const {
  const RuleInfo* info = rule_info(code);
  if (!info) return "";
  auto msg = info->messages.find(std::string(variant));
  if (msg == info->messages.end()) msg = info->messages.find("default");
  return msg == info->messages.end() ? std::string() : render(pick(msg->second, config_.lang), args);
}

Diagnostic Reporter::start(std::string_view code) const {
  Diagnostic d;
  d.code = std::string(code);
  d.path = doc_.meta.path;
  if (const RuleInfo* info = rule_info(code)) {
    d.rule = info->name;
    d.severity = info->severity;
  }
  auto sev = config_.severity.find(d.code);
  if (sev != config_.severity.end()) d.severity = sev->second;
  return d;
}

void Reporter::report_text(std::string_view code, const Where& where, std::string message,
                           std::vector<Evidence> evidence, std::string suggestion) {
  Diagnostic d = start(code);
  d.message = std::move(message);
  d.suggestion = std::move(suggestion);
  add(std::move(d), where, std::move(evidence));
}

void Reporter::report_rule_failure(std::string_view code, std::string_view what) {
  Diagnostic d = start(code);
  d.severity = "error";  // whatever the rule's own severity: its findings for this document may be missing
  const std::string code_text(code);
  if (config_.lang == "en")
    d.message = "rule " + code_text + (d.rule.empty() ? "" : " (" + d.rule + ")") + " failed: " + std::string(what);
  else
    d.message = "规则 " + code_text + (d.rule.empty() ? " " : "（" + d.rule + "）") + "运行出错：" + std::string(what);
  add(std::move(d), Where{}, {});
}

const utf8::CharIndex* Reporter::index_of(std::string_view text) const {
  constexpr size_t kLong = 256;  // shorter texts are counted directly
  if (text.size() < kLong) return nullptr;
  return &indexes_.try_emplace({text.data(), text.size()}, text).first->second;
}

const Reporter::JoinedRow& Reporter::joined_row(int block, int row) const {
  auto [it, added] = rows_.try_emplace({block, row});
  if (added) {
    for (const Cell& c : doc_.tables[doc_.blocks[block].table].rows[row]) {
      if (!it->second.cell_begin.empty()) it->second.text += " | ";
      it->second.cell_begin.push_back(it->second.text.size());
      it->second.text += c.text;
    }
  }
  return it->second;
}

Span Reporter::span_of(const Where& w) const {
  if (w.span) return *w.span;
  if (w.block < 0 || w.block >= static_cast<int>(doc_.blocks.size())) return {};
  const Block& b = doc_.blocks[w.block];
  if (b.kind == "table" && w.row >= 0 && b.table >= 0) {
    const Table& t = doc_.tables[b.table];
    if (w.row >= static_cast<int>(t.rows.size())) return t.span;
    const auto& row = t.rows[w.row];
    if (w.col < 0 || w.col >= static_cast<int>(row.size())) {
      return {row.front().span.line, row.front().span.column, row.back().span.end_line, row.back().span.end_column};
    }
    const Cell& c = row[w.col];
    if (c.map.empty()) return c.span;
    return locate(c.map, c.text, std::min(w.begin, c.text.size()), std::min(w.end, c.text.size()), index_of(c.text));
  }
  if (b.map.empty()) return b.span;
  return locate(b.map, b.text, std::min(w.begin, b.text.size()), std::min(w.end, b.text.size()), index_of(b.text));
}

void Reporter::report(std::string_view code, const Where& where, const MessageArgs& args, std::vector<Evidence> evidence,
                      std::string_view variant, const MessageArgs& suggestion_args) {
  Diagnostic d = start(code);
  d.message = message_for(code, args, variant);
  if (const RuleInfo* info = rule_info(code)) {
    auto sug = info->messages.find("suggestion");
    if (sug != info->messages.end() && !suggestion_args.empty())
      d.suggestion = render(pick(sug->second, config_.lang), suggestion_args);
  }
  if (d.suggestion.empty()) {
    auto it = suggestion_args.find(config_.lang == "en" ? "en" : "zh");
    if (it != suggestion_args.end()) d.suggestion = it->second;
  }
  add(std::move(d), where, std::move(evidence));
}

void Reporter::add(Diagnostic d, const Where& where, std::vector<Evidence> evidence) {
  const Span s = span_of(where);
  d.line = s.line;
  d.column = s.column;
  d.end_line = s.end_line;
  d.end_column = s.end_column;
  d.block = block_ref(doc_, where);
  if (where.block >= 0 && where.block < static_cast<int>(doc_.blocks.size())) {
    const Block& b = doc_.blocks[where.block];
    place_in_source(doc_, b, where, d);
    std::string_view excerpt = b.text;
    size_t text_at = 0;  // where, in the excerpt, the text the offsets refer to starts
    size_t text_size = b.text.size();
    if (b.kind == "table" && where.row >= 0 && b.table >= 0 &&
        where.row < static_cast<int>(doc_.tables[b.table].rows.size())) {
      // A table finding shows its whole row, cells separated by " | ".
      const JoinedRow& row = joined_row(where.block, where.row);
      excerpt = row.text;
      text_size = 0;
      if (where.col >= 0 && where.col < static_cast<int>(row.cell_begin.size())) {
        text_at = row.cell_begin[where.col];
        text_size = doc_.tables[b.table].rows[where.row][where.col].text.size();
      }
    }
    const utf8::CharIndex* index = index_of(excerpt);
    auto chars_before = [&](size_t byte) {
      return static_cast<int>(index ? index->chars_before(byte) : utf8::length(excerpt.substr(0, byte)));
    };
    if (!where.span) {
      const size_t begin = std::min(where.begin, text_size);
      const size_t end = std::min(where.end, text_size);
      d.excerpt_start = chars_before(text_at + begin);
      d.excerpt_end = chars_before(text_at + std::max(begin, end));
    } else if (b.kind != "table") {
      // An exact span on the block's first line: columns relative to the block's start.
      d.excerpt_start = std::max(0, s.column - b.span.column);
      d.excerpt_end = std::max(d.excerpt_start, s.end_column - b.span.column);
    }
    d.excerpt = excerpt_window(excerpt, index, d.excerpt_start, d.excerpt_end);
  }
  d.evidence = std::move(evidence);
  diagnostics_.push_back(std::move(d));
}

Location location_of(const Document& doc, const Where& where) {
  static const CheckConfig defaults;
  Reporter reporter(doc, defaults, builtin_catalog());
  reporter.report_text("", where, "");
  const Diagnostic& d = reporter.diagnostics().front();
  return Location{d.path,    d.line,          d.column,      d.end_line, d.end_column, d.block, d.excerpt,
                  d.excerpt_start, d.excerpt_end, d.page, d.sheet,      d.cell,  ""};
}

bool rule_selected(const CheckConfig& config, std::string_view code, const std::string& path) {
  const std::string c(code);
  if (!config.select.empty() && !matches_code(c, config.select)) return false;
  if (matches_code(c, config.ignore)) return false;
  for (const auto& [glob, codes] : config.per_file_ignores)
    if (fnmatch(glob.c_str(), path.c_str(), 0) == 0 && matches_code(c, codes)) return false;
  return true;
}

CheckResult check_document(const Document& doc, const CheckConfig& config) { return check_document(doc, config, {}); }

CheckResult check_document(const Document& doc, const CheckConfig& config, const std::vector<ExtraRule>& extra) {
  validate_config(config, extra);
  CheckResult result;
  result.path = doc.meta.path;
  result.doc_type = doc.meta.doc_type;
  result.template_ = doc.meta.template_;
  result.fiscal_year = doc.meta.fiscal_year;
  result.department = doc.meta.department;

  // The document's template: the one extraction chose, or — with user templates — the best fit again.
  std::vector<Template> user_templates;
  for (const std::string& text : config.templates) {
    std::vector<Template> more = parse_templates(text, "templates");
    user_templates.insert(user_templates.end(), more.begin(), more.end());
  }
  const Template* chosen = nullptr;
  if (user_templates.empty()) {
    chosen = find_template(builtin_templates(), doc.meta.template_);
  } else {
    user_templates.insert(user_templates.end(), builtin_templates().begin(), builtin_templates().end());
    chosen = choose_template(doc, user_templates);
    if (chosen) result.template_ = chosen->name;
  }

  // Per-file ignores: glob patterns matched against the path.
  std::vector<std::string> ignored = config.ignore;
  for (const auto& [glob, codes] : config.per_file_ignores)
    if (fnmatch(glob.c_str(), doc.meta.path.c_str(), 0) == 0) ignored.insert(ignored.end(), codes.begin(), codes.end());

  const Analysis analysis(doc);
  const RuleContext ctx{doc, config, chosen, config.lang, &analysis};
  Reporter reporter(doc, config, builtin_catalog(), &extra);
  auto selected = [&](const std::string& code) {
    return (config.select.empty() || matches_code(code, config.select)) && !matches_code(code, ignored);
  };
  for (const RuleEntry& entry : rule_table())
    if (selected(entry.code)) entry.run(ctx, reporter);
  for (const ExtraRule& rule : extra) {
    if (!selected(rule.info.code)) continue;
    try {
      rule.run(ctx, reporter);
    } catch (const Error& e) {
      reporter.report_rule_failure(rule.info.code, e.message(config.lang));
    } catch (const std::exception& e) {
      reporter.report_rule_failure(rule.info.code, e.what());
    }
  }
  result.diagnostics = reporter.take();
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return result;
}

}  // namespace jixiao
