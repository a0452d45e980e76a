// Stage 2, parse: decoded text -> blocks (paragraphs and tables) with source spans.
//
// Takes UTF-8 text with \n line breaks. Gives one paragraph block per non-empty line
// and one table block per tab-cell table (the format Word's text export writes: each
// cell a line starting with TAB, rows separated by blank lines, a line without TAB
// continuing the cell above, a line starting with spaces then TAB opening a new table,
// two or more blank lines ending one). Tables come out rectangular. Conversion leftovers
// such as "[bookmark: _GoBack]" are cut out of block text and listed as artifacts.
// Headings are not decided here: the outline stage classifies paragraphs.
#pragma once

#include "core/records.hpp"
#include "core/utf8.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct ParsedText {
  std::string text;
  std::vector<Block> blocks;
  std::vector<Table> tables;
  std::vector<Artifact> artifacts;
};

ParsedText parse_text(std::string text);

// Where byte `offset` of a block's (or cell's) text came from, using its segment map.
Span locate(const std::vector<Segment>& map, std::string_view text, size_t begin, size_t end);
// The same with `index` (of `text`, may be null) counting the characters: for many lookups in a long text.
Span locate(const std::vector<Segment>& map, std::string_view text, size_t begin, size_t end,
            const utf8::CharIndex* index);

// Cuts conversion leftovers out of one line of text; appends them to `artifacts` and
// returns the cleaned text with `map` describing where each kept run came from.
std::string strip_artifacts(std::string_view line, int line_no, int first_column, std::vector<Segment>& map,
                            std::vector<Artifact>& artifacts, int block);

}  // namespace jixiao
