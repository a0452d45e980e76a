// Stage 1 for Word files: .docx bytes -> the same blocks and tables the text parser gives.
//
// Takes the bytes of a .docx (a zip of XML parts) and the file's path for messages. Gives
// the extracted text (one line per paragraph; tables written as tab-cell rows), paragraph
// blocks with their paragraph index in `ref` ("p12") and outline level from heading styles,
// automatic numbering rendered into the paragraph text, and rectangular tables with merged
// cells (gridSpan, vMerge) resolved and filled. Bookmarks, field codes, comments, deleted
// revisions and hidden text are left out. Damaged, encrypted, oversized or hostile files
// raise FormatError naming the file and the problem.
#pragma once

#include "parse/parse.hpp"

#include <string>
#include <string_view>

namespace jixiao {

ParsedText read_docx(std::string_view bytes, const std::string& path);

}  // namespace jixiao
