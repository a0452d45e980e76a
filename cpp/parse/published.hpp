// Text as published: what page layout, web pages and PDF converters add around and inside a
// report, recognised on the raw lines before blocks are built (DESIGN.md §1, "Text as published").
//
// Takes the lines of the decoded text (form feeds still in them). Gives, per line:
//   - its role: body text, a blank, a tab-cell table line, or furniture that is no part of the
//     report — page numbers (— 3 —, 第 3 页 共 12 页), running headers and footers repeated at
//     page breaks, web chrome (breadcrumbs, 发布时间/来源/浏览次数, 索引号, 【打印】【关闭】),
//     leaked document properties before the title, and 目录 entries (with dot leaders and page
//     numbers, or repeated by the body);
//   - whether a body line is hard-wrapped into the next one (PDF text, fixed-width copies);
//   - runs of lines that form a table aligned with spaces (pdftotext -layout, fixed-width copies),
//     cut into cells by the columns the whole run leaves blank.
// And, for the text of a block, the spacing and punctuation published text adds inside a
// sentence taken out again (307.82 万元, 本 年 收 入 合 计, full-width digits, ASCII punctuation
// between Chinese words), keeping every character's source position.
#pragma once

#include "core/records.hpp"
#include "parse/cell_lines.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

enum class LineRole { body, blank, cell, page_furniture, web_chrome, contents };

// The artifact kind recorded for a line of `role` (empty for body, blank and cell lines).
std::string_view artifact_kind(LineRole role);

struct AlignedRow {
  std::vector<std::pair<size_t, size_t>> cells;  // byte ranges of the line, one per column (empty: {0,0})
};

struct AlignedTable {
  size_t first_line = 0;  // 0-based, inclusive
  size_t last_line = 0;
  size_t columns = 0;
  std::vector<size_t> row_lines;  // the line of each row (blank lines inside the run are no rows)
  std::vector<AlignedRow> rows;
};

struct LineLayout {
  std::vector<LineRole> roles;
  std::vector<bool> wraps_into_next;  // a body line that continues on the next line
  std::vector<AlignedTable> tables;   // runs of body lines laid out as columns, in line order
  std::vector<CellLineTable> cell_tables;  // runs of body lines written one cell per line, in line order
};

// `lines` are the text's lines without their \n; a line may start with a form feed.
LineLayout lay_out_lines(const std::vector<std::string_view>& lines);

// Rewrites a block's text the way the rules must read it, updating `map` (Segment offsets into
// the text) so every kept character still points to its source position.
std::string tidy_published(std::string_view text, std::vector<Segment>& map);

// Where a paragraph that is really several (text flowed into one long line) breaks: before a
// section number that follows a sentence end (…工作。二、存在的问题) or white space (…情况 （一）部门职能);
// and, once the text is seen to hold several sections, between a known heading name and the
// number or text glued to it (一、部门基本情况|（一）部门职能|县水利局负责……).
// Byte offsets into `text`, ascending; empty for an ordinary paragraph.
std::vector<size_t> flowed_paragraph_breaks(std::string_view text);

// Byte length of the known heading name `text` starts with (the section names and aliases of
// the built-in templates, and data/headings.json), the longest when several fit; 0 when none.
size_t known_heading_length(std::string_view text);

// Display width of a line (East Asian wide and full-width characters count 2).
size_t display_width(std::string_view s);

}  // namespace jixiao
