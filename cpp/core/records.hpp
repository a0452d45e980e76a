// Record types shared by every stage. Each is described once with Boost.Describe;
// that description drives JSON (core/json.hpp), the Python attributes, repr,
// equality and pickling (bindings/binder.hpp). Adding a field is one line here.
//
// Naming: a trailing underscore (public_, template_) only dodges a C++ keyword;
// JSON and Python see the name without it.
#pragma once

#include "core/traits.hpp"

#include <boost/describe.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jixiao {

// A place in the decoded text: 1-based lines and columns (columns count characters).
struct Span {
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
};
BOOST_DESCRIBE_STRUCT(Span, (), (line, column, end_line, end_column))

// Maps a run of a block's text (from byte `offset`) back to the source position it came from.
struct Segment {
  int offset = 0;
  int line = 0;
  int column = 0;
};
BOOST_DESCRIBE_STRUCT(Segment, (), (offset, line, column))

struct Cell {
  std::string text;
  Span span;
  bool merged = false;  // continuation of a merged (gridSpan/vMerge) cell, text copied from its origin
  std::vector<Segment> map;
  std::string ref;  // .xlsx: the cell's A1 reference ("C7"); empty for other formats
  int page = 0;     // .pdf: the 1-based page the cell is on (a table may go on over pages); 0 otherwise
};
BOOST_DESCRIBE_STRUCT(Cell, (), (text, span, merged, map, ref, page))

struct Table {
  int index = 0;
  int block = -1;
  int n_rows = 0;
  int n_cols = 0;
  Span span;
  // How the columns are known: "" from the source's own cells (tab-cell text, .docx); "text_columns"
  // recovered from text aligned with spaces; "text_ragged" cut at wide gaps with no column the
  // rows agree on (cells in reading order: rules that need columns leave such tables alone);
  // "text_cell_lines" written one cell per line, each row's cells placed under its header.
  std::string layout;
  std::vector<std::vector<Cell>> rows;  // rectangular: short rows are padded with empty cells
  int page = 0;       // .pdf: 1-based page the table starts on; 0 for other formats
  std::string sheet;  // .xlsx: the worksheet's name
};
BOOST_DESCRIBE_STRUCT(Table, (), (index, block, n_rows, n_cols, span, layout, rows, page, sheet))

// kind: "title", "heading", "paragraph", "list_item" or "table".
struct Block {
  std::string kind;
  std::string text;
  Span span;
  int table = -1;    // index into Document::tables for kind == "table"
  int heading = -1;  // index into Document::outline for kind == "heading"
  std::string ref;   // .docx: "p12" (paragraph index) or "t1" (table index); empty for text files
  int level = 0;     // outline level the source declares (.docx heading styles), 0 when none
  std::vector<Segment> map;
  int page = 0;       // .pdf: 1-based page the block starts on; 0 for other formats
  std::string sheet;  // .xlsx: the worksheet the block comes from
};
BOOST_DESCRIBE_STRUCT(Block, (), (kind, text, span, table, heading, ref, level, map, page, sheet))

// style names the numbering family: "cn" 一、, "cn_paren" （一）, "arabic_dot" 1., "arabic_dun" 1、,
// "arabic_paren" （1）, "circled" ①, "part" 第一部分, "chapter" 第一章, "section" 第一节.
struct Heading {
  std::string text;       // the whole heading as written (run-in headings: up to the first sentence end)
  std::string title;      // text without its numbering
  std::string numbering;  // the numbering as written, e.g. "（一）" or "4、 "
  std::string style;
  int value = 0;  // the number the numbering stands for (一 → 1, ④ → 4)
  int level = 0;  // 1 = top level
  int parent = -1;
  int block = -1;
  bool run_in = false;  // the heading opens a paragraph that goes on after it
  Span span;
};
BOOST_DESCRIBE_STRUCT(Heading, (), (text, title, numbering, style, value, level, parent, block, run_in, span))

// Export leftovers kept out of the text rules see, e.g. "[bookmark: _GoBack]".
struct Artifact {
  std::string kind;
  std::string text;
  Span span;
  int block = -1;
};
BOOST_DESCRIBE_STRUCT(Artifact, (), (kind, text, span, block))

// A number found in the text. Money is normalised to 万元; `unit` is the normalised unit.
struct Quantity {
  double value = 0;
  std::optional<double> value_high;  // upper end of a range (2021.1-2021.12, 2-3个)
  std::string unit;
  std::string kind;        // money, percent, count, date, number
  std::string comparator;  // ≥ ≤ = < > or empty
  std::string text;        // as written
  std::string label;       // the words that say what it is, when stated
  int decimals = 0;        // digits after the point as written (precision)
  int block = -1;
  Span span;
};
BOOST_DESCRIBE_STRUCT(Quantity, (), (value, value_high, unit, kind, comparator, text, label, decimals, block, span))

struct Meta {
  std::string path;
  std::string title;
  std::string encoding;
  std::string format;
  std::string doc_type;
  std::string template_;
  std::string department;
  std::string region;
  std::optional<int> fiscal_year;
};
BOOST_DESCRIBE_STRUCT(Meta, (), (path, title, encoding, format, doc_type, template_, department, region, fiscal_year))

// Budget figures in 万元; a field is empty when the document never states it.
struct Budget {
  std::optional<double> budget;
  std::optional<double> revenue;
  std::optional<double> expenditure;
  std::optional<double> basic;
  std::optional<double> project;
  std::optional<double> personnel;
  std::optional<double> public_;
  std::optional<double> three_public;
  std::optional<double> gov_fund_revenue;
  std::optional<double> gov_fund_expenditure;
  std::optional<double> income_total;    // 本年收入合计 (决算, 预算 statements)
  std::optional<double> spending_total;  // 本年支出合计
  std::optional<double> grand_total;     // 收入支出总计
  std::optional<double> execution_rate;  // expenditure / budget, in percent
  std::optional<int> year;               // the year the budget statement names
  std::map<std::string, Span> spans;
};
BOOST_DESCRIBE_STRUCT(Budget, (), (budget, revenue, expenditure, basic, project, personnel, public_, three_public,
                                   gov_fund_revenue, gov_fund_expenditure, income_total, spending_total, grand_total,
                                   execution_rate, year, spans))
template <>
struct omit_empty_fields<Budget> : std::true_type {};

struct Project {
  std::string name;
  double amount = 0;  // 万元
  int table = -1;
  Span span;
};
BOOST_DESCRIBE_STRUCT(Project, (), (name, amount, table, span))

struct Indicator {
  int table = -1;
  int row = -1;
  std::string level1;
  std::string level2;
  std::string level3;
  std::string target;
  std::string target_comparator;
  std::optional<double> target_value;
  std::string target_unit;
  std::string actual;
  std::optional<double> actual_value;
  std::string actual_unit;
  std::optional<double> points;
  std::optional<double> self_score;
  std::string deviation_note;
  Span span;
};
BOOST_DESCRIBE_STRUCT(Indicator, (), (table, row, level1, level2, level3, target, target_comparator, target_value,
                                      target_unit, actual, actual_value, actual_unit, points, self_score,
                                      deviation_note, span))

struct Document {
  Meta meta;
  std::string text;  // the decoded text, line breaks normalised to \n
  std::vector<Block> blocks;
  std::vector<Heading> outline;
  std::vector<Table> tables;
  std::vector<Artifact> artifacts;
  Budget budget;
  std::vector<Project> projects;
  std::vector<Indicator> indicators;
  std::vector<Quantity> facts;
};
BOOST_DESCRIBE_STRUCT(Document, (), (meta, text, blocks, outline, tables, artifacts, budget, projects, indicators,
                                     facts))

}  // namespace jixiao
