// Analysts' rules written in Python (jixiao.rule): the `report` object a rule receives, the
// places it finds and points at, and the wrapper that turns a Python function into an ExtraRule.
#include "bindings/binder.hpp"
#include "bindings/callbacks.hpp"
#include "bindings/register.hpp"
#include "check/rules.hpp"
#include "core/utf8.hpp"
#include "extract/templates.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace jixiao {

// A place in a document a rule points at: a block, optionally one table cell (row and col, 0-based),
// and characters [start, end) of its text (end -1 = to the end); span is where that is in the source.
struct Place {
  int block = -1;
  int row = -1;
  int col = -1;
  int start = 0;
  int end = -1;
  std::string text;
  Span span;
};
BOOST_DESCRIBE_STRUCT(Place, (), (block, row, col, start, end, text, span))

namespace bindings {
namespace {

// The `report` a Python rule receives. It points into the checker's state for one document and
// is closed when the rule returns, so a report kept beyond that raises instead of crashing.
class RuleReport {
 public:
  RuleReport(const RuleContext& ctx, Reporter& reporter, std::string code)
      : ctx_(&ctx), reporter_(&reporter), code_(std::move(code)) {}

  void close() {
    ctx_ = nullptr;
    reporter_ = nullptr;
  }

  const std::string& code() const { return code_; }
  std::string lang() const { return std::string(context().lang); }
  std::string template_name() const { return context().template_ ? context().template_->name : ""; }

  void add(const std::optional<std::string>& message, std::optional<int> block, std::optional<int> table,
           std::optional<int> row, std::optional<int> col, std::optional<int> line, const std::optional<std::string>& text,
           const std::optional<Place>& at, const std::optional<std::string>& suggestion, const py::object& evidence,
           const py::object& args) {
    context();
    const Where where = at ? where_of(*at) : where_from(block, table, row, col, line, text);
    const MessageArgs filling = message_args(args);
    std::string wording = message ? *message : reporter_->message_for(code_, filling);
    if (wording.empty())
      throw py::value_error("rule " + code_ + " has no message template: pass the message to report.add()");
    if (!message) require_placeholders(filling);
    reporter_->report_text(code_, where, std::move(wording), evidence_from(evidence), suggestion.value_or(""));
  }

  // Every occurrence of `text`, in document order: in paragraphs, and in table cells (merged copies
  // skipped), optionally only within one block or table.
  std::vector<Place> find(const std::string& text, std::optional<int> block, std::optional<int> table) const {
    const int only = block ? checked_block(*block) : table ? block_of_table(*table) : -1;
    return places(text, only, -1, -1);
  }

  // The block whose lines include `line` (1-based), if any.
  std::optional<int> block_at(int line) const {
    const auto& blocks = context().doc.blocks;
    for (size_t b = 0; b < blocks.size(); ++b)
      if (blocks[b].span.line <= line && line <= blocks[b].span.end_line) return static_cast<int>(b);
    return std::nullopt;
  }

 private:
  const RuleContext& context() const {
    if (!ctx_) {
      PyErr_SetString(PyExc_RuntimeError, ("the report of rule " + code_ + " is only valid while the rule runs").c_str());
      throw py::error_already_set();
    }
    return *ctx_;
  }
  const Document& doc() const { return context().doc; }

  int checked_block(int block) const {
    if (block < 0 || block >= static_cast<int>(doc().blocks.size()))
      throw py::index_error("block " + std::to_string(block) + " out of range (the document has " +
                            std::to_string(doc().blocks.size()) + " blocks)");
    return block;
  }

  int block_of_table(int table) const {
    const auto& blocks = doc().blocks;
    for (size_t b = 0; b < blocks.size(); ++b)
      if (blocks[b].kind == "table" && blocks[b].table == table) return static_cast<int>(b);
    throw py::index_error("table " + std::to_string(table) + " out of range (the document has " +
                          std::to_string(doc().tables.size()) + " tables)");
  }

  const Table* table_of(int block) const {
    const Block& b = doc().blocks[block];
    return b.kind == "table" && b.table >= 0 ? &doc().tables[b.table] : nullptr;
  }

  void check_cell(int block, int row, int col) const {
    const Table* table = table_of(block);
    if (!table) throw py::value_error("row and col point into a table, but block " + std::to_string(block) + " is a " +
                                      doc().blocks[block].kind);
    if (row < 0 || row >= static_cast<int>(table->rows.size()))
      throw py::index_error("row " + std::to_string(row) + " out of range (the table has " +
                            std::to_string(table->rows.size()) + " rows)");
    if (col >= static_cast<int>(table->rows[row].size()))
      throw py::index_error("col " + std::to_string(col) + " out of range (the row has " +
                            std::to_string(table->rows[row].size()) + " cells)");
  }

  const std::string& text_of(int block, int row, int col) const {
    if (row >= 0 && col >= 0) return table_of(block)->rows[row][col].text;
    return doc().blocks[block].text;
  }

  Where where_of(const Place& place) const {
    Where where{checked_block(place.block), place.row, place.col};
    if (place.row >= 0) check_cell(place.block, place.row, place.col);
    if (place.row >= 0 && place.col < 0) return where;  // a whole table row
    const std::string& text = text_of(place.block, place.row, place.col);
    where.begin = utf8::offset_of(text, std::max(place.start, 0));
    where.end = place.end < 0 ? std::string::npos : utf8::offset_of(text, place.end);
    return where;
  }

  Where where_from(std::optional<int> block, std::optional<int> table, std::optional<int> row, std::optional<int> col,
                   std::optional<int> line, const std::optional<std::string>& text) const {
    Where where;
    if (block) where.block = checked_block(*block);
    else if (table) where.block = block_of_table(*table);
    else if (line) where.block = block_at(*line).value_or(-1);
    if (row || col) {
      if (where.block < 0) throw py::value_error("row and col need the block or table they are in");
      where.row = row.value_or(0);
      where.col = col.value_or(-1);
      check_cell(where.block, where.row, where.col);
    } else if (line && where.block >= 0 && table_of(where.block)) {
      locate_line_in_table(where, *line);
    }
    if (text && !text->empty()) {
      const std::vector<Place> found = places(*text, where.block, where.row, where.col);
      if (!found.empty()) return where_of(found.front());  // not found: the finding stays where it was put
    }
    return where;
  }

  // The cell of a tab-cell table whose lines include `line`.
  void locate_line_in_table(Where& where, int line) const {
    const Table& table = *table_of(where.block);
    for (size_t r = 0; r < table.rows.size(); ++r)
      for (size_t c = 0; c < table.rows[r].size(); ++c) {
        const Span& s = table.rows[r][c].span;
        if (s.line <= line && line <= s.end_line) {
          where.row = static_cast<int>(r);
          where.col = static_cast<int>(c);
          return;
        }
      }
  }

  std::vector<Place> places(const std::string& text, int only_block, int only_row, int only_col) const {
    std::vector<Place> out;
    if (text.empty()) return out;
    const auto& blocks = doc().blocks;
    const int chars = static_cast<int>(utf8::length(text));
    // One pass over each text however many matches: characters are counted on from the previous
    // match, and spans found the same way (what Reporter::span_of gives, without its recount).
    auto scan = [&](const std::string& haystack, const std::vector<Segment>& map, const Span& whole, int block, int row,
                    int col) {
      CharCursor cursor(haystack);
      std::vector<size_t> segment_chars;  // characters before each segment's start
      CharCursor segments(haystack);
      for (const Segment& segment : map) segment_chars.push_back(segments.chars_to(segment.offset));
      auto position = [&](size_t offset, int& line, int& column) {
        const auto it = std::upper_bound(map.begin(), map.end(), static_cast<int>(offset),
                                         [](int o, const Segment& seg) { return o < seg.offset; });
        const size_t i = it == map.begin() ? 0 : static_cast<size_t>(it - map.begin()) - 1;
        const size_t counted = cursor.chars_to(offset);
        line = map[i].line;
        column = map[i].column + static_cast<int>(counted > segment_chars[i] ? counted - segment_chars[i] : 0);
      };
      for (size_t at = haystack.find(text); at != std::string::npos; at = haystack.find(text, at + text.size())) {
        Place place{block, row, col, static_cast<int>(cursor.chars_to(at)), 0, text};
        place.end = place.start + chars;
        if (map.empty()) {
          place.span = whole;
        } else {
          position(at, place.span.line, place.span.column);
          size_t last = at + text.size() - 1;  // the last character, stepped past
          while (last > at && (static_cast<unsigned char>(haystack[last]) & 0xC0) == 0x80) --last;
          position(last, place.span.end_line, place.span.end_column);
          place.span.end_column += 1;
        }
        out.push_back(std::move(place));
      }
    };
    for (int b = 0; b < static_cast<int>(blocks.size()); ++b) {
      if (only_block >= 0 && b != only_block) continue;
      const Table* table = table_of(b);
      if (!table) {
        scan(blocks[b].text, blocks[b].map, blocks[b].span, b, -1, -1);
        continue;
      }
      for (int r = 0; r < static_cast<int>(table->rows.size()); ++r) {
        if (only_row >= 0 && r != only_row) continue;
        for (int c = 0; c < static_cast<int>(table->rows[r].size()); ++c) {
          const Cell& cell = table->rows[r][c];
          if ((only_col < 0 || c == only_col) && !cell.merged) scan(cell.text, cell.map, cell.span, b, r, c);
        }
      }
    }
    return out;
  }

  // Characters of a text up to increasing byte offsets, counted once.
  class CharCursor {
   public:
    explicit CharCursor(std::string_view text) : text_(text) {}
    size_t chars_to(size_t offset) {
      offset = std::min(offset, text_.size());
      if (offset < bytes_) bytes_ = chars_ = 0;  // asked out of order: count again from the start
      chars_ += utf8::length(text_.substr(bytes_, offset - bytes_));
      bytes_ = offset;
      return chars_;
    }

   private:
    std::string_view text_;
    size_t bytes_ = 0;
    size_t chars_ = 0;
  };

  // Every {name} of the rule's message template must be filled, or the finding would show it raw.
  void require_placeholders(const MessageArgs& filling) const {
    const std::string blank = reporter_->message_for(code_, {});
    std::string missing;
    for (size_t open = blank.find('{'); open != std::string::npos; open = blank.find('{', open + 1)) {
      const size_t close = blank.find('}', open);
      if (close == std::string::npos) break;
      const std::string name = blank.substr(open + 1, close - open - 1);
      const bool identifier = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
      });
      if (identifier && !filling.count(name) && missing.find("{" + name + "}") == std::string::npos)
        missing += (missing.empty() ? "{" : ", {") + name + "}";
    }
    if (!missing.empty())
      throw py::value_error("rule " + code_ + "'s message needs " + missing +
                            ": pass them as report.add(args={...}), or pass the message itself");
  }

  static MessageArgs message_args(const py::object& args) {
    MessageArgs out;
    if (args.is_none()) return out;
    for (auto [key, value] : py::cast<py::dict>(args)) out[py::str(key)] = py::str(value);
    return out;
  }

  // Evidence records, or a {label: number or text} mapping.
  static std::vector<Evidence> evidence_from(const py::object& evidence) {
    std::vector<Evidence> out;
    if (evidence.is_none()) return out;
    if (py::isinstance<py::dict>(evidence)) {
      for (auto [label, value] : py::cast<py::dict>(evidence)) {
        Evidence e;
        e.role = "stated";
        e.label = py::str(label);
        if (py::isinstance<py::float_>(value) || (py::isinstance<py::int_>(value) && !py::isinstance<py::bool_>(value)))
          e.value = py::cast<double>(value);
        else
          e.text = py::str(value);
        out.push_back(std::move(e));
      }
      return out;
    }
    return py::cast<std::vector<Evidence>>(evidence);
  }

  const RuleContext* ctx_;
  Reporter* reporter_;
  std::string code_;
};

// "ValueError: bad value (my_rules.py:12)": the exception and the innermost line that raised it.
std::string describe(const py::error_already_set& e) {
  std::string out = py::str(e.type().attr("__name__"));
  const std::string message = py::str(e.value());
  if (!message.empty()) out += ": " + message;
  py::object frame = e.trace();
  if (frame && !frame.is_none()) {
    while (!frame.attr("tb_next").is_none()) frame = frame.attr("tb_next");
    const std::string file = py::str(frame.attr("tb_frame").attr("f_code").attr("co_filename"));
    out += " (" + std::filesystem::path(file).filename().string() + ":" +
           std::to_string(py::cast<int>(frame.attr("tb_lineno"))) + ")";
  }
  return out;
}

ExtraRule python_rule(RuleInfo info, const py::object& function) {
  auto callable = shared_python(function);
  const std::string code = info.code;
  return {std::move(info), [callable, code](const RuleContext& ctx, Reporter& reporter) {
            Document copy = ctx.doc;  // the rule's own copy (it may keep it), made before taking the GIL
            py::gil_scoped_acquire gil;
            py::object report = py::cast(RuleReport(ctx, reporter, code));
            struct Closer {
              py::object& report;
              ~Closer() { report.cast<RuleReport&>().close(); }
            } closer{report};
            try {
              (*callable)(py::cast(std::move(copy)), report);
            } catch (py::error_already_set& e) {
              if (e.matches(PyExc_KeyboardInterrupt)) throw PythonInterrupt{e};
              throw std::runtime_error(describe(e));
            }
          }};
}

}  // namespace

std::vector<ExtraRule> python_rules(const py::sequence& rules) {
  std::vector<ExtraRule> out;
  for (py::handle entry : rules) {
    const auto pair = py::cast<py::tuple>(entry);
    if (pair.size() != 2) throw py::type_error("a rule is a (RuleInfo, function) pair");
    out.push_back(python_rule(py::cast<RuleInfo>(pair[0]), pair[1]));
  }
  return out;
}

void register_rules(py::module_& m) {
  bind_record<Place>(m, "Place", "A place a rule points at: block, table cell, characters [start, end), source span.");
  py::class_<RuleReport>(m, "RuleReport", "What a custom rule reports through; valid only while the rule runs.")
      .def_property_readonly("code", &RuleReport::code, "The rule's code.")
      .def_property_readonly("lang", &RuleReport::lang, "The language of messages: 'zh' or 'en'.")
      .def_property_readonly("template", &RuleReport::template_name, "The document's template, when one matched.")
      .def("add", &RuleReport::add, py::arg("message") = py::none(), py::kw_only(), py::arg("block") = py::none(),
           py::arg("table") = py::none(), py::arg("row") = py::none(), py::arg("col") = py::none(),
           py::arg("line") = py::none(), py::arg("text") = py::none(), py::arg("at") = py::none(),
           py::arg("suggestion") = py::none(), py::arg("evidence") = py::none(), py::arg("args") = py::none(),
           "Adds a finding (see jixiao.rule).")
      .def("find", &RuleReport::find, py::arg("text"), py::kw_only(), py::arg("block") = py::none(),
           py::arg("table") = py::none(), "Every place the text occurs, in document order.")
      .def("block_at", &RuleReport::block_at, py::arg("line"), "The index of the block holding a line, or None.");
}

}  // namespace bindings
}  // namespace jixiao
