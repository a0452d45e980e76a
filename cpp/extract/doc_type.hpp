// Which kind of document a report is (DESIGN.md §1): self_evaluation, target_table,
// project_selfeval_table, work_summary or unknown.
//
// The title decides when it names a type ("…绩效评价报告" is a self_evaluation even if its
// body reads like a work summary); otherwise the body does. Both are exposed so a rule can
// report a title that claims one type over a body of another (S301).
#pragma once

#include "core/records.hpp"

#include <string>
#include <string_view>

namespace jixiao {

// The type a title names, or "" when it names none.
std::string doc_type_from_title(std::string_view title);

// The type the body reads as: indicator tables with 实际完成值 → project_selfeval_table;
// mostly indicator tables → target_table; the sections or figures of a budget report →
// self_evaluation; work-report sections → work_summary; else "unknown". Reads the outline,
// the tables and doc.budget (run after budget extraction).
std::string doc_type_from_content(const Document& doc);

}  // namespace jixiao
