#include "extract/doc_type.hpp"

#include "extract/table_layout.hpp"
#include "extract/templates.hpp"

#include <algorithm>
#include <array>

namespace jixiao {
namespace {

struct TitleWords {
  std::string_view words;
  std::string_view doc_type;
};

// First match wins: the specific table names come before the words they contain.
constexpr std::array kTitleWords = {
    TitleWords{"项目支出绩效自评表", "project_selfeval_table"}, TitleWords{"项目绩效自评表", "project_selfeval_table"},
    TitleWords{"项目支出绩效评价表", "project_selfeval_table"}, TitleWords{"绩效自评表", "project_selfeval_table"},
    TitleWords{"绩效目标表", "target_table"},                   TitleWords{"绩效目标汇总表", "target_table"},
    TitleWords{"目标申报表", "target_table"},                   TitleWords{"绩效目标申报表", "target_table"},
    TitleWords{"整体支出绩效", "self_evaluation"},              TitleWords{"项目支出绩效", "project_report"},
    TitleWords{"项目绩效", "project_report"},                   TitleWords{"项目自评报告", "project_report"},
    TitleWords{"项目自查报告", "project_report"},               TitleWords{"自评报告", "self_evaluation"},
    TitleWords{"评价报告", "self_evaluation"},                  TitleWords{"绩效报告", "self_evaluation"},
    TitleWords{"自评情况", "self_evaluation"},                  TitleWords{"绩效自评", "self_evaluation"},
    TitleWords{"部门决算", "final_accounts"},                   TitleWords{"单位决算", "final_accounts"},
    TitleWords{"年度决算", "final_accounts"},                   TitleWords{"决算公开", "final_accounts"},
    TitleWords{"决算说明", "final_accounts"},                   TitleWords{"部门预算", "budget_disclosure"},
    TitleWords{"单位预算", "budget_disclosure"},                TitleWords{"年度预算", "budget_disclosure"},
    TitleWords{"预算公开", "budget_disclosure"},                TitleWords{"预算说明", "budget_disclosure"},
    TitleWords{"工作总结", "work_summary"},                     TitleWords{"工作计划", "work_summary"},
    TitleWords{"年度总结", "work_summary"},                     TitleWords{"工作报告", "work_summary"},
    TitleWords{"工作汇报", "work_summary"},
};

// Headings of a self-evaluation template found in the document, best template.
size_t self_evaluation_sections(const Document& doc) {
  size_t best = 0;
  for (const Template& t : builtin_templates()) {
    if (t.doc_type != "self_evaluation") continue;
    const std::vector<int> found = match_sections(t, doc);
    best = std::max(best, static_cast<size_t>(std::count_if(found.begin(), found.end(), [](int h) { return h >= 0; })));
  }
  return best;
}

bool has_work_sections(const Document& doc) {
  const Template* work = nullptr;
  for (const Template& t : builtin_templates())
    if (t.doc_type == "work_summary") work = &t;
  if (!work) return false;
  const std::vector<int> found = match_sections(*work, doc);
  return std::any_of(found.begin(), found.end(), [](int h) { return h >= 0; });
}

}  // namespace

std::string doc_type_from_title(std::string_view title) {
  const std::string t = layout::squeeze(title);
  for (const TitleWords& w : kTitleWords)
    if (t.find(w.words) != std::string::npos) return std::string(w.doc_type);
  return {};
}

std::string doc_type_from_content(const Document& doc) {
  bool indicator_tables = false, self_scored = false;
  for (const Table& table : doc.tables) {
    for (int r = 0; r < static_cast<int>(table.rows.size()); ++r) {
      if (auto cols = layout::indicator_header(table, r)) {
        indicator_tables = true;
        if (cols->actual >= 0) self_scored = true;
      }
    }
  }
  if (self_scored) return "project_selfeval_table";
  // 决算 and 预算 disclosures name their statements: 收入支出决算总表, 收支预算总表.
  size_t final_tables = 0, budget_tables = 0;
  for (const Block& b : doc.blocks) {
    if (b.kind != "paragraph" && b.kind != "heading" && b.kind != "title") continue;
    const std::string t = layout::squeeze(b.text);
    if (t.size() > 90) continue;
    if (t.find("决算总表") != std::string::npos || t.find("决算表") != std::string::npos) ++final_tables;
    if (t.find("预算总表") != std::string::npos || t.find("收支预算表") != std::string::npos) ++budget_tables;
  }
  if (final_tables >= 2 && final_tables >= budget_tables) return "final_accounts";
  if (budget_tables >= 2) return "budget_disclosure";
  size_t prose = 0, tabular = 0;
  for (const Block& b : doc.blocks) (b.kind == "table" ? tabular : prose) += b.text.size();
  if (indicator_tables && tabular >= prose) return "target_table";
  const Budget& budget = doc.budget;
  if (self_evaluation_sections(doc) >= 2 || budget.revenue || budget.expenditure || budget.basic || budget.project)
    return "self_evaluation";
  if (has_work_sections(doc)) return "work_summary";
  if (indicator_tables) return "target_table";
  return "unknown";
}

}  // namespace jixiao
