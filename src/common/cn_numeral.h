// Chinese numerals (一, 十二, 一百零五, 三万五千, 两亿): the one parser and the one formatter.
// The digits and multipliers are a built-in table: the numeral system, not wording.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace huizong::cn_numeral {

// 0..9 for 〇 零 一 二 两 三 … 九, -1 for anything else.
constexpr int digit(char32_t c) {
  switch (c) {
    case U'〇':
    case U'零':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

// 10, 100, 1000, 10^4, 10^8 for 十 百 千 万 亿, 0 for anything else.
constexpr std::int64_t multiplier(char32_t c) {
  switch (c) {
    case U'十':
      return 10;
    case U'百':
      return 100;
    case U'千':
      return 1000;
    case U'万':
      return 10000;
    case U'亿':
      return 100000000;
    default:
      return 0;
  }
}

// A digit or 十 (what numbers 一、 … 九十九、 headings): 〇 零 一 … 九 两 十.
constexpr bool is_digit_or_ten(char32_t c) { return digit(c) >= 0 || c == U'十'; }

// Any character of a numeral: a digit or a multiplier.
bool is_numeral_char(char32_t c);

// The value of a numeral: 一 .. 九十九, 一百零五, 一千零一, 三万五千, 两亿; also the spoken
// short forms 一百五 (150), 三千五 (3500), 三万五 (35000), 一亿五 (150000000). 十二 is 12,
// 〇 and 零 alone are 0. -1 if s is not one numeral: digit strings (二〇二三, 十四五, 五一),
// 百 alone, multipliers out of order, or a value past 2^62.
std::int64_t parse(std::u32string_view s);

enum class Style {
  plain,              // 一百二十
  legal,              // 壹佰贰拾 (financial, simplified)
  legal_traditional,  // 壹佰貳拾
};

// n in words: 1 一, 10 十, 12 十二, 20 二十, 105 一百零五, 110 一百一十, 10001 一万零一,
// 120000 十二万, 100000000 一亿, up to 九千九百九十九亿…. 0 is 〇; a negative n or one from
// 10^12 on is written in ASCII digits. parse(format(n)) == n for the plain style.
std::string format(std::int64_t n, Style style = Style::plain);

}  // namespace huizong::cn_numeral
