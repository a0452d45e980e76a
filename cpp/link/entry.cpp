// What linking keeps of one document (LinkEntry): its key, its budget figures and the 上年 figures it
// states, each with the label's scope and the rounding of the figure as written, and its indicators
// with the project their table is about and whether the row claims to be met.
#include "check/figures.hpp"
#include "core/utf8.hpp"
#include "link/link.hpp"

#include <array>
#include <cmath>

namespace jixiao {
namespace {

struct Term {
  std::string_view words;
  std::string_view field;
  std::string_view scope;
};

// Labels that name one of the department's budget figures, exactly (after the qualifiers below).
// The scope is what must agree for two figures to be compared; "?" marks a bare word (预算, 支出,
// 收入) that may mean either of two figures (年初 or 全年 预算; all spending or 财政拨款 only).
constexpr std::array kTerms = {
    Term{"年初预算", "budget", "年初"},        Term{"年初预算数", "budget", "年初"},
    Term{"年初批复预算", "budget", "年初"},    Term{"年初批复预算数", "budget", "年初"},
    Term{"全年预算", "budget", "全年"},        Term{"全年预算数", "budget", "全年"},
    Term{"调整后预算", "budget", "全年"},      Term{"调整后预算数", "budget", "全年"},
    Term{"预算", "budget", "?"},               Term{"预算数", "budget", "?"},
    Term{"预算资金", "budget", "?"},           Term{"资金总额", "budget", "?"},
    Term{"预算总额", "budget", "?"},           Term{"部门预算", "budget", "?"},
    Term{"财政拨款收入", "revenue", "财政拨款"}, Term{"收入", "revenue", "?"},
    Term{"总收入", "revenue", "?"},            Term{"财政拨款支出", "expenditure", "财政拨款"},
    Term{"全年执行数", "expenditure", "执行"}, Term{"执行数", "expenditure", "执行"},
    Term{"支出", "expenditure", "?"},          Term{"总支出", "expenditure", "?"},
    Term{"基本支出", "basic", ""},             Term{"项目支出", "project", ""},
    Term{"人员经费", "personnel", ""},         Term{"人员经费支出", "personnel", ""},
    Term{"公用经费", "public", ""},            Term{"公用经费支出", "public", ""},
    Term{"三公经费", "three_public", ""},      Term{"三公经费支出", "three_public", ""},
};

constexpr std::array<std::string_view, 17> kQualifiers = {
    "基本支出中", "本单位", "本部门", "单位", "部门", "本年度", "年度", "本年", "当年", "全年", "一般公共预算", "公共预算",
    "其中", "实际", "决算", "合计", "总"};
constexpr std::array<std::string_view, 4> kTrailers = {"合计", "总计", "总额", "共计"};
// What marks a figure as last year's, and words that make it a change instead (比上年增加 …).
constexpr std::array<std::string_view, 5> kPrevious = {"上一年度", "上一年", "上年度", "上年", "去年"};
constexpr std::array<std::string_view, 9> kChange = {"增加", "减少", "增长", "下降", "变动", "同比", "比", "较", "结转"};

bool contains(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }

// The label as terms are matched: no spaces, quotes or colons, no bracketed remark (（万元）).
std::string plain(std::string_view label) {
  std::string out;
  int depth = 0;
  size_t i = 0;
  while (i < label.size()) {
    const size_t start = i;
    const char32_t cp = utf8::next(label, i);
    if (cp == U'（' || cp == U'(') ++depth;
    const bool skip = depth > 0 || utf8::is_space(cp) || cp == U'“' || cp == U'”' || cp == U'"' || cp == U'：' ||
                      cp == U':' || cp == U'，';
    if ((cp == U'）' || cp == U')') && depth > 0) --depth;
    if (!skip) out.append(label.substr(start, i - start));
  }
  return out;
}

const Term* exact_term(std::string_view s) {
  for (const Term& t : kTerms)
    if (s == t.words) return &t;
  for (std::string_view trailer : kTrailers)
    if (s.size() > trailer.size() && s.ends_with(trailer))
      for (const Term& t : kTerms)
        if (s.substr(0, s.size() - trailer.size()) == t.words) return &t;
  return nullptr;
}

const Term* term_of(std::string_view label) {
  const std::string norm = plain(label);
  std::string_view s = norm;
  for (int guard = 0; guard < 8 && !s.empty(); ++guard) {
    if (const Term* t = exact_term(s)) return t;
    bool stripped = false;
    for (std::string_view q : kQualifiers)
      if (s.size() > q.size() && s.starts_with(q)) {
        s.remove_prefix(q.size());
        stripped = true;
        break;
      }
    if (!stripped) return nullptr;
  }
  return nullptr;
}

// One unit of the last digit of a figure as written, in 万元 (the unit as written decides: 元, 万元, 亿元;
// a bare number is taken as 万元, the coarser reading).
double money_step(const std::string& text, int decimals) {
  double scale = 1;
  if (contains(text, "亿")) scale = 10000;
  else if (!contains(text, "万") && contains(text, "元")) scale = 0.0001;
  return std::pow(10.0, -decimals) * scale;
}

// Digits after the point of the first number in `text`.
int decimals_in(std::string_view text) {
  size_t i = 0;
  bool in_number = false, after_point = false;
  int decimals = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      in_number = true;
      if (after_point) ++decimals;
    } else if (c == '.' && in_number && !after_point) {
      after_point = true;
    } else if (in_number) {
      break;
    }
    ++i;
  }
  return decimals;
}

double value_step(const std::string& text, const std::string& unit) {
  const int decimals = decimals_in(text);
  return unit == "万元" ? money_step(text, decimals) : std::pow(10.0, -decimals);
}

const Quantity* fact_at(const Document& doc, const Span& span) {
  for (const Quantity& q : doc.facts)
    if (q.span.line == span.line && q.span.column == span.column) return &q;
  return nullptr;
}

const Cell* cell_of(const Document& doc, const Where& w) {
  if (w.block < 0 || w.row < 0 || w.col < 0) return nullptr;
  const Block& b = doc.blocks[w.block];
  if (b.table < 0) return nullptr;
  return &doc.tables[b.table].rows[w.row][w.col];
}

// A table cell's labels: the first cell of its row and the header of its column (first row).
std::pair<std::string, std::string> cell_labels(const Document& doc, const Where& w) {
  const Block& b = doc.blocks[w.block];
  const Table& t = doc.tables[b.table];
  std::string left, head;
  for (int c = 0; c < w.col; ++c)
    if (!utf8::trim(t.rows[w.row][c].text).empty()) {
      left = t.rows[w.row][c].text;
      break;
    }
  for (int r = 0; r < w.row; ++r)
    if (!utf8::trim(t.rows[r][w.col].text).empty()) {
      head = t.rows[r][w.col].text;
      break;
    }
  return {left, head};
}

int block_of_table(const Document& doc, int table) {
  for (size_t i = 0; i < doc.blocks.size(); ++i)
    if (doc.blocks[i].kind == "table" && doc.blocks[i].table == table) return static_cast<int>(i);
  return -1;
}

// The cell of a table row holding `text` (the whole row when none does).
Where cell_where(const Document& doc, int block, int table, int row, const std::string& text) {
  Where w{block, row, -1, 0, std::string::npos, std::nullopt};
  if (block < 0 || table < 0 || table >= static_cast<int>(doc.tables.size()) || row < 0 ||
      row >= static_cast<int>(doc.tables[table].rows.size()) || text.empty())
    return w;
  const auto& cells = doc.tables[table].rows[row];
  for (size_t c = 0; c < cells.size(); ++c)
    if (!cells[c].merged && utf8::trim(cells[c].text) == utf8::trim(text)) {
      w.col = static_cast<int>(c);
      break;
    }
  return w;
}

// The project a table is about: the cell after 项目名称 / 专项名称.
std::string table_subject(const Table& t) {
  for (const auto& row : t.rows)
    for (size_t c = 0; c + 1 < row.size(); ++c) {
      const std::string head = plain(row[c].text);
      if (head != "项目名称" && head != "专项名称" && head != "专项资金名称") continue;
      for (size_t k = c + 1; k < row.size(); ++k)
        if (!utf8::trim(row[k].text).empty() && plain(row[k].text) != head) return utf8::trim_copy(row[k].text);
    }
  return "";
}

std::string document_scope(const Document& doc) {
  const std::string& type = doc.meta.doc_type;
  if (type == "self_evaluation" || type == "final_accounts" || type == "budget_disclosure") return "department";
  if (type == "project_selfeval_table" || type == "project_report" || type == "target_table") {
    if (contains(doc.meta.title, "整体")) return "department";  // 部门整体支出绩效自评表 / 目标表
    if (type != "target_table") return "project";
    if (contains(doc.meta.title, "项目") || contains(doc.meta.title, "专项")) return "project";
    return "department";
  }
  return "";
}

// The row claims the indicator was met: full marks, or 已完成 / 达到目标 … not negated.
std::string claim_of(const Indicator& ind) {
  if (ind.points && ind.self_score && *ind.points > 0 && *ind.self_score >= *ind.points)
    return format_number(*ind.self_score, 2) + "/" + format_number(*ind.points, 2);
  static constexpr std::array<std::string_view, 7> kClaims = {"全部完成", "已完成", "完成目标", "达到目标",
                                                              "已达到", "达标", "无偏差"};
  for (const std::string* text : {&ind.deviation_note, &ind.actual})
    for (std::string_view claim : kClaims) {
      const size_t at = text->find(claim);
      if (at == std::string::npos) continue;
      const std::string_view before = std::string_view(*text).substr(0, at);
      if (before.ends_with("未") || before.ends_with("没有") || before.ends_with("尚未") || before.ends_with("不") ||
          before.ends_with("未能"))
        continue;
      return std::string(claim);
    }
  return "";
}

void add_figures(const Document& doc, LinkEntry& entry) {
  const Budget& b = doc.budget;
  const std::pair<const char*, const std::optional<double>*> fields[] = {
      {"budget", &b.budget},       {"revenue", &b.revenue},     {"expenditure", &b.expenditure},
      {"basic", &b.basic},         {"project", &b.project},     {"personnel", &b.personnel},
      {"public", &b.public_},      {"three_public", &b.three_public}};
  for (const auto& [field, value] : fields) {
    if (!*value) continue;
    auto span = b.spans.find(field);
    if (span == b.spans.end()) continue;
    const Quantity* q = fact_at(doc, span->second);
    if (!q) continue;  // no written figure to take the rounding from
    const Where where = where_of_span(doc, span->second);
    std::string label = q->label;
    if (cell_of(doc, where)) {
      auto [left, head] = cell_labels(doc, where);
      label = term_of(head) ? head : left;
    }
    const Term* term = term_of(label);
    if (!term || term->field != field) continue;  // the label does not say plainly which figure it is
    std::string scope(term->scope);
    // A 目标表 states the budget the year starts with, however it words it.
    if (scope == "?" && entry.doc_type == "target_table" && std::string_view(field) == "budget") scope = "年初";
    if (scope == "?") continue;
    LinkFigure f;
    f.field = field;
    f.scope = scope;
    f.label = plain(label);
    f.value = **value;
    f.step = money_step(q->text, q->decimals);
    f.text = q->text;
    f.place = location_of(doc, where);
    entry.figures.push_back(std::move(f));
  }
}

// The label names last year (上年, 上年度 …) and no change (比上年增加): where its mark starts, else npos.
std::pair<size_t, size_t> previous_mark(const std::string& label) {
  for (std::string_view w : kChange)
    if (contains(label, w)) return {std::string::npos, 0};
  for (std::string_view m : kPrevious)
    if (const size_t at = label.find(m); at != std::string::npos) return {at, m.size()};
  return {std::string::npos, 0};
}

// 上年 figures: a money figure whose label names last year and one of the terms; in a table, a
// column headed 上年 (上年数, 上年决算数) and a row labelled with the term.
void add_previous(const Document& doc, LinkEntry& entry) {
  for (const Quantity& q : doc.facts) {
    if (q.kind != "money" || q.unit != "万元" || q.value_high || !q.comparator.empty()) continue;
    const Where where = where_of_span(doc, q.span);
    std::string label;
    if (cell_of(doc, where)) {
      auto [left, head] = cell_labels(doc, where);
      if (previous_mark(plain(head)).first != std::string::npos) label = plain(left);
    } else {
      label = plain(q.label);
      const auto [at, size] = previous_mark(label);
      label = at == std::string::npos ? "" : label.erase(at, size);
    }
    const Term* term = label.empty() ? nullptr : term_of(label);
    if (!term || std::string_view(term->scope) == "?") continue;
    LinkFigure f;
    f.field = term->field;
    f.scope = term->scope;
    f.label = label;
    f.value = q.value;
    f.step = money_step(q.text, q.decimals);
    f.text = q.text;
    f.place = location_of(doc, where);
    entry.previous.push_back(std::move(f));
  }
}

// A project document whose project is not stated, or a document about neither, has no indicator
// linking could pair with certainty.
void add_indicators(const Document& doc, LinkEntry& entry) {
  if (entry.scope.empty() || (entry.scope == "project" && entry.subject.empty())) return;
  std::map<int, std::string> subjects;
  for (const Indicator& ind : doc.indicators) {
    const std::string name = utf8::trim_copy(ind.level3);
    if (name.empty() || utf8::length(name) > 30) continue;  // prose, not a name
    if (!subjects.count(ind.table))
      subjects[ind.table] = ind.table >= 0 && ind.table < static_cast<int>(doc.tables.size())
                                ? table_subject(doc.tables[ind.table])
                                : "";
    LinkIndicator li;
    li.subject = subjects[ind.table].empty() ? (entry.scope == "project" ? entry.subject : "") : subjects[ind.table];
    li.level2 = ind.level2;
    li.name = name;
    li.target = ind.target;
    li.comparator = ind.target_comparator.empty() && ind.target_value ? "=" : ind.target_comparator;
    li.target_value = ind.target_value;
    li.unit = ind.target_unit;
    li.target_step = value_step(ind.target, ind.target_unit);
    li.actual = ind.actual;
    li.actual_value = ind.actual_value;
    li.actual_unit = ind.actual_unit;
    li.actual_step = value_step(ind.actual, ind.actual_unit);
    li.claim = claim_of(ind);
    const int block = block_of_table(doc, ind.table);
    li.place = location_of(doc, cell_where(doc, block, ind.table, ind.row, ind.target));
    li.actual_place = location_of(doc, cell_where(doc, block, ind.table, ind.row, ind.actual));
    entry.indicators.push_back(std::move(li));
  }
}

}  // namespace

LinkEntry link_entry(const Document& doc, const CheckConfig& config) {
  LinkEntry entry;
  entry.path = doc.meta.path;
  entry.doc_type = doc.meta.doc_type;
  entry.title = doc.meta.title;
  entry.department = doc.meta.department;
  entry.key = department_name(doc.meta.department, config.aliases);
  entry.fiscal_year = doc.meta.fiscal_year;
  entry.scope = document_scope(doc);
  for (const Table& t : doc.tables)
    if (entry.subject.empty()) entry.subject = table_subject(t);
  if (entry.scope == "department") entry.subject.clear();
  add_figures(doc, entry);
  add_previous(doc, entry);
  add_indicators(doc, entry);
  return entry;
}

std::string group_key(const LinkEntry& entry) {
  return entry.key.canonical.empty() ? "\x01" + entry.path : entry.key.canonical;
}

}  // namespace jixiao
