// Layout stage: positioned characters and ruling lines of pages -> the block/table model.
//
// Takes, per page, the characters a PDF (or any fixed-layout source) draws, each with its
// Unicode code point and box, and the horizontal and vertical rulings its path objects draw.
// Coordinates are in points with the origin at the page's top-left corner, y growing down.
//
// Gives the ParsedText every reader gives (parse/parse.hpp), each block and table carrying
// its 1-based `page`:
// - lines: characters clustered by their vertical extent, ordered left to right; a space only
//   where the gap says so (never between two CJK characters of one word, so letter-spaced
//   headings such as "目 录" come out as "目录"), a wide gap ending a fragment;
// - reading order: lines and tables top to bottom within a page (one text column: a page set in
//   two columns is read across them);
// - paragraphs joined across line wraps and page breaks: a line ending short of the right
//   margin ends a paragraph; an indented line, a numbered heading, a change of font size or a
//   wide vertical gap starts one;
// - page furniture: lines repeated at the same place across pages (running headers/footers)
//   and page numbers ("— 3 —", "第 3 页 共 12 页", "3/12") become artifacts of kind
//   "page_furniture"; a table of contents (a page headed 目录 up to the body's first heading)
//   becomes artifacts of kind "contents";
// - tables from ruling lines (grid, merged cells where a ruling is missing, characters assigned
//   to cells by their centre) and, without rulings, from column alignment (fragments whose
//   x-intervals agree over at least three rows); a table continued on the next page with the
//   same columns is one table, each cell keeping its page.
// In the text, a paragraph is one line and a table is written in tab-cell form (as the .docx
// reader writes it); furniture and contents lines are written as lines of their own, outside
// any block, so their artifacts' spans point at them.
#pragma once

#include "parse/parse.hpp"

#include <vector>

namespace jixiao::layout {

// x0..x1 is the glyph's horizontal extent; y0..y1 its em box around the baseline (so its height
// is the font size, the same for every glyph of one line and size: a comma is not a short line).
struct Char {
  char32_t code = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // left, top, right, bottom
};

// An axis-aligned ruling: horizontal when y0 == y1, vertical when x0 == x1.
struct Ruling {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct Page {
  double width = 0, height = 0;
  std::vector<Char> chars;  // in content order
  std::vector<Ruling> rulings;
};

ParsedText lay_out(const std::vector<Page>& pages);

}  // namespace jixiao::layout
