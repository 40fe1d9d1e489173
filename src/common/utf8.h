// UTF-8: the one place that knows how code points are laid out in bytes. Everything else
// steps, decodes, validates and encodes through these functions.
//
// Two kinds of reading: decode()/step() are lenient (text inside huizong has been checked
// when it was read, so they only must not crash or loop on bad bytes); valid_length() and
// first_invalid() are strict (Unicode table 3-7: no overlongs, no surrogates, nothing past
// U+10FFFF) and decide whether bytes are UTF-8 at all.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace huizong::utf8 {

constexpr char32_t kReplacement = 0xFFFD;

// 10xxxxxx: a byte inside a code point, never the first.
constexpr bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }
constexpr bool is_continuation(char b) { return is_continuation(static_cast<unsigned char>(b)); }

// Bytes the encoding of cp takes (1..4).
constexpr std::size_t encoded_length(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

// Decode the code point at byte i and advance i past it. A byte that does not begin a
// complete sequence comes back as U+FFFD and advances one byte. Inline: ASCII is decided on
// the first test, and the rest is short enough for the hot loops (metrics, normalise).
inline char32_t decode(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {  // the fast paths: ASCII, then three bytes (CJK, full-width forms)
    ++i;
    return c;
  }
  if ((c & 0xF0) == 0xE0 && i + 3 <= s.size() && is_continuation(s[i + 1]) && is_continuation(s[i + 2])) {
    const char32_t cp = (char32_t{c & 0x0Fu} << 12) | (char32_t{static_cast<unsigned char>(s[i + 1]) & 0x3Fu} << 6) |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    i += 3;
    return cp;
  }
  // Lead byte -> sequence length and the payload bits it carries (0: not a lead byte).
  const std::size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (n != 0 && i + n <= s.size()) {
    char32_t cp = c & (0x7F >> n);
    std::size_t k = 1;
    for (; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (!is_continuation(b)) break;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (k == n) {
      i += n;
      return cp;
    }
  }
  ++i;
  return kReplacement;
}

// Advance i past the code point at i (as decode() does).
inline void step(std::string_view s, std::size_t& i) { decode(s, i); }

// The last code point of s (non-empty) and the byte where it starts, as decode() reads it:
// U+FFFD starting at the last byte if the bytes before the end form no sequence ending there.
char32_t decode_last(std::string_view s, std::size_t& start);

// Append the encoding of cp.
void append(std::string& out, char32_t cp);

// Number of code points (a stray continuation byte is not counted).
std::size_t length(std::string_view s);

// The first n code points of s.
std::string_view prefix(std::string_view s, std::size_t n);

std::u32string to_u32(std::string_view s);
std::string to_utf8(std::u32string_view s);

// Strict checking. Length of the well-formed sequence at s[i] (1..4), or 0 if it is
// ill-formed; then *invalid (if given) is the length of its maximal ill-formed subpart, at
// least 1 (what a decoder replaces by one U+FFFD). Inline for the sequences nearly all text
// is made of (ASCII, two bytes, and three-byte leads E1..EC / EE..EF, which take any two
// continuation bytes: CJK, full-width forms); the rest out of line.
// Whether s[i] begins a well-formed sequence of three bytes led by E1..EC or EE..EF: leads
// whose sequences are never overlong nor surrogates, so any two continuation bytes make one
// (CJK, full-width forms: most of Chinese text). The loops that step over such runs use it.
inline bool is_plain_three_bytes(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  return c >= 0xE1 && c != 0xED && c <= 0xEF && i + 2 < s.size() && is_continuation(s[i + 1]) &&
         is_continuation(s[i + 2]);
}
// Whether s[i] begins a well-formed sequence of two bytes (C2..DF and a continuation byte).
inline bool is_two_bytes(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  return c >= 0xC2 && c <= 0xDF && i + 1 < s.size() && is_continuation(s[i + 1]);
}
std::size_t valid_length_slow(std::string_view s, std::size_t i, std::size_t* invalid);
inline std::size_t valid_length(std::string_view s, std::size_t i, std::size_t* invalid = nullptr) {
  if (static_cast<unsigned char>(s[i]) < 0x80) return 1;
  if (is_plain_three_bytes(s, i)) return 3;
  if (is_two_bytes(s, i)) return 2;
  return valid_length_slow(s, i, invalid);
}

// The first byte at or after i that is not ASCII (s.size() if none), 8 bytes at a time.
std::size_t skip_ascii(std::string_view s, std::size_t i);

// Byte offset of the first ill-formed sequence, npos if s is well-formed UTF-8.
std::size_t first_invalid(std::string_view s);
inline bool is_valid(std::string_view s) { return first_invalid(s) == std::string_view::npos; }

}  // namespace huizong::utf8
