// Figures and the relations between them, as the arithmetic and consistency rules see them.
//
// A Figure is a quantity with its place. A Relation is a stated whole and its stated parts
// (a 其中 breakdown, a budget identity such as 基本支出 = 人员经费 + 公用经费, a table's 合计
// row, an enumerated project list) together with how sure we are that the parts are all
// of the whole: only complete relations are checked for equality; any relation is checked
// for a part larger than its whole.
#pragma once

#include "check/check.hpp"
#include "check/text_units.hpp"
#include "extract/quantity.hpp"

#include <optional>
#include <string>
#include <vector>

namespace jixiao {

struct Figure {
  double value = 0;
  int decimals = 0;
  std::string label;
  std::string unit;
  std::string kind;  // money (万元), count, percent …
  std::string text;  // as written
  Where where;
};

struct Relation {
  Figure whole;
  std::vector<Figure> parts;
  bool complete = false;  // the parts are all of the whole, so they must add up to it
  std::string source;     // "breakdown", "budget", "table", "projects"
};

// What several rules read, worked out once per document on first use. Rules of one check
// run on one thread, so the lazy filling needs no lock.
class Analysis {
 public:
  explicit Analysis(const Document& doc) : doc_(doc) {}
  // Quantities in a paragraph-like block (none for tables).
  const std::vector<FoundQuantity>& quantities(int block) const;
  const std::vector<Relation>& relations() const;
  const std::vector<TextUnit>& units() const;

 private:
  const Document& doc_;
  mutable std::vector<std::optional<std::vector<FoundQuantity>>> quantities_;
  mutable std::optional<std::vector<Relation>> relations_;
  mutable std::optional<std::vector<TextUnit>> units_;
};

// The figure at byte `at` of `text` is a change or a previous period's figure (同比增加189.25万元,
// 增长7.61%, 较上年的19850件, 上年15.2万元): no part, whole or share of the figures around it.
bool is_change_or_previous(std::string_view text, size_t at);

// Every relation the document states.
std::vector<Relation> find_relations(const Document& doc, const Analysis& analysis);

// The place of a source span: the paragraph or table cell holding it.
Where where_of_span(const Document& doc, const Span& span);

Evidence evidence_of(const Reporter& out, const Figure& f, const std::string& role);

}  // namespace jixiao
