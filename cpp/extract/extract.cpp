#include "extract/extract.hpp"

namespace jixiao {

void extract_all(Document& doc) {
  std::string title;
  for (const Block& b : doc.blocks) {
    if (b.kind != "title") continue;
    title += b.text;
  }
  doc.meta.title = title;
}

}  // namespace jixiao
