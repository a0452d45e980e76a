#include "decode/docx_numbering.hpp"

#include "core/utf8.hpp"
#include "decode/docx_xml.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace jixiao::docx {
namespace {

constexpr int kLevels = 9;
constexpr int kMaxChain = 32;  // basedOn hops followed before a chain is taken as cyclic
// Bytes of one rendered list number ("第一章", "1.2.3.", "（一）"): a w:lvlText of 300,000 %1
// would otherwise put megabytes in front of every numbered paragraph.
constexpr size_t kMaxNumberText = 64;

// At most `max_bytes` of `s`, cut before a character rather than inside one.
std::string_view head(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

struct Ideographs {
  const char* digits[10];
  const char* units[3];  // thousands, hundreds, tens
  bool bare_ten;         // 十一 rather than 一十一
};
constexpr Ideographs kCounting{{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}, {"千", "百", "十"}, true};
constexpr Ideographs kCountingThousand{
    {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}, {"千", "百", "十"}, true};
constexpr Ideographs kLegalSimplified{
    {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}, {"仟", "佰", "拾"}, false};
constexpr Ideographs kLegalTraditional{
    {"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"}, {"仟", "佰", "拾"}, false};

// Chinese numerals below 10000 (一百零五, 十二, 二十); larger values stay decimal.
std::string ideographic(int value, const Ideographs& style) {
  if (value < 0 || value >= 10000) return std::to_string(value);
  if (value == 0) return style.digits[0];
  const int digit[4] = {value / 1000, value / 100 % 10, value / 10 % 10, value % 10};
  std::string out;
  bool started = false, zero_pending = false;
  for (int i = 0; i < 4; ++i) {
    if (digit[i] == 0) {
      zero_pending = started;
      continue;
    }
    if (zero_pending) out += style.digits[0];
    zero_pending = false;
    if (!(style.bare_ten && i == 2 && digit[i] == 1 && !started)) out += style.digits[digit[i]];
    if (i < 3) out += style.units[i];
    started = true;
  }
  return out;
}

std::string roman(int value, bool upper) {
  if (value <= 0 || value >= 4000) return std::to_string(value);
  static constexpr std::pair<int, const char*> kParts[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                           {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                           {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                           {1, "i"}};
  std::string out;
  for (const auto& [amount, letters] : kParts)
    for (; value >= amount; value -= amount) out += letters;
  if (upper)
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A, B, … Z, AA, BB, … as Word writes letter lists.
std::string letters(int value, bool upper) {
  if (value <= 0 || value > 780) return std::to_string(value);
  const char letter = static_cast<char>((upper ? 'A' : 'a') + (value - 1) % 26);
  return std::string(static_cast<size_t>((value - 1) / 26 + 1), letter);
}

// A digit string with each digit moved to another block of code points (full-width ０–９).
std::string shifted_digits(int value, char32_t zero) {
  std::string out;
  for (const char c : std::to_string(value)) utf8::append(out, zero + static_cast<char32_t>(c - '0'));
  return out;
}

std::string enclosed(int value, char32_t one, int last, std::string_view fallback_format) {
  if (value >= 1 && value <= last) {
    std::string out;
    utf8::append(out, one + static_cast<char32_t>(value - 1));
    return out;
  }
  return format_number(value, fallback_format);
}

std::string circled(int value) {
  if (value >= 21 && value <= 35) return enclosed(value - 20, U'㉑', 15, "decimal");
  if (value >= 36 && value <= 50) return enclosed(value - 35, U'㊱', 15, "decimal");
  return enclosed(value, U'①', 20, "decimal");
}

std::string cycle(int value, std::initializer_list<const char*> signs) {
  if (value <= 0) return std::to_string(value);
  return *(signs.begin() + (value - 1) % static_cast<int>(signs.size()));
}

std::string ordinal(int value) {
  const int tens = value % 100, ones = value % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th";
  return std::to_string(value) + suffix;
}

// Bullets drawn from symbol fonts sit in the private use area; a reader sees a bullet.
std::string bullet_text(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = utf8::next(text, i);
    utf8::append(out, cp >= 0xE000 && cp <= 0xF8FF ? U'•' : cp);
  }
  return out;
}

}  // namespace

std::string format_number(int value, std::string_view f) {
  if (f == "decimal" || f == "decimalHalfWidth" || f.empty()) return std::to_string(value);
  if (f == "chineseCounting" || f == "japaneseCounting" || f == "taiwaneseCounting" || f == "koreanCounting")
    return ideographic(value, kCounting);
  if (f == "chineseCountingThousand" || f == "japaneseDigitalTenThousand" || f == "taiwaneseCountingThousand" ||
      f == "koreanDigital2")
    return ideographic(value, kCountingThousand);
  if (f == "chineseLegalSimplified") return ideographic(value, kLegalSimplified);
  if (f == "ideographLegalTraditional" || f == "japaneseLegal") return ideographic(value, kLegalTraditional);
  if (value < 0) return std::to_string(value);  // counters never go below 0; kept safe for direct callers
  if (f == "ideographDigital" || f == "taiwaneseDigital") {
    std::string out;
    for (const char c : std::to_string(value)) out += kCounting.digits[c - '0'];
    return out;
  }
  if (f == "ideographTraditional") return cycle(value, {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"});
  if (f == "ideographZodiac")
    return cycle(value, {"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"});
  if (f == "decimalEnclosedCircle" || f == "decimalEnclosedCircleChinese") return circled(value);
  if (f == "decimalEnclosedFullstop") return enclosed(value, U'⒈', 20, "decimal");
  if (f == "decimalEnclosedParen") return enclosed(value, U'⑴', 20, "decimal");
  if (f == "decimalFullWidth" || f == "decimalFullWidth2") return shifted_digits(value, U'０');
  if (f == "decimalZero") return value >= 0 && value < 10 ? "0" + std::to_string(value) : std::to_string(value);
  if (f == "upperRoman") return roman(value, true);
  if (f == "lowerRoman") return roman(value, false);
  if (f == "upperLetter") return letters(value, true);
  if (f == "lowerLetter") return letters(value, false);
  if (f == "ordinal") return ordinal(value);
  if (f == "none" || f == "bullet") return "";
  return std::to_string(value);
}

// ---------------------------------------------------------------------------------------------
// Styles

namespace {

struct RawStyle {
  std::string based_on;
  std::string name;
  int outline_level = -1;
  int num_id = -1;
  int num_level = -1;
  int hidden = -1;  // on_off of rPr/vanish
};

// "heading 3" (Word's built-in name, any case) or "标题 3" → 2; -1 otherwise.
int heading_name_level(std::string_view name) {
  std::string lower;
  for (const char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string_view prefix : {std::string_view("heading "), std::string_view("标题 ")}) {
    if (lower.size() == prefix.size() + 1 && lower.compare(0, prefix.size(), prefix) == 0) {
      const char d = lower.back();
      if (d >= '1' && d <= '9') return d - '1';
    }
  }
  return -1;
}

}  // namespace

StyleSheet::StyleSheet(const pugi::xml_node& styles) {
  std::unordered_map<std::string, RawStyle> raw_paragraph, raw_character;
  for (pugi::xml_node s = styles.first_child(); s; s = s.next_sibling()) {
    if (local_name(s) != "style") continue;
    const char* id = attribute(s, "styleId");
    if (!id) continue;
    const char* type_attr = attribute(s, "type");
    const std::string_view type = type_attr ? type_attr : "paragraph";
    RawStyle r;
    if (const char* v = child_value(s, "basedOn")) r.based_on = v;
    if (const char* v = child_value(s, "name")) r.name = v;
    const pugi::xml_node ppr = child(s, "pPr");
    r.outline_level = to_int(child_value(ppr, "outlineLvl"), -1);
    if (const pugi::xml_node num = child(ppr, "numPr")) {
      r.num_id = to_int(child_value(num, "numId"), -1);
      r.num_level = to_int(child_value(num, "ilvl"), -1);
    }
    r.hidden = on_off(child(s, "rPr"), "vanish");
    if (type == "paragraph") {
      const char* is_default = attribute(s, "default");
      if (is_default && (std::string_view(is_default) == "1" || std::string_view(is_default) == "true"))
        default_paragraph_ = id;
      raw_paragraph.emplace(id, std::move(r));
    } else if (type == "character") {
      raw_character.emplace(id, std::move(r));
    } else if (type == "numbering") {
      numbering_num_.emplace(id, r.num_id);
    }
  }

  // Each property comes from the nearest style up the basedOn chain that sets it.
  for (const auto& [id, first] : raw_paragraph) {
    ParagraphStyle resolved;
    int name_level = -1, hidden = -1;
    bool numbering_set = false;
    const std::string* s_id = &id;
    const RawStyle* s = &first;
    for (int hop = 0; s && hop < kMaxChain; ++hop) {
      if (resolved.outline_level < 0 && s->outline_level >= 0) resolved.outline_level = s->outline_level;
      if (name_level < 0) name_level = heading_name_level(s->name);
      if (!numbering_set && (s->num_id >= 0 || s->num_level >= 0)) {
        numbering_set = true;
        resolved.num_id = s->num_id;
        resolved.num_level = s->num_level;
        resolved.num_style = *s_id;
      }
      if (hidden < 0) hidden = s->hidden;
      const auto parent = raw_paragraph.find(s->based_on);
      s = s->based_on.empty() || parent == raw_paragraph.end() ? nullptr : &parent->second;
      if (s) s_id = &parent->first;
    }
    if (resolved.outline_level < 0 || resolved.outline_level > 8) resolved.outline_level = name_level;
    resolved.hidden = hidden == 1;
    paragraph_.emplace(id, resolved);
  }
  for (const auto& [id, first] : raw_character) {
    int hidden = -1;
    const RawStyle* s = &first;
    for (int hop = 0; s && hop < kMaxChain && hidden < 0; ++hop) {
      hidden = s->hidden;
      const auto parent = raw_character.find(s->based_on);
      s = s->based_on.empty() || parent == raw_character.end() ? nullptr : &parent->second;
    }
    character_hidden_.emplace(id, hidden == 1);
  }
}

const ParagraphStyle* StyleSheet::paragraph(std::string_view id) const {
  if (paragraph_.empty()) return nullptr;
  auto it = id.empty() ? paragraph_.end() : paragraph_.find(id);
  if (it == paragraph_.end()) it = paragraph_.find(default_paragraph_);
  return it == paragraph_.end() ? nullptr : &it->second;
}

bool StyleSheet::character_hidden(std::string_view id) const {
  const auto it = character_hidden_.find(id);
  return it != character_hidden_.end() && it->second;
}

int StyleSheet::numbering_style_num(std::string_view id) const {
  const auto it = numbering_num_.find(id);
  return it == numbering_num_.end() ? -1 : it->second;
}

// ---------------------------------------------------------------------------------------------
// Numbering

ListNumbering::Level ListNumbering::read_level(const pugi::xml_node& lvl) {
  Level l;
  l.start = std::max(0, to_int(child_value(lvl, "start"), 1));
  if (const char* f = child_value(lvl, "numFmt")) l.format = f;
  if (const char* t = child_value(lvl, "lvlText")) l.text = t;
  if (const char* s = child_value(lvl, "suff")) l.spaced = std::string_view(s) != "nothing";
  l.legal = on_off(lvl, "isLgl") == 1;
  l.restart_after = to_int(child_value(lvl, "lvlRestart"), -1);
  l.hidden = on_off(child(lvl, "rPr"), "vanish") == 1;
  if (const char* p = child_value(lvl, "pStyle")) l.style = p;
  return l;
}

ListNumbering::ListNumbering(const pugi::xml_node& numbering, const StyleSheet& styles) {
  std::unordered_map<int, std::string> style_links;
  for (pugi::xml_node n = numbering.first_child(); n; n = n.next_sibling()) {
    const LocalName name = local_name(n);
    if (name == "abstractNum") {
      const int id = to_int(attribute(n, "abstractNumId"), -1);
      if (id < 0) continue;
      Levels levels;
      for (pugi::xml_node lvl = n.first_child(); lvl; lvl = lvl.next_sibling()) {
        if (local_name(lvl) != "lvl") continue;
        const int ilvl = to_int(attribute(lvl, "ilvl"), -1);
        if (ilvl >= 0 && ilvl < kLevels) levels[ilvl] = read_level(lvl);
      }
      abstracts_[id] = std::move(levels);
      if (const char* link = child_value(n, "numStyleLink")) style_links[id] = link;
    } else if (name == "num") {
      const int id = to_int(attribute(n, "numId"), -1);
      if (id < 0) continue;
      Instance inst;
      inst.abstract_id = to_int(child_value(n, "abstractNumId"), -1);
      for (pugi::xml_node o = n.first_child(); o; o = o.next_sibling()) {
        if (local_name(o) != "lvlOverride") continue;
        const int ilvl = to_int(attribute(o, "ilvl"), -1);
        if (ilvl < 0 || ilvl >= kLevels) continue;
        if (const char* start = child_value(o, "startOverride")) inst.start_override[ilvl] = std::max(0, to_int(start, 1));
        if (const pugi::xml_node lvl = child(o, "lvl")) inst.level_override[ilvl] = read_level(lvl);
        inst.own_counters = true;
      }
      instances_[id] = std::move(inst);
    }
  }
  // An abstract that only links to a numbering style takes its levels from the list that style names.
  for (const auto& [abstract_id, style] : style_links) {
    const auto target = instances_.find(styles.numbering_style_num(style));
    if (target != instances_.end() && target->second.abstract_id != abstract_id &&
        abstracts_.count(target->second.abstract_id))
      abstract_redirect_[abstract_id] = target->second.abstract_id;
  }
}

const ListNumbering::Levels* ListNumbering::levels_of(int abstract_id) const {
  const auto redirect = abstract_redirect_.find(abstract_id);
  const auto it = abstracts_.find(redirect == abstract_redirect_.end() ? abstract_id : redirect->second);
  return it == abstracts_.end() ? nullptr : &it->second;
}

int ListNumbering::level_for_style(int num_id, std::string_view style_id) const {
  const auto inst = instances_.find(num_id);
  if (inst == instances_.end() || style_id.empty()) return 0;
  const Levels* levels = levels_of(inst->second.abstract_id);
  if (!levels) return 0;
  for (int i = 0; i < kLevels; ++i)
    if ((*levels)[i].style == style_id) return i;
  return 0;
}

void ListNumbering::next(int num_id, int level, std::string& out) {
  if (level < 0 || level >= kLevels) return;
  const auto found = instances_.find(num_id);
  if (found == instances_.end()) return;
  const Instance& inst = found->second;
  const Levels* base = levels_of(inst.abstract_id);
  if (!base) return;
  auto level_def = [&](int i) -> const Level& {
    return inst.level_override[i] ? *inst.level_override[i] : (*base)[i];
  };
  auto start_of = [&](int i) { return inst.start_override[i] ? *inst.start_override[i] : level_def(i).start; };

  // Counters per abstract list, or per instance when it overrides (negative keys keep the two apart).
  const auto redirect = abstract_redirect_.find(inst.abstract_id);
  const int abstract_key = redirect == abstract_redirect_.end() ? inst.abstract_id : redirect->second;
  Counters& c = counters_[inst.own_counters ? -1LL - num_id : static_cast<long long>(abstract_key)];
  // A list may start at INT_MAX (w:start="2147483647"): it stays there rather than overflowing.
  c.value[level] = !c.started[level]                                     ? start_of(level)
                   : c.value[level] < std::numeric_limits<int>::max() ? c.value[level] + 1
                                                                       : c.value[level];
  c.started[level] = true;
  for (int k = level + 1; k < kLevels; ++k) {
    const int restart_after = level_def(k).restart_after < 0 ? k : level_def(k).restart_after;
    if (level + 1 <= restart_after) c.started[k] = false;
  }

  const Level& here = level_def(level);
  if (here.hidden || here.text.empty()) return;
  if (here.format == "bullet") {
    out += bullet_text(head(here.text, kMaxNumberText));
    if (here.spaced) out += ' ';
    return;
  }
  const std::string_view text = here.text;
  const size_t begin = out.size();
  for (size_t i = 0; i < text.size() && out.size() - begin < kMaxNumberText; ++i) {
    if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
      const int n = text[i + 1] - '1';
      const int value = c.started[n] ? c.value[n] : start_of(n);
      out += format_number(value, here.legal ? std::string_view("decimal") : std::string_view(level_def(n).format));
      ++i;
    } else {
      out += text[i];
    }
  }
  if (out.size() - begin > kMaxNumberText) out.resize(begin + head(std::string_view(out).substr(begin), kMaxNumberText).size());
  if (here.spaced) out += ' ';
}

}  // namespace jixiao::docx
