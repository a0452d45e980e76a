#include "core/literals.hpp"

#include <queue>
#include <stdexcept>

namespace jixiao {

LiteralSet::LiteralSet(std::initializer_list<std::string_view> words) { build(std::vector<std::string_view>(words)); }

LiteralSet::LiteralSet(const std::vector<std::string>& words) {
  build(std::vector<std::string_view>(words.begin(), words.end()));
}

void LiteralSet::build(const std::vector<std::string_view>& words) {
  // The trie, with 0 meaning "no edge" (the root is never a child).
  std::vector<std::array<uint32_t, 256>> trie(1);
  trie[0].fill(0);
  std::vector<std::vector<uint32_t>> ending(1);  // words ending exactly at a state
  for (uint32_t w = 0; w < words.size(); ++w) {
    if (words[w].empty()) throw std::logic_error("LiteralSet: empty word");
    uint32_t state = 0;
    for (const char ch : words[w]) {
      const auto b = static_cast<unsigned char>(ch);
      if (trie[state][b] == 0) {
        trie[state][b] = static_cast<uint32_t>(trie.size());
        trie.emplace_back().fill(0);
        ending.emplace_back();
      }
      state = trie[state][b];
    }
    ending[state].push_back(w);
    starts_word_[static_cast<unsigned char>(words[w][0])] = true;
    lengths_.push_back(static_cast<uint32_t>(words[w].size()));
  }

  // Breadth first: each state's failure link is already final when its children are reached,
  // so missing edges are filled from the failure state's (complete) row.
  const size_t n = trie.size();
  next_ = trie;
  std::vector<uint32_t> failure(n, 0);
  first_output_.assign(n, kNone);
  std::queue<uint32_t> queue;
  for (int b = 0; b < 256; ++b)
    if (trie[0][b] != 0) queue.push(trie[0][b]);
  std::vector<uint32_t> order;
  while (!queue.empty()) {
    const uint32_t state = queue.front();
    queue.pop();
    order.push_back(state);
    for (int b = 0; b < 256; ++b) {
      const uint32_t child = trie[state][b];
      if (child == 0) {
        next_[state][b] = next_[failure[state]][b];
      } else {
        failure[child] = next_[failure[state]][b];
        queue.push(child);
      }
    }
  }
  // Outputs: a state's own words, then (shared) those of its failure state, which is a suffix.
  for (const uint32_t state : order) {
    uint32_t chain = first_output_[failure[state]];
    for (auto it = ending[state].rbegin(); it != ending[state].rend(); ++it) {
      outputs_.push_back({*it, chain});
      chain = static_cast<uint32_t>(outputs_.size() - 1);
    }
    first_output_[state] = chain;
  }
  for (auto& row : next_)
    for (uint32_t& to : row)
      if (first_output_[to] != kNone) to |= kEndsWord;
}

bool LiteralSet::found_in(std::string_view s) const {
  uint32_t state = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (state == 0) {
      while (i < s.size() && !starts_word_[static_cast<unsigned char>(s[i])]) ++i;
      if (i == s.size()) break;
    }
    const uint32_t to = next_[state][static_cast<unsigned char>(s[i])];
    if (to & kEndsWord) return true;
    state = to;
  }
  return false;
}

}  // namespace jixiao
