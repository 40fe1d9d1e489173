// Text helpers shared by every stage. Input text is kept exactly as written; stages match
// against a normalised copy (NFKC folds full-width digits, letters and punctuation).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/words.h"

namespace huizong {

// One physical line of an input file: 1-based number, text as written (UTF-8, no EOL).
struct Line {
  int number = 0;
  std::string text;
};

// Blank = empty or only whitespace of any kind (incl. U+3000, U+2002, NBSP, BOM, ZWSP).
bool is_blank(std::string_view utf8);
bool is_space_cp(char32_t cp);

// Strip leading and trailing whitespace of any kind.
std::string_view trim(std::string_view utf8);
// Byte length of the leading whitespace.
std::size_t leading_space_bytes(std::string_view utf8);

// NFKC, then trimmed: the copy used for matching (（一） -> (一), １２ -> 12, ． -> .).
std::string normalise(std::string_view utf8);

// Decode the code point at byte i and advance i past it; a malformed byte comes back as
// U+FFFD and advances one byte.
char32_t decode_utf8(std::string_view utf8, std::size_t& i);

std::u32string to_u32(std::string_view utf8);
std::string to_utf8(std::u32string_view u32);
void append_utf8(std::string& out, char32_t cp);

// Number of code points.
std::size_t length_cp(std::string_view utf8);

bool contains(std::string_view hay, std::string_view needle);

// 64-bit FNV-1a of the bytes, as 16 hex digits: a content fingerprint, not a security hash.
std::string fingerprint(std::string_view bytes);
// The same, fed piece by piece: Fingerprint().add(a).add(b).hex() == fingerprint(a + b).
class Fingerprint {
 public:
  Fingerprint& add(std::string_view bytes);
  Fingerprint& add(char c) { return add(std::string_view(&c, 1)); }
  std::string hex() const;

 private:
  std::uint64_t h_ = 14695981039346656037ull;
};

// Value of a Chinese numeral 一..九十九 (also 〇, 两, 零); -1 if the text is not one.
int chinese_numeral_value(std::u32string_view s);
bool is_chinese_digit(char32_t cp);

}  // namespace huizong
