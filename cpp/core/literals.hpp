// A fixed set of byte strings found in one pass over a text: an Aho–Corasick automaton over
// bytes, built once and shared read-only between threads. It is the cheap first test in front
// of patterns whose matches must hold one of a few words: Chinese text starts most of its bytes
// with the lead bytes such patterns begin with, so a regular expression's own first-byte scan
// stops almost everywhere, while this scan reads each byte once.
#pragma once
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

class LiteralSet {
 public:
  LiteralSet(std::initializer_list<std::string_view> words);
  explicit LiteralSet(const std::vector<std::string>& words);

  // Whether any of the words occurs in s.
  bool found_in(std::string_view s) const;

  // Calls f(word index, begin byte) for every occurrence, overlapping ones included, in order
  // of their end.
  template <class F>
  void for_each(std::string_view s, F&& f) const {
    uint32_t state = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (state == 0) {  // between words: run to the next byte a word starts with
        while (i < s.size() && !starts_word_[static_cast<unsigned char>(s[i])]) ++i;
        if (i == s.size()) break;
      }
      const uint32_t to = next_[state][static_cast<unsigned char>(s[i])];
      state = to & kStateMask;
      if (to & kEndsWord)
        for (uint32_t w = first_output_[state]; w != kNone; w = outputs_[w].next)
          f(outputs_[w].word, i + 1 - lengths_[outputs_[w].word]);
    }
  }

  size_t size() const { return lengths_.size(); }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  // A transition into a state where a word ends carries this bit, so the scan reads one table.
  static constexpr uint32_t kEndsWord = 1u << 31;
  static constexpr uint32_t kStateMask = kEndsWord - 1;
  struct Output {
    uint32_t word;
    uint32_t next;  // the next word ending in the same state (a suffix of this one), or kNone
  };
  void build(const std::vector<std::string_view>& words);

  std::vector<std::array<uint32_t, 256>> next_;  // complete transition table: no failure walks
  std::vector<uint32_t> first_output_;           // per state: the longest word ending there
  std::vector<Output> outputs_;
  std::vector<uint32_t> lengths_;  // per word, in bytes
  std::array<bool, 256> starts_word_{};  // first bytes of the words
};

}  // namespace jixiao
