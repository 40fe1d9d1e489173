// The label of a metric: the text before its number back to the previous punctuation or
// metric, with leading dates, list markers (一是) and filler words (共, 累计, 完成…) and
// trailing ones (达, 共计…) dropped when enough remains, then cut to its last characters.
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <memory>

#include "common/cn_numeral.h"
#include "metrics/parts.h"

namespace huizong {
namespace {

// The span [a, b) of a label being cut down.
struct Cut {
  std::size_t a, b;
  std::size_t size() const { return b - a; }
};

void trim_spaces(const LineView& v, Cut& s) {
  while (s.a < s.b && v.is_space_at(s.a)) ++s.a;
  while (s.a < s.b && v.is_space_at(s.b - 1)) --s.b;
}

// Leading date such as 2023年, x月份, 1－5月, 2023年6月13日: its length, or 0.
std::size_t date_prefix(const LineView& v, Cut s, const MetricRules& rules) {
  std::size_t i = s.a;
  while (i < s.b &&
         (is_numberish(v.f[i]) || cn_numeral::is_digit_or_ten(v.f[i]) || is_one_of(rules.range_marks, v.f[i])))
    ++i;
  if (i == s.a || i >= s.b) return 0;
  for (const auto& unit : rules.date_units)
    if (i + unit.size() <= s.b && v.matches(i, unit)) return i + unit.size() - s.a;
  return 0;
}

// Leading list marker 一是, 二是, 十一是: its length, or 0.
std::size_t list_marker(const LineView& v, Cut s, const MetricRules& rules) {
  std::size_t i = s.a;
  while (i < s.b && (cn_numeral::digit(v.f[i]) > 0 || cn_numeral::multiplier(v.f[i]) == 10)) ++i;
  return i > s.a && i < s.b && is_one_of(rules.list_markers, v.f[i]) ? i + 1 - s.a : 0;
}

// The length of the filler word the label starts with, or 0.
std::size_t leading_filler(const LineView& v, Cut s, const MetricRules& rules) {
  for (const auto& w : rules.leading)
    if (s.size() >= w.size() + rules.label_min_chars && v.matches(s.a, w)) return w.size();
  return 0;
}

// Leading dates and fillers, repeatedly: 2023年上半年共完成 -> (the rest).
void drop_leading(const LineView& v, Cut& s, const MetricRules& rules) {
  for (bool changed = true; changed;) {
    std::size_t cut = date_prefix(v, s, rules);
    if (cut == 0 || s.size() - cut < rules.label_min_chars) cut = list_marker(v, s, rules);
    if (cut == 0 || s.size() - cut < rules.label_min_chars) cut = leading_filler(v, s, rules);
    changed = cut > 0;
    s.a += cut;
    trim_spaces(v, s);
  }
}

// Trailing fillers: 面积达 -> 面积, but 节约 stays.
void drop_trailing(const LineView& v, Cut& s, const MetricRules& rules) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& w : rules.trailing_keep)
      if (s.size() >= w.size() && v.matches(s.b - w.size(), w)) return;
    for (const auto& w : rules.trailing) {
      if (s.size() >= w.size() + rules.label_min_chars && v.matches(s.b - w.size(), w)) {
        s.b -= w.size();
        changed = true;
        break;
      }
    }
    trim_spaces(v, s);
  }
}

// The first word boundary at or after code point `from` within s (ICU's dictionary word
// breaks for Chinese), so a label cut to its last characters starts with a whole word:
// 社会消费品零售总额, not 023第一季度社会… or 础上申报…. From itself when ICU cannot tell.
std::size_t word_start(const LineView& v, Cut s, std::size_t from) {
  thread_local std::unique_ptr<icu::BreakIterator> words;
  UErrorCode status = U_ZERO_ERROR;
  if (!words) words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
  if (!words || U_FAILURE(status)) return from;
  icu::UnicodeString text = icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(v.raw.data() + s.a),
                                                           static_cast<int32_t>(s.b - s.a));
  words->setText(text);
  int32_t want = text.moveIndex32(0, static_cast<int32_t>(from - s.a));
  int32_t at = words->isBoundary(want) ? want : words->following(want);
  if (at == icu::BreakIterator::DONE) return from;
  return s.a + static_cast<std::size_t>(text.countChar32(0, at));
}

// A label that says nothing: shorter than label_min_chars, only a date (2022年), or only a
// word of label_not_words (完成, 其中, 全县).
bool says_nothing(const LineView& v, Cut s, const MetricRules& rules) {
  if (s.size() < rules.label_min_chars) return true;
  // Right after a count (98路视频监控…): it starts with another number's word, not its own
  // (after a year written without 年, 2023第一季度…, it is whole).
  std::size_t digits = 0;
  while (digits < s.a && is_digit(v.f[s.a - 1 - digits])) ++digits;
  if (digits > 0 && digits < 4) return true;
  if (date_prefix(v, s, rules) == s.size()) return true;
  for (const auto& w : rules.no_label)
    if (w.size() == s.size() && v.matches(s.a, w)) return true;
  return false;
}

}  // namespace

std::string make_label(const LineView& v, std::size_t floor, std::size_t start, const MetricRules& rules) {
  std::size_t a = start;
  while (a > floor) {
    char32_t c = v.f[a - 1];
    if (is_one_of(rules.label_stops, c)) break;
    // A full stop ends the clause unless it is a decimal point (PM2.5浓度).
    if (c == U'.' && !(a >= 2 && is_digit(v.f[a - 2]) && is_digit(v.at(a)))) break;
    --a;
  }
  Cut s{a, start};
  trim_spaces(v, s);
  drop_leading(v, s, rules);
  drop_trailing(v, s, rules);
  if (s.size() > rules.label_max_chars) {
    s.a = word_start(v, s, s.b - rules.label_max_chars);
    while (s.a < s.b && (is_ascii_alnum(v.f[s.a]) || is_one_of(rules.label_stops, v.f[s.a]))) ++s.a;
    drop_leading(v, s, rules);
  }
  trim_spaces(v, s);
  if (says_nothing(v, s, rules)) return {};
  return std::string(v.slice(s.a, s.b));
}

}  // namespace huizong
