#include "check/text_units.hpp"

namespace jixiao {

std::vector<TextUnit> text_units(const Document& doc) {
  std::vector<TextUnit> units;
  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& b = doc.blocks[bi];
    if (b.kind != "table") {
      units.push_back({static_cast<int>(bi), -1, -1, b.text});
      continue;
    }
    if (b.table < 0 || b.table >= static_cast<int>(doc.tables.size())) continue;
    const Table& t = doc.tables[b.table];
    for (size_t r = 0; r < t.rows.size(); ++r)
      for (size_t c = 0; c < t.rows[r].size(); ++c) {
        const Cell& cell = t.rows[r][c];
        if (cell.merged || cell.text.empty()) continue;
        units.push_back({static_cast<int>(bi), static_cast<int>(r), static_cast<int>(c), cell.text});
      }
  }
  return units;
}

std::string chinese_number(int n) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return std::to_string(n);
  if (n < 10) return digits[n];
  std::string out = n / 10 == 1 ? "" : digits[n / 10];
  out += "十";
  if (n % 10) out += digits[n % 10];
  return out;
}

std::string numbering_in_style(int value, const std::string& style) {
  const std::string arabic = std::to_string(value);
  if (style == "cn") return chinese_number(value) + "、";
  if (style == "cn_paren") return "（" + chinese_number(value) + "）";
  if (style == "arabic_paren") return "（" + arabic + "）";
  if (style == "arabic_dun") return arabic + "、";
  if (style == "arabic_dot") return arabic + ".";
  if (style == "arabic_rparen") return arabic + "）";
  if (style == "circled" && value >= 1 && value <= 20) {
    std::string out;
    const char32_t cp = U'①' + static_cast<char32_t>(value - 1);
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
    return out;
  }
  if (style == "part") return "第" + chinese_number(value) + "部分";
  if (style == "chapter") return "第" + chinese_number(value) + "章";
  if (style == "section") return "第" + chinese_number(value) + "节";
  return arabic;
}

}  // namespace jixiao
