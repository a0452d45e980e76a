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
    TitleWords{"自评报告", "self_evaluation"},                  TitleWords{"评价报告", "self_evaluation"},
    TitleWords{"绩效报告", "self_evaluation"},                  TitleWords{"自评情况", "self_evaluation"},
    TitleWords{"绩效自评", "self_evaluation"},                  TitleWords{"工作总结", "work_summary"},
    TitleWords{"工作计划", "work_summary"},                     TitleWords{"年度总结", "work_summary"},
    TitleWords{"工作报告", "work_summary"},                     TitleWords{"工作汇报", "work_summary"},
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
