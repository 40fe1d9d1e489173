#include "common/xml_chars.h"

#include <cstdint>
#include <cstring>

#include "common/utf8.h"

namespace huizong {

namespace {

// Byte offset of the first forbidden code point or ill-formed UTF-8 sequence at or after
// i (s.size() if none), and its length in bytes.
std::size_t next_forbidden(std::string_view s, std::size_t i, std::size_t& length) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    // Eight bytes at a time while they are printable ASCII (no byte >= 0x80, none < 0x20).
    for (std::uint64_t w; i + 8 <= s.size(); i += 8) {
      std::memcpy(&w, p + i, 8);
      if ((w | ((w - 0x2020202020202020ull) & ~w)) & 0x8080808080808080ull) break;
    }
    // Runs of three-byte characters that can be no non-character (CJK, full-width forms).
    while (i + 2 < s.size() && utf8::is_plain_three_bytes(s, i) && !may_be_noncharacter(p[i], p[i + 1])) i += 3;
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        length = 1;
        return i;
      }
      ++i;
      continue;
    }
    std::size_t invalid = 1;
    std::size_t n = utf8::valid_length(s, i, &invalid);
    if (n == 0) {
      length = invalid;
      return i;
    }
    if (may_be_noncharacter(c, static_cast<unsigned char>(s[i + 1]))) {
      std::size_t next = i;
      if (is_xml_forbidden(utf8::decode(s, next))) {
        length = n;
        return i;
      }
    }
    i += n;
  }
  return s.size();
}

}  // namespace

std::size_t replace_xml_forbidden(std::string& s) {
  std::size_t length = 0;
  std::size_t at = next_forbidden(s, 0, length);
  if (at == s.size()) return 0;
  std::string out(s, 0, at);
  std::size_t count = 0;
  for (std::size_t i = at; i < s.size();) {
    at = next_forbidden(s, i, length);
    out.append(s, i, at - i);
    if (at == s.size()) break;
    if (s[at] == '\f' || s[at] == '\v')
      out += ' ';
    else
      utf8::append(out, utf8::kReplacement);
    ++count;
    i = at + length;
  }
  s = std::move(out);
  return count;
}

bool has_xml_forbidden(std::string_view s) {
  std::size_t length = 0;
  return next_forbidden(s, 0, length) != s.size();
}

std::string without_xml_forbidden(std::string_view s) {
  std::string out(s);
  replace_xml_forbidden(out);
  return out;
}

}  // namespace huizong
