// Stage 3, outline: paragraphs -> title, headings (with numbering and levels), list items.
//
// Takes the blocks from the parse stage (or the .docx reader) and gives the section tree
// as a flat list of headings with parent indices. Each heading keeps its numbering as
// written, its style (cn 一、, cn_paren （一）, arabic_dot 1., arabic_dun 1、, arabic_paren
// （1）, arabic_rparen 1）, circled ①, part 第一部分, chapter 第一章, section 第一节) and
// value, so rules can compare siblings. Paragraph kinds are updated in place: "title",
// "heading", "list_item" (a numbered sentence that is content, not a section) or
// "paragraph".
//
// Levels follow the numbering: the same style as an open heading makes a sibling; a number
// that continues an open heading's sequence (三、 then 4、) is a sibling of it even in
// another style; a new style starting at 1 opens a child.
#pragma once

#include "core/records.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

struct Numbering {
  std::string text;   // as written, including trailing spaces
  std::string style;
  int value = 0;
  size_t length = 0;  // bytes of `text`
};

// The numbering at the start of `text`, if any.
std::optional<Numbering> match_numbering(std::string_view text);

// 一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 两 → 2; -1 when not a numeral.
int chinese_numeral_value(std::string_view s);

std::vector<Heading> build_outline(std::vector<Block>& blocks);

}  // namespace jixiao
