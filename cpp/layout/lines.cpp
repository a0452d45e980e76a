#include "core/utf8.hpp"
#include "layout/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace jixiao::layout {
namespace {

// Gaps in ems (the line's character height). Inside a fragment, Latin words are apart by a
// space (a quarter em); a gap of this many ems or more splits the line into fragments.
constexpr double kFragmentGap = 1.5;
constexpr double kLatinSpace = 0.12;
constexpr double kMixedSpace = 0.6;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

bool is_latin_word_char(char32_t cp) { return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'); }

// True when the gap between two neighbours of one fragment stands for a space.
bool spaced(char32_t before, char32_t after, double gap, double em) {
  const bool wide_before = is_wide(before), wide_after = is_wide(after);
  if (wide_before && wide_after) return false;  // Chinese is written without spaces
  if (wide_before || wide_after) return gap > kMixedSpace * em;
  return gap > kLatinSpace * em;
}

// Punctuation that may not begin a line (kinsoku): the character before it moves down with it.
bool closing(char32_t cp) {
  static constexpr std::u32string_view kClosing = U"，。、；：？！）》」』】〕”’％%,.;:!?)]}";
  return kClosing.find(cp) != std::u32string_view::npos;
}

// Punctuation that may not end a line: it moves down with the character after it.
bool opening(char32_t cp) {
  static constexpr std::u32string_view kOpening = U"（《「『【〔“‘([{";
  return kOpening.find(cp) != std::u32string_view::npos;
}

double lead_width(const std::vector<Char>& chars) {
  size_t end = 0;
  while (end + 1 < chars.size() && opening(chars[end].code)) ++end;
  ++end;
  if (!is_wide(chars[end - 1].code)) {
    // A number or word, and the character after it (a number is not parted from its unit).
    while (end < chars.size() && !is_wide(chars[end].code)) ++end;
    if (end < chars.size() && !closing(chars[end].code)) ++end;
  }
  while (end < chars.size() && closing(chars[end].code)) ++end;
  return chars[end - 1].x1 - chars[0].x0;
}

Line make_line(std::vector<Char>& chars) {
  std::sort(chars.begin(), chars.end(), [](const Char& a, const Char& b) { return a.x0 < b.x0; });
  Line line;
  std::vector<double> heights;
  heights.reserve(chars.size());
  for (const Char& c : chars) heights.push_back(c.y1 - c.y0);
  line.size = std::max(median(std::move(heights)), 1.0);
  line.x0 = chars.front().x0;
  line.lead = lead_width(chars);
  line.y0 = chars.front().y0;
  line.y1 = chars.front().y1;
  const Char* prev = nullptr;
  for (const Char& c : chars) {
    if (prev) {
      // The same glyph drawn again over itself (a common way to fake bold) is one character.
      const double overlap = std::min(prev->x1, c.x1) - std::max(prev->x0, c.x0);
      if (c.code == prev->code && overlap > 0.5 * std::max(c.x1 - c.x0, 0.1)) continue;
    }
    const double gap = prev ? c.x0 - prev->x1 : 0;
    if (!prev || gap > kFragmentGap * line.size) {
      line.fragments.emplace_back();
      line.fragments.back().x0 = c.x0;
      line.fragments.back().first = c.code;
    } else if (spaced(prev->code, c.code, gap, line.size)) {
      line.fragments.back().text += ' ';
    }
    Fragment& f = line.fragments.back();
    utf8::append(f.text, c.code);
    f.x1 = std::max(f.x1, c.x1);
    f.last = c.code;
    ++f.chars;
    ++line.chars;
    line.x1 = std::max(line.x1, c.x1);
    line.y0 = std::min(line.y0, c.y0);
    line.y1 = std::max(line.y1, c.y1);
    prev = &c;
  }
  for (size_t i = 0; i < line.fragments.size(); ++i) {
    const Fragment& f = line.fragments[i];
    if (i) {
      // Letter-spaced words ("目   录", "本 年 收 入") are runs of one-character fragments.
      const Fragment& p = line.fragments[i - 1];
      const bool letter_spaced = p.chars == 1 && f.chars == 1 && is_wide(p.last) && is_wide(f.first);
      if (!letter_spaced) line.text += ' ';
    }
    line.text += f.text;
  }
  return line;
}

}  // namespace

bool is_wide(char32_t cp) {
  return utf8::is_cjk(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x2010 && cp <= 0x2027 && cp != 0x2013) || (cp >= 0x2460 && cp <= 0x24FF);
}

std::vector<Line> build_lines(std::vector<Char> chars) {
  std::vector<Line> lines;
  if (chars.empty()) return lines;
  auto centre = [](const Char& c) { return (c.y0 + c.y1) / 2; };
  std::sort(chars.begin(), chars.end(), [&](const Char& a, const Char& b) { return centre(a) < centre(b); });
  std::vector<Char> current;
  double sum = 0, height = 0;
  for (const Char& c : chars) {
    const double h = c.y1 - c.y0;
    // A character belongs to the line when its centre is within 40% of the taller height of
    // the line's mean centre: characters of one baseline vary little, neighbouring lines more.
    if (!current.empty() && centre(c) - sum / static_cast<double>(current.size()) > 0.4 * std::max(height, h)) {
      lines.push_back(make_line(current));
      current.clear();
      sum = height = 0;
    }
    current.push_back(c);
    sum += centre(c);
    height = std::max(height, h);
  }
  lines.push_back(make_line(current));
  return lines;
}

std::string join_lines(const std::vector<Line>& lines) {
  std::string out;
  for (const Line& l : lines) {
    if (!out.empty() && !l.text.empty()) {
      // A wrapped Latin word pair gets its space back; Chinese and numbers join directly.
      size_t i = out.size();
      while (i > 0 && (static_cast<unsigned char>(out[i - 1]) & 0xC0) == 0x80) --i;
      if (i > 0) --i;
      size_t j = 0;
      const char32_t last = utf8::next(out, i);
      const char32_t first = utf8::next(l.text, j);
      if (is_latin_word_char(last) && is_latin_word_char(first)) out += ' ';
    }
    out += l.text;
  }
  return out;
}

}  // namespace jixiao::layout
