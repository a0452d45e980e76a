// Stage 4, extract: a Document with blocks and outline -> meta, budget, projects,
// indicators and facts filled in (DESIGN.md §5). Never invents: a figure the document
// does not state stays empty.
#pragma once

#include "core/records.hpp"

namespace jixiao {

void extract_all(Document& doc);

}  // namespace jixiao
