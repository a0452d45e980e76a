#include "extract/quantity.hpp"

#include "core/utf8.hpp"
#include "extract/chars.hpp"
#include "outline/outline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace jixiao {
namespace {

// ---------------------------------------------------------------------------------------
// Vocabularies

struct UnitEntry {
  std::string_view written;
  std::string_view normal;  // the unit a Quantity reports
  std::string_view kind;
  int money_exponent = 0;   // money only: the amount in 万元 is value × 10^money_exponent
};

// Looked up longest first (WordIndex below), so 人次 wins over 人 and 万元 over 元.
constexpr std::array kUnits = {
    UnitEntry{"元", "万元", "money", -4},       UnitEntry{"千元", "万元", "money", -1},
    UnitEntry{"万元", "万元", "money", 0},      UnitEntry{"亿元", "万元", "money", 4},
    UnitEntry{"人民币", "万元", "money", -4},   UnitEntry{"元人民币", "万元", "money", -4},
    UnitEntry{"%", "%", "percent"},             UnitEntry{"％", "%", "percent"},
    UnitEntry{"‰", "‰", "percent"},             UnitEntry{"个百分点", "个百分点", "percent"},
    UnitEntry{"百分点", "个百分点", "percent"}, UnitEntry{"人次", "人次", "count"},
    UnitEntry{"人天", "人天", "count"},         UnitEntry{"人", "人", "count"},
    UnitEntry{"户次", "户次", "count"},         UnitEntry{"户", "户", "count"},
    UnitEntry{"剂次", "剂次", "count"},         UnitEntry{"剂", "剂", "count"},
    UnitEntry{"项次", "项次", "count"},         UnitEntry{"项", "项", "count"},
    UnitEntry{"次", "次", "count"},             UnitEntry{"个月", "个月", "count"},
    UnitEntry{"个", "个", "count"},             UnitEntry{"家", "家", "count"},
    UnitEntry{"名", "名", "count"},             UnitEntry{"场次", "场次", "count"},
    UnitEntry{"场", "场", "count"},             UnitEntry{"期", "期", "count"},
    UnitEntry{"篇", "篇", "count"},             UnitEntry{"件", "件", "count"},
    UnitEntry{"位", "位", "count"},             UnitEntry{"份", "份", "count"},
    UnitEntry{"条", "条", "count"},             UnitEntry{"本", "本", "count"},
    UnitEntry{"册", "册", "count"},             UnitEntry{"所", "所", "count"},
    UnitEntry{"座", "座", "count"},             UnitEntry{"处", "处", "count"},
    UnitEntry{"套", "套", "count"},             UnitEntry{"台", "台", "count"},
    UnitEntry{"辆", "辆", "count"},             UnitEntry{"批次", "批次", "count"},
    UnitEntry{"例", "例", "count"},             UnitEntry{"株", "株", "count"},
    UnitEntry{"支", "支", "count"},             UnitEntry{"岁", "岁", "count"},
    UnitEntry{"周年", "周年", "count"},         UnitEntry{"年", "年", "count"},
    UnitEntry{"天", "天", "count"},             UnitEntry{"小时", "小时", "count"},
    UnitEntry{"周", "周", "count"},             UnitEntry{"张", "张", "count"},
    UnitEntry{"间", "间", "count"},             UnitEntry{"床", "床", "count"},
    UnitEntry{"公里", "公里", "count"},         UnitEntry{"千米", "千米", "count"},
    UnitEntry{"平方公里", "平方公里", "count"}, UnitEntry{"平方米", "平方米", "count"},
    UnitEntry{"平米", "平方米", "count"},       UnitEntry{"立方米", "立方米", "count"},
    UnitEntry{"米", "米", "count"},             UnitEntry{"吨", "吨", "count"},
    UnitEntry{"公斤", "公斤", "count"},         UnitEntry{"千克", "千克", "count"},
    UnitEntry{"亩", "亩", "count"},             UnitEntry{"头", "头", "count"},
    UnitEntry{"只", "只", "count"},             UnitEntry{"棵", "棵", "count"},
    UnitEntry{"节", "节", "count"},             UnitEntry{"课时", "课时", "count"},
    UnitEntry{"学时", "学时", "count"},         UnitEntry{"轮", "轮", "count"},
    UnitEntry{"宗", "宗", "count"},             UnitEntry{"栋", "栋", "count"},
    UnitEntry{"幅", "幅", "count"},             UnitEntry{"首", "首", "count"},
    UnitEntry{"卷", "卷", "count"},
    UnitEntry{"倍", "倍", "number"},            UnitEntry{"分", "分", "number"},
};

// What may follow "/" in a rate such as 元/人 or 次/年.
constexpr std::array<std::string_view, 16> kRateDenominators = {
    "人次", "人", "次", "户", "个", "年", "月", "天", "日", "小时", "件", "份", "项", "亩", "平方米", "公里"};

struct ComparatorWord {
  std::string_view written;
  std::string_view comparator;
};

// Before a number; the longest match wins (不低于 over 低于).
constexpr std::array kComparatorsBefore = {
    ComparatorWord{"大于等于", "≥"}, ComparatorWord{"小于等于", "≤"}, ComparatorWord{"不低于", "≥"},
    ComparatorWord{"不少于", "≥"},   ComparatorWord{"不小于", "≥"},   ComparatorWord{"不高于", "≤"},
    ComparatorWord{"不超过", "≤"},   ComparatorWord{"不多于", "≤"},   ComparatorWord{"不大于", "≤"},
    ComparatorWord{"控制在", "≤"},   ComparatorWord{"达到", "≥"},     ComparatorWord{"至少", "≥"},
    ComparatorWord{"最多", "≤"},     ComparatorWord{"高于", ">"},     ComparatorWord{"大于", ">"},
    ComparatorWord{"超过", ">"},     ComparatorWord{"多于", ">"},     ComparatorWord{"低于", "<"},
    ComparatorWord{"小于", "<"},     ComparatorWord{"少于", "<"},     ComparatorWord{">=", "≥"},
    ComparatorWord{"<=", "≤"},       ComparatorWord{"≥", "≥"},        ComparatorWord{"≤", "≤"},
    ComparatorWord{"≧", "≥"},        ComparatorWord{"≦", "≤"},        ComparatorWord{"＞", ">"},
    ComparatorWord{"＜", "<"},       ComparatorWord{">", ">"},        ComparatorWord{"<", "<"},
    ComparatorWord{"＝", "="},       ComparatorWord{"=", "="},
};

// After a number (and its unit).
constexpr std::array kComparatorsAfter = {
    ComparatorWord{"及以上", "≥"}, ComparatorWord{"及以下", "≤"}, ComparatorWord{"以上", "≥"},
    ComparatorWord{"以下", "≤"},   ComparatorWord{"以内", "≤"},   ComparatorWord{"之内", "≤"},
};

// Comparator words that make a target measurable without a number ("不超过预算").
constexpr std::array kTargetWords = {
    ComparatorWord{"不超过", "≤"}, ComparatorWord{"不高于", "≤"}, ComparatorWord{"以内", "≤"},
    ComparatorWord{"不低于", "≥"}, ComparatorWord{"不少于", "≥"}, ComparatorWord{"以上", "≥"},
};

// Words around a label that say nothing about what the figure is.
constexpr std::array<std::string_view, 5> kLabelLeadingFillers = {"其中", "以及", "同时", "另外", "分别"};
constexpr std::array<std::string_view, 21> kLabelTrailingFillers = {
    "分别为", "分别", "共计", "累计", "合计", "总计", "达到", "为", "是", "达", "约", "共",
    "计",     "有",   "等",   "了",   "已",   "近",   "超",   "仅", "均"};

constexpr size_t kMaxLabelChars = 24;

// ---------------------------------------------------------------------------------------
// Characters

bool starts_with(std::string_view s, size_t pos, std::string_view word) {
  return pos <= s.size() && s.substr(pos, word.size()) == word;
}

char32_t first_cp(std::string_view word) { return chars::at(word, 0); }

char32_t last_cp(std::string_view word) {
  size_t p = word.size() - 1;
  while (p > 0 && (static_cast<unsigned char>(word[p]) & 0xC0) == 0x80) --p;
  return chars::at(word, p);
}

std::string_view word_of(const UnitEntry& e) { return e.written; }
std::string_view word_of(const ComparatorWord& e) { return e.written; }
std::string_view word_of(std::string_view e) { return e; }

// Words looked up by the character they start (or end) with, longest first, so that a
// lookup compares only the few words that can match.
template <class Entry>
class WordIndex {
 public:
  enum class Side { first, last };
  template <size_t N>
  WordIndex(const std::array<Entry, N>& entries, Side side) {
    for (const Entry& e : entries)
      keys_.push_back({side == Side::first ? first_cp(word_of(e)) : last_cp(word_of(e)), &e});
    std::stable_sort(keys_.begin(), keys_.end(), [](const Key& a, const Key& b) {
      return a.cp != b.cp ? a.cp < b.cp : word_of(*a.entry).size() > word_of(*b.entry).size();
    });
  }

  // The longest word starting at pos.
  const Entry* starting_at(std::string_view s, size_t pos) const {
    for (auto [it, end] = range(chars::at(s, pos)); it != end; ++it) {
      const std::string_view w = word_of(*it->entry);
      if (s.substr(pos, w.size()) == w) return it->entry;
    }
    return nullptr;
  }

  // The longest word ending at pos that starts at or after floor.
  const Entry* ending_at(std::string_view s, size_t pos, size_t floor) const {
    if (pos <= floor) return nullptr;
    size_t p = pos - 1;
    while (p > floor && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
    for (auto [it, end] = range(chars::at(s, p)); it != end; ++it) {
      const std::string_view w = word_of(*it->entry);
      if (pos >= floor + w.size() && s.substr(pos - w.size(), w.size()) == w) return it->entry;
    }
    return nullptr;
  }

 private:
  struct Key {
    char32_t cp;
    const Entry* entry;
  };
  std::pair<typename std::vector<Key>::const_iterator, typename std::vector<Key>::const_iterator> range(char32_t cp) const {
    auto lo = std::lower_bound(keys_.begin(), keys_.end(), cp, [](const Key& k, char32_t c) { return k.cp < c; });
    auto hi = lo;
    while (hi != keys_.end() && hi->cp == cp) ++hi;
    return {lo, hi};
  }
  std::vector<Key> keys_;
};

const WordIndex<UnitEntry>& unit_index() {
  static const WordIndex<UnitEntry> index(kUnits, WordIndex<UnitEntry>::Side::first);
  return index;
}
const WordIndex<ComparatorWord>& comparators_before() {
  static const WordIndex<ComparatorWord> index(kComparatorsBefore, WordIndex<ComparatorWord>::Side::last);
  return index;
}
const WordIndex<ComparatorWord>& comparators_after() {
  static const WordIndex<ComparatorWord> index(kComparatorsAfter, WordIndex<ComparatorWord>::Side::first);
  return index;
}
const WordIndex<std::string_view>& leading_fillers() {
  static const WordIndex<std::string_view> index(kLabelLeadingFillers, WordIndex<std::string_view>::Side::first);
  return index;
}
const WordIndex<std::string_view>& trailing_fillers() {
  static const WordIndex<std::string_view> index(kLabelTrailingFillers, WordIndex<std::string_view>::Side::last);
  return index;
}

int digit_at(std::string_view s, size_t pos, size_t* len) {
  if (pos >= s.size()) return -1;
  const unsigned char c = static_cast<unsigned char>(s[pos]);
  if (c >= '0' && c <= '9') {
    *len = 1;
    return c - '0';
  }
  // Full-width digits U+FF10..U+FF19: EF BC 90..99.
  if (c == 0xEF && pos + 2 < s.size() && static_cast<unsigned char>(s[pos + 1]) == 0xBC) {
    const unsigned char d = static_cast<unsigned char>(s[pos + 2]);
    if (d >= 0x90 && d <= 0x99) {
      *len = 3;
      return d - 0x90;
    }
  }
  return -1;
}

bool is_ascii_letter(char32_t cp) { return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'); }

int chinese_digit(char32_t cp) {
  switch (cp) {
    case U'零': case U'〇': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

long long chinese_unit(char32_t cp) {
  switch (cp) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    case U'万': return 10000;
    case U'亿': return 100000000;
    default: return 0;
  }
}

bool is_chinese_numeral(char32_t cp) { return chinese_digit(cp) >= 0 || chinese_unit(cp) > 0; }

size_t sequence_length(unsigned char lead) { return lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

// For each lead byte of a multi-byte character, the second bytes (their low six bits as a
// bit mask) of the characters that can start a number: 零〇一二两三四五六七八九十百千万亿
// and the full-width digits. The scanner looks at every character, so this is a table
// lookup rather than a switch (whose jumps mispredict on running text).
constexpr std::array<uint64_t, 256> kNumberStarts = [] {
  std::array<uint64_t, 256> t{};
  constexpr std::array<std::string_view, 18> kStarts = {"零", "〇", "一", "二", "两", "三", "四", "五", "六",
                                                        "七", "八", "九", "十", "百", "千", "万", "亿",
                                                        "０"};  // ０-９ share their first two bytes
  for (std::string_view c : kStarts)
    t[static_cast<unsigned char>(c[0])] |= uint64_t{1} << (static_cast<unsigned char>(c[1]) & 0x3F);
  return t;
}();

bool may_start_number(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return false;
  const uint64_t seconds = kNumberStarts[static_cast<unsigned char>(s[i])];
  return (seconds >> (static_cast<unsigned char>(s[i + 1]) & 0x3F)) & 1;
}

// 一千二百 → 1200, 十 → 10, 两万 → 20000, 一亿二千万 → 120000000, 二〇二一 → 2021; -1 when malformed.
long long chinese_value(std::string_view run) {
  // Nobody writes a count past 亿亿 in words; longer runs are not numbers (and would overflow).
  if (run.size() > 3 * 16) return -1;
  long long total = 0, section = 0, number = 0, digit_string = 0;
  bool only_digits = true, pending = false;
  size_t i = 0;
  while (i < run.size()) {
    const char32_t cp = utf8::next(run, i);
    const int d = chinese_digit(cp);
    if (d >= 0) {
      digit_string = digit_string * 10 + d;
      number = d;
      pending = true;
      continue;
    }
    only_digits = false;
    const long long u = chinese_unit(cp);
    if (u == 0) return -1;
    if (u < 10000) {
      section += (pending ? number : 1) * u;  // 十 alone is 10, 百 alone 100
    } else if (u == 10000) {
      total += (section + number) * u;
      section = 0;
    } else {
      if (total + section + number > 100000000) return -1;  // 亿亿
      total = (total + section + number) * u;
      section = 0;
    }
    number = 0;
    pending = false;
  }
  if (only_digits) return digit_string;
  return total + section + number;
}

bool is_boundary(char32_t cp) {
  switch (cp) {
    case U'，': case U',': case U'。': case U'；': case U';': case U'：': case U':': case U'、':
    case U'！': case U'!': case U'？': case U'?': case U'\n': case U'\t': case U'|': case U'/':
    case U'\u3000': case U' ': case U'+': case U'＋':
      return true;
    default:
      return false;
  }
}

char32_t opening_of(char32_t close) {
  switch (close) {
    case U'）': return U'（';
    case U')': return U'(';
    case U'》': return U'《';
    case U'】': return U'【';
    case U']': return U'[';
    case U'〕': return U'〔';
    case U'」': return U'「';
    default: return 0;
  }
}

bool is_opening(char32_t cp) {
  return cp == U'（' || cp == U'(' || cp == U'《' || cp == U'【' || cp == U'[' || cp == U'〔' || cp == U'「';
}

double pow10i(int e) {
  static constexpr double table[] = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1,
                                     1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8};
  return (e >= -8 && e <= 8) ? table[e + 8] : std::pow(10.0, e);
}

// value × 10^e without the binary noise of multiplying by 0.0001.
double scale(double value, int e) { return e >= 0 ? value * pow10i(e) : value / pow10i(-e); }

// ---------------------------------------------------------------------------------------
// Numbers

struct Number {
  double value = 0;
  int decimals = 0;
  size_t begin = 0, end = 0;
  bool chinese = false;
  int digits = 0;            // integer digits as written (years have 4)
  bool plain = true;         // no separators, no fraction
};

// More integer digits than any amount, account or ID number has: a run this long is not a
// number (at 309 digits it would not even fit a double).
constexpr int kMaxIntegerDigits = 24;

std::optional<Number> arabic_at(std::string_view s, size_t pos) {
  size_t len = 0;
  if (digit_at(s, pos, &len) < 0) return std::nullopt;
  Number n;
  n.begin = pos;
  // All digits as one integer; the value is that integer over 10^decimals, which is the
  // correctly rounded double (as strtod gives) while it fits in 2^53.
  uint64_t mantissa = 0;
  int significant = 0;
  std::string digits;  // only for numbers too long to be exact the quick way
  auto take = [&](int d) {
    digits.push_back(static_cast<char>('0' + d));
    if (significant > 0 || d > 0) ++significant;
    mantissa = mantissa * 10 + static_cast<uint64_t>(d);
  };
  size_t i = pos;
  int group = 0;  // digits since the last thousands comma
  for (;;) {
    const int d = digit_at(s, i, &len);
    if (d >= 0) {
      take(d);
      ++n.digits;
      ++group;
      i += len;
      continue;
    }
    // A thousands separator: a comma followed by exactly three digits.
    if (i < s.size() && s[i] == ',' && group <= 3 && n.digits > 0) {
      size_t j = i + 1, l2 = 0;
      int k = 0;
      while (k < 4 && digit_at(s, j, &l2) >= 0) {
        j += l2;
        ++k;
      }
      if (k == 3) {
        group = 0;
        n.plain = false;
        ++i;
        continue;
      }
    }
    break;
  }
  // Fraction: '.' or '．' followed by a digit.
  size_t dot_len = 0;
  if (i < s.size() && s[i] == '.') dot_len = 1;
  else if (starts_with(s, i, "．")) dot_len = 3;
  if (dot_len && digit_at(s, i + dot_len, &len) >= 0) {
    digits.push_back('.');
    i += dot_len;
    n.plain = false;
    int d;
    while ((d = digit_at(s, i, &len)) >= 0) {
      take(d);
      ++n.decimals;
      i += len;
    }
  }
  n.end = i;
  if (n.digits > kMaxIntegerDigits) return std::nullopt;
  if (significant <= 15 && n.decimals <= 22)
    n.value = static_cast<double>(mantissa) / pow10i(n.decimals);
  else
    n.value = std::strtod(digits.c_str(), nullptr);
  return n;
}

std::optional<Number> chinese_at(std::string_view s, size_t pos) {
  size_t i = pos, next = pos;
  while (i < s.size() && is_chinese_numeral(chars::at(s, i, &next))) i = next;
  if (i == pos) return std::nullopt;
  const long long v = chinese_value(s.substr(pos, i - pos));
  if (v < 0) return std::nullopt;
  Number n;
  n.begin = pos;
  n.end = i;
  n.value = static_cast<double>(v);
  n.chinese = true;
  n.digits = static_cast<int>(utf8::length(s.substr(pos, i - pos)));
  return n;
}

std::optional<Number> number_at(std::string_view s, size_t pos) {
  if (auto n = arabic_at(s, pos)) return n;
  return chinese_at(s, pos);
}

// ---------------------------------------------------------------------------------------
// What follows a number: magnitude, approximation, unit, rate, suffix comparator.

struct Tail {
  size_t end = 0;
  int magnitude = 0;  // power of ten of 万/千/亿 written after an Arabic number
  bool approximate = false;
  const UnitEntry* unit = nullptr;
  std::string_view rate;               // "/人" of 元/人, a view of the scanned text
  std::string_view suffix_comparator;  // ≥ of 以上
};

const UnitEntry* unit_at(std::string_view s, size_t pos) { return unit_index().starting_at(s, pos); }

// 以上, 以下, 以内 … right at pos; moves *end past it.
std::string_view comparator_after(std::string_view s, size_t pos, size_t* end) {
  const ComparatorWord* w = comparators_after().starting_at(s, pos);
  if (!w) return {};
  *end = pos + w->written.size();
  return w->comparator;
}

Tail tail_at(std::string_view s, size_t pos, bool allow_magnitude) {
  Tail t;
  size_t i = pos;
  // Up to: [余] [万/千/亿] [余] unit — e.g. 20余万元, 2万余份, 1.5万人, 3200万元.
  for (int step = 0; step < 3; ++step) {
    if ((t.unit = unit_at(s, i))) {
      i += t.unit->written.size();
      break;
    }
    if (allow_magnitude && t.magnitude == 0) {
      if (starts_with(s, i, "千万")) { t.magnitude = 7; i += 6; continue; }
      if (starts_with(s, i, "百万")) { t.magnitude = 6; i += 6; continue; }
      if (starts_with(s, i, "万")) { t.magnitude = 4; i += 3; continue; }
      if (starts_with(s, i, "亿")) { t.magnitude = 8; i += 3; continue; }
      if (starts_with(s, i, "千")) { t.magnitude = 3; i += 3; continue; }
    }
    if (!t.approximate && (starts_with(s, i, "余") || starts_with(s, i, "多"))) {
      t.approximate = true;
      i += 3;
      continue;
    }
    break;
  }
  // "多" after a bare number without unit is the word 多, not an approximation (3多方面 is rare;
  // 100多条 has its unit): give it back.
  if (!t.unit && t.approximate && t.magnitude == 0) {
    t.approximate = false;
    i = pos;
  }
  if (t.unit && (starts_with(s, i, "/") || starts_with(s, i, "／"))) {
    const size_t slash = starts_with(s, i, "/") ? 1 : 3;
    for (std::string_view d : kRateDenominators) {
      if (starts_with(s, i + slash, d)) {
        t.rate = s.substr(i, slash + d.size());
        i += slash + d.size();
        break;
      }
    }
  }
  t.suffix_comparator = comparator_after(s, i, &i);
  t.end = i;
  return t;
}

// ---------------------------------------------------------------------------------------
// Dates

struct DateValue {
  int year = 0, month = 0, day = 0;
  size_t end = 0;
  double value() const { return year * 10000.0 + month * 100.0 + day; }
};

bool plausible_year(const Number& n) {
  return !n.chinese && n.plain && n.digits == 4 && n.value >= 1900 && n.value <= 2099;
}

// The digits right at pos, at most `max_digits` of them, as a plain integer.
Number digit_run(std::string_view s, size_t pos, int max_digits) {
  Number n;
  n.begin = pos;
  size_t i = pos, len = 0;
  int d;
  while ((d = digit_at(s, i, &len)) >= 0 && n.digits < max_digits) {
    n.value = n.value * 10 + d;
    ++n.digits;
    i += len;
  }
  n.end = i;
  return n;
}

// Four digits 1900..2099 right at pos and no more digits: a year, even in 2021.1.
std::optional<Number> year_at(std::string_view s, size_t pos) {
  const Number n = digit_run(s, pos, 5);
  if (!plausible_year(n)) return std::nullopt;
  return n;
}

// A small integer written right at pos (digits only, or a Chinese numeral), for months and days.
std::optional<Number> small_at(std::string_view s, size_t pos, int max) {
  Number n = digit_run(s, pos, 3);
  if (n.digits == 0) {
    auto c = chinese_at(s, pos);
    if (!c) return std::nullopt;
    n = *c;
  }
  if (n.value < 1 || n.value > max || n.digits > 2) return std::nullopt;
  return n;
}

bool is_range_separator(std::string_view s, size_t pos, size_t* len) {
  size_t after = 0;
  switch (chars::at(s, pos, &after)) {
    case U'-': case U'－': case U'—': case U'–': case U'~': case U'～': case U'至': case U'到':
      *len = after - pos;
      return true;
    default:
      return false;
  }
}

// 月 and an optional day after a month number; `m` already parsed.
void month_day(std::string_view s, DateValue& d, const Number& m) {
  d.month = static_cast<int>(m.value);
  size_t i = m.end + 3;  // past 月
  if (starts_with(s, i, "份")) i += 3;
  if (auto day = small_at(s, i, 31)) {
    if (starts_with(s, day->end, "日") || starts_with(s, day->end, "号")) {
      d.day = static_cast<int>(day->value);
      i = day->end + 3;
    }
  }
  d.end = i;
}

// A date starting with the year number `y`: 2021年, 2021年度, 2021年12月31日, 2021.1, 2021-3-5.
std::optional<DateValue> date_from_year(std::string_view s, const Number& y) {
  if (!plausible_year(y)) return std::nullopt;
  DateValue d;
  d.year = static_cast<int>(y.value);
  size_t i = y.end;
  if (starts_with(s, i, "年")) {
    i += 3;
    if (starts_with(s, i, "度")) i += 3;
    d.end = i;
    if (auto m = small_at(s, i, 12); m && starts_with(s, m->end, "月")) month_day(s, d, *m);
    return d;
  }
  for (char sep : {'.', '-', '/'}) {
    if (i < s.size() && s[i] == sep) {
      auto m = small_at(s, i + 1, 12);
      if (!m) return std::nullopt;
      d.month = static_cast<int>(m->value);
      d.end = m->end;
      if (d.end < s.size() && s[d.end] == sep) {
        if (auto day = small_at(s, d.end + 1, 31)) {
          d.day = static_cast<int>(day->value);
          d.end = day->end;
        }
      }
      // 2021.12万元 is an amount, not December.
      size_t ignored = 0;
      if (sep == '.' && (unit_at(s, d.end) || starts_with(s, d.end, "万") || starts_with(s, d.end, "亿") ||
                         digit_at(s, d.end, &ignored) >= 0))
        return std::nullopt;
      return d;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Labels

std::string_view strip_fillers(std::string_view label) {
  const std::string_view original = label;
  for (int guard = 0; guard < 8 && !label.empty(); ++guard) {
    const std::string_view* lead = leading_fillers().starting_at(label, 0);
    const std::string_view* trail = trailing_fillers().ending_at(label, label.size(), 0);
    if (!lead && !trail) break;
    if (lead && lead->size() < label.size()) label.remove_prefix(lead->size());
    else if (trail) label.remove_suffix(trail->size());
    else break;
    label = chars::trim(label);
  }
  return label.empty() ? original : label;
}

// Where the label of a quantity starting at `begin` starts: after the nearest boundary
// punctuation or `floor` (the end of the previous quantity); bracketed groups such as
// （境） or 《条例》 are stepped over, an unclosed opening bracket stops.
size_t label_start(std::string_view s, size_t begin, size_t floor, char32_t* stopped_at) {
  size_t pos = begin;
  size_t chars = 0;
  *stopped_at = 0;
  while (pos > floor && chars < 40) {
    size_t start = 0;
    const char32_t cp = chars::before(s, pos, &start);
    if (is_boundary(cp) || is_opening(cp)) {
      *stopped_at = cp;
      break;
    }
    if (const char32_t open = opening_of(cp)) {
      size_t p = start;
      int depth = 1;
      size_t steps = 0;
      while (p > floor && depth > 0 && steps < 40) {
        size_t q = 0;
        const char32_t c = chars::before(s, p, &q);
        if (c == cp) ++depth;
        else if (c == open) --depth;
        p = q;
        ++steps;
      }
      if (depth != 0) {
        *stopped_at = cp;
        break;
      }
      chars += steps;
      pos = p;
      continue;
    }
    pos = start;
    ++chars;
  }
  return pos;
}

// Whether text can start with list numbering (1、 （一） ① 第一部分) — a cheap test before
// the outline stage's full match.
bool may_be_numbered(std::string_view text) {
  size_t len = 0;
  const char32_t cp = chars::at(text, 0);
  return digit_at(text, 0, &len) >= 0 || is_chinese_numeral(cp) || cp == U'（' || cp == U'(' || cp == U'第' ||
         (cp >= U'①' && cp <= U'⑳');
}

std::string clean_label(std::string_view raw) {
  std::string_view label = chars::trim(raw);
  if (may_be_numbered(label))
    if (auto n = match_numbering(label)) label = chars::trim(label.substr(n->length));
  label = strip_fillers(label);
  const size_t n = chars::count(label);
  if (n > kMaxLabelChars) label = label.substr(utf8::offset_of(label, n - kMaxLabelChars));
  return std::string(label);
}

std::string label_for(std::string_view s, size_t begin, size_t floor) {
  char32_t stop = 0;
  size_t start = label_start(s, begin, floor, &stop);
  std::string label = clean_label(s.substr(start, begin - start));
  // "资金总额：167.0104万元": nothing between the colon and the number, so the words
  // before the colon name it.
  if (label.empty() && (stop == U'：' || stop == U':') && start > floor) {
    size_t colon = 0;
    chars::before(s, start, &colon);
    const size_t before = label_start(s, colon, floor, &stop);
    label = clean_label(s.substr(before, colon - before));
  }
  return label;
}

// ---------------------------------------------------------------------------------------
// The scanner

std::string comparator_before(std::string_view s, size_t pos, size_t floor, size_t* begin) {
  size_t p = pos;
  while (p > floor && s[p - 1] == ' ') --p;
  if (const ComparatorWord* w = comparators_before().ending_at(s, p, floor)) {
    *begin = p - w->written.size();
    return std::string(w->comparator);
  }
  *begin = pos;
  return {};
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) { out_.reserve(s.size() / 64 + 4); }

  std::vector<FoundQuantity> run() {
    size_t i = 0;
    const size_t n = s_.size();
    while (i < n) {
      const auto c = static_cast<unsigned char>(s_[i]);
      // Most characters start no number: step over them without decoding.
      if (c < 0x80 ? (c < '0' || c > '9') : !may_start_number(s_, i)) {
        i += c < 0x80 ? 1 : sequence_length(c);
        continue;
      }
      size_t len = 0;
      if (digit_at(s_, i, &len) >= 0) {
        i = glued_year(i);
        i = emit(arabic_quantity(i), skip_digits(i));
        continue;
      }
      size_t next = 0;
      const char32_t cp = chars::at(s_, i, &next);
      if (cp == U'百' && starts_with(s_, i, "百分之")) {
        if (auto q = percent_words(i)) {
          i = emit(std::move(q), next);
          continue;
        }
      }
      i = is_chinese_numeral(cp) ? emit(chinese_quantity(i), skip_chinese(i)) : next;
    }
    for (size_t k = 0; k < out_.size(); ++k)
      out_[k].quantity.label = label_for(s_, out_[k].begin, k ? out_[k - 1].end : 0);
    return std::move(out_);
  }

 private:
  // Keeps a quantity found and returns where scanning goes on: after it, or at `otherwise`.
  size_t emit(std::optional<FoundQuantity>&& q, size_t otherwise) {
    if (!q) return otherwise;
    floor_ = q->end;
    out_.push_back(std::move(*q));
    return floor_;
  }

  // "附件32021年": an attachment number glued to a year; the year starts four digits from the end.
  size_t glued_year(size_t i) const {
    size_t end = i, len = 0;
    int digits = 0;
    while (digit_at(s_, end, &len) >= 0) {
      end += len;
      ++digits;
    }
    if (digits < 5 || digits > 6 || end != i + digits || !starts_with(s_, end, "年")) return i;
    const size_t year = end - 4;
    return year_at(s_, year) ? year : i;
  }

  size_t skip_digits(size_t i) const {
    size_t len = 0;
    while (i < s_.size() && (digit_at(s_, i, &len) >= 0 || s_[i] == '.' || s_[i] == ',')) i += len ? len : 1;
    return i;
  }
  size_t skip_chinese(size_t i) const {
    size_t next = 0;
    while (i < s_.size() && is_chinese_numeral(chars::at(s_, i, &next))) i = next;
    return i;
  }

  FoundQuantity make(size_t begin, size_t end, std::string comparator) const {
    FoundQuantity f;
    f.begin = begin;
    f.end = end;
    f.quantity.text = std::string(s_.substr(begin, end - begin));
    f.quantity.comparator = std::move(comparator);
    return f;
  }

  // Sets value, unit and kind from a number and what follows it.
  static void apply(Quantity& q, const Number& n, const Tail& t) {
    q.decimals = n.decimals;
    const double raw = scale(n.value, t.magnitude);
    if (!t.unit) {
      q.value = raw;
      q.kind = "number";
      return;
    }
    q.kind = std::string(t.unit->kind);
    if (t.unit->kind == "money" && t.rate.empty()) {
      q.value = scale(n.value, t.magnitude + t.unit->money_exponent);
      q.unit = std::string(t.unit->normal);
      return;
    }
    q.value = raw;
    q.unit = t.rate.empty() ? t.unit->normal : t.unit->written;
    q.unit.append(t.rate);
  }

  // A second number after a range separator ("2-3个", "90%-95%"); fills value_high.
  void range(FoundQuantity& f, const Number& low, Tail& low_tail) const {
    size_t sep = 0;
    if (!is_range_separator(s_, f.end, &sep)) return;
    auto high = number_at(s_, f.end + sep);
    if (!high || high->chinese != low.chinese) return;
    Tail t = tail_at(s_, high->end, !high->chinese);
    if (low_tail.unit && t.unit && low_tail.unit->normal != t.unit->normal) return;
    if (low_tail.unit && !t.unit && t.magnitude == 0) {
      t = Tail();
      t.end = high->end;
    }
    if (!low_tail.unit && !t.unit) return;  // 1-2 bare numbers: not known to be a range
    if (!low_tail.unit) {
      // The unit written once at the end belongs to both ends: 2-3万元.
      low_tail.unit = t.unit;
      low_tail.magnitude = t.magnitude;
      low_tail.rate = t.rate;
      apply(f.quantity, low, low_tail);
    }
    Quantity high_q;
    apply(high_q, *high, t.unit ? t : low_tail);
    f.quantity.value_high = high_q.value;
    if (f.quantity.comparator.empty()) f.quantity.comparator.assign(t.suffix_comparator.data(), t.suffix_comparator.size());
    f.end = t.end > high->end ? t.end : high->end;
    f.quantity.text = std::string(s_.substr(f.begin, f.end - f.begin));
  }

  bool glued_to_latin(size_t begin, size_t end) const {
    size_t start = 0;
    char32_t before = chars::before(s_, begin, &start);
    if ((before == '-' || before == '_') && start > 0) before = chars::before(s_, start);
    return is_ascii_letter(before) || is_ascii_letter(chars::at(s_, end));
  }

  // List numbering: 1、 2. （3） 4） at the start of a text or after a boundary.
  bool is_numbering(const Number& n) const {
    if (!n.plain || n.digits > 3) return false;
    const char32_t after = chars::at(s_, n.end);
    size_t start = 0;
    const char32_t before = chars::before(s_, n.begin, &start);
    if (after == U'、') return true;
    if ((before == U'（' || before == U'(') && (after == U'）' || after == U')')) return true;
    const bool line_start = n.begin == 0 || is_boundary(before);
    if (line_start && (after == U'）' || after == U')')) return true;
    size_t ignored = 0;
    if (line_start && (after == U'.' || after == U'．') &&
        digit_at(s_, n.end + (after == U'.' ? 1 : 3), &ignored) < 0)
      return true;
    return false;
  }

  // 〔2019〕17号, [2020]41号: a document number, not a quantity.
  bool is_reference(const Number& n) const {
    const char32_t before = chars::before(s_, n.begin);
    const char32_t after = chars::at(s_, n.end);
    if (n.digits == 4 && (before == U'〔' || before == U'[' || before == U'【' || before == U'（' || before == U'(') &&
        (after == U'〕' || after == U']' || after == U'】' || after == U'）' || after == U')'))
      return true;
    return after == U'号';
  }

  bool is_ordinal(size_t begin) const { return chars::before(s_, begin) == U'第'; }

  std::optional<FoundQuantity> arabic_quantity(size_t i) {
    {
      size_t start = 0;
      const char32_t before = chars::before(s_, i, &start);
      if (before == '.' || before == ',') return std::nullopt;  // inside something we skipped
    }
    auto n = arabic_at(s_, i);
    if (!n) return std::nullopt;
    if (glued_to_latin(n->begin, n->end) || is_ordinal(n->begin) || is_reference(*n)) return std::nullopt;
    size_t cmp_begin = i;
    std::string comparator = comparator_before(s_, i, floor_, &cmp_begin);

    if (auto y = year_at(s_, i)) {
      if (auto d = date_from_year(s_, *y)) return date(cmp_begin, *d, comparator);
      // 2021-2023年
      size_t sep = 0;
      if (is_range_separator(s_, y->end, &sep)) {
        auto y2 = year_at(s_, y->end + sep);
        if (y2 && starts_with(s_, y2->end, "年")) {
          DateValue lo;
          lo.year = static_cast<int>(y->value);
          FoundQuantity f = date(cmp_begin, *date_from_year(s_, *y2), comparator);
          f.quantity.value_high = f.quantity.value;
          f.quantity.value = lo.value();
          return f;
        }
      }
    }
    if (n->plain && n->digits <= 2) {
      // 9月7日, 6月份, 9-10月
      if (starts_with(s_, n->end, "月")) {
        DateValue d;
        month_day(s_, d, *n);
        return date(cmp_begin, d, comparator);
      }
      size_t sep = 0;
      if (is_range_separator(s_, n->end, &sep) && n->value >= 1 && n->value <= 12) {
        auto m2 = small_at(s_, n->end + sep, 12);
        if (m2 && starts_with(s_, m2->end, "月")) {
          DateValue lo, hi;
          lo.month = static_cast<int>(n->value);
          month_day(s_, hi, *m2);
          FoundQuantity f = date(cmp_begin, hi, comparator);
          f.quantity.value = lo.value();
          f.quantity.value_high = hi.value();
          return f;
        }
      }
    }
    if (is_numbering(*n)) return std::nullopt;

    Tail t = tail_at(s_, n->end, true);
    if (t.unit && is_ascii_letter(chars::at(s_, t.end))) return std::nullopt;
    FoundQuantity f = make(cmp_begin, t.end, comparator);
    apply(f.quantity, *n, t);
    range(f, *n, t);
    finish_comparator(f, t);
    return f;
  }

  std::optional<FoundQuantity> chinese_quantity(size_t i) {
    auto n = chinese_at(s_, i);
    if (!n || is_ordinal(n->begin)) return std::nullopt;
    const std::string_view run = s_.substr(n->begin, n->end - n->begin);
    // A lone 百/千/万/亿 is a word (百家, 千村万户), not a count.
    if (run == "百" || run == "千" || run == "万" || run == "亿") return std::nullopt;
    // 一 is everywhere (统一, 进一步, 一是): only a numeral followed by a unit, 余/多, 年 or 月
    // can count something, so look there before anything else.
    const char32_t next = chars::at(s_, n->end);
    if (next != U'余' && next != U'多' && next != U'年' && next != U'月' && !unit_at(s_, n->end)) return std::nullopt;
    size_t cmp_begin = i;
    std::string comparator = comparator_before(s_, i, floor_, &cmp_begin);
    if (n->digits == 4 && n->value >= 1900 && n->value <= 2099 && starts_with(s_, n->end, "年")) {
      DateValue d;
      d.year = static_cast<int>(n->value);
      d.end = n->end + 3;
      return date(cmp_begin, d, comparator);
    }
    if (starts_with(s_, n->end, "月") && n->value >= 1 && n->value <= 12) {
      DateValue d;
      month_day(s_, d, *n);
      return date(cmp_begin, d, comparator);
    }
    Tail t = tail_at(s_, n->end, false);
    if (!t.unit) return std::nullopt;  // 十九大, 统一: no unit, no count
    FoundQuantity f = make(cmp_begin, t.end, comparator);
    apply(f.quantity, *n, t);
    range(f, *n, t);
    finish_comparator(f, t);
    return f;
  }

  // 百分之九十五, 百分之95
  std::optional<FoundQuantity> percent_words(size_t i) {
    const size_t at = i + std::string_view("百分之").size();
    auto n = number_at(s_, at);
    if (!n) return std::nullopt;
    size_t cmp_begin = i;
    std::string comparator = comparator_before(s_, i, floor_, &cmp_begin);
    Tail t;
    t.end = n->end;
    t.suffix_comparator = comparator_after(s_, n->end, &t.end);
    FoundQuantity f = make(cmp_begin, t.end, comparator);
    f.quantity.value = n->value;
    f.quantity.decimals = n->decimals;
    f.quantity.unit = std::string("%");  // move-assigned: GCC 12 -Wrestrict misfires on the literal
    f.quantity.kind = "percent";
    finish_comparator(f, t);
    return f;
  }

  static void finish_comparator(FoundQuantity& f, const Tail& t) {
    if (!f.quantity.comparator.empty()) return;
    const std::string_view c = !t.suffix_comparator.empty() ? t.suffix_comparator
                               : t.approximate              ? std::string_view(">")
                                                            : std::string_view();
    f.quantity.comparator.assign(c.data(), c.size());
  }

  FoundQuantity date(size_t begin, DateValue d, const std::string& comparator) {
    // A range of dates: 2021.1-2021.12, 2021年1月-12月, 2021-2023年.
    std::optional<DateValue> high;
    size_t sep = 0;
    if (is_range_separator(s_, d.end, &sep)) {
      if (auto y = year_at(s_, d.end + sep)) {
        high = date_from_year(s_, *y);
      } else if (auto n = small_at(s_, d.end + sep, 12)) {
        if (d.year && starts_with(s_, n->end, "月")) {
          DateValue h;
          h.year = d.year;
          month_day(s_, h, *n);
          high = h;
        }
      }
    }
    const size_t end = high ? high->end : d.end;
    FoundQuantity f = make(begin, end, comparator);
    f.quantity.kind = "date";
    f.quantity.value = d.value();
    if (high) f.quantity.value_high = high->value();
    return f;
  }

  std::string_view s_;
  size_t floor_ = 0;
  std::vector<FoundQuantity> out_;
};

}  // namespace

std::vector<FoundQuantity> scan_quantities(std::string_view text) { return Scanner(text).run(); }

std::optional<TargetValue> parse_target(std::string_view text) {
  const std::string_view t = chars::trim(text);
  if (t.empty()) return std::nullopt;
  const std::vector<FoundQuantity> found = scan_quantities(t);
  const FoundQuantity* only = nullptr;
  int measurable = 0;
  for (const FoundQuantity& f : found) {
    if (f.quantity.kind == "date") continue;
    ++measurable;
    only = &f;
  }
  if (measurable == 1) {
    TargetValue v;
    v.comparator = only->quantity.comparator.empty() ? "=" : only->quantity.comparator;
    v.value = only->quantity.value;
    v.value_high = only->quantity.value_high;
    v.unit = only->quantity.unit;
    v.kind = only->quantity.kind;
    v.decimals = only->quantity.decimals;
    return v;
  }
  if (measurable == 0) {
    for (const ComparatorWord& w : kTargetWords) {
      if (t.find(w.written) != std::string_view::npos) {
        TargetValue v;
        v.comparator = std::string(w.comparator);
        return v;
      }
    }
  }
  return std::nullopt;
}

std::optional<double> wan_yuan_factor(std::string_view unit) {
  for (const UnitEntry& u : kUnits)
    if (u.kind == "money" && (u.written == unit)) return pow10i(u.money_exponent);
  return std::nullopt;
}

std::optional<double> to_wan_yuan(double value, std::string_view unit) {
  for (const UnitEntry& u : kUnits)
    if (u.kind == "money" && u.written == unit) return scale(value, u.money_exponent);
  return std::nullopt;
}

std::optional<double> parse_number(std::string_view text, int* decimals) {
  const std::string_view t = chars::trim(text);
  if (t.empty()) return std::nullopt;
  auto n = number_at(t, 0);
  if (!n || n->end != t.size()) return std::nullopt;
  if (decimals) *decimals = n->decimals;
  return n->value;
}

}  // namespace jixiao
