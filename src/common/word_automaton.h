// word_automaton: every occurrence of any of a set of words in a text, in one pass
// (Aho–Corasick over UTF-8 bytes). A lexicon of hundreds of words searched one word at a
// time costs a pass per word; this costs one pass per text. UTF-8 is self-synchronising,
// so a match of a whole word's bytes always starts and ends on character boundaries.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace huizong {

class WordAutomaton {
 public:
  // The words, by index (empty words are never found; a word may be listed twice).
  explicit WordAutomaton(const std::vector<std::string>& words = {});

  struct Match {
    std::size_t begin;  // byte offset in the text
    std::size_t word;   // index into the words given
  };
  // Every occurrence of every word, overlapping ones included, ordered by where they end
  // (words ending at the same byte in no set order: a caller wanting one sorts).
  std::vector<Match> find_all(std::string_view text) const;

 private:
  struct State {
    std::vector<std::pair<unsigned char, std::uint32_t>> next;  // sorted by byte
    std::uint32_t fail = 0;
    std::uint32_t output_link = 0;    // nearest state on the fail chain with words (0: none)
    std::vector<std::uint32_t> ends;  // words ending here
  };
  std::uint32_t child(std::uint32_t s, unsigned char b) const;  // 0 when none (root has no parent)
  std::vector<State> states_;
  std::vector<std::size_t> lengths_;
  // The search as a table (a DFA): the next state for each state and byte class, failure
  // links followed in advance, so each byte of the text is one lookup. Bytes that are in no
  // word share class 0, so a row is as wide as the words' distinct bytes (about a hundred
  // for a Chinese lexicon), not 256.
  std::uint16_t class_of_[256] = {};
  std::uint32_t classes_ = 1;
  std::vector<std::uint32_t> next_;  // state * classes_ + class -> state
};

}  // namespace huizong
