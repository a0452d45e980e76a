#include "extract/templates.hpp"

#include "extract/doc_type.hpp"

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/utf8.hpp"
#include "extract/chars.hpp"

#include <algorithm>

namespace jixiao {
namespace {

constexpr std::string_view kBuiltinFile = "templates.json";

// Title text as compared with aliases: white space, punctuation and quotes dropped,
// ASCII brackets made full-width.
std::string squeeze_title(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = utf8::next(s, i);
    if (utf8::is_space(cp)) continue;
    switch (cp) {
      case U'：': case U':': case U'，': case U',': case U'。': case U'.': case U'、': case U'；': case U';':
      case U'“': case U'”': case U'"': case U'‘': case U'’': case U'\'': case U'·':
        continue;
      case U'(': utf8::append(out, U'（'); continue;
      case U')': utf8::append(out, U'）'); continue;
      default: utf8::append(out, cp);
    }
  }
  return out;
}

// A template's names and aliases indexed by their first character, so a title is matched
// in one pass over its characters instead of one search per alias.
class AliasMatcher {
 public:
  explicit AliasMatcher(const Template& tmpl) {
    for (size_t s = 0; s < tmpl.sections.size(); ++s) {
      const TemplateSection& section = tmpl.sections[s];
      add(section.name, static_cast<int>(s));
      for (const std::string& alias : section.aliases) add(alias, static_cast<int>(s));
    }
    std::sort(keys_.begin(), keys_.end(), [](const Key& a, const Key& b) { return a.first < b.first; });
  }

  // The section whose longest alias occurs in `title` (squeezed); the earlier section when
  // two aliases are as long; -1 when none occurs.
  int match(std::string_view title) const {
    int best = -1;
    size_t best_len = 0;
    size_t i = 0;
    while (i < title.size()) {
      const size_t at = i;
      const char32_t cp = utf8::next(title, i);
      auto it = std::lower_bound(keys_.begin(), keys_.end(), cp, [](const Key& k, char32_t c) { return k.first < c; });
      for (; it != keys_.end() && it->first == cp; ++it) {
        const std::string_view alias = it->alias;
        if (alias.size() < best_len || (alias.size() == best_len && it->section >= best)) continue;
        if (title.substr(at, alias.size()) == alias) {
          best = it->section;
          best_len = alias.size();
        }
      }
    }
    return best;
  }

 private:
  struct Key {
    char32_t first;
    std::string_view alias;
    int section;
  };
  void add(std::string_view alias, int section) {
    if (!alias.empty()) keys_.push_back({chars::at(alias, 0), alias, section});
  }
  std::vector<Key> keys_;
};

int match_squeezed(const Template& tmpl, const std::string& title) {
  return title.empty() ? -1 : AliasMatcher(tmpl).match(title);
}

std::string heading_title(const Heading& h) { return squeeze_title(h.title.empty() ? h.text : h.title); }

std::vector<int> match_titles(const Template& tmpl, const std::vector<std::string>& titles) {
  std::vector<int> found(tmpl.sections.size(), -1);
  const AliasMatcher matcher(tmpl);
  for (size_t h = 0; h < titles.size(); ++h) {
    const int s = matcher.match(titles[h]);
    if (s >= 0 && found[s] < 0) found[s] = static_cast<int>(h);
  }
  return found;
}

const std::vector<std::string_view>& known_doc_types() {
  static const std::vector<std::string_view> types = {"self_evaluation", "target_table", "project_selfeval_table",
                                                      "work_summary",    "project_report", "final_accounts",
                                                      "budget_disclosure", "unknown"};
  return types;
}

}  // namespace

std::vector<Template> parse_templates(std::string_view json_text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(source, std::string("模板文件不是有效的 JSON：") + e.what(),
                      std::string("the templates file is not valid JSON: ") + e.what());
  }
  const nlohmann::json* list = &j;
  if (j.is_object()) {
    auto it = j.find("templates");
    if (it == j.end())
      throw ConfigError(source, "模板文件缺少 templates 列表", "the templates file has no \"templates\" list");
    list = &*it;
  }
  if (!list->is_array())
    throw ConfigError(source, "templates 应为数组", "\"templates\" must be an array");

  std::vector<Template> templates;
  for (const nlohmann::json& item : *list) {
    Template t;
    try {
      from_json_value(item, t);
    } catch (const Error& e) {
      throw ConfigError(source, "模板格式不符：" + e.message("zh"), "malformed template: " + e.message("en"));
    }
    if (t.name.empty()) throw ConfigError(source, "模板缺少 name", "a template has no name");
    if (t.doc_type.empty())
      throw ConfigError(source, "模板 " + t.name + " 缺少 doc_type", "template " + t.name + " has no doc_type");
    if (std::find(known_doc_types().begin(), known_doc_types().end(), t.doc_type) == known_doc_types().end())
      throw ConfigError(source, "模板 " + t.name + " 的 doc_type 未知：" + t.doc_type,
                        "template " + t.name + " has an unknown doc_type: " + t.doc_type);
    for (TemplateSection& s : t.sections) {
      s.name = squeeze_title(s.name);
      if (s.name.empty())
        throw ConfigError(source, "模板 " + t.name + " 有一节缺少 name", "template " + t.name + " has a section without a name");
      for (std::string& alias : s.aliases) alias = squeeze_title(alias);
    }
    templates.push_back(std::move(t));
  }
  return templates;
}

const std::vector<Template>& builtin_templates() {
  static const std::vector<Template> templates =
      parse_templates(embedded_file(kBuiltinFile), "data/" + std::string(kBuiltinFile));
  return templates;
}

int match_section(const Template& tmpl, const Heading& heading) { return match_squeezed(tmpl, heading_title(heading)); }

std::vector<int> match_sections(const Template& tmpl, const Document& doc) {
  std::vector<std::string> titles;
  titles.reserve(doc.outline.size());
  for (const Heading& h : doc.outline) titles.push_back(heading_title(h));
  return match_titles(tmpl, titles);
}

// Evidence that a document follows a template (DESIGN.md §4): its type is the template's, and
// either enough of the template's sections are there to tell the layout apart from another
// region's, or the title claims the type while the body holds nothing of it (then every section
// really is missing). A typed document that fits no template of its type has template none.
const Template* choose_template(const Document& doc, const std::vector<Template>& templates) {
  const std::string& type = doc.meta.doc_type;
  if (type.empty() || type == "unknown") return nullptr;
  std::vector<std::string> titles;
  titles.reserve(doc.outline.size());
  for (const Heading& h : doc.outline) titles.push_back(heading_title(h));
  const Template* best = nullptr;
  const Template* first_of_type = nullptr;
  size_t best_found = 0;
  double best_share = 0;
  for (const Template& t : templates) {
    if (t.doc_type != type) continue;
    if (!first_of_type) first_of_type = &t;
    const std::vector<int> found = match_titles(t, titles);
    const size_t n = static_cast<size_t>(std::count_if(found.begin(), found.end(), [](int h) { return h >= 0; }));
    const double share = found.empty() ? 0 : static_cast<double>(n) / static_cast<double>(found.size());
    if (n > best_found || (n == best_found && n > 0 && share > best_share)) {
      best = &t;
      best_found = n;
      best_share = share;
    }
  }
  if (!first_of_type) return nullptr;
  if (first_of_type->sections.empty()) return first_of_type;  // nothing it could report missing
  if (best && (best_found >= 3 || (best_found >= 2 && best_share >= 0.4))) return best;
  const Budget& b = doc.budget;
  const bool fiscal_content = b.budget || b.revenue || b.expenditure || b.basic || b.project || best_found >= 2;
  if (doc_type_from_title(doc.meta.title) == type && !fiscal_content) return best ? best : first_of_type;
  return nullptr;
}

const Template* find_template(const std::vector<Template>& templates, std::string_view name) {
  for (const Template& t : templates)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace jixiao
