// Step 2: every quantity of the document, with block, span and label.
#include "extract/quantity.hpp"
#include "extract/stages.hpp"
#include "extract/table_layout.hpp"
#include "parse/parse.hpp"

#include <map>

namespace jixiao::extract_steps {
namespace {

bool is_text_block(const Block& b) { return b.kind != "table"; }

// A label for a cell figure whose own text names nothing: the indicator it belongs to,
// the label on its left, or its column header.
std::string cell_fallback_label(const Table& table, int row, int col, const Indicator* indicator) {
  if (indicator) {
    const std::string& name = !indicator->level3.empty() ? indicator->level3 : indicator->level2;
    const Cell* header = layout::column_header(table, row, col);
    const bool names_value = !header || header->text.find("指标值") != std::string::npos ||
                             header->text.find("完成") != std::string::npos || header->text.find("实际") != std::string::npos;
    if (names_value && !name.empty()) return name;
    if (header) return layout::cell_label(header->text);
  }
  if (const Cell* left = layout::left_label(table, row, col)) return layout::cell_label(left->text);
  if (const Cell* header = layout::column_header(table, row, col)) return layout::cell_label(header->text);
  return {};
}

}  // namespace

Facts facts_of(const Document& doc) {
  Facts facts;
  std::map<std::pair<int, int>, const Indicator*> indicator_rows;
  for (const Indicator& ind : doc.indicators) indicator_rows[{ind.table, ind.row}] = &ind;

  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& block = doc.blocks[bi];
    const int block_index = static_cast<int>(bi);
    if (is_text_block(block)) {
      for (FoundQuantity& f : scan_quantities(block.text)) {
        f.quantity.block = block_index;
        f.quantity.span = locate(block.map, block.text, f.begin, f.end);
        facts.sites.push_back({block_index, -1, -1, -1, f.begin, f.end, block.text});
        facts.quantities.push_back(std::move(f.quantity));
      }
      continue;
    }
    if (block.table < 0 || block.table >= static_cast<int>(doc.tables.size())) continue;
    const Table& table = doc.tables[block.table];
    const std::string_view money_unit = layout::money_unit(table);
    for (int r = 0; r < static_cast<int>(table.rows.size()); ++r) {
      auto ind = indicator_rows.find({table.index, r});
      const Indicator* indicator = ind == indicator_rows.end() ? nullptr : ind->second;
      for (int c = 0; c < static_cast<int>(table.rows[r].size()); ++c) {
        const Cell& cell = table.rows[r][c];
        if (cell.merged || cell.text.empty()) continue;
        for (FoundQuantity& f : scan_quantities(cell.text)) {
          Quantity& q = f.quantity;
          // A bare number under a money header or in a band of funds is an amount in the
          // table's unit (万元 unless it states another).
          if (q.kind == "number" && q.unit.empty() && q.value_high == std::nullopt &&
              layout::money_cell(table, r, c)) {
            q.kind = "money";
            q.unit = "万元";
            // "新联会5万": a magnitude written without unit counts 元 (5万 → 5万元).
            const bool magnitude = q.text.find("万") != std::string::npos || q.text.find("亿") != std::string::npos;
            q.value = *to_wan_yuan(q.value, magnitude ? std::string_view("元") : money_unit);
          }
          if (q.label.empty()) q.label = cell_fallback_label(table, r, c, indicator);
          q.block = block_index;
          q.span = locate(cell.map, cell.text, f.begin, f.end);
          facts.sites.push_back({block_index, table.index, r, c, f.begin, f.end, cell.text});
          facts.quantities.push_back(std::move(q));
        }
      }
    }
  }
  return facts;
}

}  // namespace jixiao::extract_steps
