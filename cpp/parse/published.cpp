#include "parse/published.hpp"

#include "core/embedded_data.hpp"
#include "core/literals.hpp"
#include "core/regex.hpp"
#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>

namespace jixiao {
namespace {

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x2FFFD);
}

// CJK ideographs, CJK and full-width punctuation: the characters between which published text
// adds spaces that the writer never typed.
bool is_chinese(char32_t cp) {
  return utf8::is_cjk(cp) || (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF60 && !(cp >= 0xFF10 && cp <= 0xFF19)) ||
         cp == U'“' || cp == U'”' || cp == U'‘' || cp == U'’' || cp == U'…' || cp == U'—';
}

bool is_digit(char32_t cp) { return (cp >= '0' && cp <= '9') || (cp >= U'０' && cp <= U'９'); }

bool is_inline_space(char32_t cp) { return cp == ' ' || cp == 0x3000 || cp == 0xA0 || cp == '\t'; }

// The line without a leading form feed.
std::string_view content_of(std::string_view line) {
  while (!line.empty() && line.front() == '\f') line.remove_prefix(1);
  return line;
}

bool starts_page(std::string_view line) { return !line.empty() && line.front() == '\f'; }

// Whole-line patterns (matched against the trimmed line).
const Regex& page_number_line() {
  static const Regex re(
      R"(^(?:[-—–－_~·•]+\s*[0-9]{1,4}\s*[-—–－_~·•]+|第\s*[0-9]{1,4}\s*页(?:\s*[,，/／]?\s*共\s*[0-9]{1,4}\s*页)?|[0-9]{1,4}\s*[/／]\s*[0-9]{1,4}|(?:[Pp]age|PAGE)\s*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?)$)");
  return re;
}

const Regex& bare_number_line() {
  static const Regex re(R"(^[0-9]{1,4}$)");
  return re;
}

// Web-page chrome that can stand anywhere: bracketed page commands and site footers.
const Regex& chrome_anywhere() {
  static const Regex re(
      R"(^(?:(?:[【\[]\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏|分享|返回顶部|加入收藏|大|中|小|(?:字号|字体)[^】\]]{0,8})\s*[】\]]\s*)+)"
      R"(|(?:当前位置|您的位置|您现在的位置|所在位置)\s*[:：].*|.*首页\s*[>＞»›/].*[>＞»›/].*|.*首页\s*[>＞»›]\s*\S.*)"
      R"(|(?:上一篇|下一篇)\s*[:：].*|扫一扫.{0,20}|分享到\s*[:：]?.{0,30}|.{0,40}(?:ICP备|公网安备|网站标识码).*)$)",
      {"【", "[", "当前位置", "您的位置", "您现在的位置", "所在位置", "首页", "上一篇", "下一篇", "扫一扫", "分享到", "ICP备",
       "公网安备", "网站标识码"});
  return re;
}

// Fields of a web page's or a document's head and foot; chrome only before the title or
// after the body, where a report has no such lines.
const Regex& chrome_field() {
  static const Regex re(
      R"((?:^|\s)(?:发布时间|发布日期|发文日期|成文日期|更新时间|发布机构|发文机关|信息来源|文章来源|来源|浏览次数|浏览量|阅读次数|访问次数|访问量|点击数|点击量|阅读量|字号|索引号|主题分类|信息分类|文号|有效性|主题词|公开方式|公开范围|公开时限|信息名称|生成日期|作者|责任编辑|编辑|标题|主题|关键词|关键字|创建者|创建时间|创建日期|修改时间|最后修改者|公司|类别|文件名)\s*[:：])",
      {":", "："});
  return re;
}

const Regex& chrome_foot() {
  static const Regex re(
      R"(^(?:打印本页|关闭窗口|打印|关闭|相关链接.*|相关文件.*|网站地图.*|版权所有.*|主办单位\s*[:：].*|承办单位\s*[:：].*|技术支持\s*[:：].*|联系我们.*|Microsoft Word\s*-.*|WPS\s*-.*)$)",
      {"打印", "关闭", "相关链接", "相关文件", "网站地图", "版权所有", "主办单位", "承办单位", "技术支持", "联系我们",
       "Microsoft Word", "WPS"});
  return re;
}

// 目录 entries: text, a leader of dots (or spaces) and a page number.
const Regex& contents_entry_line() {
  static const Regex re(R"(^(.{1,80}?)\s*(?:[.．。…·•‥⋯_-]{2,}|…+)\s*[0-9]{1,4}$)");
  return re;
}

const Regex& contents_page_suffix() {
  static const Regex re(R"((?:\s*(?:[.．。…·•‥⋯_-]{2,}|…+))?\s*[0-9]{1,4}$)");
  return re;
}

bool is_contents_title(std::string_view squeezed) {
  return squeezed == "目录" || squeezed == "目次" || squeezed == "目錄" || squeezed == "Contents" || squeezed == "CONTENTS";
}

// 目录 alone on its line, spaced out or not (目  录); longer lines are passed over unsqueezed.
bool contents_title_line(std::string_view line) {
  const std::string_view t = utf8::trim(content_of(line));
  return t.size() <= 64 && is_contents_title(utf8::squeeze(t));
}

// The words that make a line a report's title.
bool names_a_report(std::string_view squeezed) {
  for (std::string_view w : {"报告", "自评表", "目标表", "评价表", "申报表", "汇总表", "总结", "决算", "预算", "工作计划",
                             "绩效"})
    if (squeezed.find(w) != std::string_view::npos) return true;
  return false;
}

// A key for text repeated at page breaks: white space removed, digits folded (page numbers
// inside a running header differ from page to page).
std::string furniture_key(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t at = i;
    const char32_t cp = utf8::next(s, i);
    if (utf8::is_space(cp)) continue;
    if (is_digit(cp)) {
      if (out.empty() || out.back() != '#') out.push_back('#');
      continue;
    }
    out.append(s.substr(at, i - at));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Roles

// Running headers and footers name the report, the unit or the page; they are no section
// heading, table row (合计, figures, columns) or unit line that happens to stand at a page break.
bool could_be_furniture(std::string_view t) {
  // A sentence ("无。") is the report's, however often it is repeated.
  for (std::string_view end : {"。", "！", "？", "；"})
    if (t.ends_with(end)) return false;
  static const Regex not_furniture(
      R"(^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、.．])|[0-9][.．][0-9]|单位[：:]|^(?:合\s*计|总\s*计|小\s*计)$|\S\s{2,}\S)");
  return !not_furniture.contains(t);
}

void mark_page_furniture(const std::vector<std::string_view>& lines, std::vector<LineRole>& roles) {
  const size_t n = lines.size();
  std::vector<bool> page_break_before(n + 1, false);  // a page break right before line i
  size_t breaks = 0;
  for (size_t i = 0; i < n; ++i) {
    if (starts_page(lines[i])) {
      page_break_before[i] = true;
      ++breaks;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (roles[i] != LineRole::body) continue;
    const std::string_view t = utf8::trim(content_of(lines[i]));
    if (page_number_line().contains(t)) {
      roles[i] = LineRole::page_furniture;
      page_break_before[i + 1] = true;  // a page number closes its page
      ++breaks;
      continue;
    }
  }
  // A bare number is a page number only right at a form feed.
  for (size_t i = 0; i < n; ++i) {
    if (roles[i] != LineRole::body) continue;
    const std::string_view t = utf8::trim(content_of(lines[i]));
    if (!bare_number_line().contains(t)) continue;
    size_t next = i + 1;
    while (next < n && roles[next] == LineRole::blank) ++next;
    if (starts_page(lines[i]) || (next < n && starts_page(lines[next])) || next == n) {
      if (breaks > 0) roles[i] = LineRole::page_furniture;
    }
  }
  if (breaks < 1) return;
  // Running headers and footers: the first and last two lines of each page, when the same
  // text (digits aside) stands there on at least two pages; the first page's head counts as
  // one of them (a header repeating the title) but stays, being the title.
  std::vector<size_t> candidates;
  auto take = [&](size_t from, int step) {
    size_t got = 0;
    for (size_t i = from; i < n && got < 2; i += static_cast<size_t>(step)) {
      if (roles[i] == LineRole::blank || roles[i] == LineRole::page_furniture) {
        if (step < 0 && i == 0) break;
        continue;
      }
      if (roles[i] == LineRole::body) candidates.push_back(i);
      ++got;
      if (step < 0 && i == 0) break;
    }
  };
  for (size_t i = 1; i <= n; ++i) {
    if (!page_break_before[i]) continue;
    if (i < n) take(i, 1);
    take(i - 1, -1);
  }
  std::map<std::string, std::vector<size_t>> by_key;
  for (size_t i : candidates) {
    if (!could_be_furniture(utf8::trim(content_of(lines[i])))) continue;
    const std::string key = furniture_key(content_of(lines[i]));
    if (key.empty() || utf8::length(key) > 60) continue;
    auto& seen = by_key[key];
    if (seen.empty() || seen.back() != i) seen.push_back(i);
  }
  std::vector<size_t> first_page_head;
  for (size_t i = 0; i < n && first_page_head.size() < 2 && !page_break_before[i]; ++i)
    if (roles[i] == LineRole::body) first_page_head.push_back(i);
  for (const auto& entry : by_key) {
    const std::string& key = entry.first;
    const std::vector<size_t>& at = entry.second;
    const bool heads_first_page = std::any_of(first_page_head.begin(), first_page_head.end(), [&](size_t i) {
      return furniture_key(content_of(lines[i])) == key;
    });
    if (at.size() < 2 && !heads_first_page) continue;
    for (size_t i : at)
      if (std::find(first_page_head.begin(), first_page_head.end(), i) == first_page_head.end())
        roles[i] = LineRole::page_furniture;
  }
}

// The first line naming the report (its title), or npos.
size_t title_line(const std::vector<std::string_view>& lines, const std::vector<LineRole>& roles) {
  size_t seen = 0;
  for (size_t i = 0; i < lines.size() && seen < 40; ++i) {
    if (roles[i] != LineRole::body && roles[i] != LineRole::cell) continue;  // a form's title may be its first cell
    ++seen;
    const std::string_view t = utf8::trim(content_of(lines[i]));
    if (chrome_field().contains(t) || chrome_anywhere().contains(t)) continue;
    const std::string s = utf8::squeeze(t);
    if (utf8::length(s) > 60 || s.find("。") != std::string::npos) continue;
    if (names_a_report(s)) return i;
  }
  return std::string_view::npos;
}

// Lines of a document's properties leaked before its title: "---", "author: Administrator".
const Regex& property_line() {
  static const Regex re(R"(^(?:-{3,}|[A-Za-z][A-Za-z ]{1,30}\s*:\s.*)$)");
  return re;
}

size_t chrome_fields(std::string_view t) { return chrome_field().find_all(t).size(); }

// Whether two lines read the same once white space is taken out (utf8::squeeze a == squeeze b),
// compared in place: most pairs differ within a few characters.
bool same_but_spaces(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto skip = [](std::string_view s, size_t& k) {
    while (k < s.size()) {
      size_t after = k;
      if (!utf8::is_space(utf8::next(s, after))) break;
      k = after;
    }
  };
  while (true) {
    skip(a, i);
    skip(b, j);
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    size_t ai = i, bj = j;
    if (utf8::next(a, ai) != utf8::next(b, bj)) return false;
    i = ai;
    j = bj;
  }
}

void mark_web_chrome(const std::vector<std::string_view>& lines, std::vector<LineRole>& roles) {
  const size_t n = lines.size();
  for (size_t i = 0; i < n; ++i) {
    if (roles[i] != LineRole::body) continue;
    const std::string_view t = utf8::trim(content_of(lines[i]));
    // Two fields of a page's head on one line (发布时间… 来源… 浏览次数…) are chrome wherever they stand.
    if (chrome_anywhere().contains(t) || (utf8::length(t) < 100 && chrome_fields(t) >= 2)) roles[i] = LineRole::web_chrome;
  }
  // The head: field lines before the title.
  const size_t title = title_line(lines, roles);
  if (title != std::string_view::npos) {
    for (size_t i = 0; i < title; ++i) {
      if (roles[i] != LineRole::body) continue;
      const std::string_view t = utf8::trim(content_of(lines[i]));
      if (chrome_field().contains(t) || chrome_foot().contains(t) || property_line().contains(t))
        roles[i] = LineRole::web_chrome;
    }
    // A web page repeats the report's title as its own: the first of two equal lines is chrome.
    size_t previous = std::string_view::npos;
    for (size_t i = 0; i < n && i <= title + 12; ++i) {
      if (roles[i] != LineRole::body) continue;
      if (previous != std::string_view::npos && i >= title &&
          same_but_spaces(content_of(lines[previous]), content_of(lines[i]))) {
        roles[previous] = LineRole::web_chrome;
        break;
      }
      previous = i;
    }
  }
  // A page's head names the document, then its fields, then the document starts with the same
  // line: the first of the two is chrome, whether or not the line names a report.
  for (size_t i = 0; i < n && i < 40; ++i) {
    if (roles[i] != LineRole::body) continue;
    size_t next = i + 1;
    bool fields_between = false;
    while (next < n && (roles[next] == LineRole::blank || roles[next] == LineRole::web_chrome)) {
      fields_between = fields_between || roles[next] == LineRole::web_chrome;
      ++next;
    }
    if (fields_between && next < n && roles[next] == LineRole::body &&
        same_but_spaces(content_of(lines[i]), content_of(lines[next]))) {
      roles[i] = LineRole::web_chrome;
      break;
    }
  }
  // The foot: field and footer lines after the body, read from the end.
  size_t looked = 0;
  for (size_t i = n; i-- > 0 && looked < 20;) {
    if (roles[i] == LineRole::blank || roles[i] == LineRole::web_chrome || roles[i] == LineRole::page_furniture) continue;
    if (roles[i] != LineRole::body) break;
    ++looked;
    const std::string_view t = utf8::trim(content_of(lines[i]));
    if (!(chrome_foot().contains(t) || (chrome_field().contains(t) && utf8::length(t) < 80))) break;
    roles[i] = LineRole::web_chrome;
  }
}

std::string contents_key(std::string_view line) {
  std::string_view t = utf8::trim(content_of(line));
  RegexMatch m;
  if (contents_page_suffix().search(t, m) && m.end() == t.size() && m.begin() > 0) t = t.substr(0, m.begin());
  return utf8::squeeze(t);
}

void mark_contents(const std::vector<std::string_view>& lines, std::vector<LineRole>& roles) {
  const size_t n = lines.size();
  // Entries with leaders and page numbers are 目录 wherever they stand.
  for (size_t i = 0; i < n; ++i) {
    if (roles[i] != LineRole::body) continue;
    const std::string_view t = utf8::trim(content_of(lines[i]));
    // The pattern backtracks over up to 80 characters: the cheap tests go first. An entry ends in
    // its page number, and t is trimmed, so a line that does not end in a digit is none.
    if (t.empty() || t.back() < '0' || t.back() > '9' || utf8::length(t) > 90 || t.find("。") != std::string_view::npos)
      continue;
    RegexMatch m;
    if (contents_entry_line().match_at(t, m) && m.end() == t.size()) roles[i] = LineRole::contents;
  }
  // A 目录 heading: its entries run until the body repeats the first of them.
  for (size_t i = 0; i < n; ++i) {
    if (roles[i] != LineRole::body && roles[i] != LineRole::contents) continue;
    if (!contents_title_line(lines[i])) continue;
    std::string first_key;
    size_t end = std::string_view::npos;
    bool leaders = false;
    for (size_t k = i + 1; k < n && k < i + 120; ++k) {
      if (roles[k] == LineRole::blank || roles[k] == LineRole::page_furniture || roles[k] == LineRole::web_chrome)
        continue;
      if (roles[k] == LineRole::contents) leaders = true;
      const std::string key = contents_key(lines[k]);
      if (first_key.empty()) {
        first_key = key;
        continue;
      }
      if (key == first_key) {
        end = k;
        break;
      }
      const std::string_view t = utf8::trim(content_of(lines[k]));
      if (roles[k] != LineRole::contents && (utf8::length(t) > 60 || t.find("。") != std::string_view::npos)) {
        end = k;
        break;
      }
    }
    const bool repeated = end != std::string_view::npos && !first_key.empty() && contents_key(lines[end]) == first_key;
    roles[i] = LineRole::contents;
    if (!repeated && !leaders) continue;
    for (size_t k = i + 1; k < (end == std::string_view::npos ? n : end); ++k)
      if (roles[k] == LineRole::body) roles[k] = LineRole::contents;
    break;
  }
}

// ---------------------------------------------------------------------------------------
// Columns

size_t leading_spaces(std::string_view line) {
  size_t i = 0, n = 0;
  while (i < line.size()) {
    const char32_t cp = utf8::next(line, i);
    if (!is_inline_space(cp)) return n;
    n += cp == 0x3000 ? 2 : 1;
  }
  return n;
}

// A title or heading set letter by letter ("第 三 部 分    某 县 水 利 局"): most of its Chinese
// characters are followed by one space. Its wide gaps are no columns.
bool is_caption(std::string_view t) {
  return (t.ends_with("表") && utf8::length(t) >= 4) || t.find("单位：") != std::string_view::npos ||
         t.find("单位:") != std::string_view::npos;
}

struct Fragment {
  size_t begin, end;        // bytes in the line
  size_t col_begin, col_end;  // in the metric's columns
};

// Cuts a line at runs of two or more spaces (a full-width space counts as two).
// Fragments are split at two or more spaces: a line without two spaces in a row, a tab, a wide
// or no-break space or a form feed is one fragment (or none), found without decoding it.
bool one_fragment_at_most(std::string_view line) {
  return line.find("  ") == std::string_view::npos && line.find('\t') == std::string_view::npos &&
         line.find('\f') == std::string_view::npos && line.find("\u3000") == std::string_view::npos &&
         line.find("\u00A0") == std::string_view::npos;
}

std::vector<Fragment> fragments_of(std::string_view line, bool display) {
  std::vector<Fragment> out;
  size_t i = 0, col = 0;
  size_t space_run = 0;
  std::optional<Fragment> cur;
  size_t last_end = 0, last_col_end = 0;
  while (i < line.size()) {
    const size_t at = i;
    const char32_t cp = utf8::next(line, i);
    const size_t w = display && is_wide(cp) ? 2 : 1;
    if (cp == '\f') continue;
    if (is_inline_space(cp)) {
      space_run += cp == 0x3000 ? 2 : (cp == '\t' ? 2 : 1);
      if (cur && space_run >= 2) {
        cur->end = last_end;
        cur->col_end = last_col_end;
        out.push_back(*cur);
        cur.reset();
      }
    } else {
      if (!cur) cur = Fragment{at, 0, col, 0};
      space_run = 0;
      last_end = i;
      last_col_end = col + w;
    }
    col += w;
  }
  if (cur) {
    cur->end = last_end;
    cur->col_end = last_col_end;
    out.push_back(*cur);
  }
  return out;
}

// A line spread across the page one character at a time (目  录, 总  结) is a title, not cells.
bool spread_out(std::string_view line, const std::vector<Fragment>& pieces) {
  return pieces.size() >= 2 && std::all_of(pieces.begin(), pieces.end(), [&](const Fragment& f) {
           return utf8::length(line.substr(f.begin, f.end - f.begin)) == 1;
         });
}

bool numeric_fragment(std::string_view s) {
  size_t i = 0, digits = 0, other = 0;
  while (i < s.size()) {
    const char32_t cp = utf8::next(s, i);
    if (is_digit(cp)) ++digits;
    else if (cp == '.' || cp == ',' || cp == '%' || cp == '-' || cp == U'％' || cp == U'．') continue;
    else ++other;
  }
  return digits > 0 && other <= 2;
}

struct ColumnFit {
  size_t columns = 0;
  std::vector<size_t> starts;  // column boundaries in the metric
  double spread = 0;           // share of multi-fragment rows that use ≥ 2 columns
};

// Columns are the spans of x the rows leave blank. In a long table a few rows may reach across
// a column's gap (a long label wrapping into the figures' column): up to a tenth of the rows.
ColumnFit fit_columns(const std::vector<std::vector<Fragment>>& rows) {
  ColumnFit fit;
  const int stray = rows.size() >= 10 ? static_cast<int>(rows.size() / 10) : 0;
  size_t width = 0;
  for (const auto& r : rows)
    for (const Fragment& f : r) width = std::max(width, f.col_end);
  if (width == 0) return fit;
  std::vector<int> occupied(width, 0);
  for (const auto& r : rows)
    for (const Fragment& f : r)
      for (size_t x = f.col_begin; x < f.col_end; ++x) ++occupied[x];
  size_t x = 0;
  while (x < width && occupied[x] == 0) ++x;
  fit.starts.push_back(x);
  while (x < width) {
    if (occupied[x] > stray) {
      ++x;
      continue;
    }
    size_t y = x;
    while (y < width && occupied[y] <= stray) ++y;
    if (y < width) fit.starts.push_back(y);
    x = y;
  }
  fit.columns = fit.starts.size();
  return fit;
}

// The column a fragment lies in most (a header right-aligned over its figures may begin a little
// left of the column its figures start).
size_t column_of(const ColumnFit& fit, size_t begin, size_t end) {
  size_t best = 0, best_overlap = 0;
  for (size_t c = 0; c < fit.starts.size(); ++c) {
    const size_t lo = std::max(begin, fit.starts[c]);
    const size_t hi = std::min(end, c + 1 < fit.starts.size() ? fit.starts[c + 1] : end);
    const size_t overlap = hi > lo ? hi - lo : 0;
    if (overlap > best_overlap) {
      best = c;
      best_overlap = overlap;
    }
  }
  return best;
}

// A line of a table set out with spaces: two fragments or more, not a spread-out title nor a
// numbered heading set out with spaces.
bool row_of_cells(std::string_view raw, LineRole role) {
  const std::string_view line = content_of(raw);
  if (role != LineRole::body || one_fragment_at_most(line)) return false;
  const std::vector<Fragment> pieces = fragments_of(line, false);
  if (pieces.size() < 2 || spread_out(line, pieces)) return false;
  // A numbered heading set out with spaces (第三部分  2024年部门预算情况说明, 第 三 部 分    某 县)
  // is no row; a statement's row opening with a number (一、一般公共服务支出  3,302.15) has figures.
  static const Regex section_number(R"(^(?:第[一二三四五六七八九十]{1,3}(?:部分|章|节)|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]))");
  if (pieces.size() == 2) {
    const std::string first = utf8::squeeze(line.substr(pieces[0].begin, pieces[0].end - pieces[0].begin));
    const std::string_view second = line.substr(pieces[1].begin, pieces[1].end - pieces[1].begin);
    // …unless both halves are numbered labels: 七、附属单位上缴收入    七、灾害防治及应急管理支出.
    if (section_number.contains(first) && !numeric_fragment(second) && !section_number.contains(utf8::squeeze(second)))
      return false;
  }
  return true;
}

std::vector<AlignedTable> find_aligned_tables(const std::vector<std::string_view>& lines,
                                              const std::vector<LineRole>& roles) {
  std::vector<AlignedTable> out;
  const size_t n = lines.size();
  // Whether line i is a row of cells; asked again and again of the same lines, so kept.
  std::vector<signed char> known(n, -1);
  auto columnar = [&](size_t i) {
    if (known[i] < 0) known[i] = row_of_cells(lines[i], roles[i]);
    return known[i] == 1;
  };
  size_t i = 0;
  while (i < n) {
    if (!columnar(i)) {
      ++i;
      continue;
    }
    // A run: columnar lines, with blank lines and single-cell lines between them. A single
    // cell standing at a column the run's rows use is a row too (the left half of a statement
    // left empty: "      十、节能环保支出").
    size_t last = i, count = 1, numeric_rows = 0;
    size_t k = i + 1;
    size_t gap = 0;
    std::vector<size_t> starts;
    auto remember = [&](size_t line) {
      for (const Fragment& f : fragments_of(content_of(lines[line]), false)) starts.push_back(f.col_begin);
    };
    auto at_a_column = [&](size_t line) {
      const std::vector<Fragment> frags = fragments_of(content_of(lines[line]), false);
      if (frags.size() != 1) return false;
      return std::any_of(starts.begin(), starts.end(), [&](size_t c) {
        // Within two columns: pdftotext sets a label a space or two off its column.
        return c + 2 >= frags[0].col_begin && c <= frags[0].col_begin + 2;
      });
    };
    // Short single cells lead back to a columnar line within `reach` lines.
    auto resumes_within = [&](size_t from, size_t reach) {
      for (size_t j = from + 1; j < n && j <= from + reach; ++j) {
        if (columnar(j)) return true;
        if (roles[j] == LineRole::blank || roles[j] == LineRole::page_furniture) continue;
        const std::string_view t = utf8::trim(content_of(lines[j]));
        if (roles[j] != LineRole::body || utf8::length(t) > 20 || t.find("。") != std::string_view::npos) return false;
      }
      return false;
    };
    remember(i);
    while (k < n && gap <= 2) {
      if (columnar(k)) {
        last = k;
        ++count;
        gap = 0;
        remember(k);
      } else if (roles[k] == LineRole::page_furniture) {
        // A page break inside a table: its page number and running header are no gap.
      } else if (roles[k] == LineRole::blank) {
        ++gap;
      } else if (roles[k] == LineRole::body) {
        const std::string_view t = utf8::trim(content_of(lines[k]));
        // A short line inside a table continues a cell; a sentence or the next table's caption
        // (…决算表, 单位：万元) ends the table — unless it stands in a later column, where only a
        // cell's wrapped text can stand ("提前安排。").
        const bool later_column = leading_spaces(content_of(lines[k])) >= 8 && utf8::length(t) <= 30 && !is_caption(t);
        if (!later_column && (utf8::length(t) > 30 || t.find("。") != std::string_view::npos || is_caption(t))) break;
        if (at_a_column(k) && leading_spaces(content_of(lines[k])) > 0) {
          last = k;
          gap = 0;
        } else if (at_a_column(k) && resumes_within(k, 6)) {
          // Cells wrapped at the left edge ("二、政府性基金预算财政拨" / "款") between rows.
          last = k;
          gap = 0;
        } else {
          ++gap;
        }
      } else {
        break;
      }
      ++k;
    }
    for (size_t r = i; r <= last; ++r) {
      if (roles[r] != LineRole::body) continue;
      for (const Fragment& f : fragments_of(content_of(lines[r]), false))
        if (numeric_fragment(content_of(lines[r]).substr(f.begin, f.end - f.begin))) {
          ++numeric_rows;
          break;
        }
    }
    if (count < 3 || numeric_rows + count < 4) {
      i = last + 1;
      continue;
    }
    AlignedTable t;
    t.first_line = i;
    t.last_line = last;
    std::vector<size_t> row_lines;
    // The unit line just above a table ("单位：万元") is part of it: it says what its figures are.
    for (size_t up = i, looked = 0; up-- > 0 && looked < 3;) {
      if (roles[up] == LineRole::blank) continue;
      ++looked;
      if (roles[up] != LineRole::body) break;
      const std::string_view c = utf8::trim(content_of(lines[up]));
      if (utf8::length(c) <= 20 && (c.find("单位：") != std::string_view::npos || c.find("单位:") != std::string_view::npos)) {
        t.first_line = up;
        row_lines.push_back(up);
      }
      break;
    }
    for (size_t r = i; r <= last; ++r)
      if (roles[r] == LineRole::body && !utf8::trim(content_of(lines[r])).empty()) row_lines.push_back(r);
    // Columns by character count (pdftotext -layout) or by display width (fixed-width copies):
    // whichever metric lines the rows up into more columns.
    // whichever metric lines the rows' cells up on the columns' starts (left-aligned cells start
    // exactly there when the metric is the one the text was laid out in).
    ColumnFit best;
    bool best_display = false;
    double best_aligned = -1;
    for (bool display : {false, true}) {
      std::vector<std::vector<Fragment>> frags;
      for (size_t r : row_lines) frags.push_back(fragments_of(content_of(lines[r]), display));
      ColumnFit fit = fit_columns(frags);
      size_t on_start = 0, total = 0;
      for (const auto& row : frags)
        for (const Fragment& f : row) {
          ++total;
          on_start += std::binary_search(fit.starts.begin(), fit.starts.end(), f.col_begin);
        }
      const double aligned = total ? static_cast<double>(on_start) / static_cast<double>(total) : 0;
      if (aligned > best_aligned + 1e-9 || (aligned > best_aligned - 1e-9 && fit.columns > best.columns)) {
        best = fit;
        best_display = display;
        best_aligned = aligned;
      }
    }
    t.columns = std::max<size_t>(best.columns, 1);
    for (size_t r : row_lines) {
      const std::string_view line = content_of(lines[r]);
      const size_t lead = lines[r].size() - line.size();
      AlignedRow row;
      row.cells.assign(t.columns, {0, 0});
      std::vector<Fragment> frags = fragments_of(line, best_display);
      if (best.columns <= 1) {
        // No column the whole run agrees on: cells in reading order.
        row.cells.assign(std::max<size_t>(frags.size(), 1), {0, 0});
        for (size_t c = 0; c < frags.size(); ++c) row.cells[c] = {lead + frags[c].begin, lead + frags[c].end};
        t.columns = std::max(t.columns, frags.size());
      } else {
        for (const Fragment& f : frags) {
          auto& cell = row.cells[column_of(best, f.col_begin, f.col_end)];
          if (cell.first == cell.second) cell = {lead + f.begin, lead + f.end};
          else cell.second = lead + f.end;  // two fragments of one cell ("附属单位 上缴")
        }
      }
      t.row_lines.push_back(r);
      t.rows.push_back(std::move(row));
    }
    for (AlignedRow& row : t.rows) row.cells.resize(t.columns, {0, 0});
    out.push_back(std::move(t));
    i = last + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Hard-wrapped lines

char32_t last_char(std::string_view t) {
  size_t at = t.size();
  while (at > 0 && (static_cast<unsigned char>(t[at - 1]) & 0xC0) == 0x80) --at;
  if (at > 0) --at;
  size_t i = at;
  return at < t.size() ? utf8::next(t, i) : 0;
}

bool ends_sentence(std::string_view t) {
  for (std::string_view end : {"。", "！", "？", "：", "；", ":", "”。", "）。"})
    if (t.ends_with(end)) return true;
  return false;
}


// Each line's display width up to its last visible character (its indent included): both wrap
// passes ask for it, some lines more than once.
std::vector<size_t> ink_widths(const std::vector<std::string_view>& lines) {
  std::vector<size_t> out(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = content_of(lines[i]);
    const std::string_view t = utf8::trim(line);
    out[i] = display_width(line.substr(0, t.data() + t.size() - line.data()));
  }
  return out;
}

void mark_wraps(const std::vector<std::string_view>& lines, const std::vector<size_t>& ink,
                const std::vector<LineRole>& roles, const std::vector<bool>& in_table, std::vector<bool>& wraps) {
  const size_t n = lines.size();
  // The width text is wrapped at: most long prose lines end within a few columns of it.
  std::vector<size_t> widths;
  for (size_t i = 0; i < n; ++i) {
    if (roles[i] != LineRole::body || in_table[i]) continue;
    if (ink[i] >= 48) widths.push_back(ink[i]);  // a page is wider than this; shorter lines end paragraphs
  }
  if (widths.size() < 3) return;
  std::sort(widths.begin(), widths.end());
  size_t best_at = 0, best_count = 0;
  for (size_t a = 0; a < widths.size(); ++a) {
    size_t b = a;
    while (b < widths.size() && widths[b] <= widths[a] + 4) ++b;
    if (b - a >= best_count) {
      best_count = b - a;
      best_at = a;
    }
  }
  if (best_count < 3 || best_count * 10 < widths.size() * 5) return;
  const size_t wrap_low = widths[best_at];
  // Pages are wider than a heading: a cluster of short lines of one width is a list of headings
  // (a narrow column of wrapped text is found run by run, in mark_narrow_column_wraps).
  if (wrap_low < 48) return;
  size_t wrap_high = wrap_low;
  for (size_t k = best_at; k < best_at + best_count; ++k) wrap_high = std::max(wrap_high, widths[k]);
  // Lines much longer than the wrap width mean the text is not wrapped at that width.
  size_t longer = 0;
  for (size_t w : widths) longer += w > wrap_high + 6;
  if (longer * 4 > widths.size()) return;
  // Is a paragraph's first line indented while its wrapped lines start at the margin? Then an
  // indented line always starts a paragraph.
  size_t indented_then_flush = 0;
  for (size_t i = 0; i + 1 < n; ++i)
    if (roles[i] == LineRole::body && roles[i + 1] == LineRole::body && leading_spaces(content_of(lines[i])) >= 2 &&
        leading_spaces(content_of(lines[i + 1])) == 0)
      ++indented_then_flush;
  const bool indents_paragraphs = indented_then_flush >= 3;
  // Text converted with a blank line after every line ("double-spaced"): a single blank line is
  // no paragraph break there.
  size_t adjacent = 0, one_apart = 0;
  for (size_t i = 0; i + 2 < n; ++i) {
    if (roles[i] != LineRole::body || in_table[i]) continue;
    if (roles[i + 1] == LineRole::body) ++adjacent;
    else if (roles[i + 1] == LineRole::blank && roles[i + 2] == LineRole::body) ++one_apart;
  }
  const bool double_spaced = one_apart >= 10 && one_apart >= adjacent;
  auto columnar_line = [&](size_t i) {
    const std::string_view c = content_of(lines[i]);
    return !one_fragment_at_most(c) && fragments_of(c, false).size() >= 2;
  };
  for (size_t i = 0; i + 1 < n; ++i) {
    if (roles[i] != LineRole::body || in_table[i] || columnar_line(i)) continue;
    // The next body line, across page furniture and one blank line at a page break.
    size_t next = i + 1;
    bool crossed_page = false;
    size_t blanks = 0;
    while (next < n && (roles[next] == LineRole::page_furniture || roles[next] == LineRole::blank)) {
      crossed_page = crossed_page || roles[next] == LineRole::page_furniture || starts_page(lines[next]);
      // A blank line ends the paragraph, unless the page's foot (its number) comes after it.
      if (roles[next] == LineRole::blank && !crossed_page && !(double_spaced && blanks == 0)) {
        size_t after = next;
        while (after < n && roles[after] == LineRole::blank) ++after;
        if (after >= n || roles[after] != LineRole::page_furniture) break;
      }
      blanks += roles[next] == LineRole::blank;
      ++next;
    }
    if (next >= n || roles[next] != LineRole::body || in_table[next] || columnar_line(next)) continue;
    if (starts_page(lines[next])) crossed_page = true;
    const std::string_view line = content_of(lines[i]);
    const std::string_view t = utf8::trim(line);
    const size_t w = ink[i];
    // A break inside a phrase (…拨款收入 / 980.00 万元) may fall well short of the width: a figure
    // or word in Latin letters is never split, so the line ends before it.
    const bool mid_phrase = !t.empty() && (utf8::is_cjk(last_char(t)) || std::isdigit(static_cast<unsigned char>(t.back())));
    if (w + (mid_phrase ? 12 : 4) < wrap_low || ends_sentence(t)) continue;
    const std::string_view following = content_of(lines[next]);
    // A paragraph indented deeper than the wrapped line's continuation starts anew.
    if (leading_spaces(following) >= 2 && (indents_paragraphs || leading_spaces(following) > leading_spaces(line)))
      continue;
    if (next != i + 1 && !crossed_page && !(double_spaced && next == i + 2)) continue;
    wraps[i] = true;  // across a page break too: the lines between are furniture
  }
}

// A table cell too long for its column, left as text by the reader: four or more lines in a row of
// one narrow width (16 characters a line), none ending a sentence where it breaks. Each such line
// goes on in the next, across a page break too.
void mark_narrow_column_wraps(const std::vector<std::string_view>& lines, const std::vector<size_t>& ink,
                              const std::vector<LineRole>& roles, const std::vector<bool>& in_table,
                              std::vector<bool>& wraps) {
  const size_t n = lines.size();
  auto width_of = [&](size_t i) {  // without the indent
    const std::string_view line = content_of(lines[i]);
    const std::string_view t = utf8::trim(line);
    return ink[i] - display_width(line.substr(0, t.data() - line.data()));
  };
  size_t i = 0;
  while (i < n) {
    if (roles[i] != LineRole::body || in_table[i]) {
      ++i;
      continue;
    }
    // The run: body lines, across page furniture and the blank lines around it.
    std::vector<size_t> run = {i};
    size_t k = i + 1;
    while (k < n) {
      size_t next = k;
      bool furniture = false;
      while (next < n && (roles[next] == LineRole::page_furniture || roles[next] == LineRole::blank)) {
        furniture = furniture || roles[next] == LineRole::page_furniture;
        ++next;
      }
      if (next >= n || roles[next] != LineRole::body || in_table[next] || (next != k && !furniture)) break;
      run.push_back(next);
      k = next + 1;
    }
    i = k;
    if (run.size() < 4) continue;
    std::map<size_t, size_t> count;
    for (size_t line : run) ++count[width_of(line)];
    size_t width = 0, most = 0;
    for (const auto& [w, c] : count)
      if (c > most) {
        width = w;
        most = c;
      }
    if (width < 16 || width >= 48 || most < 4 || most * 10 < run.size() * 6) continue;
    for (size_t r = 0; r + 1 < run.size(); ++r) {
      const size_t w = width_of(run[r]);
      if (w + 1 >= width && w <= width && !ends_sentence(utf8::trim(content_of(lines[run[r]])))) wraps[run[r]] = true;
    }
  }
}

}  // namespace

size_t known_heading_length(std::string_view text) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    const nlohmann::json headings = nlohmann::json::parse(embedded_file("headings.json"));
    for (const auto& name : headings.at("names")) all.push_back(name.get<std::string>());
    const nlohmann::json templates = nlohmann::json::parse(embedded_file("templates.json"));
    for (const auto& tmpl : templates.at("templates"))
      for (const auto& section : tmpl.at("sections")) {
        all.push_back(section.at("name").get<std::string>());
        for (const auto& alias : section.value("aliases", nlohmann::json::array())) all.push_back(alias.get<std::string>());
      }
    // Longest first, so 存在的问题及原因分析 wins over 存在的问题.
    std::sort(all.begin(), all.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  }();
  auto named = [&](std::string_view at) -> size_t {
    for (const std::string& name : names)
      if (at.starts_with(name)) {
        // A qualifier in brackets belongs to the name: 附件（佐证依据）.
        const std::string_view after = at.substr(name.size());
        for (auto [open, close] : {std::pair{"（", "）"}, std::pair{"(", ")"}}) {
          const size_t end = after.find(close);
          if (!after.starts_with(open) || end == std::string_view::npos || end > 36) continue;
          // （一） after a name is the next section's number, not a qualifier.
          static const Regex numbered(R"(^[（(]\s*(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})\s*[）)])");
          if (numbered.contains(after)) continue;
          return name.size() + end + std::string_view(close).size();
        }
        return name.size();
      }
    return 0;
  };
  if (const size_t n = named(text)) return n;
  // The unit or the year a section is about may stand before its name: 部门（单位）整体支出绩效状况,
  // 2021年工作总结.
  static const Regex year(R"(^(?:[0-9]{4}|[〇零一二三四五六七八九]{4})年度?)");
  RegexMatch m;
  size_t lead = 0;
  if (year.match_at(text, m)) lead = m.end();
  for (std::string_view unit : {"部门（单位）", "单位（部门）", "部门(单位)", "部门", "单位"})
    if (text.substr(lead).starts_with(unit)) {
      if (const size_t n = named(text.substr(lead + unit.size()))) return lead + unit.size() + n;
    }
  if (lead > 0)
    if (const size_t n = named(text.substr(lead))) return lead + n;
  return 0;
}

namespace {

// Where a section number stands in flowed text, and where its numbering ends.
struct FlowedMarker {
  size_t begin, end;
};

bool is_small_numeral(char32_t cp) {
  switch (cp) {
    case U'一': case U'二': case U'三': case U'四': case U'五':
    case U'六': case U'七': case U'八': case U'九': case U'十':
      return true;
    default:
      return false;
  }
}

bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// Characters of one kind from `at` on: how many, and where they end.
size_t run_of(std::string_view text, size_t& at, bool (*kind)(char32_t)) {
  size_t count = 0;
  while (at < text.size()) {
    size_t next = at;
    if (!kind(utf8::next(text, next))) break;
    at = next;
    ++count;
  }
  return count;
}

// The end of a section number starting at `begin`, or 0: 第三部分, 三、, （三）, 3、 (no digit
// before it), （3）. One to three numerals, or one or two digits.
size_t marker_end(std::string_view text, size_t begin) {
  size_t at = begin;
  const char32_t first = utf8::next(text, at);
  auto followed_by = [&](size_t from, std::initializer_list<std::string_view> closers) -> size_t {
    for (std::string_view c : closers)
      if (text.substr(from).starts_with(c)) return from + c.size();
    return 0;
  };
  if (first == U'第') {
    const size_t n = run_of(text, at, is_small_numeral);
    return n >= 1 && n <= 3 ? followed_by(at, {"部分"}) : 0;
  }
  if (is_small_numeral(first)) {
    at = begin;
    const size_t n = run_of(text, at, is_small_numeral);
    return n <= 3 ? followed_by(at, {"、"}) : 0;
  }
  if (first == U'（' || first == '(') {
    const size_t inside = at;
    if (const size_t n = run_of(text, at, is_small_numeral); n >= 1)
      return n <= 3 ? followed_by(at, {"）", ")"}) : 0;
    at = inside;
    const size_t n = run_of(text, at, is_ascii_digit);
    return n >= 1 && n <= 2 ? followed_by(at, {"）", ")"}) : 0;
  }
  if (is_ascii_digit(first) && (begin == 0 || !is_ascii_digit(static_cast<unsigned char>(text[begin - 1])))) {
    at = begin;
    const size_t n = run_of(text, at, is_ascii_digit);
    return n <= 2 ? followed_by(at, {"、"}) : 0;
  }
  return 0;
}

// Section numbers in flowed text, left to right, none inside another.
std::vector<FlowedMarker> flowed_markers(std::string_view text) {
  std::vector<FlowedMarker> out;
  size_t i = 0;
  while (i < text.size()) {
    if (const size_t end = marker_end(text, i)) {
      out.push_back({i, end});
      i = end;
    } else {
      utf8::next(text, i);
    }
  }
  return out;
}

// Text that may follow a heading glued to it: anything but punctuation, which would make the
// name part of a sentence (部门职能、人员情况 …).
bool glued_text_follows(std::string_view rest) {
  if (rest.empty()) return false;
  size_t i = 0;
  const char32_t cp = utf8::next(rest, i);
  return utf8::is_cjk(cp) || (cp >= '0' && cp <= '9');
}

// Bytes of white space (ASCII or ideographic) at `at`.
size_t spaces_at(std::string_view text, size_t at) {
  size_t i = at;
  while (i < text.size()) {
    if (text[i] == ' ') ++i;
    else if (text.substr(i, 3) == "\u3000") i += 3;
    else break;
  }
  return i - at;
}

bool has_punctuation(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = utf8::next(s, i);
    if (!utf8::is_cjk(cp) && !(cp >= '0' && cp <= '9')) return true;
  }
  return false;
}

// Words that hold a sentence: a sentence end in them.
bool ends_in_sentence(std::string_view s) {
  for (std::string_view end : {"。", "；", "！", "？"})
    if (s.find(end) != std::string_view::npos) return true;
  return false;
}

}  // namespace

std::vector<size_t> flowed_paragraph_breaks(std::string_view text) {
  std::vector<size_t> out;
  if (text.size() < 300) return out;  // a paragraph of a few sentences is never split
  // A section number right after a sentence's end or white space; an item number (3、) only after
  // white space. Found from the few places such a mark stands, each tried once.
  static const Regex section_number(
      R"(第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])", true);
  static const Regex item_number(R"([0-9]{1,2}[、．.](?![0-9]))", true);
  static const LiteralSet before_number{"。", "；", "！", "？", " ", "\u3000"};
  RegexMatch m;
  before_number.for_each(text, [&](size_t word, size_t begin) {
    const size_t at = begin + (word < 4 ? 3 : word == 4 ? 1 : 3);
    if (at >= text.size()) return;
    if (section_number.match_at(text, m, at) || (word >= 4 && item_number.match_at(text, m, at))) out.push_back(at);
  });
  // Headings glued to what follows them (一、部门基本情况（一）部门职能县水利局负责……) leave no
  // punctuation to cut at; a known heading name right after a section number does, and only
  // where the text is already known to be flowed sections.
  const std::vector<FlowedMarker> markers = flowed_markers(text);
  // 3、部门整体支出绩效情况 after a sentence: a section numbered like a list item, which only a
  // known heading name tells from the next item of a list.
  const bool sections_cut = !out.empty();
  for (const FlowedMarker& m : markers)
    if (m.begin > 0 && text[m.begin] >= '0' && text[m.begin] <= '9' &&
        (sections_cut || ends_in_sentence(text.substr(m.begin >= 3 ? m.begin - 3 : 0, 3))) &&
        utf8::length(text.substr(m.end + spaces_at(text, m.end), known_heading_length(text.substr(m.end + spaces_at(text, m.end))))) >= 4)
      out.push_back(m.begin);
  bool flowed = !out.empty();
  for (size_t k = 0; k + 1 < markers.size(); ++k) {
    const std::string_view between = utf8::trim(text.substr(markers[k].end, markers[k + 1].begin - markers[k].end));
    if (between.empty()) continue;
    // 一、主要工作完成情况（一）党建工作: a few words with no punctuation between two numbers of
    // different kinds are a heading with its first sub-heading glued on.
    const bool nested = text.substr(markers[k].begin, 3) != text.substr(markers[k + 1].begin, 3) &&
                        utf8::length(between) <= 20 && !has_punctuation(between);
    if (known_heading_length(between) == between.size() || nested) {
      out.push_back(markers[k + 1].begin);
      flowed = true;
    }
  }
  if (!flowed) return {};
  std::sort(out.begin(), out.end());
  // A known name glued to its text (（一）部门职能县水利局负责……工作。) ends the heading there, when what
  // follows up to the next cut is a sentence, not the rest of a longer name (主要工作|完成情况).
  std::vector<size_t> glued;
  for (const FlowedMarker& m : markers) {
    if (m.begin != 0 && !std::binary_search(out.begin(), out.end(), m.begin)) continue;
    const size_t from = m.end + spaces_at(text, m.end);
    const size_t name = known_heading_length(text.substr(from));
    if (name == 0 || !glued_text_follows(text.substr(from + name))) continue;
    const auto next_cut = std::upper_bound(out.begin(), out.end(), from + name);
    const size_t until = next_cut == out.end() ? text.size() : *next_cut;
    // 四、国有资本经营预算支出情况无 (a one-word section, 无) ends in no sentence.
    const std::string_view body = text.substr(from + name, until - (from + name));
    if (ends_in_sentence(body) || utf8::length(utf8::trim(body)) <= 2) glued.push_back(from + name);
  }
  out.insert(out.end(), glued.begin(), glued.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string_view artifact_kind(LineRole role) {
  switch (role) {
    case LineRole::page_furniture:
      return "page_furniture";
    case LineRole::web_chrome:
      return "web_chrome";
    case LineRole::contents:
      return "contents";
    default:
      return {};
  }
}

size_t display_width(std::string_view s) {
  size_t i = 0, w = 0;
  while (i < s.size()) {
    const char32_t cp = utf8::next(s, i);
    if (cp == '\f') continue;
    w += is_wide(cp) ? 2 : 1;
  }
  return w;
}

LineLayout lay_out_lines(const std::vector<std::string_view>& lines) {
  LineLayout out;
  const size_t n = lines.size();
  out.roles.assign(n, LineRole::body);
  out.wraps_into_next.assign(n, false);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view c = content_of(lines[i]);
    if (!c.empty() && (c[0] == '\t' || (c.find_first_not_of(' ') != std::string_view::npos &&
                                        c[c.find_first_not_of(' ')] == '\t' && c.find_first_not_of(' ') > 0)))
      out.roles[i] = LineRole::cell;
    else if (utf8::trim(c).empty())
      out.roles[i] = LineRole::blank;
  }
  mark_page_furniture(lines, out.roles);
  mark_web_chrome(lines, out.roles);
  mark_contents(lines, out.roles);
  out.tables = find_aligned_tables(lines, out.roles);
  {
    std::vector<bool> body(n), blank(n);
    for (size_t i = 0; i < n; ++i) {
      body[i] = out.roles[i] == LineRole::body;
      blank[i] = out.roles[i] == LineRole::blank;
    }
    for (const AlignedTable& t : out.tables)
      for (size_t i = t.first_line; i <= t.last_line; ++i) body[i] = false;
    out.cell_tables = find_cell_line_tables(lines, body, blank);
  }
  std::vector<bool> in_table(n, false);
  for (const AlignedTable& t : out.tables)
    for (size_t i = t.first_line; i <= t.last_line; ++i) in_table[i] = true;
  for (const CellLineTable& t : out.cell_tables)
    for (size_t i = t.first_line; i <= t.last_line; ++i) in_table[i] = true;
  const std::vector<size_t> ink = ink_widths(lines);
  mark_wraps(lines, ink, out.roles, in_table, out.wraps_into_next);
  mark_narrow_column_wraps(lines, ink, out.roles, in_table, out.wraps_into_next);
  return out;
}

std::string tidy_published(std::string_view text, std::vector<Segment>& map) {
  if (map.empty()) return std::string(text);
  // Decode once: code points with their byte offsets.
  struct Char {
    char32_t cp;
    size_t at, len;
  };
  std::vector<Char> chars;
  chars.reserve(text.size());
  {
    size_t i = 0;
    while (i < text.size()) {
      const size_t at = i;
      const char32_t cp = utf8::next(text, i);
      chars.push_back({cp, at, i - at});
    }
  }
  auto cp_at = [&](size_t k) -> char32_t { return k < chars.size() ? chars[k].cp : 0; };
  // Source position of each byte offset, walking the map once.
  std::string out;
  out.reserve(text.size());
  std::vector<Segment> new_map;
  size_t seg = 0;
  int seg_column_base = map.front().column;
  size_t seg_offset = static_cast<size_t>(map.front().offset);
  int column = map.front().column;  // source column of the current character
  int line = map.front().line;
  bool need_segment = true;
  size_t prev_kept = std::string::npos;  // index of the last character kept
  // Characters kept as they are, text[run_begin, run_end), copied in one piece.
  size_t run_begin = 0, run_end = 0;
  auto flush_run = [&] {
    out.append(text.substr(run_begin, run_end - run_begin));
    run_begin = run_end;
  };
  for (size_t k = 0; k < chars.size(); ++k) {
    // Follow the source map.
    while (seg + 1 < map.size() && static_cast<size_t>(map[seg + 1].offset) <= chars[k].at) {
      ++seg;
      seg_offset = static_cast<size_t>(map[seg].offset);
      seg_column_base = map[seg].column;
      line = map[seg].line;
      need_segment = true;
    }
    if (chars[k].at == seg_offset) column = seg_column_base;
    const char32_t cp = chars[k].cp;
    bool drop = false;
    char32_t put = cp;
    if (is_inline_space(cp)) {
      // Spaces between Chinese text and anything but Latin words are layout, not writing.
      size_t b = k;
      while (b < chars.size() && is_inline_space(chars[b].cp)) ++b;
      const char32_t before = prev_kept == std::string::npos ? 0 : cp_at(prev_kept);
      const char32_t after = cp_at(b);
      const bool chinese_side = is_chinese(before) || is_chinese(after);
      const bool other_ok = [&](char32_t o) {
        return o == 0 || is_chinese(o) || is_digit(o) || o == '%' || o == '.' || o == ')' || o == '(' || o == ',' ||
               o == ':' || o == ';';
      }(is_chinese(before) ? after : before);
      // Letter-spaced digits ("2 0 2 3 年 度"): single digits standing alone on both sides.
      const bool lone = [&](size_t at) {
        return (at == 0 || is_inline_space(chars[at - 1].cp)) && (at + 1 >= chars.size() || is_inline_space(chars[at + 1].cp));
      }(b < chars.size() ? b : 0);
      const bool spaced_digits = prev_kept != std::string::npos && is_digit(before) && is_digit(after) && lone &&
                                 (prev_kept == 0 || is_inline_space(chars[prev_kept - 1].cp));
      // "95.0 %": a unit sign set apart from its number.
      const bool unit_sign = is_digit(before) && (after == '%' || after == U'‰' || after == U'℃');
      drop = before == 0 || after == 0 || (chinese_side && other_ok) || spaced_digits || unit_sign;
    } else if (cp >= U'０' && cp <= U'９') {
      put = cp - U'０' + '0';
    } else if (cp == U'％') {
      put = '%';
    } else if (cp == U'．' && is_digit(cp_at(k + 1)) && prev_kept != std::string::npos && is_digit(cp_at(prev_kept))) {
      put = '.';
    } else if (cp == ',' || cp == ':' || cp == ';' || cp == '(' || cp == ')' || cp == '?' || cp == '!') {
      // ASCII punctuation written between Chinese words is the full-width mark.
      const char32_t before = prev_kept == std::string::npos ? 0 : cp_at(prev_kept);
      size_t a = k + 1;
      while (a < chars.size() && is_inline_space(chars[a].cp)) ++a;
      const char32_t after = cp_at(a);
      const bool between_digits = is_digit(before) && is_digit(after);
      const bool chinese = (cp == '(' ? is_chinese(after) || is_chinese(before)
                            : cp == ')' ? is_chinese(before) || is_chinese(after)
                                        : is_chinese(before));
      if (chinese && !between_digits) {
        switch (cp) {
          case ',':
            put = U'，';
            break;
          case ':':
            put = U'：';
            break;
          case ';':
            put = U'；';
            break;
          case '(':
            put = U'（';
            break;
          case ')':
            put = U'）';
            break;
          case '?':
            put = U'？';
            break;
          default:
            put = U'！';
            break;
        }
      }
    }
    if (drop) {
      need_segment = true;
    } else {
      if (need_segment) {
        new_map.push_back({static_cast<int>(out.size() + (run_end - run_begin)), line, column});
        need_segment = false;
      }
      if (put == cp) {
        if (chars[k].at != run_end) {
          flush_run();
          run_begin = chars[k].at;
        }
        run_end = chars[k].at + chars[k].len;
      } else {
        flush_run();
        utf8::append(out, put);
      }
      prev_kept = k;
    }
    ++column;
  }
  flush_run();
  if (new_map.empty()) new_map.push_back({0, map.front().line, map.front().column});
  // Trailing/leading spaces dropped: nothing left to trim.
  map = std::move(new_map);
  return out;
}

}  // namespace jixiao
