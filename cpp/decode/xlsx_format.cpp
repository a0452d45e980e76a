#include "decode/xlsx_format.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace jixiao::xlsx {
namespace {

// One section of a format code ("#,##0.00;[Red]-#,##0.00" has two), with literals resolved.
struct Section {
  std::string prefix;  // literal text before the digits ("¥")
  std::string suffix;  // literal text after them ("%", "元")
  int integer_zeros = 0;        // '0' placeholders before the point: the minimum integer digits
  bool has_digits = false;      // any 0 # ? placeholder
  int min_decimals = 0;         // '0' after the point
  int max_decimals = 0;         // 0 # ? after the point
  bool thousands = false;       // a comma between digit placeholders
  int scale_commas = 0;         // commas after the last placeholder: each divides by 1000
  int percents = 0;             // each % multiplies by 100
  bool scientific = false;
  int exponent_digits = 0;
  bool date = false;            // y m d h s placeholders
  bool has_date = false;
  bool has_time = false;
  bool has_seconds = false;
  bool text = false;            // "@": the value as text
  bool general = false;         // "General" (or Chinese Excel's "G/通用格式") among literals
};

constexpr std::string_view kChineseGeneral = "G/通用格式";  // General as Chinese Excel and WPS write it

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_ci(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i)
    if (lower(s[i]) != lower_prefix[i]) return false;
  return true;
}

std::vector<std::string_view> split_sections(std::string_view code) {
  std::vector<std::string_view> out;
  size_t start = 0;
  bool quoted = false, bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (bracket) {
      bracket = c != ']';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bracket = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or a padding/fill character)
    } else if (c == ';') {
      out.push_back(code.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(code.substr(start));
  return out;
}

Section parse_section(std::string_view code) {
  Section s;
  bool after_point = false, after_digits = false, in_exponent = false;
  int pending_commas = 0;  // commas seen since the last placeholder
  auto literal = [&](std::string_view text) {
    // Text between placeholders is rare; it joins the side it is nearest to.
    (s.has_digits ? s.suffix : s.prefix) += text;
  };
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    const char l = lower(c);
    if (c == '"') {
      const size_t end = code.find('"', i + 1);
      const size_t stop = end == std::string_view::npos ? code.size() : end;
      literal(code.substr(i + 1, stop - i - 1));
      i = stop;
    } else if (c == '\\') {
      if (i + 1 < code.size()) literal(code.substr(++i, 1));
    } else if (c == '_' || c == '*') {
      ++i;  // padding to a character's width, or a fill: nothing in text
    } else if (c == '[') {
      const size_t end = code.find(']', i);
      const std::string_view inside = code.substr(i + 1, (end == std::string_view::npos ? code.size() : end) - i - 1);
      if (!inside.empty() && (lower(inside[0]) == 'h' || lower(inside[0]) == 'm' || lower(inside[0]) == 's')) {
        s.date = s.has_time = true;  // elapsed time [h]:mm
      }
      i = end == std::string_view::npos ? code.size() : end;
    } else if (c == '@') {
      s.text = true;
    } else if (l == 'g' && (starts_with_ci(code.substr(i), "general") || code.substr(i).rfind(kChineseGeneral, 0) == 0)) {
      s.general = s.has_digits = true;
      i += (starts_with_ci(code.substr(i), "general") ? 7 : kChineseGeneral.size()) - 1;
    } else if (c == '0' || c == '#' || c == '?') {
      if (in_exponent) {
        ++s.exponent_digits;
        continue;
      }
      if (pending_commas > 0 && s.has_digits && !after_point) s.thousands = true;
      pending_commas = 0;
      s.has_digits = after_digits = true;
      if (after_point) {
        ++s.max_decimals;
        if (c == '0') ++s.min_decimals;
      } else if (c == '0') {
        ++s.integer_zeros;
      }
    } else if (c == '.' && !in_exponent) {
      if (s.has_digits || (i + 1 < code.size() && (code[i + 1] == '0' || code[i + 1] == '#' || code[i + 1] == '?'))) {
        s.scale_commas += pending_commas;
        pending_commas = 0;
        after_point = true;
      } else {
        literal(".");
      }
    } else if (c == ',' && after_digits) {
      ++pending_commas;
    } else if (c == '%') {
      ++s.percents;
      literal("%");
    } else if ((c == 'E' || c == 'e') && s.has_digits && i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-')) {
      s.scientific = in_exponent = true;
      ++i;
    } else if (l == 'y' || l == 'd' || l == 'h' || l == 's' || l == 'm' ||
               ((l == 'a') && (code.substr(i, 5) == "AM/PM" || code.substr(i, 5) == "am/pm"))) {
      s.date = true;
      if (l == 'y' || l == 'd') s.has_date = true;
      if (l == 'h' || l == 's') s.has_time = true;
      if (l == 's') s.has_seconds = true;
      if (l == 'm') {
        // m is a month next to y/d, a minute next to h/s: look at what is around it.
        const std::string_view rest = code.substr(i);
        bool minute = false;
        for (size_t k = i; k-- > 0;) {
          const char p = lower(code[k]);
          if (p == 'h') { minute = true; break; }
          if (p == 'y' || p == 'd') break;
        }
        if (!minute)
          for (char n : rest.substr(1)) {
            const char q = lower(n);
            if (q == 's') { minute = true; break; }
            if (q == 'y' || q == 'd' || q == 'h') break;
          }
        if (minute) s.has_time = true; else s.has_date = true;
      }
      if (l == 'a') i += 4;
    } else if (c == ' ' && !s.has_digits && s.prefix.empty()) {
      // leading alignment spaces
    } else {
      literal(code.substr(i, 1));
    }
  }
  if (!after_point) s.scale_commas += pending_commas;
  else if (pending_commas > 0) s.scale_commas += pending_commas;
  return s;
}

// `v` (≥ 0) rounded half away from zero to `decimals` places, on its 15 significant digits,
// as a fixed-point string ("1234.50").
std::string fixed(double v, int decimals) {
  char buf[40];
  *std::to_chars(buf, buf + sizeof buf - 1, v, std::chars_format::scientific, 14).ptr = '\0';  // d.dddddddddddddde±XX
  std::string digits;
  digits += buf[0];
  digits.append(buf + 2, 14);
  int exponent = std::atoi(std::strchr(buf, 'e') + 1);
  // value = 0.DIGITS × 10^(exponent + 1)
  int keep = exponent + 1 + decimals;  // significant digits to keep
  if (keep < 0) {
    digits = "0";
    keep = 0;
    exponent = 0;
  } else if (keep < static_cast<int>(digits.size())) {
    const bool up = digits[static_cast<size_t>(keep)] >= '5';
    digits.resize(static_cast<size_t>(keep));
    if (up) {
      int k = keep - 1;
      for (; k >= 0 && digits[static_cast<size_t>(k)] == '9'; --k) digits[static_cast<size_t>(k)] = '0';
      if (k >= 0) {
        ++digits[static_cast<size_t>(k)];
      } else {
        digits.insert(digits.begin(), '1');
        ++exponent;
      }
    }
    if (digits.empty()) {
      digits = "0";
      exponent = decimals > 0 ? -decimals : 0;
    }
  }
  // Place the point: integer digits are the first exponent+1 of DIGITS.
  const int integer_digits = exponent + 1;
  std::string integer, fraction;
  if (integer_digits <= 0) {
    integer = "0";
    fraction = std::string(static_cast<size_t>(-integer_digits), '0') + digits;
  } else if (static_cast<size_t>(integer_digits) >= digits.size()) {
    integer = digits + std::string(static_cast<size_t>(integer_digits) - digits.size(), '0');
  } else {
    integer = digits.substr(0, static_cast<size_t>(integer_digits));
    fraction = digits.substr(static_cast<size_t>(integer_digits));
  }
  fraction.resize(static_cast<size_t>(decimals), '0');
  const size_t nonzero = integer.find_first_not_of('0');
  integer = nonzero == std::string::npos ? "0" : integer.substr(nonzero);
  return decimals > 0 ? integer + "." + fraction : integer;
}

std::string group_thousands(const std::string& integer) {
  std::string out;
  const size_t n = integer.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += integer[i];
  }
  return out;
}

std::string render_number(double v, const Section& s) {
  for (int i = 0; i < s.percents; ++i) v *= 100;
  for (int i = 0; i < s.scale_commas; ++i) v /= 1000;
  if (s.scientific) {
    int exponent = v == 0 ? 0 : static_cast<int>(std::floor(std::log10(v)));
    double mantissa = v == 0 ? 0 : v / std::pow(10.0, exponent);
    std::string m = fixed(mantissa, s.max_decimals);
    if (m.rfind("10", 0) == 0 && mantissa != 0) {  // rounding carried into the next power
      ++exponent;
      m = fixed(mantissa / 10, s.max_decimals);
    }
    std::string e = std::to_string(std::abs(exponent));
    if (static_cast<int>(e.size()) < s.exponent_digits) e.insert(0, static_cast<size_t>(s.exponent_digits) - e.size(), '0');
    return m + "E" + (exponent < 0 ? "-" : "+") + e;
  }
  std::string text = fixed(v, s.max_decimals);
  // '#' decimals drop trailing zeros down to the '0' ones.
  if (s.max_decimals > s.min_decimals) {
    size_t end = text.size();
    const size_t point = text.find('.');
    const size_t floor = point + 1 + static_cast<size_t>(s.min_decimals);
    while (end > floor && text[end - 1] == '0') --end;
    if (end == point + 1) end = point;  // no decimals left: no point either
    text.resize(end);
  }
  const size_t point = text.find('.');
  std::string integer = text.substr(0, point);
  const std::string rest = point == std::string::npos ? "" : text.substr(point);
  if (integer == "0" && s.integer_zeros == 0) integer.clear();  // "#.00" shows .50
  if (static_cast<int>(integer.size()) < s.integer_zeros)
    integer.insert(0, static_cast<size_t>(s.integer_zeros) - integer.size(), '0');
  if (s.thousands) integer = group_thousands(integer);
  return integer + rest;
}

// Days from 1970-01-01 to a civil date, and back (Howard Hinnant's algorithms).
void civil_from_days(long long z, int& y, int& m, int& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2));
}

std::string render_date(double v, const Section& s, bool date1904) {
  constexpr double kLastSerial = 2958465;  // 9999-12-31
  if (v < 0 || v > kLastSerial) return general(v);
  long long days = static_cast<long long>(std::floor(v));
  long long seconds = std::llround((v - static_cast<double>(days)) * 86400.0);
  if (seconds >= 86400) {
    ++days;
    seconds -= 86400;
  }
  std::string out;
  if (s.has_date || !s.has_time) {
    // 1900 system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was (serial 60).
    long long from_epoch;  // days since 1970-01-01
    if (date1904)
      from_epoch = days - 24107;  // 1904-01-01 is 24107 days before 1970-01-01
    else
      from_epoch = (days >= 61 ? days - 25569 : days - 25568);
    if (!date1904 && days == 60) from_epoch = -25509;  // shown as 1900-02-28, the nearest real day
    int y = 0, m = 0, d = 0;
    civil_from_days(from_epoch, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    out = buf;
  }
  if (s.has_time) {
    char buf[32];
    if (s.has_seconds)
      std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60);
    else
      std::snprintf(buf, sizeof buf, "%02lld:%02lld", seconds / 3600, (seconds + 30) / 60 % 60);
    if (!out.empty()) out += ' ';
    out += buf;
  }
  return out;
}

bool is_general(std::string_view code) { return code.size() == 7 && starts_with_ci(code, "general"); }

}  // namespace

std::string_view builtin_format(int id) {
  switch (id) {
    case 0: return "General";
    case 1: return "0";
    case 2: return "0.00";
    case 3: case 5: case 6: case 37: case 38: case 41: case 42: return "#,##0";
    case 4: case 7: case 8: case 39: case 40: case 43: case 44: return "#,##0.00";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 14: case 15: case 16: case 17: case 27: case 28: case 29: case 30: case 31: case 34: case 35: case 36:
    case 50: case 51: case 52: case 53: case 54: case 57: case 58:
      return "yyyy-mm-dd";
    case 18: case 19: case 20: case 21: case 32: case 33: case 45: case 46: case 55: case 56:
      return "hh:mm:ss";
    case 22: return "yyyy-mm-dd hh:mm";
    case 47: return "mm:ss.0";
    case 48: return "##0.0E+0";
    case 49: return "@";
    default: return "";
  }
}

std::string general(double value) {
  if (value == 0) return "0";
  char buf[40];
  // Whole numbers (most cells) the short way; others with 15 significant digits, as %.15g.
  if (std::fabs(value) < 1e15 && value == std::trunc(value))
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, static_cast<long long>(value)).ptr);
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 15).ptr);
}

std::string format_number(double value, std::string_view code, bool date1904) {
  if (!std::isfinite(value)) return general(value);
  if (code.empty() || is_general(code)) return general(value);
  const std::vector<std::string_view> sections = split_sections(code);
  size_t pick = 0;
  bool add_minus = value < 0;
  if (value < 0 && sections.size() >= 2 && !sections[1].empty()) {
    pick = 1;
    add_minus = false;  // the negative section writes its own sign, if any
  } else if (value == 0 && sections.size() >= 3 && !sections[2].empty()) {
    pick = 2;
  }
  const Section s = parse_section(sections[pick]);
  const double magnitude = std::fabs(value);
  std::string body;
  if (s.date)
    return render_date(value, s, date1904);
  if (s.text || s.general || !s.has_digits)
    body = general(magnitude);
  else
    body = render_number(magnitude, s);
  // A negative that rounds to zero shows without its sign, as in Excel.
  if (add_minus && body.find_first_of("123456789") == std::string::npos) add_minus = false;
  return (add_minus ? "-" : "") + s.prefix + body + s.suffix;
}

}  // namespace jixiao::xlsx
