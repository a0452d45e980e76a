// Stage 4, extract: a Document with blocks and outline -> meta, budget, projects,
// indicators and facts filled in (DESIGN.md §5). Never invents: a figure the document
// does not state stays empty.
//
//   meta        doc_type (doc_type.hpp), template (templates.hpp), title, department,
//               region, fiscal_year
//   budget      the budget statement in 万元 with a span per figure (Budget::spans)
//   projects    named spending lines with their amounts
//   indicators  every row of every indicator table (一级/二级/三级指标 | 指标值 …)
//   facts       every quantity of paragraphs and table cells (quantity.hpp)
#pragma once

#include "core/records.hpp"

namespace jixiao {

void extract_all(Document& doc);

}  // namespace jixiao
