// Text rules: unfilled placeholders, conversion leftovers, duplicated words, known typos.
#include "check/figures.hpp"
#include "check/rules.hpp"
#include "check/text_units.hpp"
#include "core/embedded_data.hpp"
#include "core/json.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace jixiao {
namespace {

struct TypoEntry {
  std::string wrong;
  std::string right;
  std::vector<std::string> not_before;
};
BOOST_DESCRIBE_STRUCT(TypoEntry, (), (wrong, right, not_before))

struct DoubledCharacter {
  std::string text;
  std::string right;
  std::vector<std::string> not_after;
  std::vector<std::string> not_before;
};
BOOST_DESCRIBE_STRUCT(DoubledCharacter, (), (text, right, not_after, not_before))

struct Lexicon {
  std::vector<TypoEntry> typos;
  std::vector<DoubledCharacter> doubled_characters;
  std::vector<std::string> reduplication_ok;
};
BOOST_DESCRIBE_STRUCT(Lexicon, (), (typos, doubled_characters, reduplication_ok))

const Lexicon& builtin_lexicon() {
  static const Lexicon lexicon = [] {
    auto l = from_json_value<Lexicon>(nlohmann::json::parse(embedded_file("typos.json")));
    for (const DoubledCharacter& d : l.doubled_characters) {
      size_t one = 0;
      if (!d.text.empty()) utf8::next(d.text, one);
      if (d.text.empty() || d.text.substr(one) != d.text.substr(0, one))
        throw std::logic_error("typos.json: a doubled character is one character written twice, not " + d.text);
    }
    return l;
  }();
  return lexicon;
}

bool starts_with_any(std::string_view s, const std::vector<std::string>& prefixes) {
  for (const std::string& p : prefixes)
    if (!p.empty() && s.substr(0, p.size()) == p) return true;
  return false;
}

bool ends_with_any(std::string_view s, const std::vector<std::string>& suffixes) {
  for (const std::string& p : suffixes)
    if (!p.empty() && s.size() >= p.size() && s.substr(s.size() - p.size()) == p) return true;
  return false;
}

struct Char {
  char32_t cp;
  size_t begin;
  size_t end;
};

// The characters of s, in a buffer kept per thread: no allocation per text unit.
const std::vector<Char>& characters(std::string_view s) {
  thread_local std::vector<Char> out;
  out.clear();
  size_t i = 0;
  while (i < s.size()) {
    const size_t b = i;
    const char32_t cp = utf8::next(s, i);
    out.push_back({cp, b, i});
  }
  return out;
}

}  // namespace

void unfilled_placeholder(const RuleContext& ctx, Reporter& out) {
  // Runs of asterisks (**次, ***县), XX / ×× slots, 某某, blank underlines, 【…】 fill-in hints,
  // and explicit "to be filled" notes. No look-behind at the start, so PCRE2 can skip ahead by
  // first byte; a Latin letter before an XX run (e.g. "XXL") is ruled out below.
  // A single x standing where a number belongs (x个行政村, 补助资金x万元, 按x%配套) is one too.
  static const Regex placeholder(
      R"([*＊]{2,}|[XxＸｘ×]{2,}(?![A-Za-z])|某某|[_＿]{3,}|＿{2,})"
      R"(|【[^】]{0,30}(?:填写|填报|请|输入|此处|示例|名称|××|XX)[^】]{0,30}】)"
      R"(|待补充|待填写|此处填写|请填写|请在此处)"
      R"(|(?<![A-Za-z0-9.×*])[xXｘＸ](?![A-Za-z0-9])(?=\s*(?:个|万元|亿元|元|%|％|人次|人|次|项|户|年|月|日|家|名|件|场|所|台|辆|天|亩|公里|平方米|篇|期)))",
      {"*", "＊", "X", "x", "Ｘ", "ｘ", "×", "某某", "_", "＿", "【", "待补充", "待填写", "此处填写", "请填写", "请在此处"});
  for (const TextUnit& u : ctx.analysis->units()) {
    for (const RegexMatch& m : placeholder.find_all(u.text)) {
      const unsigned char before = m.begin() > 0 ? static_cast<unsigned char>(u.text[m.begin() - 1]) : 0;
      if (std::isalpha(before) && (u.text[m.begin()] == 'X' || u.text[m.begin()] == 'x')) continue;
      out.report("P101", u.at(m.begin(), m.end()), {{"text", std::string(m.str(u.text))}});
    }
  }
}

void conversion_artifact(const RuleContext& ctx, Reporter& out) {
  for (const Artifact& a : ctx.doc.artifacts) {
    // Page furniture, web chrome and 目录 are how the report was published, not leftovers of a
    // conversion: they are kept out of the text, not reported.
    if (a.kind == "page_furniture" || a.kind == "web_chrome" || a.kind == "contents" ||
        a.kind == "toc") continue;
    Where w{a.block, -1, -1, 0, 0, a.span};
    // An artifact inside a table cell: find the cell so the excerpt is its row.
    if (a.block >= 0 && a.block < static_cast<int>(ctx.doc.blocks.size()) &&
        ctx.doc.blocks[a.block].kind == "table") {
      const Table& t = ctx.doc.tables[ctx.doc.blocks[a.block].table];
      for (size_t r = 0; r < t.rows.size() && w.row < 0; ++r)
        for (size_t c = 0; c < t.rows[r].size(); ++c)
          if (t.rows[r][c].span.line <= a.span.line && a.span.line <= t.rows[r][c].span.end_line) {
            w.row = static_cast<int>(r);
            w.col = static_cast<int>(c);
            break;
          }
    }
    out.report("P102", w, {{"text", a.text}});
  }
}

// A paragraph with no punctuation at all is a row of labels (a table's header run together,
// 项目项目性质), where two cells' words meet without being a doubled word; so is such a cell of a
// table recovered from text, whose columns may have run together (三级指标指标值备注).
bool labels_run_together(const TextUnit& u, const Document& doc) {
  if (u.block < 0 || doc.blocks[u.block].kind == "heading" || doc.blocks[u.block].kind == "title") return false;
  if (u.row >= 0) {
    const Block& b = doc.blocks[u.block];
    if (b.kind != "table" || b.table < 0 || doc.tables[b.table].layout.empty()) return false;
  }
  for (std::string_view mark : {"，", "。", "；", "：", "、", "！", "？", ",", ";", ":"})
    if (u.text.find(mark) != std::string_view::npos) return false;
  return true;
}

void duplicated_word(const RuleContext& ctx, Reporter& out) {
  const Lexicon& lex = builtin_lexicon();
  for (const TextUnit& u : ctx.analysis->units()) {
    if (labels_run_together(u, ctx.doc)) continue;
    const std::vector<Char>& chars = characters(u.text);
    size_t i = 0;
    while (i < chars.size()) {
      bool found = false;
      // Longest repeated unit first: 活动活动 (2), 统战工作统战工作 (4).
      for (size_t len = 4; len >= 2 && !found; --len) {
        if (i + 2 * len > chars.size()) continue;
        if (chars[i].cp != chars[i + len].cp) continue;  // cheap test first: most positions fail here
        bool all_cjk = true, same = true, uniform = true;
        for (size_t k = 0; k < len; ++k) {
          all_cjk = all_cjk && utf8::is_cjk(chars[i + k].cp);
          same = same && chars[i + k].cp == chars[i + len + k].cp;
          uniform = uniform && chars[i + k].cp == chars[i].cp;
        }
        if (!all_cjk || !same || uniform || chars[i].cp == U'一') continue;
        const size_t b = chars[i].begin, e = chars[i + 2 * len - 1].end;
        const std::string_view doubled = u.text.substr(b, e - b);
        bool allowed = false;
        for (const std::string& ok : lex.reduplication_ok) allowed = allowed || doubled == ok;
        if (allowed) continue;
        const std::string word(u.text.substr(b, chars[i + len].begin - b));
        out.report("T101", u.at(b, e), {{"word", word}}, {}, "default",
                   {{"zh", "删去重复的「" + word + "」"}, {"en", "remove the repeated “" + word + "”"}});
        i += 2 * len;
        found = true;
      }
      if (!found) ++i;
    }
    // Doubled single characters that are always slips (侨侨眷), unless part of a real compound (归侨侨眷).
    // Each entry is one character written twice (checked when the lexicon loads): found where a
    // character repeats, and 侨侨侨 is one.
    for (size_t i = 0; i + 1 < chars.size(); ++i) {
      if (chars[i].cp != chars[i + 1].cp) continue;
      const size_t pos = chars[i].begin, end = chars[i + 1].end;
      for (const DoubledCharacter& d : lex.doubled_characters) {
        if (u.text.substr(pos, end - pos) != d.text) continue;
        if (!ends_with_any(u.text.substr(0, pos), d.not_after) && !starts_with_any(u.text.substr(end), d.not_before))
          out.report("T101", u.at(pos, end), {{"word", d.right}}, {}, "default",
                     {{"zh", "删去重复的「" + d.right + "」"}, {"en", "remove the repeated “" + d.right + "”"}});
        ++i;
        break;
      }
    }
  }
}

void doubled_punctuation(const RuleContext& ctx, Reporter& out) {
  // Exactly two of the same mark: three or more (。。。) is an ellipsis written with full stops.
  // Each mark is three bytes starting E3 or EF, bytes that only ever start a character: the text
  // is read byte by byte and compared only there.
  static constexpr std::array<std::string_view, 5> marks = {"。", "，", "；", "：", "、"};
  for (const TextUnit& u : ctx.analysis->units()) {
    const std::string_view text = u.text;
    size_t i = 0;
    while (i + 3 <= text.size()) {
      const auto lead = static_cast<unsigned char>(text[i]);
      const std::string_view mark = text.substr(i, 3);
      if ((lead != 0xE3 && lead != 0xEF) || std::find(marks.begin(), marks.end(), mark) == marks.end()) {
        ++i;
        continue;
      }
      size_t end = i + 3, run = 1;
      while (text.compare(end, 3, mark) == 0) {
        end += 3;
        ++run;
      }
      if (run == 2) {
        const std::string shown(mark);
        out.report("T103", u.at(i, end), {{"mark", shown}}, {}, "default",
                   {{"zh", "删去重复的「" + shown + "」"}, {"en", "remove the repeated “" + shown + "”"}});
      }
      i = end;
    }
  }
}

// The typo entries indexed by their first two bytes (the first byte for a one-byte entry),
// longest first: a text is read once, byte by byte, and a position is compared with entries only
// when its two bytes start one. Entries begin with a lead byte, so every position a match can
// start at is tried, as when the text is read code point by code point.
class TypoIndex {
 public:
  explicit TypoIndex(std::vector<TypoEntry> entries) : entries_(std::move(entries)) {
    for (const TypoEntry& t : entries_) {
      if (t.wrong.empty()) continue;
      const unsigned first = static_cast<unsigned char>(t.wrong[0]);
      if (t.wrong.size() == 1) {
        one_byte_[first].push_back(&t);
      } else {
        const unsigned key = first << 8 | static_cast<unsigned char>(t.wrong[1]);
        two_bytes_[key].push_back(&t);
        starts_[key] = true;
      }
    }
    for (auto& [key, list] : two_bytes_)
      std::stable_sort(list.begin(), list.end(),
                       [](const TypoEntry* a, const TypoEntry* b) { return a->wrong.size() > b->wrong.size(); });
  }

  // Calls found(entry, begin, end) for each entry found in text, left to right, skipping past each one.
  template <class Found>
  void scan(std::string_view text, Found found) const {
    size_t i = 0;
    while (i < text.size()) {
      const unsigned first = static_cast<unsigned char>(text[i]);
      if ((first & 0xC0) == 0x80) {  // inside a character: no entry starts here
        ++i;
        continue;
      }
      const unsigned key = i + 1 < text.size() ? (first << 8 | static_cast<unsigned char>(text[i + 1])) : 0;
      const bool two = key != 0 && starts_[key];
      if (!two && one_byte_[first].empty()) {
        ++i;
        continue;
      }
      size_t next = i + 1;
      auto try_list = [&](const std::vector<const TypoEntry*>& list) {
        for (const TypoEntry* t : list) {
          if (text.compare(i, t->wrong.size(), t->wrong) != 0) continue;
          const size_t end = i + t->wrong.size();
          if (!starts_with_any(text.substr(end), t->not_before)) {
            found(*t, i, end);
            next = end;
          }
          return true;  // the longest entry here decides, found or ruled out by what follows
        }
        return false;
      };
      if (!(two && try_list(two_bytes_.at(key)))) try_list(one_byte_[first]);
      i = next;
    }
  }

 private:
  std::vector<TypoEntry> entries_;
  std::unordered_map<unsigned, std::vector<const TypoEntry*>> two_bytes_;
  std::vector<bool> starts_ = std::vector<bool>(1 << 16);
  std::array<std::vector<const TypoEntry*>, 256> one_byte_;
};

void known_typo(const RuleContext& ctx, Reporter& out) {
  static const TypoIndex builtin(builtin_lexicon().typos);
  std::optional<TypoIndex> configured;
  if (!ctx.config.typos.empty()) {
    std::vector<TypoEntry> entries = builtin_lexicon().typos;
    for (const auto& [wrong, right] : ctx.config.typos) entries.push_back({wrong, right, {}});
    configured.emplace(std::move(entries));
  }
  const TypoIndex& index = configured ? *configured : builtin;
  for (const TextUnit& u : ctx.analysis->units()) {
    index.scan(u.text, [&](const TypoEntry& t, size_t begin, size_t end) {
      out.report("T102", u.at(begin, end), {{"wrong", t.wrong}, {"right", t.right}}, {}, "default",
                 {{"zh", "改为「" + t.right + "」"}, {"en", "write “" + t.right + "”"}});
    });
  }
}

}  // namespace jixiao
