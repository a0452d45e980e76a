// Stage 5, check: a Document -> diagnostics (DESIGN.md §3, §4).
//
// Takes an extracted Document and a CheckConfig; gives a CheckResult whose diagnostics
// carry code, rule, severity, a message in the chosen language with the numbers in it,
// the exact place (line/column span, block reference, excerpt), the evidence used and an
// optional suggestion. Findings are collected, never thrown.
//
// Rules are functions listed in rule_table.cpp; their names, severities and message
// texts come from the catalog data/rules.json. Adding a rule = a function, a line in
// the table and a catalog entry.
#pragma once

#include "core/records.hpp"
#include "core/utf8.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

// One number or text a finding rests on: a stated total, a part, the computed sum, a tolerance.
struct Evidence {
  std::string role;   // e.g. "stated_total", "part", "computed_sum", "tolerance", "stated", "computed"
  std::string label;  // what the figure is, in the document's words
  std::optional<double> value;
  std::string unit;
  std::string text;   // as written
  std::optional<Span> span;
};
BOOST_DESCRIBE_STRUCT(Evidence, (), (role, label, value, unit, text, span))

struct Diagnostic {
  std::string code;
  std::string rule;
  std::string severity;  // error, warning, info
  std::string message;
  std::string path;
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
  std::string block;    // "p12" (paragraph index) or "t1/r3/c2" (table, row, column; 1-based)
  std::string excerpt;  // the source line, paragraph or table row (≤ 300 characters)
  int excerpt_start = 0;  // the finding within the excerpt, in characters [start, end)
  int excerpt_end = 0;
  std::vector<Evidence> evidence;
  std::string suggestion;
  int page = 0;       // .pdf: 1-based page; 0 when the format has no pages
  std::string sheet;  // .xlsx: worksheet name
  std::string cell;   // .xlsx: A1-style cell ("C7"), or a row's range ("A7:F7")
};
BOOST_DESCRIBE_STRUCT(Diagnostic, (), (code, rule, severity, message, path, line, column, end_line, end_column, block,
                                       excerpt, excerpt_start, excerpt_end, evidence, suggestion, page, sheet, cell))

struct CheckConfig {
  std::vector<std::string> select;  // codes or prefixes ("A", "S2"); empty = all
  std::vector<std::string> ignore;
  std::map<std::string, std::string> severity;    // code -> error|warning|info
  std::map<std::string, double> tolerances;       // see data/rules.json "tolerances" for keys and defaults
  std::map<std::string, std::vector<std::string>> per_file_ignores;  // glob -> codes/prefixes
  std::map<std::string, std::string> typos;       // extra lexicon entries: wrong -> right
  std::vector<std::string> templates;             // extra template files (JSON text)
  std::string lang = "zh";
};
BOOST_DESCRIBE_STRUCT(CheckConfig, (), (select, ignore, severity, tolerances, per_file_ignores, typos, templates,
                                        lang))

struct CheckResult {
  std::string path;
  std::string doc_type;
  std::string template_;
  std::optional<int> fiscal_year;
  std::string department;
  std::vector<Diagnostic> diagnostics;
};
BOOST_DESCRIBE_STRUCT(CheckResult, (), (path, doc_type, template_, fiscal_year, department, diagnostics))

// A rule's catalog entry (data/rules.json).
// What a rule must establish before it reports (DESIGN.md §4, precision first), in each language.
struct RuleEvidence {
  std::map<std::string, std::string> applies_to;                // lang -> the documents and parts it reads
  std::map<std::string, std::string> needs;                     // lang -> what it must establish
  std::map<std::string, std::vector<std::string>> silent_when;  // lang -> where it deliberately stays silent
};
BOOST_DESCRIBE_STRUCT(RuleEvidence, (), (applies_to, needs, silent_when))

struct RuleInfo {
  std::string code;
  std::string name;
  std::string severity;
  std::map<std::string, std::string> summary;                          // lang -> one line
  std::map<std::string, std::map<std::string, std::string>> messages;  // variant -> lang -> template
  std::map<std::string, std::string> examples;  // "fires" / "silent" -> a short report (`jixiao rule CODE`)
  RuleEvidence evidence;
};
BOOST_DESCRIBE_STRUCT(RuleInfo, (), (code, name, severity, summary, messages, examples, evidence))

// Message arguments: {name} in a template is replaced by args["name"].
using MessageArgs = std::map<std::string, std::string>;

// Where a finding is: a byte range of a block's text, or of one table cell.
struct Where {
  int block = -1;
  int row = -1;  // table row and column (0-based) when the block is a table
  int col = -1;
  size_t begin = 0;
  size_t end = std::string::npos;  // npos = to the end of the text
  std::optional<Span> span;        // an exact source span, when known better than by offsets
};

struct ExtraRule;

class Reporter {
 public:
  // `extra` (may be null) are rules outside the catalog, e.g. an analyst's own; their entries count as catalog ones.
  Reporter(const Document& doc, const CheckConfig& config, const std::vector<RuleInfo>& catalog,
           const std::vector<ExtraRule>* extra = nullptr);

  // Adds a finding for rule `code`. `variant` picks one of the rule's message templates.
  void report(std::string_view code, const Where& where, const MessageArgs& args = {},
              std::vector<Evidence> evidence = {}, std::string_view variant = "default",
              const MessageArgs& suggestion_args = {});
  // Adds a finding whose message the rule wrote itself (rules without templates); name and
  // severity still come from the catalog entry of `code`.
  void report_text(std::string_view code, const Where& where, std::string message, std::vector<Evidence> evidence = {},
                   std::string suggestion = {});
  // Adds the error-level finding that stands for a rule which failed with `what` instead of finishing.
  void report_rule_failure(std::string_view code, std::string_view what);
  // Rule `code`'s message template `variant` filled with `args`, in the config's language; empty without one.
  std::string message_for(std::string_view code, const MessageArgs& args, std::string_view variant = "default") const;

  // The source span of a place (for evidence).
  Span span_of(const Where& where) const;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic> take() { return std::move(diagnostics_); }

 private:
  const RuleInfo* rule_info(std::string_view code) const;
  Diagnostic start(std::string_view code) const;  // code, rule, severity and path of a new finding
  void add(Diagnostic d, const Where& where, std::vector<Evidence> evidence);
  // A character index of a long text of the document (null for a short one), built on first use
  // so that findings in a long paragraph cost the same as in a short one.
  const utf8::CharIndex* index_of(std::string_view text) const;
  // A table row as its excerpts show it: the cells joined by " | ", with where each cell starts.
  struct JoinedRow {
    std::string text;
    std::vector<size_t> cell_begin;
  };
  const JoinedRow& joined_row(int block, int row) const;

  const Document& doc_;
  const CheckConfig& config_;
  const std::vector<RuleInfo>& catalog_;
  const std::vector<ExtraRule>* extra_;
  std::vector<Diagnostic> diagnostics_;
  mutable std::map<std::pair<const char*, size_t>, utf8::CharIndex> indexes_;
  mutable std::map<std::pair<int, int>, JoinedRow> rows_;
};

struct RuleContext;
using RuleFunction = std::function<void(const RuleContext&, Reporter&)>;

// A rule from outside the built-in table (an analyst's Python rule, a host's C++ one): its catalog
// entry — code, name, severity, optional message templates — and the function that runs it.
// It runs after the built-ins; an exception it throws becomes an error-level finding naming it.
struct ExtraRule {
  RuleInfo info;
  RuleFunction run;
};

// The built-in rule catalog, from the compiled-in data/rules.json.
const std::vector<RuleInfo>& builtin_catalog();
// Tolerance `key` from the config, else the catalog default.
double tolerance(const CheckConfig& config, std::string_view key);

// Formats a number as the document would: up to `decimals` digits, trailing zeros kept.
std::string format_number(double v, int decimals = 2);

// Throws ConfigError for unknown codes, severities or tolerances in `config`, and for extra rules
// whose codes are empty, repeated or taken by the built-in catalog.
void validate_config(const CheckConfig& config, const std::vector<ExtraRule>& extra = {});

CheckResult check_document(const Document& doc, const CheckConfig& config = {});
// The built-in rules, then `extra` (selected and ignored by code like the built-ins).
CheckResult check_document(const Document& doc, const CheckConfig& config, const std::vector<ExtraRule>& extra);

}  // namespace jixiao
