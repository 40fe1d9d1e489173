// Characters that XML 1.0 forbids (and that no document means): C0 controls other than
// tab, U+FFFE/U+FFFF and the other non-characters. Text may carry them (a damaged file,
// &#xFFFF; in a .docx); an output must not, or comparison.xlsx is not valid XML. They are
// replaced when text is read, so the model never holds them; the xlsx writer checks again.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace huizong {

// True for a code point XML 1.0 does not allow in text, or a non-character.
constexpr bool is_xml_forbidden(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  if (cp >= 0xD800 && cp <= 0xDFFF) return true;    // a lone surrogate
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;    // non-characters
  return (cp & 0xFFFE) == 0xFFFE || cp > 0x10FFFF;  // U+xFFFE, U+xFFFF
}

// Whether a well-formed UTF-8 sequence led by `lead`, `second` may encode a non-character:
// only EF B7 (U+FDC0..U+FDFF), EF BF (U+FFC0..U+FFFF) and F0..F4 (the other planes) can.
constexpr bool may_be_noncharacter(unsigned char lead, unsigned char second) {
  return (lead == 0xEF && (second | 0x08) == 0xBF) || lead >= 0xF0;
}

// Replaces each forbidden code point of `s`, and each ill-formed UTF-8 sequence, by U+FFFD
// (a form feed or vertical tab by a space: they only mean a page or line break). Returns
// how many were replaced. One pass over the bytes; no copy when there is none.
std::size_t replace_xml_forbidden(std::string& s);

// Whether replace_xml_forbidden would replace anything in `s`.
bool has_xml_forbidden(std::string_view s);

// The same on a copy (for text that does not come through the read stage).
std::string without_xml_forbidden(std::string_view s);

}  // namespace huizong
