#include "extract/extract.hpp"

#include "extract/stages.hpp"

namespace jixiao {
namespace extract_steps {

std::vector<int> block_sections(const Document& doc) {
  std::vector<int> sections(doc.blocks.size(), -1);
  int current = -1;
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    if (doc.blocks[b].kind == "heading" && doc.blocks[b].heading >= 0) current = doc.blocks[b].heading;
    sections[b] = current;
  }
  return sections;
}

bool in_section_about(const Document& doc, const std::vector<int>& sections, int block, std::string_view word) {
  if (block < 0 || block >= static_cast<int>(sections.size())) return false;
  for (int h = sections[block], guard = 0; h >= 0 && h < static_cast<int>(doc.outline.size()) && guard < 32;
       h = doc.outline[h].parent, ++guard) {
    if (doc.outline[h].title.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace extract_steps

void extract_all(Document& doc) {
  using namespace extract_steps;
  doc.indicators = indicators_of(doc);
  Facts facts = facts_of(doc);
  doc.budget = budget_of(doc, facts);
  doc.projects = projects_of(doc, facts);
  doc.facts = std::move(facts.quantities);
  fill_meta(doc);
}

}  // namespace jixiao
