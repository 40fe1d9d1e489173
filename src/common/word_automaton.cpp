#include "common/word_automaton.h"

#include <algorithm>
#include <queue>

namespace huizong {

std::uint32_t WordAutomaton::child(std::uint32_t s, unsigned char b) const {
  const auto& next = states_[s].next;
  auto it =
      std::lower_bound(next.begin(), next.end(), b,
                       [](const std::pair<unsigned char, std::uint32_t>& e, unsigned char x) { return e.first < x; });
  return it != next.end() && it->first == b ? it->second : 0;
}

WordAutomaton::WordAutomaton(const std::vector<std::string>& words) : states_(1) {
  for (std::size_t w = 0; w < words.size(); ++w) {
    lengths_.push_back(words[w].size());
    if (words[w].empty()) continue;
    std::uint32_t s = 0;
    for (unsigned char b : words[w]) {
      std::uint32_t c = child(s, b);
      if (c == 0) {
        c = static_cast<std::uint32_t>(states_.size());
        states_.emplace_back();
        auto& next = states_[s].next;
        next.insert(std::upper_bound(next.begin(), next.end(), std::pair<unsigned char, std::uint32_t>{b, 0},
                                     [](const auto& x, const auto& y) { return x.first < y.first; }),
                    {b, c});
      }
      s = c;
    }
    states_[s].ends.push_back(static_cast<std::uint32_t>(w));
  }
  // Byte classes: one per byte that some word holds, 0 for the rest.
  bool used[256] = {};
  for (const State& st : states_)
    for (const auto& [b, c] : st.next) used[b] = true;
  for (int b = 0; b < 256; ++b)
    if (used[b]) class_of_[b] = static_cast<std::uint16_t>(classes_++);
  next_.assign(states_.size() * classes_, 0);
  for (const auto& [b, c] : states_[0].next) next_[class_of_[b]] = c;
  // Failure links breadth first: a state's fail is the longest proper suffix that is a state;
  // a state's row is its own children over its fail state's row (made before it).
  std::queue<std::uint32_t> queue;
  for (const auto& [b, c] : states_[0].next) queue.push(c);
  while (!queue.empty()) {
    std::uint32_t s = queue.front();
    queue.pop();
    std::copy_n(next_.begin() + std::ptrdiff_t(states_[s].fail) * classes_, classes_,
                next_.begin() + std::ptrdiff_t(s) * classes_);
    for (const auto& [b, c] : states_[s].next) {
      next_[std::size_t(s) * classes_ + class_of_[b]] = c;
      std::uint32_t f = states_[s].fail;
      while (f != 0 && child(f, b) == 0) f = states_[f].fail;
      std::uint32_t target = child(f, b);
      states_[c].fail = target == c ? 0 : target;
      std::uint32_t fl = states_[c].fail;
      states_[c].output_link = states_[fl].ends.empty() ? states_[fl].output_link : fl;
      queue.push(c);
    }
  }
}

std::vector<WordAutomaton::Match> WordAutomaton::find_all(std::string_view text) const {
  std::vector<Match> out;
  std::uint32_t s = 0;
  const std::uint32_t* next = next_.data();
  for (std::size_t i = 0; i < text.size(); ++i) {
    s = next[std::size_t(s) * classes_ + class_of_[static_cast<unsigned char>(text[i])]];
    if (s == 0) continue;
    for (std::uint32_t o = states_[s].ends.empty() ? states_[s].output_link : s; o != 0; o = states_[o].output_link)
      for (std::uint32_t w : states_[o].ends) out.push_back({i + 1 - lengths_[w], w});
  }
  return out;
}

}  // namespace huizong
