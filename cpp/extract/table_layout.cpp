#include "extract/table_layout.hpp"

#include "core/utf8.hpp"
#include "extract/chars.hpp"

#include <algorithm>
#include <array>

namespace jixiao::layout {
namespace {

constexpr size_t kMaxLabelChars = 30;

// Words in a header or row label that make a bare number an amount of money.
constexpr std::array<std::string_view, 10> kMoneyWords = {"万元", "（元）", "(元)", "金额", "资金",
                                                          "经费", "预算", "决算", "执行数", "拨款"};
// In a table that states its money unit (单位：万元), rows of a statement of accounts hold amounts.
constexpr std::array<std::string_view, 7> kAccountWords = {"收入", "支出", "合计", "总计", "结余", "结转", "经费"};
// Headers whose numbers are never money even in a table of funds.
constexpr std::array<std::string_view, 7> kNotMoneyHeaders = {"分值", "得分", "序号", "执行率", "权重", "比例", "指标值"};

bool contains_any(std::string_view text, const auto& words) {
  for (std::string_view w : words)
    if (text.find(w) != std::string_view::npos) return true;
  return false;
}

bool blank(const Cell& c) { return chars::trim(c.text).empty(); }

}  // namespace

std::string squeeze(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const char32_t cp = utf8::next(text, i);
    if (!utf8::is_space(cp)) out.append(text.substr(start, i - start));
  }
  return out;
}

namespace {

// Whether `word` is written at byte p of `text`, white space in the text skipped; on
// success *end is where it ends.
bool matches_at(std::string_view text, size_t p, std::string_view word, size_t* end) {
  for (size_t w = 0; w < word.size();) {
    if (p >= text.size()) return false;
    if (const size_t sp = chars::space_length(text, p)) {
      p += sp;
      continue;
    }
    if (text[p] != word[w]) return false;
    ++p;
    ++w;
  }
  *end = p;
  return true;
}

}  // namespace

bool contains_squeezed(std::string_view text, std::string_view word) {
  if (word.empty()) return true;
  size_t end = 0;
  for (size_t p = text.find(word[0]); p != std::string_view::npos; p = text.find(word[0], p + 1))
    if (matches_at(text, p, word, &end)) return true;
  return false;
}

bool equals_squeezed(std::string_view text, std::string_view word) {
  size_t p = 0, end = 0;
  while (p < text.size() && chars::space_length(text, p)) p += chars::space_length(text, p);
  if (!matches_at(text, p, word, &end)) return false;
  while (end < text.size() && chars::space_length(text, end)) end += chars::space_length(text, end);
  return end == text.size();
}

bool has_digit(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= '0' && c <= '9') return true;
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
        static_cast<unsigned char>(text[i + 2]) >= 0x90 && static_cast<unsigned char>(text[i + 2]) <= 0x99)
      return true;
  }
  return false;
}

bool is_label_text(std::string_view text) {
  if (text.size() > 4 * kMaxLabelChars + 16) return false;  // too long to be a label, whatever its spaces
  const std::string_view t = chars::trim(text);
  return !t.empty() && !has_digit(t) && chars::count(t) <= kMaxLabelChars && t != "/" && t != "—" && t != "-";
}

std::string cell_label(std::string_view text) {
  std::string s = squeeze(text);
  for (std::string_view prefix : {"其中：", "其中:", "其中"})
    if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
  for (std::string_view unit : {"（万元）", "(万元)", "（元）", "(元)"}) {
    const size_t at = s.find(unit);
    if (at != std::string::npos) s.erase(at, unit.size());
  }
  while (!s.empty() && (s.back() == ':' || s.ends_with("："))) s.erase(s.size() - (s.back() == ':' ? 1 : 3));
  return s;
}

std::string_view stated_money_unit(const Table& table) {
  static constexpr std::array<std::string_view, 4> kStated = {"万元", "亿元", "千元", "元"};
  for (size_t r = 0; r < table.rows.size(); ++r) {
    for (const Cell& c : table.rows[r]) {
      for (std::string_view marker : {"单位：", "单位:"}) {
        const size_t at = c.text.find(marker);
        if (at == std::string::npos) continue;
        const std::string_view rest = chars::trim(std::string_view(c.text).substr(at + marker.size()));
        for (std::string_view unit : kStated)
          if (rest.starts_with(unit)) return unit;
      }
      // A header cell with its unit in brackets: 金额（元）, 本年收入（万元）.
      if (r < 3) {
        const std::string_view t = chars::trim(c.text);
        for (std::string_view unit : kStated)
          for (auto [open, close] : {std::pair{"（", "）"}, std::pair{"(", ")"}})
            if (t.ends_with(std::string(open) + std::string(unit) + close)) return unit;
      }
    }
  }
  return {};
}

TableLayout::TableLayout(const Table& table, const std::vector<int>& data_rows)
    : table_(&table), money_unit_(stated_money_unit(table)), unit_stated_(!money_unit_.empty()) {
  if (money_unit_.empty()) money_unit_ = "万元";
  label_.resize(table.rows.size());
  header_row_.assign(table.rows.size(), 0);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    int labels = 0;
    bool figures = false;
    for (const Cell& c : table.rows[r]) {
      const bool empty = blank(c);
      const bool label = !empty && is_label_text(c.text);
      label_[r].push_back(label);
      if (label) ++labels;
      else if (!empty) figures = true;
    }
    header_row_[r] = labels >= 2 && !figures;
  }
  for (int r : data_rows)
    if (r >= 0 && r < static_cast<int>(header_row_.size())) header_row_[r] = false;
  // The nearest header label above each cell and the first-column label of each row's band,
  // found in one pass down the table (looking them up per cell is quadratic in tall tables).
  header_above_.resize(table.rows.size());
  band_row_.assign(table.rows.size(), -1);
  std::vector<int> last_header;
  int band = -1;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    header_above_[r] = last_header;
    if (!table.rows[r].empty() && !blank(table.rows[r][0])) band = static_cast<int>(r);
    band_row_[r] = band;
    if (!header_row_[r]) continue;
    if (last_header.size() < label_[r].size()) last_header.resize(label_[r].size(), -1);
    for (size_t c = 0; c < label_[r].size(); ++c)
      if (label_[r][c]) last_header[c] = static_cast<int>(r);
  }
}

const Cell* TableLayout::cell(int row, int col) const {
  if (row < 0 || row >= static_cast<int>(table_->rows.size())) return nullptr;
  const auto& r = table_->rows[row];
  if (col < 0 || col >= static_cast<int>(r.size())) return nullptr;
  return &r[col];
}

const Cell* TableLayout::column_header(int row, int col) const {
  if (row < 0 || row >= static_cast<int>(header_above_.size()) || col < 0) return nullptr;
  const std::vector<int>& above = header_above_[row];
  return col < static_cast<int>(above.size()) && above[col] >= 0 ? cell(above[col], col) : nullptr;
}

const Cell* TableLayout::left_label(int row, int col) const {
  for (int c = col - 1; c >= 0; --c) {
    const Cell* x = cell(row, c);
    if (!x || blank(*x)) continue;
    return label_[row][c] ? x : nullptr;
  }
  return nullptr;
}

bool TableLayout::money_cell(int row, int col) const {
  const Cell* header = column_header(row, col);
  if (header && contains_any(header->text, kNotMoneyHeaders)) return false;
  if (header && contains_any(header->text, kMoneyWords)) return true;
  if (const Cell* left = left_label(row, col); left && contains_any(left->text, kMoneyWords)) return true;
  if (const Cell* left = left_label(row, col); unit_stated_ && left && contains_any(left->text, kAccountWords))
    return true;
  // The label of a band of rows sits in the first column of its first row (merged cells
  // come out empty below it): 项目资金（万元）.
  const Cell* band = row >= 0 && row < static_cast<int>(band_row_.size()) ? cell(band_row_[row], 0) : nullptr;
  return band && band->text.find("万元") != std::string::npos;
}

std::optional<IndicatorColumns> indicator_header(const Table& table, int row) {
  IndicatorColumns cols;
  const auto& r = table.rows[row];
  // Most rows are not headers: look for 指标 before reading every cell closely.
  if (std::none_of(r.begin(), r.end(), [](const Cell& c) { return c.text.find("指标") != std::string::npos; }))
    return std::nullopt;
  for (int c = 0; c < static_cast<int>(r.size()); ++c) {
    const std::string h = squeeze(r[c].text);
    if (h.empty() || has_digit(h)) continue;
    auto set = [&](int& slot) {
      if (slot < 0) slot = c;
    };
    if (h.find("一级指标") != std::string::npos) set(cols.level1);
    else if (h.find("二级指标") != std::string::npos) set(cols.level2);
    else if (h.find("三级指标") != std::string::npos) set(cols.level3);
    else if (h.find("实际") != std::string::npos || h.find("完成值") != std::string::npos) set(cols.actual);
    else if (h.find("指标值") != std::string::npos || h.find("目标值") != std::string::npos) set(cols.target);
    else if (h.find("分值") != std::string::npos || h.find("权重") != std::string::npos) set(cols.points);
    else if (h.find("得分") != std::string::npos) set(cols.score);
    else if (h.find("偏差") != std::string::npos || h.find("原因") != std::string::npos) set(cols.deviation);
  }
  if (cols.level1 < 0 || cols.level2 < 0 || cols.level3 < 0 || cols.target < 0) return std::nullopt;
  cols.header_row = row;
  return cols;
}

Span row_span(const Table& table, int row) {
  Span s;
  bool any = false;
  for (const Cell& c : table.rows[row]) {
    if (blank(c) || c.merged) continue;
    if (!any) {
      s.line = c.span.line;
      s.column = c.span.column;
      any = true;
    }
    s.end_line = c.span.end_line;
    s.end_column = c.span.end_column;
  }
  if (!any && !table.rows[row].empty()) s = table.rows[row].front().span;
  return s;
}

}  // namespace jixiao::layout
