// Helpers shared by rules: every piece of text a rule reads, with where it is.
#pragma once

#include "check/check.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct TextUnit {
  int block = -1;
  int row = -1;
  int col = -1;
  std::string_view text;
  Where at(size_t begin, size_t end) const { return Where{block, row, col, begin, end, std::nullopt}; }
};

// Every paragraph-like block (title, heading, paragraph, list item) and every table cell
// that holds text, in document order. Cells copied from a merged origin are skipped.
std::vector<TextUnit> text_units(const Document& doc);

// 1 → 一, 12 → 十二, 20 → 二十.
std::string chinese_number(int n);
// The numbering `value` written in `style`, e.g. (4, "cn") → "四、".
std::string numbering_in_style(int value, const std::string& style);

}  // namespace jixiao
