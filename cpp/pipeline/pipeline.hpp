// The whole reading pipeline: bytes -> decode -> blocks -> outline -> extraction -> Document.
#pragma once

#include "core/records.hpp"

#include <string>
#include <string_view>

namespace jixiao {

// Reads a file (.txt in any supported encoding, or .docx) into a Document.
// Raises jixiao::Error (DecodeError / FormatError) naming the file.
Document load_document(const std::string& path);

// Same for bytes already in memory; `path` names them in messages and picks the format
// by extension (a zip signature means .docx whatever the name).
Document read_document(std::string_view bytes, const std::string& path);

// Parses text that is already decoded (UTF-8), e.g. a Python str.
Document parse_document(std::string text, const std::string& name);

}  // namespace jixiao
