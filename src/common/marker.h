// Outline markers at the start of a line, read with the marker words of lexicons/markers.json:
//   rank 1  一、 二． 十三、 第一部分, 一上半年工作 (short line, 、 dropped)        rank 2  （一） (一) （一 unclosed
//   rank 3  1. 1． 1、 1 、                  rank 4  （1） (1) ①
// Full- and half-width forms are both accepted; the text is scanned as written.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/lexicon.h"

namespace huizong {

// The marker words, compiled once: each character set is a string of code points.
struct MarkerLexicon {
  std::u32string part_prefix;                            // 第 of 第一部分
  std::vector<std::u32string> part_suffixes;             // 部分 …
  std::u32string open_brackets, close_brackets;          // （ ( and ） )
  std::u32string numeral_separators, number_separators;  // after 一 (一、) and after 1 (1.)
  std::u32string bare_numeral_words;                     // 一是 一些 …: a numeral beginning a word
  std::size_t bare_max_chars = 20, bare_max_bytes = 64;  // a bare 一上半年工作 heading is this short
  std::vector<std::string> bare_rejects;                 // … and holds none of these
  std::u32string circled;                                // ① ② …, numbered from 1
  std::u32string year_word, month_word;                  // 1.2023年 and 6.5月 are items, not decimals
  std::string inline_item_word;                          // 是 of 一是
  // The "markers" object of a markers.json.
  static MarkerLexicon from(const LexiconReader& markers);
  // lexicons/markers.json in data_dir("lexicons", dir).
  static MarkerLexicon load(const LexiconDir& lexicon_dir = {});
  // The markers.json of the default data directory, loaded once (for callers with no
  // lexicon directory of their own).
  static const MarkerLexicon& standard();
};

enum class MarkerStyle { part, cn_comma, cn_bare, cn_paren, num_dot, num_paren, circled };

struct Marker {
  MarkerStyle style;
  int rank = 0;           // 1 (highest) .. 4
  int ordinal = 0;        // 一 -> 1, （3） -> 3
  std::size_t bytes = 0;  // length of the marker in the scanned text, spaces after it included
};

// The marker `text` starts with (leading whitespace allowed), if any.
std::optional<Marker> scan_marker(std::string_view text, const MarkerLexicon& lex);

// Inline list items inside a paragraph: 一是 二是 … 十是, and 第一，第二 are not used.
struct InlineItemMark {
  int ordinal = 0;
  std::size_t offset = 0;  // byte offset of 一是 in the text
  std::size_t bytes = 0;   // length of the marker (一是, 十一是) in bytes
};
std::vector<InlineItemMark> scan_inline_items(std::string_view text, const MarkerLexicon& lex);
// The same with MarkerLexicon::standard().
std::vector<InlineItemMark> scan_inline_items(std::string_view text);

}  // namespace huizong
