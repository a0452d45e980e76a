// Report templates (DESIGN.md §4): which sections a doc_type requires, with title aliases
// and order. Templates are data: data/templates.json is compiled in as the default set,
// users may load their own with parse_templates.
//
// A heading matches a section when its title (numbering ignored, white space and
// punctuation squeezed out) contains one of the section's aliases; the longest alias
// wins when several sections match. Matching is by title text, never by number.
#pragma once

#include "core/records.hpp"

#include <boost/describe.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct TemplateSection {
  std::string name;
  std::vector<std::string> aliases;  // the name itself always matches too
  bool required = true;
};
BOOST_DESCRIBE_STRUCT(TemplateSection, (), (name, aliases, required))

struct Template {
  std::string name;
  std::string doc_type;  // self_evaluation, target_table, project_selfeval_table, work_summary, …
  std::vector<TemplateSection> sections;  // in the order the template expects them
};
BOOST_DESCRIBE_STRUCT(Template, (), (name, doc_type, sections))

// The templates compiled in from data/templates.json.
const std::vector<Template>& builtin_templates();

// Reads a templates file: {"templates": [...]} or a bare array of templates. Section names
// and aliases come back squeezed (white space and punctuation removed) as they are compared.
// Throws ConfigError naming `source` when the JSON is malformed or a template lacks a
// name, a doc_type, or a section name.
std::vector<Template> parse_templates(std::string_view json_text, const std::string& source);

// The index of the section `heading` stands for, or -1.
int match_section(const Template& tmpl, const Heading& heading);

// For each section of `tmpl`, the index in doc.outline of the first heading (in document
// order) that matches it, or -1 when the document has none.
std::vector<int> match_sections(const Template& tmpl, const Document& doc);

// The template that fits the document best: among the templates of doc.meta.doc_type (all
// templates when the type is unknown), the one with most sections found, then the largest
// share found. A known doc_type with no heading matched still gets its first template, so
// missing sections are reported; an unknown one with no match gets nullptr.
const Template* choose_template(const Document& doc, const std::vector<Template>& templates);

// The template called `name`, or nullptr.
const Template* find_template(const std::vector<Template>& templates, std::string_view name);

}  // namespace jixiao
