// Stage after check, for a batch: many documents -> dossiers by department and fiscal year ->
// cross-document findings L101–L105 (DESIGN.md §2, §4; docs/link.md).
//
//   link_entry(doc, config)        what linking needs of one checked Document (figures, 上年 figures,
//                                  indicators, each with its place and excerpt), a few KB; computed
//                                  where the document is whole (a batch worker), so linking needs no text
//   link_documents(entries, config) dossiers, the documents that could not be linked (with the reason)
//                                  and the findings, each naming its other place in `related`
//
// Dossier key: the department's canonical name (data/aliases.json + CheckConfig::aliases, found
// at the end of the name as written) and the place before it (某区 / 区: a place without a name
// joins the one named place of its level), then the fiscal year; last year's report is the same
// department's at fiscal year − 1. Linking never crosses canonical names, so a batch split by
// `group_key` and linked group by group gives the same result as the whole batch at once.
#pragma once

#include "check/check.hpp"
#include "core/records.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

// A department name taken apart: 中共株洲市石峰区委员会统一战线工作部 -> canonical 统一战线工作部,
// places [株洲市, 石峰区]; 区卫健局 -> 卫生健康局 at a 区 without a name.
struct DepartmentName {
  std::string canonical;          // empty when the name says nothing usable
  std::string place;              // the last place's name with its level (石峰区), or just the level (区)
  std::string place_name;         // 石峰 (empty for a bare 区)
  std::string level;              // 区, 县, 市 … (empty without a place)
  bool known = false;             // the canonical name comes from the alias table, not from stripping places
};
BOOST_DESCRIBE_STRUCT(DepartmentName, (), (canonical, place, place_name, level, known))

DepartmentName department_name(std::string_view name, const std::map<std::string, std::string>& aliases = {});

// Character-bigram Dice coefficient of two names after normalisation (spaces, punctuation and
// numbering dropped, full-width folded): 1 for equal names, 0 for nothing in common.
double name_similarity(std::string_view a, std::string_view b);

// One name is the other with words added, none changed: 家庭医生签约人数 / 家庭医生签约服务人数 nest,
// 城镇居民建档率 / 农村居民建档率 do not (a changed word makes another indicator, however similar).
bool names_nest(std::string_view a, std::string_view b);

// One figure as linking compares it. `step` is one unit of its last written digit in 万元, so two
// figures differ beyond rounding when |a − b| > (a.step + b.step) / 2.
struct LinkFigure {
  std::string field;  // the Budget field: budget, revenue, expenditure, basic, project, personnel, public, three_public
  std::string scope;  // what the label says beyond the field (年初 / 全年 budgets; 财政拨款 spending); must agree
  std::string label;  // the label as written
  double value = 0;   // 万元
  double step = 0;
  std::string text;   // as written
  Location place;
};
BOOST_DESCRIBE_STRUCT(LinkFigure, (), (field, scope, label, value, step, text, place))

struct LinkIndicator {
  std::string subject;  // "" for the department as a whole, else the project the table is about
  std::string level2;
  std::string name;     // 三级指标
  std::string target;   // as written
  std::string comparator;
  std::optional<double> target_value;
  double target_step = 0;
  std::string unit;
  std::string actual;
  std::optional<double> actual_value;
  double actual_step = 0;
  std::string actual_unit;
  std::string claim;  // the words or score that claim it was met; empty when none
  Location place;         // the 指标值 cell (the row when the cell is not found)
  Location actual_place;  // the 实际完成值 cell (likewise)
};
BOOST_DESCRIBE_STRUCT(LinkIndicator, (), (subject, level2, name, target, comparator, target_value, target_step, unit,
                                          actual, actual_value, actual_step, actual_unit, claim, place, actual_place))

// What linking keeps of one document.
struct LinkEntry {
  std::string path;
  std::string doc_type;
  std::string title;
  std::string department;  // as written
  DepartmentName key;
  std::optional<int> fiscal_year;
  std::string scope;       // "department" (整体), "project", or "" (neither: work summaries, unknown)
  std::string subject;     // the project a project document is about, when stated
  std::vector<LinkFigure> figures;   // this year's budget figures
  std::vector<LinkFigure> previous;  // 上年 figures stated in it
  std::vector<LinkIndicator> indicators;
};
BOOST_DESCRIBE_STRUCT(LinkEntry, (), (path, doc_type, title, department, key, fiscal_year, scope, subject, figures,
                                      previous, indicators))

struct DossierMember {
  std::string path;
  std::string doc_type;
  std::string department;  // as written
  std::string reason;      // why it is in the dossier, in config.lang
};
BOOST_DESCRIBE_STRUCT(DossierMember, (), (path, doc_type, department, reason))

struct Dossier {
  std::string department;  // canonical name
  std::string place;
  int fiscal_year = 0;
  std::vector<DossierMember> members;
  std::vector<std::string> previous;  // last year's documents of the same department (L104)
};
BOOST_DESCRIBE_STRUCT(Dossier, (), (department, place, fiscal_year, members, previous))

struct Unlinked {
  std::string path;
  std::string reason;  // in config.lang
};
BOOST_DESCRIBE_STRUCT(Unlinked, (), (path, reason))

struct LinkResult {
  std::vector<Dossier> dossiers;
  std::vector<Unlinked> unlinked;
  std::vector<Diagnostic> diagnostics;  // each in its primary document (path), the other places in `related`
};
BOOST_DESCRIBE_STRUCT(LinkResult, (), (dossiers, unlinked, diagnostics))

LinkEntry link_entry(const Document& doc, const CheckConfig& config = {});

// The part of the key linking never crosses (the canonical department name; the path for a
// document without one): group a distributed batch by it, then link each group.
std::string group_key(const LinkEntry& entry);

// Entries in input order; findings come out in that order of their documents.
LinkResult link_documents(const std::vector<LinkEntry>& entries, const CheckConfig& config = {});

}  // namespace jixiao
