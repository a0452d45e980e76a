// A compiled UTF-8 regular expression (PCRE2 with its JIT), safe to share between threads.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>


namespace jixiao {

struct RegexMatch {
  // Byte offsets into the searched string; a group that did not take part is {npos, npos}.
  std::vector<std::pair<size_t, size_t>> groups;
  size_t begin() const { return groups[0].first; }
  size_t end() const { return groups[0].second; }
  bool has(size_t g) const { return g < groups.size() && groups[g].first != std::string_view::npos; }
  std::string_view str(std::string_view s, size_t g = 0) const {
    return has(g) ? s.substr(groups[g].first, groups[g].second - groups[g].first) : std::string_view();
  }
};

class Regex {
 public:
  // A bad pattern is a programming error here (patterns are ours) and throws std::logic_error;
  // user-supplied patterns go through Regex::compile_user which throws jixiao::Error.
  explicit Regex(std::string_view pattern, bool anchored = false);
  // A pattern every match of which holds one of `required` (the caller's promise): a text
  // without any of them is passed over in one byte scan, without running the pattern.
  Regex(std::string_view pattern, std::initializer_list<std::string_view> required, bool anchored = false);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // First match at or after byte `start`.
  bool search(std::string_view s, RegexMatch& m, size_t start = 0) const;
  // Match that must begin exactly at byte `start`.
  bool match_at(std::string_view s, RegexMatch& m, size_t start = 0) const;
  bool contains(std::string_view s) const;
  std::vector<RegexMatch> find_all(std::string_view s) const;

 private:
  bool run(std::string_view s, RegexMatch& m, size_t start, bool anchored) const;
  bool may_match(std::string_view s, size_t start) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jixiao
