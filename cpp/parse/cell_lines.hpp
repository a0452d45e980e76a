// Tables copied out of a web page or a PDF viewer one cell per line: no TABs, rows separated by a
// blank line, and empty or merged cells dropped, so a row has fewer cells than its header.
//
// Takes the lines of the decoded text, which of them are body text and which blank (the roles
// published.hpp gives them; any other line ends a run). Gives the runs of lines
// recovered as tables, each row's cells placed in the columns of the header row above them.
// Recovered only where the evidence is clear: a header row holding three known column headings
// (data/headings.json "table_columns"), and every shorter row placed one way only by what its
// cells hold (indicator names, values, scores, remarks). When a row fits two ways equally well
// the run is left as paragraphs: the rules that need a table then stay silent.
#pragma once

#include <string_view>
#include <vector>

namespace jixiao {

// The lines a cell was written on (a unit in brackets may take a line of its own); -1 for a cell
// left empty.
struct CellLines {
  long first = -1;
  long last = -1;
};

struct CellLineTable {
  size_t first_line = 0;  // 0-based, inclusive
  size_t last_line = 0;
  std::vector<std::vector<CellLines>> rows;  // per row, per column
};

std::vector<CellLineTable> find_cell_line_tables(const std::vector<std::string_view>& lines,
                                                 const std::vector<bool>& body, const std::vector<bool>& blank);

}  // namespace jixiao
