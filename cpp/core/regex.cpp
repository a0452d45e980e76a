#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/regex.hpp"

#include <pcre2.h>

#include <stdexcept>

namespace jixiao {

struct Regex::Impl {
  pcre2_code* code = nullptr;
  uint32_t groups = 0;
  ~Impl() {
    if (code) pcre2_code_free(code);
  }
};

Regex::Regex(std::string_view pattern, bool anchored) : impl_(std::make_unique<Impl>()) {
  int err = 0;
  PCRE2_SIZE offset = 0;
  uint32_t options = PCRE2_UTF | PCRE2_UCP;
  if (anchored) options |= PCRE2_ANCHORED;
  impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &err, &offset,
                              nullptr);
  if (!impl_->code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(err, buf, sizeof buf);
    throw std::logic_error("bad regex at " + std::to_string(offset) + ": " + reinterpret_cast<char*>(buf) + " in " +
                           std::string(pattern));
  }
  pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is unavailable
  pcre2_pattern_info(impl_->code, PCRE2_INFO_CAPTURECOUNT, &impl_->groups);
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

bool Regex::run(std::string_view s, RegexMatch& m, size_t start, unsigned options) const {
  pcre2_match_data* md = thread_match_data();
  // Our strings are decoded, well-formed UTF-8 cut at character boundaries.
  const int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), start,
                             options | PCRE2_NO_UTF_CHECK, md, nullptr);
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

bool Regex::search(std::string_view s, RegexMatch& m, size_t start) const { return run(s, m, start, 0); }

bool Regex::match_at(std::string_view s, RegexMatch& m, size_t start) const {
  return run(s, m, start, PCRE2_ANCHORED);
}

bool Regex::contains(std::string_view s) const {
  RegexMatch m;
  return search(s, m);
}

std::vector<RegexMatch> Regex::find_all(std::string_view s) const {
  std::vector<RegexMatch> out;
  size_t pos = 0;
  RegexMatch m;
  while (pos <= s.size() && search(s, m, pos)) {
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
