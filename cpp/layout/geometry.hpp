// Internal to the layout stage: lines and grids built from positioned characters.
#pragma once

#include "layout/layout.hpp"

#include <string>
#include <vector>

namespace jixiao::layout {

// Ideographs, kana, hangul and full-width punctuation: text that is written without spaces.
bool is_wide(char32_t cp);

// A run of characters of one line with no wide gap inside.
struct Fragment {
  double x0 = 0, x1 = 0;
  std::string text;
  char32_t first = 0, last = 0;
  size_t chars = 0;
};

struct Line {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double size = 0;  // median character height: the line's em
  std::vector<Fragment> fragments;
  std::string text;  // the fragments joined as prose
  size_t chars = 0;
  // Width of the line's first unbreakable unit: a run of Latin letters and digits, or a CJK
  // character, each with the closing punctuation that may not start a line. A line above that
  // left room for it would have taken it: that line ended its paragraph.
  double lead = 0;
};

// Clusters characters into lines (top to bottom, each left to right), dropping characters drawn
// twice at the same place (fake bold) and splitting each line into fragments at wide gaps.
std::vector<Line> build_lines(std::vector<Char> chars);

// Joins the lines of one table cell or wrapped label into one string.
std::string join_lines(const std::vector<Line>& lines);

struct GridCell {
  std::string text;
  bool merged = false;  // covered by the merged cell that starts above or to the left
  int origin_row = 0, origin_col = 0;
  int page = 0;
};

// A table found on one page: rows of cells (rectangular), its box and its column boundaries.
struct GridTable {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::vector<std::pair<double, double>> columns;  // each column's left and right edge
  std::vector<std::vector<GridCell>> rows;
  bool aligned = false;  // columns recovered from alignment, not drawn
};

// Tables drawn with ruling lines. Characters inside a table found are moved out of `chars`.
std::vector<GridTable> ruled_tables(const std::vector<Ruling>& rulings, std::vector<Char>& chars);

// Tables without rulings: runs of at least three lines, each of two or more fragments, whose
// fragments fall into the same columns, most cells filled. Lines used are removed from `lines`.
std::vector<GridTable> aligned_tables(std::vector<Line>& lines);

}  // namespace jixiao::layout
