#include "check/figures.hpp"

#include "core/embedded_data.hpp"
#include "core/json.hpp"
#include "core/utf8.hpp"
#include "extract/quantity.hpp"
#include "outline/outline.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace jixiao {
namespace {

struct Partition {
  std::string name;
  std::vector<std::string> whole;
  std::vector<std::vector<std::string>> parts;
};
BOOST_DESCRIBE_STRUCT(Partition, (), (name, whole, parts))

struct RelationsData {
  std::vector<Partition> partitions;
  std::vector<std::string> partial_list_markers;
  std::vector<std::string> overlapping_categories;
};
BOOST_DESCRIBE_STRUCT(RelationsData, (), (partitions, partial_list_markers, overlapping_categories))

const RelationsData& relations_data() {
  static const RelationsData data =
      from_json_value<RelationsData>(nlohmann::json::parse(embedded_file("relations.json")));
  return data;
}

bool contains(std::string_view text, std::string_view word) { return text.find(word) != std::string_view::npos; }

bool label_has_any(const std::string& label, const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return contains(label, n); });
}

// The partition a breakdown follows, when its whole and every part are known names and
// each group of the partition is present.
bool completes_partition(const std::string& whole_label, const std::vector<Figure>& parts) {
  for (const Partition& p : relations_data().partitions) {
    if (!label_has_any(whole_label, p.whole)) continue;
    bool all_known = true;
    std::vector<bool> covered(p.parts.size(), false);
    for (const Figure& f : parts) {
      bool known = false;
      for (size_t g = 0; g < p.parts.size(); ++g)
        if (label_has_any(f.label, p.parts[g])) covered[g] = known = true;
      all_known = all_known && known;
    }
    if (all_known && std::all_of(covered.begin(), covered.end(), [](bool c) { return c; })) return true;
    return false;  // the first matching whole decides
  }
  return false;
}

bool is_sentence_end(char32_t cp) { return cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；' || cp == ';'; }

// Where a paragraph's sentences end, found in one pass so that each 其中 looks its
// sentence up instead of rescanning the paragraph.
struct SentenceEnds {
  std::vector<size_t> at;     // byte offset of each sentence-end character
  std::vector<size_t> after;  // byte offset just past it

  explicit SentenceEnds(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      const size_t from = i;
      if (is_sentence_end(utf8::next(text, i))) {
        at.push_back(from);
        after.push_back(i);
      }
    }
  }
  // Byte offset of the start of the sentence that contains `pos`.
  size_t sentence_start(size_t pos) const {
    auto it = std::upper_bound(after.begin(), after.end(), pos);
    return it == after.begin() ? 0 : *(it - 1);
  }
  // Byte offset of the first sentence end at or after `pos`, or the text's end.
  size_t sentence_end(size_t pos, size_t text_end) const {
    auto it = std::lower_bound(at.begin(), at.end(), pos);
    return it == at.end() ? text_end : *it;
  }
};

Figure figure_of(const FoundQuantity& q, int block) {
  Figure f;
  f.value = q.quantity.value;
  f.decimals = q.quantity.decimals;
  f.label = q.quantity.label;
  f.unit = q.quantity.unit;
  f.kind = q.quantity.kind;
  f.text = q.quantity.text;
  f.where = Where{block, -1, -1, q.begin, q.end, std::nullopt};
  return f;
}

bool same_measure(const FoundQuantity& a, const FoundQuantity& b) {
  if (a.quantity.kind != b.quantity.kind) return false;
  return a.quantity.kind == "money" || a.quantity.unit == b.quantity.unit;
}

bool summable(const FoundQuantity& q) {
  return !q.quantity.value_high && (q.quantity.kind == "money" || q.quantity.kind == "count") &&
         q.quantity.comparator.empty();
}

// The text between two byte offsets holds nothing but separators (、，,：: and spaces).
bool only_separators(std::string_view text, size_t from, size_t to) {
  size_t i = from;
  while (i < to && i < text.size()) {
    const char32_t cp = utf8::next(text, i);
    if (!(utf8::is_space(cp) || cp == U'、' || cp == U'，' || cp == ',' || cp == U'：' || cp == ':')) return false;
  }
  return true;
}

// A 共 written wholly inside [from, to).
bool total_word_between(const std::vector<size_t>& at, size_t from, size_t to) {
  auto it = std::lower_bound(at.begin(), at.end(), from);
  return it != at.end() && *it + std::string_view("共").size() <= to;
}

// 其中 breakdowns in prose: "支出2341.27万元，其中：基本支出1528.64万元，项目支出812.63万元"; the whole is
// the last figure before 其中 in the same sentence, or — when 其中 opens a sentence or a
// paragraph — the last figure of the sentence before it ("共451人。其中归侨17人…").
void prose_breakdowns(const Document& doc, const Analysis& analysis, std::vector<Relation>& out) {
  // Figures are pointed at where the analysis keeps them, for the whole document.
  const FoundQuantity* prev_last = nullptr;  // last figure of the previous paragraph
  int prev_block = -1;
  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& b = doc.blocks[bi];
    if (b.kind == "table") {
      prev_last = nullptr;
      continue;
    }
    std::vector<const FoundQuantity*> qs;
    for (const FoundQuantity& q : analysis.quantities(static_cast<int>(bi)))
      if (summable(q)) qs.push_back(&q);
    const std::string_view text = b.text;
    // Sentences and figures are looked up by position (figures come in text order), so a
    // paragraph with thousands of 其中 is read once, not once per 其中.
    const SentenceEnds sentences(text);
    std::vector<size_t> totals;  // where 共 is written
    for (size_t at = text.find("共"); at != std::string_view::npos; at = text.find("共", at + 1)) totals.push_back(at);
    // The last figure ending at or before `pos` when it starts at or after `from`.
    auto last_figure = [&](size_t from, size_t pos) -> const FoundQuantity* {
      auto it = std::partition_point(qs.begin(), qs.end(), [&](const FoundQuantity* q) { return q->end <= pos; });
      return it != qs.begin() && (*(it - 1))->begin >= from ? *(it - 1) : nullptr;
    };
    size_t pos = 0;
    while ((pos = text.find("其中", pos)) != std::string_view::npos) {
      const size_t after = pos + std::string_view("其中").size();
      // The whole: last figure before 其中 in this sentence, else in the previous sentence.
      const size_t s_begin = sentences.sentence_start(pos);
      int whole_block = static_cast<int>(bi);
      const FoundQuantity* whole = last_figure(s_begin, pos);
      // The whole must be stated right before 其中 ("支出2341.27万元，其中"), not somewhere earlier,
      // and be an amount, not a change (同比增加189.25万元，其中…).
      if (whole && (!only_separators(text, whole->end, pos) || is_change_or_previous(text, whole->begin))) whole = nullptr;
      bool explicit_total = false;
      const bool opens_sentence = only_separators(text, s_begin, pos);
      if (!whole && opens_sentence) {
        const size_t prev_begin = s_begin > 0 ? sentences.sentence_start(s_begin - 1) : 0;
        if (s_begin > 0) whole = last_figure(prev_begin, s_begin);
        if (whole && is_change_or_previous(text, whole->begin)) whole = nullptr;
        if (!whole && s_begin == 0 && prev_last &&
            !is_change_or_previous(doc.blocks[prev_block].text, prev_last->begin)) {
          whole = prev_last;
          whole_block = prev_block;
        }
        explicit_total = whole != nullptr;
      }
      if (!whole) {
        pos = after;
        continue;
      }
      // The parts: figures after 其中 up to the sentence end or the next 其中, as long as they
      // follow each other as "label figure, label figure" with nothing else between.
      const size_t next_qizhong = text.find("其中", after);
      const size_t limit = std::min(sentences.sentence_end(after, text.size()), next_qizhong);
      std::vector<Figure> parts;
      bool clean = true;
      size_t cursor = after;
      auto first_part = std::partition_point(qs.begin(), qs.end(), [&](const FoundQuantity* q) { return q->begin < after; });
      for (auto it = first_part; it != qs.end() && (*it)->begin < limit; ++it) {
        const FoundQuantity& q = **it;
        if (!same_measure(q, *whole)) {
          clean = false;
          break;
        }
        // A previous year's figure beside a part (公务接待费0万元（上年3.2万元）) is no part.
        if (is_change_or_previous(text, q.begin)) {
          clean = false;
          continue;
        }
        // Between parts only the next part's label may appear.
        const size_t label_bytes = q.quantity.label.size();
        const size_t label_at = q.begin >= label_bytes ? q.begin - label_bytes : q.begin;
        if (!parts.empty() && !only_separators(text, cursor, label_at)) clean = false;
        parts.push_back(figure_of(q, static_cast<int>(bi)));
        cursor = q.end;
      }
      // Something other than a figure after the last part (e.g. "占35.9%") ends a clean list only
      // if it is inside the sentence; a percentage after a part is fine for a single part.
      // Parts that already add up to the whole end the list there: what follows in the sentence
      // (基本支出100万元，其中人员经费60万元、公用经费40万元，项目支出200万元) is its sibling, no part.
      {
        double sum = 0;
        for (size_t k = 0; k < parts.size(); ++k) {
          sum += parts[k].value;
          if (k + 1 < parts.size() && k >= 1 && std::fabs(sum - whole->quantity.value) < 1e-6) {
            parts.resize(k + 1);
            break;
          }
        }
      }
      if (!parts.empty()) {
        Relation r;
        r.whole = figure_of(*whole, whole_block);
        r.parts = std::move(parts);
        r.source = "breakdown";
        std::string whole_label = r.whole.label;
        const bool partition = r.parts.size() >= 2 && completes_partition(whole_label, r.parts);
        // A count stated as 共N… with a clean list of parts must add up too.
        // …unless a part names an attribute others may share (其中党员20人，女职工15人).
        const bool overlapping = std::any_of(r.parts.begin(), r.parts.end(), [](const Figure& f) {
          const auto& words = relations_data().overlapping_categories;
          return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return contains(f.label, w); });
        });
        const bool counted_total = r.whole.kind == "count" && clean && r.parts.size() >= 2 && !overlapping &&
                                   (explicit_total || contains(r.whole.label, "共") ||
                                    total_word_between(totals, s_begin, pos));
        r.complete = partition || counted_total;
        out.push_back(std::move(r));
      }
      pos = after;
    }
    prev_last = qs.empty() ? nullptr : qs.back();
    if (prev_last) prev_block = static_cast<int>(bi);
  }
}

// The precision each figure was written with, by where it starts (the first fact there wins):
// looked up per figure, so built once rather than searched per figure.
using DecimalsByPlace = std::map<std::pair<int, int>, int>;

DecimalsByPlace decimals_by_place(const Document& doc) {
  DecimalsByPlace places;
  for (const Quantity& q : doc.facts) places.try_emplace({q.span.line, q.span.column}, q.decimals);
  return places;
}

int decimals_of(const DecimalsByPlace& places, const Span& span) {
  auto it = places.find({span.line, span.column});
  return it == places.end() ? 2 : it->second;
}

// Identities between the extracted budget figures: 支出 = 基本支出 + 项目支出 (or, in a target
// table, 资金总额 = 基本支出 + 项目支出) and 基本支出 = 人员经费 + 公用经费.
void budget_identities(const Document& doc, std::vector<Relation>& out) {
  const Budget& b = doc.budget;
  const DecimalsByPlace places = decimals_by_place(doc);
  auto fig = [&](const std::optional<double>& v, const std::string& key, const std::string& label) {
    Figure f;
    f.value = *v;
    f.label = label;
    f.unit = "万元";
    f.kind = "money";
    auto it = b.spans.find(key);
    if (it != b.spans.end()) {
      f.where = where_of_span(doc, it->second);
      f.decimals = decimals_of(places, it->second);
    }
    f.text = format_number(f.value, f.decimals) + "万元";
    return f;
  };
  // An identity holds between the figures of one statement: one paragraph or one table. Figures
  // of two statements (本年支出合计's 基本支出 and the 财政拨款 one, or a prose figure against a
  // table's) are different figures, or C101's to report.
  auto add = [&](const std::optional<double>& whole, const std::string& key, const std::string& label,
                 std::vector<Figure> parts) {
    if (!whole || b.spans.find(key) == b.spans.end()) return;
    const int source = where_of_span(doc, b.spans.at(key)).block;
    for (const Figure& p : parts)
      if (p.where.block != source) return;
    Relation r;
    r.whole = fig(whole, key, label);
    r.parts = std::move(parts);
    r.complete = true;
    r.source = "budget";
    out.push_back(std::move(r));
  };
  if (b.basic && b.project) {
    std::vector<Figure> parts = {fig(b.basic, "basic", "基本支出"), fig(b.project, "project", "项目支出")};
    // A statement of accounts splits 本年支出合计 (all funds) into 基本 and 项目, which 财政拨款支出
    // alone need not match.
    if (b.spending_total)
      add(b.spending_total, "spending_total", "本年支出合计", parts);
    else if (b.expenditure)
      add(b.expenditure, "expenditure", "支出", parts);
    else if (doc.meta.doc_type == "target_table")
      add(b.budget, "budget", "资金总额", parts);
  }
  if (b.personnel && b.public_)
    add(b.basic, "basic", "基本支出", {fig(b.personnel, "personnel", "人员经费"), fig(b.public_, "public", "公用经费")});
}

// A table's 合计 row against the rows below it: Chinese-numbered rows (一、二) are the top
// level when present, each the sum of the Arabic-numbered rows under it.
void table_totals(const Document& doc, std::vector<Relation>& out) {
  for (const Table& t : doc.tables) {
    if (t.layout == "text_ragged") continue;  // no column is known to hold the amounts
    // Find the amount column from a header cell.
    int amount_col = -1, header_row = -1;
    for (int r = 0; r < t.n_rows && amount_col < 0; ++r)
      for (int c = 0; c < t.n_cols; ++c) {
        const std::string h = utf8::squeeze(t.rows[r][c].text);
        if (h == "金额" || h == "金额（万元）" || h == "金额(万元)" || h == "资金" || h == "预算金额") {
          amount_col = c;
          header_row = r;
          break;
        }
      }
    if (amount_col < 0) continue;
    struct Row {
      int row;
      std::string number;  // the 序号 as written
      std::string label;
      std::optional<FoundQuantity> amount;
    };
    std::vector<Row> rows;
    for (int r = header_row + 1; r < t.n_rows; ++r) {
      Row row{r, utf8::squeeze(t.rows[r][0].text), "", std::nullopt};
      for (int c = 0; c < amount_col; ++c)
        if (row.label.empty() && c > 0) row.label = utf8::squeeze(t.rows[r][c].text);
      if (row.label.empty()) row.label = row.number;
      const auto qs = scan_quantities(t.rows[r][amount_col].text);
      if (qs.size() == 1 && (qs[0].quantity.kind == "number" || qs[0].quantity.kind == "money")) row.amount = qs[0];
      rows.push_back(std::move(row));
    }
    auto figure_at = [&](const Row& row) {
      Figure f = figure_of(*row.amount, t.block);
      f.where.row = row.row;
      f.where.col = amount_col;
      f.label = row.label;
      f.kind = "money";
      f.unit = "万元";
      return f;
    };
    auto is_total = [](const Row& r) { return contains(r.number + r.label, "合计") || contains(r.number + r.label, "总计"); };
    auto is_cn = [](const Row& r) { return chinese_numeral_value(r.number) > 0; };
    auto is_arabic = [](const Row& r) {
      return !r.number.empty() && std::all_of(r.number.begin(), r.number.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const bool has_cn = std::any_of(rows.begin(), rows.end(), is_cn);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].amount) continue;
      Relation rel;
      rel.source = "table";
      rel.complete = true;
      if (is_total(rows[i])) {
        for (size_t k = 0; k < rows.size(); ++k)
          if (k != i && rows[k].amount && !is_total(rows[k]) && (has_cn ? is_cn(rows[k]) : is_arabic(rows[k])))
            rel.parts.push_back(figure_at(rows[k]));
      } else if (is_cn(rows[i])) {
        for (size_t k = i + 1; k < rows.size() && !is_cn(rows[k]) && !is_total(rows[k]); ++k)
          if (rows[k].amount && is_arabic(rows[k])) rel.parts.push_back(figure_at(rows[k]));
      }
      if (rel.parts.empty()) continue;
      rel.whole = figure_at(rows[i]);
      out.push_back(std::move(rel));
    }
  }
}

// An enumerated list of project lines against the stated 项目支出, when the list is not
// introduced as partial (主要包括…).
void project_list(const Document& doc, std::vector<Relation>& out) {
  const Budget& b = doc.budget;
  if (!b.project || doc.projects.size() < 2 || b.spans.find("project") == b.spans.end()) return;
  if (std::any_of(doc.projects.begin(), doc.projects.end(), [](const Project& p) { return p.table >= 0; })) return;
  const DecimalsByPlace places = decimals_by_place(doc);
  Relation r;
  r.source = "projects";
  r.whole.value = *b.project;
  r.whole.label = "项目支出";
  r.whole.unit = "万元";
  r.whole.kind = "money";
  r.whole.where = where_of_span(doc, b.spans.at("project"));
  r.whole.decimals = decimals_of(places, b.spans.at("project"));
  r.whole.text = format_number(r.whole.value, r.whole.decimals) + "万元";
  for (const Project& p : doc.projects) {
    Figure f;
    f.value = p.amount;
    f.label = p.name;
    f.unit = "万元";
    f.kind = "money";
    f.where = where_of_span(doc, p.span);
    f.decimals = decimals_of(places, p.span);
    f.text = format_number(p.amount, f.decimals) + "万元";
    r.parts.push_back(std::move(f));
  }
  // Is the list said to be partial? Look at the words before its first item.
  const Where first = r.parts.front().where;
  bool partial = false;
  if (first.block >= 0) {
    const Block& block = doc.blocks[first.block];
    const std::string& text = block.text;
    // The words before the first item (its span's column, counted from the paragraph's start).
    const size_t chars_before =
        first.span && first.span->line == block.span.line ? std::max(0, first.span->column - block.span.column) : 0;
    const std::string_view head = std::string_view(text).substr(0, utf8::offset_of(text, chars_before));
    for (const std::string& m : relations_data().partial_list_markers) partial = partial || contains(head, m);
    if (first.block > 0) {
      const std::string& before = doc.blocks[first.block - 1].text;
      for (const std::string& m : relations_data().partial_list_markers)
        partial = partial || contains(utf8::truncate(before, 60), m);
    }
  }
  // …or after its last item: "…防汛经费10.00万元等。"
  const Where last = r.parts.back().where;
  if (!partial && last.block >= 0 && last.span) {
    const Block& block = doc.blocks[last.block];
    if (last.span->end_line == block.span.line) {
      const std::string& text = block.text;
      const size_t chars_before = static_cast<size_t>(std::max(0, last.span->end_column - block.span.column));
      std::string_view tail = std::string_view(text).substr(std::min(text.size(), utf8::offset_of(text, chars_before)));
      tail = tail.substr(0, std::min(tail.find("。"), tail.find("；")));
      partial = contains(utf8::truncate(tail, 6), "等");
    }
  }
  r.complete = !partial;
  out.push_back(std::move(r));
}

}  // namespace

// The figure at `at` is a change or a previous period's figure (同比增加189.25万元, 增长7.61%,
// 较上年的19850件, 上年15.2万元): what it says is no part or share of the figures around it.
bool is_change_or_previous(std::string_view text, size_t at) {
  const size_t from = at > 18 ? at - 18 : 0;
  std::string_view before = text.substr(from, at - from);
  while (!before.empty() && (static_cast<unsigned char>(before.front()) & 0xC0) == 0x80) before.remove_prefix(1);
  for (std::string_view w : {"增加", "增长", "减少", "下降", "提高", "降低", "上升", "同比", "环比", "上年", "去年",
                             "上一年", "同期", "增幅", "降幅", "较20", "比20", "较19", "比19"})
    if (before.size() >= w.size() && before.find(w) != std::string_view::npos &&
        before.find(w) + w.size() + 6 >= before.size())
      return true;
  return false;
}

Where where_of_span(const Document& doc, const Span& span) {
  Where w;
  w.span = span;
  // Blocks come in line order: the first one not ending before the line is the only candidate.
  auto first = std::partition_point(doc.blocks.begin(), doc.blocks.end(),
                                    [&](const Block& b) { return b.span.end_line < span.line; });
  for (size_t bi = static_cast<size_t>(first - doc.blocks.begin()); bi < doc.blocks.size(); ++bi) {
    const Block& b = doc.blocks[bi];
    if (span.line < b.span.line) break;
    if (span.line > b.span.end_line) continue;
    w.block = static_cast<int>(bi);
    if (b.kind == "table" && b.table >= 0) {
      const Table& t = doc.tables[b.table];
      for (size_t r = 0; r < t.rows.size(); ++r)
        for (size_t c = 0; c < t.rows[r].size(); ++c) {
          const Span& cs = t.rows[r][c].span;
          if (t.rows[r][c].merged) continue;
          if (span.line >= cs.line && span.line <= cs.end_line &&
              (span.line != cs.line || span.column >= cs.column) &&
              (span.line != cs.end_line || span.column < cs.end_column)) {
            w.row = static_cast<int>(r);
            w.col = static_cast<int>(c);
            return w;
          }
        }
    }
    return w;
  }
  return w;
}

Evidence evidence_of(const Reporter& out, const Figure& f, const std::string& role) {
  Evidence e;
  e.role = role;
  e.label = f.label;
  e.value = f.value;
  e.unit = f.unit;
  e.text = f.text;
  e.span = out.span_of(f.where);
  return e;
}

const std::vector<FoundQuantity>& Analysis::quantities(int block) const {
  static const std::vector<FoundQuantity> none;
  if (block < 0 || block >= static_cast<int>(doc_.blocks.size()) || doc_.blocks[block].kind == "table") return none;
  if (quantities_.empty()) quantities_.resize(doc_.blocks.size());
  auto& slot = quantities_[block];
  if (!slot) slot = scan_quantities(doc_.blocks[block].text);
  return *slot;
}

const std::vector<Relation>& Analysis::relations() const {
  if (!relations_) relations_ = find_relations(doc_, *this);
  return *relations_;
}

const std::vector<TextUnit>& Analysis::units() const {
  if (!units_) units_ = text_units(doc_);
  return *units_;
}

std::vector<Relation> find_relations(const Document& doc, const Analysis& analysis) {
  std::vector<Relation> out;
  prose_breakdowns(doc, analysis, out);
  budget_identities(doc, out);
  table_totals(doc, out);
  project_list(doc, out);
  return out;
}

}  // namespace jixiao
