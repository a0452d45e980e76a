#include "outline/outline.hpp"

#include "core/regex.hpp"
#include "parse/parse.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <map>

namespace jixiao {
namespace {

constexpr std::string_view kCnDigits = "〇零一二两三四五六七八九十百";

int digit_value(char32_t cp) {
  switch (cp) {
    case U'〇':
    case U'零':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

int arabic_value(std::string_view digits) {
  int v = 0;
  size_t i = 0;
  while (i < digits.size()) {
    char32_t cp = utf8::next(digits, i);
    if (cp >= U'０' && cp <= U'９') cp = cp - U'０' + '0';
    if (cp < '0' || cp > '9') return -1;
    v = v * 10 + static_cast<int>(cp - '0');
    if (v > 100000) return -1;
  }
  return v;
}

// A heading's own text ends at its first sentence end; anything after is body (run-in heading).
struct HeadingShape {
  bool heading = false;
  bool run_in = false;
  size_t title_end = 0;  // bytes of the rest that form the title
};

HeadingShape shape_of(std::string_view rest) {
  HeadingShape shape;
  const std::string_view t = utf8::trim(rest);
  if (t.empty()) return shape;
  size_t i = 0;
  size_t chars = 0;
  bool has_digit = false, has_clause = false;
  while (i < t.size()) {
    const size_t at = i;
    const char32_t cp = utf8::next(t, i);
    if (cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；' || cp == ';') {
      const bool more = !utf8::trim(t.substr(i)).empty();
      // "（一）聚焦党外代表人士政治引领。持续巩固……" is a heading run into its paragraph; a lone
      // sentence ("1、2021年预算资金255.45万元。") or a clause list is content.
      if ((cp == U'。' || cp == U'！' || cp == U'？') && more && chars <= 40 && !has_digit) {
        shape.heading = true;
        shape.run_in = true;
        shape.title_end = static_cast<size_t>(t.data() - rest.data()) + at;
      }
      // A heading closed with a full stop ("（一）部门职能。") is still a heading; a definition or a
      // clause ("一、财政拨款收入：指……。") is not.
      if (cp == U'。' && !more && chars <= 40 && !has_clause) {
        shape.heading = true;
        shape.title_end = static_cast<size_t>(t.data() - rest.data()) + at;
      }
      return shape;
    }
    if (cp >= '0' && cp <= '9') has_digit = true;
    if (cp == U'：' || cp == U'，' || cp == U'、' || cp == ':' || cp == ',') has_clause = true;
    ++chars;
  }
  // No sentence end at all: a heading when it is short.
  if (chars <= 60) {
    shape.heading = true;
    shape.title_end = rest.size();
  }
  return shape;
}

// "1.加强学习。2.完善制度。" is a list written in one paragraph, not a heading run into its text:
// the next item's numbering follows a sentence end.
bool lists_next_item(std::string_view after_title, const Numbering& num) {
  size_t i = 0;
  while (i < after_title.size()) {
    const char32_t cp = utf8::next(after_title, i);
    if (cp != U'。' && cp != U'；' && cp != ';') continue;
    const std::optional<Numbering> next = match_numbering(after_title.substr(i));
    if (next && next->style == num.style && next->value == num.value + 1) return true;
  }
  return false;
}

bool names_report(std::string_view text) {
  static const Regex words(R"(报告|自评表|目标表|评价表|申报表|汇总表|总结|决算|预算|工作计划|绩效)");
  return words.contains(text);
}

// A cover's date line ("二〇二二年三月", "2022年3月") is no part of the title.
bool has_year_only(std::string_view text) {
  static const Regex date(R"(^\s*(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})?\s*月?\s*(?:[0-9]{1,2}\s*日)?\s*$)");
  return date.contains(text);
}

// A numbered paragraph read as a heading run into its text: the title is its first sentence,
// however long (used when the sequence it continues is one of run-in headings).
HeadingShape run_in_to_sentence_end(std::string_view rest) {
  HeadingShape shape;
  size_t i = 0;
  while (i < rest.size()) {
    const size_t at = i;
    const char32_t cp = utf8::next(rest, i);
    if (cp == U'。' || cp == U'；' || cp == U'！' || cp == U'？') {
      if (utf8::length(rest.substr(0, at)) > 80) return shape;
      shape.heading = true;
      shape.run_in = !utf8::trim(rest.substr(i)).empty();
      shape.title_end = at;
      return shape;
    }
  }
  return shape;
}

bool looks_like_title(const Block& b) {
  const std::string_view t = utf8::trim(b.text);
  const size_t n = utf8::length(t);
  if (n == 0 || n > 60) return false;
  if (match_numbering(t)) return false;
  size_t i = 0;
  bool cjk = false;
  while (i < t.size()) {
    const char32_t cp = utf8::next(t, i);
    if (cp == U'。' || cp == U'；' || cp == U'，' || cp == U'：' || cp == ':') return false;
    if (utf8::is_cjk(cp)) cjk = true;
  }
  return cjk;
}

bool is_attachment_label(std::string_view t) {
  static const Regex label(R"(^\s*附件\s*[0-9０-９一二三四五六七八九十]*(?:[-－—.．][0-9０-９]+)*\s*[:：]?\s*$)");
  return label.contains(t);
}

// Two styles of the same shape (both bracketed, or both "number + 、") may be one sequence
// written inconsistently: （一） … （3）.
int shape_class(const std::string& style) {
  if (style == "cn_paren" || style == "arabic_paren") return 1;
  if (style == "cn" || style == "arabic_dun") return 2;
  return 0;
}

}  // namespace

int chinese_numeral_value(std::string_view s) {
  if (s.empty()) return -1;
  int total = 0;
  int current = -1;  // pending digit
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = utf8::next(s, i);
    any = true;
    if (cp == U'十') {
      total += (current < 0 ? 1 : current) * 10;
      current = -1;
    } else if (cp == U'百') {
      total += (current < 0 ? 1 : current) * 100;
      current = -1;
    } else {
      const int d = digit_value(cp);
      if (d < 0) return -1;
      current = current > 0 ? current * 10 + d : d;  // 二〇二一 style digit strings
    }
  }
  if (!any) return -1;
  if (current > 0) total += current;
  return total;
}

std::optional<Numbering> match_numbering(std::string_view text) {
  static const std::string cn = std::string("[") + std::string(kCnDigits) + "]{1,4}";
  static const std::string ar = "[0-9０-９]{1,3}";
  struct Pattern {
    const char* style;
    Regex re;
  };
  static const std::vector<Pattern> patterns = [] {
    std::vector<Pattern> p;
    p.push_back({"part", Regex("第(" + cn + ")部分[、．.：:]?\\s*", true)});
    p.push_back({"chapter", Regex("第(" + cn + ")章[、．.：:]?\\s*", true)});
    p.push_back({"section", Regex("第(" + cn + ")节[、．.：:]?\\s*", true)});
    p.push_back({"cn_paren", Regex("[（(]\\s*(" + cn + ")\\s*[）)][、．.]?\\s*", true)});
    p.push_back({"arabic_paren", Regex("[（(]\\s*(" + ar + ")\\s*[）)][、．.]?\\s*", true)});
    p.push_back({"cn", Regex("(" + cn + ")\\s*(?:、|[．.](?![0-9０-９]))\\s*", true)});
    p.push_back({"arabic_dun", Regex("(" + ar + ")\\s*、\\s*", true)});
    p.push_back({"arabic_dot", Regex("(" + ar + ")\\s*[.．](?![0-9０-９])\\s*", true)});
    p.push_back({"arabic_rparen", Regex("(" + ar + ")\\s*[）)]\\s*", true)});
    p.push_back({"circled", Regex("([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\\s*", true)});
    return p;
  }();
  // Leading white space does not change the numbering.
  const std::string_view t = utf8::trim(text);
  const size_t lead = static_cast<size_t>(t.data() - text.data());
  RegexMatch m;
  for (const Pattern& p : patterns) {
    if (!p.re.match_at(t, m)) continue;
    const std::string_view num = m.str(t, 1);
    int value = -1;
    const std::string style = p.style;
    if (style == "circled") {
      size_t i = 0;
      value = static_cast<int>(utf8::next(num, i) - U'①') + 1;
    } else if (style.rfind("arabic", 0) == 0) {
      value = arabic_value(num);
    } else {
      value = chinese_numeral_value(num);
    }
    if (value <= 0 || value > 200) continue;
    // "1、" followed by nothing is not numbering of anything.
    if (m.end() >= t.size()) continue;
    Numbering n;
    n.text = std::string(t.substr(0, m.end()));
    n.style = style;
    n.value = value;
    n.length = lead + m.end();
    return n;
  }
  return std::nullopt;
}

std::vector<Heading> build_outline(std::vector<Block>& blocks) {
  std::vector<Heading> outline;

  // Title: the short, unnumbered lines before any heading, skipping an attachment label. When
  // one of them names the report (报告, 表, 决算 …), the title is that line with the line above
  // it when that one completes it (a cover's unit name); lines before are cover matter.
  std::vector<size_t> leading;
  for (size_t first = 0; first < blocks.size() && first < 8; ++first) {
    Block& b = blocks[first];
    if (b.kind != "paragraph") break;
    if (is_attachment_label(b.text)) continue;
    if (b.level > 0 && !b.sheet.empty()) continue;  // a worksheet's name heads its sheet, never the document
    if (!looks_like_title(b)) break;
    // A paragraph the source styles as a heading ends the title (unless nothing came before it).
    if (b.level > 0 && !leading.empty()) break;
    leading.push_back(first);
  }
  size_t naming = leading.size();
  for (size_t k = 0; k < leading.size(); ++k)
    if (names_report(blocks[leading[k]].text)) {
      naming = k;
      break;
    }
  if (naming == leading.size()) {
    for (size_t k = 0; k < leading.size() && k < 4; ++k) blocks[leading[k]].kind = "title";
  } else {
    // A cover's name may run over two lines above the line naming the report.
    size_t from = naming;
    while (from > 0 && naming - from < 2 && leading[from - 1] + 1 == leading[from] &&
           utf8::length(utf8::trim(blocks[leading[from - 1]].text)) <= 30 && !has_year_only(blocks[leading[from - 1]].text))
      --from;
    size_t to = naming;
    // A subtitle in brackets or a second line of the name ("（2021年度）", "绩效自评报告").
    if (naming + 1 < leading.size() && leading[naming + 1] == leading[naming] + 1) {
      const std::string_view next = utf8::trim(blocks[leading[naming + 1]].text);
      if (next.starts_with("（") || next.starts_with("(") || names_report(next)) to = naming + 1;
    }
    for (size_t k = from; k <= to; ++k) blocks[leading[k]].kind = "title";
  }

  struct Open {
    int heading;
  };
  std::vector<Open> stack;  // open headings, outermost first
  // The last numbered paragraph of each style: its number, whether it was a heading, and the
  // heading it stood under (a sequence goes on only under the same heading).
  struct Numbered {
    int value;
    bool heading;
    int context;
  };
  std::map<std::string, Numbered> last_numbered;
  auto context_of = [&](const std::string& style) {
    for (size_t k = stack.size(); k-- > 0;)
      if (outline[stack[k].heading].style != style) return stack[k].heading;
    return -1;
  };

  for (size_t bi = 0; bi < blocks.size(); ++bi) {
    Block& b = blocks[bi];
    if (b.kind != "paragraph") continue;
    const std::optional<Numbering> num = match_numbering(b.text);
    if (!num) {
      if (b.level > 0 && looks_like_title(b)) {
        // An unnumbered heading the source marks as one (a .docx heading style).
        Heading h;
        h.text = h.title = utf8::trim_copy(b.text);
        h.style = "none";
        h.level = b.level;
        while (!stack.empty() && outline[stack.back().heading].level >= b.level) stack.pop_back();
        h.parent = stack.empty() ? -1 : stack.back().heading;
        h.block = static_cast<int>(bi);
        h.span = b.span;
        b.kind = "heading";
        b.heading = static_cast<int>(outline.size());
        stack.push_back({static_cast<int>(outline.size())});
        outline.push_back(std::move(h));
      }
      continue;
    }
    const std::string_view rest = std::string_view(b.text).substr(num->length);
    HeadingShape shape = shape_of(rest);
    if (shape.run_in && lists_next_item(rest.substr(shape.title_end), *num)) shape.heading = false;
    // The next number of a sequence is what its predecessor was: （十一） a list item makes
    // （十二） one too, however short; 6、 a heading run into its text makes 7、 one too.
    auto prev = last_numbered.find(num->style);
    const int context = context_of(num->style);
    if (prev != last_numbered.end() && prev->second.value + 1 == num->value && prev->second.context == context) {
      if (!prev->second.heading) shape.heading = false;
      else if (!shape.heading) shape = run_in_to_sentence_end(rest);
    }
    last_numbered[num->style] = {num->value, shape.heading, context};
    if (!shape.heading) {
      b.kind = "list_item";
      continue;
    }
    Heading h;
    h.numbering = num->text;
    h.style = num->style;
    h.value = num->value;
    h.run_in = shape.run_in;
    h.title = utf8::trim_copy(rest.substr(0, shape.title_end));
    // A trailing colon or tab belongs to the layout, not the title.
    while (!h.title.empty() && (h.title.back() == ':' || h.title.back() == '\t')) h.title.pop_back();
    if (h.title.size() >= 3 && h.title.compare(h.title.size() - 3, 3, "：") == 0) h.title.resize(h.title.size() - 3);
    h.text = std::string(utf8::trim(std::string_view(b.text).substr(0, num->length + shape.title_end)));
    h.block = static_cast<int>(bi);
    h.span = locate(b.map, b.text, 0, num->length + shape.title_end);

    // Find where this heading sits among the open ones.
    int same_style = -1, continues = -1, same_shape = -1;
    for (int k = static_cast<int>(stack.size()) - 1; k >= 0; --k) {
      const Heading& open = outline[stack[k].heading];
      if (same_style < 0 && open.style == h.style) same_style = k;
      // A number one past an open heading's continues its sequence when the two look alike
      // (三、 then 4、), not across kinds (二、 then 第三部分).
      if (continues < 0 && h.value > 1 && h.value == open.value + 1 &&
          (open.style == h.style || (shape_class(open.style) != 0 && shape_class(open.style) == shape_class(h.style))))
        continues = k;
      if (same_shape < 0 && h.value > 1 && shape_class(open.style) != 0 &&
          shape_class(open.style) == shape_class(h.style))
        same_shape = k;
    }
    int sibling_of = -1;
    if (same_style >= 0 && (continues < 0 || outline[stack[same_style].heading].value + 1 == h.value))
      sibling_of = same_style;
    else if (continues >= 0)
      sibling_of = continues;
    else if (same_style >= 0)
      sibling_of = same_style;
    else if (same_shape >= 0)
      sibling_of = same_shape;

    if (sibling_of >= 0) {
      h.level = outline[stack[sibling_of].heading].level;
      h.parent = outline[stack[sibling_of].heading].parent;
      stack.resize(sibling_of);
    } else {
      h.level = stack.empty() ? 1 : outline[stack.back().heading].level + 1;
      h.parent = stack.empty() ? -1 : stack.back().heading;
    }
    b.kind = "heading";
    b.heading = static_cast<int>(outline.size());
    stack.push_back({static_cast<int>(outline.size())});
    outline.push_back(std::move(h));
  }
  return outline;
}

}  // namespace jixiao
