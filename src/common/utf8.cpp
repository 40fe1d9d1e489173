#include "common/utf8.h"

#include <bit>
#include <cstdint>
#include <cstring>

namespace huizong::utf8 {

char32_t decode_last(std::string_view s, std::size_t& start) {
  // Step back over at most three continuation bytes to a lead byte, then read forward.
  start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 && is_continuation(s[start])) --start;
  std::size_t i = start;
  char32_t cp = decode(s, i);
  if (i == s.size()) return cp;
  start = s.size() - 1;
  return kReplacement;
}

void append(std::string& out, char32_t cp) {
  const std::size_t n = encoded_length(cp);
  if (n == 1) {
    out.push_back(static_cast<char>(cp));
    return;
  }
  static constexpr unsigned char kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
  char buf[4];
  for (std::size_t k = n; k-- > 1;) {
    buf[k] = static_cast<char>(0x80 | (cp & 0x3F));
    cp >>= 6;
  }
  buf[0] = static_cast<char>(kLead[n] | cp);
  out.append(buf, n);
}

std::size_t length(std::string_view s) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx):
  // counted 8 bytes at a time (a byte's top bit set and the next bit clear).
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = 0, i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    std::uint64_t continuation = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;        // 1 per such byte
    n += 8 - static_cast<std::size_t>((continuation * 0x0101010101010101ull) >> 56);  // their sum, in the top byte
  }
  for (; i < s.size(); ++i) n += !is_continuation(p[i]);
  return n;
}

std::string_view prefix(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < n && i < s.size(); ++k) step(s, i);
  return s.substr(0, i);
}

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(decode(s, i));
  return out;
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t cp : s) append(out, cp);
  return out;
}

std::size_t valid_length_slow(std::string_view s, std::size_t i, std::size_t* invalid) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // no overlong
    if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  }
  std::size_t k = 1;
  for (; k < len; ++k) {
    if (i + k >= s.size()) break;
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? (b < lo || b > hi) : !is_continuation(b)) break;
  }
  if (len != 0 && k == len) return len;
  if (invalid) *invalid = k;
  return 0;
}

std::size_t skip_ascii(std::string_view s, std::size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

std::size_t first_invalid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {  // eight ASCII bytes
        i += 8;
        continue;
      }
      // Two three-byte sequences led by E1..EC or EE..EF (CJK, full-width forms: most of
      // Chinese text), decided from the word: leads 1110xxxx at bytes 0 and 3, continuation
      // bytes 10xxxxxx at 1, 2, 4 and 5; E0 and ED (whose second byte is narrower) go the
      // long way.
      static_assert(std::endian::native == std::endian::little);  // byte 0 is the word's lowest
      constexpr std::uint64_t kMask = 0x0000C0C0F0C0C0F0ull, kWant = 0x00008080E08080E0ull;
      if ((w & kMask) == kWant && p[i] != 0xE0 && p[i] != 0xED && p[i + 3] != 0xE0 && p[i + 3] != 0xED) {
        i += 6;
        continue;
      }
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = valid_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace huizong::utf8
