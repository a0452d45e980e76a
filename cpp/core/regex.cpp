#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/regex.hpp"

#include "core/literals.hpp"

#include <pcre2.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace jixiao {

namespace {

// A compiled pattern, with its JIT code when the platform has a JIT.
struct Compiled {
  pcre2_code* code = nullptr;
  bool jit = false;

  Compiled(std::string_view pattern, bool anchored) {
    int err = 0;
    PCRE2_SIZE offset = 0;
    uint32_t options = PCRE2_UTF | PCRE2_UCP;
    if (anchored) options |= PCRE2_ANCHORED;
    code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &err, &offset, nullptr);
    if (!code) {
      PCRE2_UCHAR buf[256];
      pcre2_get_error_message(err, buf, sizeof buf);
      throw std::logic_error("bad regex at " + std::to_string(offset) + ": " + reinterpret_cast<char*>(buf) + " in " +
                             std::string(pattern));
    }
    jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;  // else the interpreter runs it
  }
  ~Compiled() { pcre2_code_free(code); }
  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;
};

}  // namespace

struct Regex::Impl {
  std::string pattern;
  bool anchored = false;
  std::unique_ptr<Compiled> code;
  // match_at's anchored twin, compiled on first use: anchoring at match time would turn the JIT
  // off for that call.
  mutable std::once_flag anchored_once;
  mutable std::unique_ptr<Compiled> anchored_code;
  uint32_t groups = 0;
  std::optional<LiteralSet> required;

  const Compiled& anchored_twin() const {
    if (anchored) return *code;
    std::call_once(anchored_once, [this] { anchored_code = std::make_unique<Compiled>(pattern, true); });
    return *anchored_code;
  }
};

Regex::Regex(std::string_view pattern, bool anchored) : impl_(std::make_unique<Impl>()) {
  impl_->pattern = pattern;
  impl_->anchored = anchored;
  impl_->code = std::make_unique<Compiled>(pattern, anchored);
  pcre2_pattern_info(impl_->code->code, PCRE2_INFO_CAPTURECOUNT, &impl_->groups);
}

Regex::Regex(std::string_view pattern, std::initializer_list<std::string_view> required, bool anchored)
    : Regex(pattern, anchored) {
  impl_->required.emplace(required);
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

namespace {
// One match-data block per thread, big enough for any of our patterns.
pcre2_match_data* thread_match_data() {
  struct Holder {
    pcre2_match_data* md = pcre2_match_data_create(64, nullptr);
    ~Holder() { pcre2_match_data_free(md); }
  };
  thread_local Holder holder;
  return holder.md;
}
}  // namespace

bool Regex::may_match(std::string_view s, size_t start) const {
  return !impl_->required || impl_->required->found_in(s.substr(std::min(start, s.size())));
}

bool Regex::run(std::string_view s, RegexMatch& m, size_t start, bool anchored) const {
  if (start > s.size()) return false;  // the JIT entry does not check the offset
  pcre2_match_data* md = thread_match_data();
  const Compiled& c = anchored ? impl_->anchored_twin() : *impl_->code;
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(s.data());
  // Our strings are decoded, well-formed UTF-8 cut at character boundaries; the JIT entry skips
  // the interpreter's per-call checks.
  const int rc = c.jit ? pcre2_jit_match(c.code, subject, s.size(), start, 0, md, nullptr)
                       : pcre2_match(c.code, subject, s.size(), start, PCRE2_NO_UTF_CHECK, md, nullptr);
  if (rc < 0) return false;
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
  const uint32_t n = impl_->groups + 1;
  m.groups.assign(n, {std::string_view::npos, std::string_view::npos});
  for (uint32_t g = 0; g < n && g < static_cast<uint32_t>(rc); ++g) {
    if (ov[2 * g] == PCRE2_UNSET) continue;
    m.groups[g] = {ov[2 * g], ov[2 * g + 1]};
  }
  return true;
}

bool Regex::search(std::string_view s, RegexMatch& m, size_t start) const {
  return may_match(s, start) && run(s, m, start, false);
}

bool Regex::match_at(std::string_view s, RegexMatch& m, size_t start) const {
  return may_match(s, start) && run(s, m, start, true);
}

bool Regex::contains(std::string_view s) const {
  RegexMatch m;
  return search(s, m);
}

std::vector<RegexMatch> Regex::find_all(std::string_view s) const {
  std::vector<RegexMatch> out;
  if (!may_match(s, 0)) return out;
  size_t pos = 0;
  RegexMatch m;
  while (pos <= s.size() && run(s, m, pos, false)) {
    out.push_back(m);
    if (m.end() > m.begin()) {
      pos = m.end();
    } else {
      // Empty match: step one character forward.
      pos = m.end() + 1;
      while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
    }
  }
  return out;
}

}  // namespace jixiao
