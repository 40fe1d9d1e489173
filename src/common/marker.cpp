#include "common/marker.h"

#include <array>

#include "common/cn_numeral.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/text.h"

namespace huizong {

// ---- The lexicon ----

namespace {

// A list of single characters as one string of code points; an entry that is not one
// character is an error at its line.
std::u32string characters(const LexiconReader& j, const std::string& key) {
  std::u32string out;
  for (const std::string& s : j.strings(key)) {
    std::u32string c = to_u32(s);
    if (c.size() != 1) j.fail(key, tr("\"{}\" is not one character", s), _("list single characters, one per string"));
    out += c;
  }
  return out;
}

}  // namespace

MarkerLexicon MarkerLexicon::from(const LexiconReader& j) {
  MarkerLexicon lex;
  lex.part_prefix = to_u32(j.text("part_prefix"));
  for (const std::string& s : j.strings("part_suffixes"))
    if (!s.empty()) lex.part_suffixes.push_back(to_u32(s));
  lex.open_brackets = characters(j, "open_brackets");
  lex.close_brackets = characters(j, "close_brackets");
  lex.numeral_separators = characters(j, "numeral_separators");
  lex.number_separators = characters(j, "number_separators");
  lex.bare_numeral_words = characters(j, "bare_numeral_words");
  lex.bare_max_chars = static_cast<std::size_t>(j.integer("bare_max_chars", 20, 0, 1000));
  lex.bare_max_bytes = static_cast<std::size_t>(j.integer("bare_max_bytes", 64, 0, 4000));
  lex.bare_rejects = j.strings("bare_rejects");
  lex.circled = characters(j, "circled");
  lex.year_word = to_u32(j.text("year_word"));
  lex.month_word = to_u32(j.text("month_word"));
  lex.inline_item_word = j.text("inline_item_word");
  j.done();
  return lex;
}

MarkerLexicon MarkerLexicon::load(const LexiconDir& dir) {
  return from(LexiconReader("markers", dir).object("markers"));
}

const MarkerLexicon& MarkerLexicon::standard() {
  static const MarkerLexicon lex = load();
  return lex;
}

// ---- Scanning ----

namespace {

constexpr char32_t kFullwidthZero = 0xFF10;  // ０; ０-９ are full-width digits

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= kFullwidthZero && c <= kFullwidthZero + 9); }
int digit_value(char32_t c) { return static_cast<int>(c >= kFullwidthZero ? c - kFullwidthZero : c - U'0'); }
bool in(std::u32string_view set, char32_t c) { return set.find(c) != std::u32string_view::npos; }
bool at(std::u32string_view s, std::size_t i, std::u32string_view word) {
  return !word.empty() && s.compare(i, word.size(), word) == 0;
}

// A Chinese numeral character other than zero (一 … 十, 两): what numbers a heading.
bool is_ordinal_numeral(char32_t c) { return cn_numeral::is_digit_or_ten(c) && cn_numeral::digit(c) != 0; }

// What 一是 … 十是 are written with: the numerals one to ten as the kit writes them (二, not 两).
bool is_item_numeral(char32_t c) {
  static const std::u32string numerals = [] {
    std::u32string s;
    for (int n = 1; n <= 10; ++n) s += to_u32(cn_numeral::format(n));
    return s;
  }();
  return numerals.find(c) != std::u32string::npos;
}

// Length of a run of Chinese numerals starting at i, and its value (-1 if not a numeral).
std::size_t cn_run(std::u32string_view s, std::size_t i, int& value) {
  std::size_t j = i;
  while (j < s.size() && j - i < 3 && is_ordinal_numeral(s[j])) ++j;
  value = j > i ? static_cast<int>(cn_numeral::parse(std::u32string_view(s).substr(i, j - i))) : -1;
  return value > 0 ? j - i : 0;
}

std::size_t num_run(std::u32string_view s, std::size_t i, int& value) {
  std::size_t j = i;
  value = 0;
  while (j < s.size() && is_digit(s[j]) && j - i < 3) value = value * 10 + digit_value(s[j++]);
  return j - i;
}

// Digits at i followed by the year word (four digits) or the month word (one or two): a
// date, not decimals.
bool starts_date(std::u32string_view s, std::size_t i, const MarkerLexicon& lex) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j >= s.size()) return false;
  return (j - i == 4 && at(s, j, lex.year_word)) || (j - i <= 2 && at(s, j, lex.month_word));
}

std::size_t skip_spaces(std::u32string_view s, std::size_t i) {
  while (i < s.size() && is_space_cp(s[i])) ++i;
  return i;
}

std::size_t utf8_bytes(std::u32string_view s, std::size_t n) {
  std::size_t b = 0;
  for (std::size_t k = 0; k < n && k < s.size(); ++k) b += utf8::encoded_length(s[k]);
  return b;
}

// One scan of the start of a line: the code points, where the marker begins, and how a
// marker found ends.
struct Scan {
  std::string_view text;
  std::u32string_view s;
  std::size_t i = 0;
  const MarkerLexicon& lex;
  int value = 0;

  Marker done(MarkerStyle style, int rank, std::size_t end) const {
    return Marker{style, rank, value, utf8_bytes(s, skip_spaces(s, end))};
  }

  // 第一部分 (rank 1); a line that starts with the part prefix is nothing else.
  std::optional<Marker> part() {
    std::size_t p = i + lex.part_prefix.size();
    std::size_t n = cn_run(s, p, value);
    if (n)
      for (const std::u32string& suffix : lex.part_suffixes)
        if (at(s, p + n, suffix)) return done(MarkerStyle::part, 1, p + n + suffix.size());
    return std::nullopt;
  }

  // 一、 (rank 1), or 一上半年工作总结: a short heading line whose 、 was dropped. Words that
  // merely begin with a numeral (一是, 一些, 一体化…) are not headings.
  std::optional<Marker> numeral(std::size_t n) const {
    std::size_t j = i + n;
    if (j < s.size() && in(lex.numeral_separators, s[j])) return done(MarkerStyle::cn_comma, 1, j + 1);
    if (j < s.size() && !in(lex.bare_numeral_words, s[j]) && short_bare_line()) return done(MarkerStyle::cn_bare, 1, j);
    return std::nullopt;
  }

  bool short_bare_line() const {
    if (text.size() > lex.bare_max_bytes) return false;
    for (const std::string& r : lex.bare_rejects)
      if (!r.empty() && text.find(r) != std::string_view::npos) return false;
    return to_u32(text).size() <= lex.bare_max_chars;
  }

  // （一） (rank 2; also （一 unclosed, seen in real texts) and （1） (rank 4).
  std::optional<Marker> bracketed() {
    std::size_t j = skip_spaces(s, i + 1);
    if (std::size_t n = cn_run(s, j, value)) {
      std::size_t k = skip_spaces(s, j + n);
      if (k < s.size() && in(lex.close_brackets, s[k])) return done(MarkerStyle::cn_paren, 2, k + 1);
      if (k < s.size() && !in(lex.numeral_separators, s[k]) && !cn_numeral::is_digit_or_ten(s[k]))
        return done(MarkerStyle::cn_paren, 2, k);
      return std::nullopt;
    }
    if (std::size_t n = num_run(s, j, value)) {
      std::size_t k = skip_spaces(s, j + n);
      if (k < s.size() && in(lex.close_brackets, s[k]) && value > 0) return done(MarkerStyle::num_paren, 4, k + 1);
    }
    return std::nullopt;
  }

  // 1. 1． 1、 (rank 3) — but not 1.5亿 (a decimal) and not 2023年. A list number may be
  // followed by a date: 1.2023年以… and 6.5月31日前… are items 1 and 6.
  std::optional<Marker> number(std::size_t n) const {
    std::size_t j = skip_spaces(s, i + n);
    if (value > 0 && j < s.size() && in(lex.number_separators, s[j]) &&
        (!(j + 1 < s.size() && is_digit(s[j + 1])) || starts_date(s, j + 1, lex)))
      return done(MarkerStyle::num_dot, 3, j + 1);
    return std::nullopt;
  }
};

}  // namespace

std::optional<Marker> scan_marker(std::string_view text, const MarkerLexicon& lex) {
  // Only the first few code points matter: the first 64 bytes are decoded, on the stack
  // (this runs for every line).
  constexpr std::size_t kHeadBytes = 64;
  std::array<char32_t, kHeadBytes> head;
  std::string_view head_text = text.substr(0, std::min(text.size(), kHeadBytes));
  std::size_t decoded = 0;
  for (std::size_t b = 0; b < head_text.size();) head[decoded++] = utf8::decode(head_text, b);
  Scan scan{text, std::u32string_view(head.data(), decoded), 0, lex};
  const std::u32string_view s = scan.s;
  std::size_t i = scan.i = skip_spaces(s, 0);
  if (i >= s.size()) return std::nullopt;
  if (at(s, i, lex.part_prefix)) return scan.part();
  if (std::size_t n = cn_run(s, i, scan.value)) return scan.numeral(n);
  if (in(lex.open_brackets, s[i])) return scan.bracketed();
  if (auto p = lex.circled.find(s[i]); p != std::u32string_view::npos) {
    scan.value = static_cast<int>(p) + 1;
    return scan.done(MarkerStyle::circled, 4, i + 1);
  }
  if (std::size_t n = num_run(s, i, scan.value)) return scan.number(n);
  return std::nullopt;
}

std::vector<InlineItemMark> scan_inline_items(std::string_view text, const MarkerLexicon& lex) {
  // 一是 … 十一是: a numeral run right before the item word. Items count up by one inside a
  // paragraph; the first may have any number when it opens the line (one item per line).
  std::vector<InlineItemMark> out;
  const std::string& word = lex.inline_item_word;
  if (word.empty()) return out;
  const std::size_t lead = leading_space_bytes(text);
  int expected = 1;
  for (std::size_t pos = text.find(word); pos != std::string_view::npos; pos = text.find(word, pos + word.size())) {
    // The whole numeral run before the word (up to three numerals, each a 3-byte code point).
    std::size_t start = pos;
    while (start >= 3 && pos - start < 9) {
      std::size_t at = start - 3;
      char32_t c = utf8::decode(text, at);
      if (at != start || !is_item_numeral(c)) break;
      start -= 3;
    }
    if (start == pos) continue;
    int value = static_cast<int>(cn_numeral::parse(to_u32(text.substr(start, pos - start))));
    if (value <= 0) continue;
    bool opens_line = out.empty() && start == lead;
    if (value == expected || opens_line) {
      out.push_back({value, start, pos + word.size() - start});
      expected = value + 1;
    }
  }
  return out;
}

std::vector<InlineItemMark> scan_inline_items(std::string_view text) {
  return scan_inline_items(text, MarkerLexicon::standard());
}

}  // namespace huizong
