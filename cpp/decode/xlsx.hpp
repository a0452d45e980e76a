// Stage 1 for Excel workbooks: .xlsx bytes -> the same blocks and tables the text parser gives.
//
// Takes the bytes of an .xlsx (a zip of SpreadsheetML parts) and the file's path for messages.
// Gives, for every visible worksheet in workbook order, a heading block with the sheet's name
// (Block::level 1), the sheet's title rows as paragraphs, and one table holding the rest of the
// sheet. Cell text is what Excel shows: shared and inline strings (rich-text runs joined,
// phonetic runs left out), numbers written as their number format shows them (0.95 in `0%` →
// "95%", `#,##0.00` → "1,234.50", date serials → 2024-03-31), booleans, error values, and the
// cached values of formulas (never evaluated: a formula without a cached value is empty).
// Merged ranges are filled as the .docx reader fills merged cells: the copies carry the origin's
// text with Cell::merged set. Hidden and very hidden sheets and chart sheets are skipped.
// Damaged, encrypted, oversized or hostile files (cells beyond Excel's limits, too many cells or
// merged ranges, decompression bombs) raise FormatError naming the file, within bounded memory
// and time. The declared <dimension> is not trusted: only cells that are present count.
//
// Title rows: the sheet's leading rows that hold a single value (a title merged across the
// table, a "（2023年度）" line) become paragraphs before the table, as they are in a Word report.
//
// Locations:
// - Block::sheet and Table::sheet name the worksheet; Cell::ref is the cell's A1 reference (a
//   merged copy carries its origin's, where Excel shows the value); a title paragraph's
//   Block::ref is its cell's A1 reference, a table's is "t<N>" (N counting tables from 0).
// - The text is written as the .docx reader writes it: the sheet name on its own line, title
//   rows one per line, then the table in tab-cell form (merged copies as empty cells), so spans
//   point into ParsedText::text as for other formats.
// - Rows and columns without text of their own are left out of the table (as the text reader
//   drops empty rows); Cell::ref keeps the cell's real position.
#pragma once

#include "parse/parse.hpp"

#include <string>
#include <string_view>

namespace jixiao {

ParsedText read_xlsx(std::string_view bytes, const std::string& path);

}  // namespace jixiao
