// The parts of find_metrics (internal to src/metrics):
//   line.cpp     a line as code points: as written, folded (full-width -> ASCII), byte offsets
//   units.cpp    units.json compiled into MetricRules; the unit after a number
//   labels.cpp   the label of a metric: the words before its number
//   scanner.cpp  find_metrics: numbers (ASCII, full-width, Chinese, redacted) followed by a unit
// Chinese numerals are read with common/cn_numeral.h, code points with common/utf8.h.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/metrics.h"

namespace huizong {

class LexiconReader;

// A word list of units.json, folded, longest first (the order the rules try words in),
// with each word indexed by its first and by its last code point: a look-up at one position
// of a line tries only the words that can match there, not the whole list (says_nothing
// tries three lists of 235 words at every position of a label).
class FoldedWords {
 public:
  FoldedWords() = default;
  explicit FoldedWords(std::vector<std::u32string> words);  // non-empty words, longest first

  auto begin() const { return words_.begin(); }
  auto end() const { return words_.end(); }
  bool empty() const { return words_.empty(); }
  const std::u32string& operator[](std::size_t k) const { return words_[k]; }
  // Indices of the words that start (end) with c, longest first.
  std::span<const std::uint32_t> starting_with(char32_t c) const { return first_.find(c); }
  std::span<const std::uint32_t> ending_with(char32_t c) const { return last_.find(c); }

 private:
  struct Index {
    std::vector<char32_t> keys;        // sorted
    std::vector<std::uint32_t> begin;  // the words of keys[k]: order[begin[k] .. begin[k + 1])
    std::vector<std::uint32_t> order;
    std::uint64_t filter[4] = {0, 0, 0, 0};  // bit (key & 255) of every key: most misses stop here
    void build(const std::vector<std::u32string>& words, bool by_last);
    std::span<const std::uint32_t> find(char32_t c) const;
  };
  std::vector<std::u32string> words_;
  Index first_, last_;
};

// Everything find_metrics needs from units.json, built once by UnitLexicon::load().
struct MetricRules {
  // The units as in UnitLexicon::units, each folded as code points, and whether it ends in
  // a Latin letter (5km, but not 5kmh).
  std::vector<std::string> units;
  std::vector<std::u32string> folded;
  std::vector<char> latin_end;
  // Units by first code point: first[k] is a first code point (sorted), and
  // by_first[begin[k] .. begin[k + 1]) the units starting with it, longest first, then in
  // list order (the order longest_unit must prefer them in).
  std::vector<char32_t> first;
  std::vector<std::uint32_t> begin;
  std::vector<std::uint32_t> by_first;

  // Word lists, folded, longest first.
  FoldedWords numeral_stop;       // chinese_numeral_stop
  FoldedWords leading;            // label_leading_fillers
  FoldedWords trailing;           // label_trailing_fillers
  FoldedWords leading_keep;       // label_leading_keep: 对象 (not the filler 对)
  FoldedWords trailing_keep;      // label_trailing_keep
  FoldedWords not_numeral_units;  // chinese_numeral_not_units
  FoldedWords date_units;         // label_date_units
  FoldedWords no_label;           // label_not_words: a label of only this says nothing
  FoldedWords place_words;        // chinese_numeral_not_before: 三元镇 is a place
  FoldedWords slogan_after;       // chinese_numeral_slogan_after: 一 (八个一工作机制)
  FoldedWords place_count_units;  // place_counting_units: 三个镇 still counts towns
  FoldedWords conjunctions;       // label_conjunctions: 及, 和 (the figure is the next noun's)
  FoldedWords list_ends;          // label_list_ends: 等 (A、B等3个 counts the list)
  FoldedWords not_before;         // figure_not_before: 以上的 (a threshold, not a count)
  FoldedWords not_figures;        // not_figures: 24小时 (round the clock)
  FoldedWords span_units;         // span_units: 天, 个工作日 (a span of time)
  FoldedWords deadline_after;     // span_deadline_after: 内 (3个工作日内: a deadline)
  FoldedWords attributive_ends;   // label_attributive_ends: 的
  FoldedWords date_relative;      // label_date_relative: 前, 以来 (6月30日前完成)
  FoldedWords after_units;        // label_after_units: 个, 家 (1条重大事故隐患 names its noun after)
  FoldedWords after_event_units;  // label_after_event_units: 次, 场 (举办2次展销会)
  FoldedWords verb_ends;          // label_verb_ends: 新增 (在石门村新增4000亩油茶基地)
  FoldedWords open_ends;          // label_open_ends: 从, 对 (许可从19个行业…)
  FoldedWords share_units;        // label_share_units: % (额度的30%: a share of what precedes)
  FoldedWords after_skip;         // label_after_skip: 以上 (50个以上核心生产基地)
  FoldedWords after_nouns;        // label_after_nouns: 建设用地 (no verb 建设 there)
  FoldedWords respectively;       // label_respectively: 分别为 (A和B分别为…: of which?)
  FoldedWords place_ends;         // label_place_ends: 村, 镇 (辣树村 names a place only)
  FoldedWords after_vague;        // label_after_vague_nouns: 方面 (10个方面: of what?)
  FoldedWords after_verbs;        // label_after_verbs: 进行, 纳入 (5家企业纳入…: the noun ends there)
  // Sets of single characters, folded.
  std::u32string cut_after;          // label_cut_after: 的, 及 (a long label starts after one)
  std::u32string period_before;      // span_period_before: 前, 近 (前8个月 is a period)
  std::u32string leading_particles;  // label_leading_particles: 的, 及 (…的低效土地 -> 低效土地)
  std::u32string ordinal_prefixes, numeral_not_after, unit_modifiers, scale_words, range_marks, label_stops,
      list_markers, list_separators;
  std::uint64_t label_stop_bits = 0;  // bit (c & 63) of every label_stops character: most are none
  char32_t document_open = 0, document_close = 0;
  // chinese_numeral_not_in: quotation marks, opening and closing (“防溺水新十条” is a name).
  std::u32string quote_open, quote_close;
  // Derived: bit (c & 4095) of every code point the scan of a line stops at (digits,
  // placeholders, Chinese numerals, quotation marks, the document name mark). Most of a
  // line is none of them and is passed over with one test.
  std::array<std::uint64_t, 64> scan_stops{};
  bool may_stop_scan(char32_t c) const { return scan_stops[(c >> 6) & 63] >> (c & 63) & 1; }
  // Settings; a lexicon filled by hand (no units.json) has these and empty lists.
  double numeral_min_value = 2;  // 一个, 一次: mostly "a", not a count
  std::size_t list_number_max_digits = 2, redaction_min_stars = 2;
  std::size_t label_max_chars = 16, label_min_chars = 2, list_item_max_chars = 6, label_stretch_chars = 8;
  std::size_t place_label_max_chars = 5;

  // The units starting with code point c, as [*b, *e) indices into `units`.
  bool starting_with(char32_t c, const std::uint32_t*& b, const std::uint32_t*& e) const;
};

// The rules for `units`, with the rest of units.json from `j` (nullptr: empty lists and
// the settings above).
std::shared_ptr<const MetricRules> make_rules(const std::vector<std::string>& units, const LexiconReader* j);

inline bool is_one_of(std::u32string_view set, char32_t c) {
  return c != 0 && set.find(c) != std::u32string_view::npos;
}

// ---- line.cpp -------------------------------------------------------------------------

// Full-width ASCII -> ASCII (０-９, ．, ％, ／, ｘ, ＊, －), ideographic space -> space, small
// percent and minus signs -> % and -: the part of NFKC that matters for numbers and units,
// done per code point so that offsets into the text as written stay.
constexpr char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0x3000) return U' ';
  if (c == 0xFE6A) return U'%';
  if (c == 0x2212) return U'-';
  return c;
}
std::u32string fold_u32(std::string_view s);
std::string fold_utf8(std::string_view s);

constexpr bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
constexpr bool is_ascii_alpha(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
constexpr bool is_ascii_alnum(char32_t c) { return is_digit(c) || is_ascii_alpha(c); }
// Redaction placeholders, folded (ｘ -> x, ＊ -> *), and the multiplication sign (xx×x).
constexpr bool is_placeholder(char32_t c) { return c == U'x' || c == U'X' || c == U'\u00D7' || c == U'*'; }
constexpr bool is_numberish(char32_t c) { return is_digit(c) || is_placeholder(c); }

// One line as code points: raw (as written), folded, and the byte offset of each. The
// buffers only grow, so a thread reuses them from line to line.
struct LineView {
  std::string_view text;
  std::vector<char32_t> raw;
  std::vector<char32_t> f;
  std::vector<std::uint32_t> off;  // off[n] == text.size()
  std::size_t n = 0;

  void load(std::string_view t);
  char32_t at(std::size_t i) const { return i < n ? f[i] : 0; }
  std::string_view slice(std::size_t a, std::size_t b) const { return text.substr(off[a], off[b] - off[a]); }
  bool matches(std::size_t i, std::u32string_view s) const {
    if (i + s.size() > n) return false;
    for (std::size_t k = 0; k < s.size(); ++k)
      if (f[i + k] != s[k]) return false;
    return true;
  }
  // The first of `words` (the longest) that starts at i and ends by `end` (the line's end
  // when beyond it), or nullptr.
  const std::u32string* first_at(std::size_t i, const FoldedWords& words, std::size_t end = SIZE_MAX) const;
  bool matches_any(std::size_t i, const FoldedWords& words, std::size_t end = SIZE_MAX) const {
    return first_at(i, words, end) != nullptr;
  }
  bool is_space_at(std::size_t i) const;
};

// ---- units.cpp ------------------------------------------------------------------------

struct UnitHit {
  std::size_t end = 0;  // code point index just past the unit (0: no unit)
  std::string unit;
  double scale = 1;
};

// The unit after a number ending at p: [余|多] unit, or [余|多] 万/亿/千 [余|多] unit.
UnitHit unit_after(const LineView& v, std::size_t p, const MetricRules& rules);

// ---- labels.cpp -----------------------------------------------------------------------

// The label of a metric whose number starts at `start`: the words before it, not reaching
// back before `floor` (the end of the previous metric).
std::string make_label(const LineView& v, std::size_t floor, std::size_t start, const MetricRules& rules);

// Is w one of words?
bool listed(const FoldedWords& words, std::u32string_view w);

// A label that only names a place (辣树村超200万元: its collective income, not the village) for a
// figure that measures, not counts: label_place_ends, at most label_place_max_chars long.
// The label and unit are folded (fold_u32).
bool names_only_a_place(std::u32string_view label, std::u32string_view unit, const MetricRules& rules);

// What the text right after a count says about its label (挂牌督办1条重大事故隐患，: the count is
// of the noun after it, not of the words before).
struct LabelAfter {
  enum Kind { none, found, unclear } kind = none;  // none: nothing after (the label before stands)
  std::string noun;                                // kind found: the words after, the label
  std::size_t end = 0;  // just past the words that are the count's (found, or unclear ones); 0: none
};
// For a figure ending at `end` with `label` before it (make_label) and unit `unit`: a count
// of things (label_after_units) names its noun after it; so does a figure whose label ends
// in 的 (下拨的50万村级经济发展资金), and an event count with no label (举办2次展销会). The label
// and unit are folded (fold_u32).
LabelAfter label_after(const LineView& v, std::size_t end, std::u32string_view label, std::u32string_view unit,
                       const MetricRules& rules);

}  // namespace huizong
