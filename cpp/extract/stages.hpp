// The steps of the extract stage (internal). extract_all runs them in the order below;
// each reads what the earlier ones filled in.
#pragma once

#include "core/records.hpp"
#include "extract/table_layout.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jixiao::extract_steps {

// Where a fact was found: the paragraph or cell text it came from and its byte range there.
struct FactSite {
  int block = -1;
  int table = -1, row = -1, col = -1;  // table cells only
  size_t begin = 0, end = 0;
  std::string_view text;  // the paragraph or cell text, owned by the Document
};

struct Facts {
  std::vector<Quantity> quantities;
  std::vector<FactSite> sites;               // one per quantity
  std::vector<layout::TableLayout> tables;   // one per table of the document, by index
};

// For each block, the index in doc.outline of the heading whose section it is in (-1 before
// the first heading).
std::vector<int> block_sections(const Document& doc);

// True when `block`'s section or one of its parent sections has a title containing `word`.
bool in_section_about(const Document& doc, const std::vector<int>& sections, int block, std::string_view word);

// 1. Every row of every indicator table.
std::vector<Indicator> indicators_of(const Document& doc);

// 2. Every quantity of paragraphs and table cells (labels of indicator cells come from
//    doc.indicators).
Facts facts_of(const Document& doc);

// 3. The budget statement.
Budget budget_of(const Document& doc, const Facts& facts);

// True when a label names one of the budget statement's figures (预算资金, 财政拨款收入, 基本支出 …).
bool names_budget_figure(std::string_view label);

// 4. Named spending lines: numbered prose items and the rows of 专项资金 summary tables.
std::vector<Project> projects_of(const Document& doc, const Facts& facts);

// 5. title, doc_type, template, department, region, fiscal_year.
void fill_meta(Document& doc);

}  // namespace jixiao::extract_steps
