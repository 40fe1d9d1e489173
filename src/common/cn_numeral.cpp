#include "common/cn_numeral.h"

#include <algorithm>

namespace huizong::cn_numeral {
namespace {

// Bit (c & 63) is set for every numeral character below U+A000 (all of them): a quick no
// for most code points before the two switches.
constexpr std::uint64_t kNumeralBits = [] {
  std::uint64_t bits = 0;
  for (char32_t c = 0; c < 0xA000; ++c)
    if (digit(c) >= 0 || multiplier(c) > 0) bits |= std::uint64_t{1} << (c & 63);
  return bits;
}();

constexpr std::int64_t kMax = std::int64_t{1} << 62;
constexpr std::int64_t kWan = 10000;
constexpr std::int64_t kYi = 100000000;

}  // namespace

bool is_numeral_char(char32_t c) {
  return (c >= 0xA000 || ((kNumeralBits >> (c & 63)) & 1)) && (digit(c) >= 0 || multiplier(c) > 0);
}

std::int64_t parse(std::u32string_view s) {
  std::int64_t total = 0;         // finished 万 and 亿 sections
  std::int64_t section = 0;       // below 万
  std::int64_t last = kWan * 10;  // multipliers inside a section must decrease (十 < 百 < 千)
  std::int64_t big = 0;           // the 万 or 亿 that closed the last section
  int pending = -1;               // digit not yet multiplied
  bool zero_seen = false;         // a 零 stands before the pending digit
  bool after_mult = false;        // the pending digit follows a multiplier directly (一百五)
  for (char32_t c : s) {
    if (int d = digit(c); d >= 0) {
      if (pending > 0) return -1;  // two digits in a row: 二〇二三, 十四五
      if (pending == 0) zero_seen = true, after_mult = false;
      pending = d;
      continue;
    }
    const std::int64_t m = multiplier(c);
    if (m <= 0) return -1;
    if (m >= kWan) {  // closes a section: 三千五百万, 两亿
      const std::int64_t part = section + std::max(pending, 0);
      if (part <= 0 && total <= 0) return -1;
      if (m == kWan) {
        total += part * m;
      } else {
        if (total + part > kMax / m) return -1;
        total = (total + part) * m;
      }
      section = 0;
      pending = -1;
      last = kWan * 10;
      big = m;
      after_mult = true;
      zero_seen = false;
      continue;
    }
    if (m >= last) return -1;
    std::int64_t n = pending;
    if (pending < 0) {
      if (m != 10 || section != 0) return -1;  // 十二 is fine, 百 alone is not
      n = 1;
    } else if (pending == 0) {
      return -1;
    }
    section += n * m;
    last = m;
    pending = -1;
    after_mult = !zero_seen;
    zero_seen = false;
  }
  if (pending > 0) {
    // 一百五 is 150 and 三万五 35000 (the digit counts one place below the multiplier),
    // 一百零五 is 105.
    if (after_mult && last >= 100 && last < kWan)
      section += pending * last / 10;
    else if (after_mult && last == kWan * 10 && total > 0)
      section += pending * big / 10;
    else
      section += pending;
  }
  const std::int64_t v = total + section;
  if (v > 0) return v;
  return s.size() == 1 && digit(s[0]) == 0 ? 0 : -1;
}

std::string format(std::int64_t n, Style style) {
  // The numerals themselves: built-in tables (the writing system, not a wording an office
  // would edit, so not a lexicon).
  static const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  static const char* const kLegal[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  static const char* const kLegalTrad[] = {"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"};
  static const char* const kUnits[] = {"", "十", "百", "千"};
  static const char* const kLegalUnits[] = {"", "拾", "佰", "仟"};
  static const char* const kGroups[] = {"", "万", "亿"};
  static const char* const kGroupsTrad[] = {"", "萬", "億"};
  if (n == 0) return "〇";
  if (n < 0 || n >= kYi * kWan) return std::to_string(n);  // 九千九百九十九亿… at most
  const bool legal = style != Style::plain;
  const char* const* digits = style == Style::legal_traditional ? kLegalTrad : legal ? kLegal : kDigits;
  const char* const* units = legal ? kLegalUnits : kUnits;
  const char* const* groups = style == Style::legal_traditional ? kGroupsTrad : kGroups;
  // Groups of four digits from the highest; within a group 千 百 十 and the digit. A 零
  // stands for any run of zeros between two digits, also across groups (一亿零一, 一万零五百),
  // but not for the zeros ending a group (十万一千).
  std::string out;
  bool started = false, zero = false;
  for (int g = 2; g >= 0; --g) {
    std::int64_t p = 1;
    for (int k = 0; k < g; ++k) p *= kWan;
    const int group = static_cast<int>(n / p % kWan);
    if (group == 0) {
      zero = zero || started;
      continue;
    }
    const int d4[4] = {group / 1000, group / 100 % 10, group / 10 % 10, group % 10};
    for (int i = 0; i < 4; ++i) {
      const int d = d4[i], unit = 3 - i;
      if (d == 0) {
        zero = zero || started;
        continue;
      }
      if (zero) out += digits[0];
      zero = false;
      if (!(unit == 1 && d == 1 && !started && !legal)) out += digits[d];  // 十一, not 一十一
      out += units[unit];
      started = true;
    }
    out += groups[g];
    zero = false;
  }
  return out;
}

}  // namespace huizong::cn_numeral
