// WordList: lexicon words to look for in a line. A line is matched against dozens of
// wordings (section headings, advertising phrases, plan words); one search per word was
// the parser's largest cost. The list is indexed by each word's first three bytes (one
// Chinese character) behind a small bit filter, so a search is one pass over the line
// whatever the number of words.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace huizong {

class WordList {
 public:
  WordList() = default;
  WordList(std::vector<std::string> words);  // NOLINT: lexicons load lists of strings
  WordList(std::initializer_list<const char*> words);

  // Position of the first word found in s (the longest wins at equal position), or npos;
  // `which` receives the word.
  std::size_t find_in(std::string_view s, std::string* which = nullptr) const;
  bool found_in(std::string_view s) const { return find_in(s) != std::string_view::npos; }
  bool prefix_of(std::string_view s) const;

  const std::vector<std::string>& words() const { return words_; }
  auto begin() const { return words_.begin(); }
  auto end() const { return words_.end(); }
  std::size_t size() const { return words_.size(); }
  bool empty() const { return words_.empty(); }
  const std::string& operator[](std::size_t i) const { return words_[i]; }

 private:
  struct Bucket {
    std::uint32_t key = 0;    // first three bytes of its words
    std::uint32_t first = 0;  // into order_
    std::uint32_t count = 0;  // 0: empty slot
  };
  void index();
  void index_skips();
  std::size_t find_skipping(std::string_view s, std::string* which) const;
  const Bucket* bucket(std::uint32_t key) const;
  // Index of the longest word that starts at s[p], or -1 (s[p] begins some word).
  int match_at(std::string_view s, std::size_t p) const;

  std::vector<std::string> words_;
  std::uint64_t first_byte_[4] = {0, 0, 0, 0};  // bytes that begin some word
  std::uint64_t filter_[64] = {};               // hashes of the three-byte keys in table_
  std::vector<Bucket> table_;                   // open addressing, size a power of two
  std::vector<std::uint32_t> order_;            // word indices by bucket, longest first
  std::vector<std::uint32_t> short_;            // words of one or two bytes, longest first
  bool has_empty_ = false;
  // Wu–Manber skips, when every word is at least three bytes: no word's first window_
  // bytes (its shortest length, at most kMaxWindow) end in a two-byte block whose hash
  // has skip_[h] > 0 less than skip_[h] bytes before the block's end, so the search moves
  // on by that much. Empty: bytes are tried one by one.
  static constexpr std::size_t kMaxWindow = 32;
  std::size_t window_ = 0;
  std::vector<std::uint8_t> skip_;
};

// The searches the stages spell as functions of a line.
inline bool contains_any(std::string_view s, const WordList& words) { return words.found_in(s); }
inline std::size_t find_any(std::string_view s, const WordList& words, std::string* which = nullptr) {
  return words.find_in(s, which);
}
inline bool starts_with_any(std::string_view s, const WordList& words) { return words.prefix_of(s); }

}  // namespace huizong
