// Template rules: required sections present and in order; the title's claimed type against the body.
#include "check/rules.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"
#include "extract/templates.hpp"

#include <algorithm>

namespace jixiao {
namespace {

Where heading_where(const Document& doc, int heading) {
  if (heading < 0 || heading >= static_cast<int>(doc.outline.size()))
    return Where{doc.blocks.empty() ? -1 : 0, -1, -1, 0, std::string::npos, std::nullopt};
  return Where{doc.outline[heading].block, -1, -1, 0, std::string::npos, std::nullopt};
}

int sections_found(const std::vector<int>& matched) {
  return static_cast<int>(std::count_if(matched.begin(), matched.end(), [](int i) { return i >= 0; }));
}

}  // namespace

void missing_section(const RuleContext& ctx, Reporter& out) {
  if (!ctx.template_) return;
  const Template& t = *ctx.template_;
  const std::vector<int> matched = match_sections(t, ctx.doc);
  for (size_t s = 0; s < t.sections.size(); ++s) {
    if (!t.sections[s].required || matched[s] >= 0) continue;
    // Point where the section belongs: at the next section the document does have.
    int anchor = -1;
    for (size_t k = s + 1; k < t.sections.size() && anchor < 0; ++k) anchor = matched[k];
    if (anchor < 0)
      for (size_t k = s; k-- > 0 && anchor < 0;) anchor = matched[k];
    out.report("S101", heading_where(ctx.doc, anchor), {{"section", t.sections[s].name}, {"template", t.name}});
  }
}

void section_order(const RuleContext& ctx, Reporter& out) {
  if (!ctx.template_) return;
  const Template& t = *ctx.template_;
  const std::vector<int> matched = match_sections(t, ctx.doc);
  int latest = -1;
  size_t latest_section = 0;
  for (size_t s = 0; s < t.sections.size(); ++s) {
    // The order binds the sections a template requires; optional ones (a work summary's) may
    // stand where the writer puts them.
    if (matched[s] < 0 || !t.sections[s].required) continue;
    if (matched[s] < latest) {
      out.report("S102", heading_where(ctx.doc, matched[s]),
                 {{"section", t.sections[s].name}, {"after", t.sections[latest_section].name}, {"template", t.name}});
      continue;
    }
    latest = matched[s];
    latest_section = s;
  }
}

void title_type_mismatch(const RuleContext& ctx, Reporter& out) {
  const Document& doc = ctx.doc;
  static const Regex claims_evaluation(R"(绩效.{0,6}(?:评价|自评)报告|自评报告|绩效报告)");
  static const Regex claims_summary(R"(工作总结|工作计划|工作要点)");
  static const Regex summary_heading(R"(工作总结|工作计划|工作开展情况|工作完成情况|主要工作|下一步工作)");
  const std::string& title = doc.meta.title;
  // Project reports, 决算 and 预算 are no department report a work summary could stand for.
  if (title.empty() || (doc.meta.doc_type != "self_evaluation" && doc.meta.doc_type != "work_summary")) return;
  int title_block = -1;
  for (size_t b = 0; b < doc.blocks.size() && title_block < 0; ++b)
    if (doc.blocks[b].kind == "title") title_block = static_cast<int>(b);
  const Where at{title_block < 0 ? 0 : title_block, -1, -1, 0, std::string::npos, std::nullopt};

  // Fiscal sections the body has, judged against every self-evaluation template.
  int fiscal_sections = 0;
  for (const Template& t : builtin_templates())
    if (t.doc_type == "self_evaluation") fiscal_sections = std::max(fiscal_sections, sections_found(match_sections(t, doc)));
  const Budget& b = doc.budget;
  const bool has_budget = b.budget || b.revenue || b.expenditure || b.basic || b.project;
  std::vector<std::string> summary_headings;
  for (const Heading& h : doc.outline)
    if (h.level == 1 && summary_heading.contains(h.title)) summary_headings.push_back(h.title);

  if (claims_evaluation.contains(title) && !claims_summary.contains(title) && fiscal_sections <= 1 && !has_budget &&
      !summary_headings.empty()) {
    std::string zh = "未见预算执行和绩效章节，正文以";
    std::string en = "no budget or performance sections; the body is organised as ";
    for (size_t i = 0; i < summary_headings.size() && i < 3; ++i) {
      zh += "「" + summary_headings[i] + "」";
      en += (i ? ", “" : "“") + summary_headings[i] + "”";
    }
    zh += "组织";
    out.report("S301", at,
               {{"claimed", "绩效自评报告"},
                {"actual", "工作总结"},
                {"reason", zh},
                {"claimed_en", "performance self-evaluation report"},
                {"actual_en", "work summary"},
                {"reason_en", en}});
  } else if (claims_summary.contains(title) && !claims_evaluation.contains(title) && fiscal_sections >= 4 &&
             has_budget) {
    out.report("S301", at,
               {{"claimed", "工作总结"},
                {"actual", "绩效自评报告"},
                {"reason", "正文含预算执行数据和 " + std::to_string(fiscal_sections) + " 个自评报告章节"},
                {"claimed_en", "work summary"},
                {"actual_en", "performance self-evaluation report"},
                {"reason_en", "the body states budget execution and has " + std::to_string(fiscal_sections) +
                                  " self-evaluation sections"}});
  }
}

}  // namespace jixiao
