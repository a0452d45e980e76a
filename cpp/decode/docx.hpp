// Stage 1 for Word files: .docx bytes -> the same blocks and tables the text parser gives.
//
// Takes the bytes of a .docx (a zip of XML parts) and the file's path for messages. Gives
// the extracted text (one line per paragraph; tables written as tab-cell rows), paragraph
// blocks with their paragraph index in `ref` ("p12") and outline level from heading styles,
// automatic numbering rendered into the paragraph text, and rectangular tables with merged
// cells (gridSpan, vMerge) resolved and filled. Bookmarks, field codes, comments, deleted
// revisions and hidden text are left out. Damaged, encrypted, oversized or hostile files
// raise FormatError naming the file and the problem.
//
// Locations:
// - Block::ref "p<N>": N is the 0-based index of the paragraph among the body's paragraphs
//   outside tables, empty ones included (python-docx's Document.paragraphs order). Empty
//   paragraphs give a blank line in the text and no block.
// - Block::ref "t<N>": N is the 0-based index of the table among the body's tables (nested
//   tables are flattened into their cell's text and not counted). Table::index counts only
//   the tables kept (a table without any text gives no block), so the two may differ.
// - Spans point into ParsedText::text: a paragraph is its line; a table cell is the line(s)
//   after its TAB. A merged continuation cell carries its origin's text, span and map and has
//   Cell::merged set; in the text it is written as an empty cell, as Word's text export does.
// - As in the text reader, table rows without any text are dropped, so Table row indices count
//   the rows that have text.
#pragma once

#include "parse/parse.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace jixiao {

ParsedText read_docx(std::string_view bytes, const std::string& path);

// The XML stage alone, on parts already taken out of the zip (what read_docx does after
// unpacking; fuzzing feeds it directly). Styles and numbering are optional.
struct DocxParts {
  std::string document_part = "word/document.xml";
  std::string document;
  std::string styles_part = "word/styles.xml";
  std::optional<std::string> styles;
  std::string numbering_part = "word/numbering.xml";
  std::optional<std::string> numbering;
};
ParsedText read_docx_parts(DocxParts parts, const std::string& path);

}  // namespace jixiao
