#include "common/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <cstring>

namespace huizong {
namespace {

// Decode one code point; malformed bytes come back as U+FFFD and advance one byte.
char32_t decode(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) -> int {
    if (i + k >= s.size()) return -1;
    auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (c < 0x80) {
    ++i;
    return c;
  }
  if ((c & 0xE0) == 0xC0) {
    int b1 = cont(1);
    if (b1 >= 0) {
      i += 2;
      return ((c & 0x1F) << 6) | b1;
    }
  } else if ((c & 0xF0) == 0xE0) {
    int b1 = cont(1), b2 = cont(2);
    if (b1 >= 0 && b2 >= 0) {
      i += 3;
      return ((c & 0x0F) << 12) | (b1 << 6) | b2;
    }
  } else if ((c & 0xF8) == 0xF0) {
    int b1 = cont(1), b2 = cont(2), b3 = cont(3);
    if (b1 >= 0 && b2 >= 0 && b3 >= 0) {
      i += 4;
      return ((c & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
    }
  }
  ++i;
  return 0xFFFD;
}

}  // namespace

bool is_space_cp(char32_t cp) {
  // The hot path: ASCII and CJK text, decided without ICU.
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
  if (cp == 0x3000 || cp == 0xFEFF || cp == 0x200B || cp == 0x00A0) return true;
  if (cp >= 0x3001 && cp < 0xFE00) return false;
  return u_isUWhiteSpace(static_cast<UChar32>(cp)) || u_isspace(static_cast<UChar32>(cp));
}

bool is_blank(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (!is_space_cp(decode(s, i))) return false;
  }
  return true;
}

std::size_t leading_space_bytes(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    if (!is_space_cp(decode(s, j))) break;
    i = j;
  }
  return i;
}

std::string_view trim(std::string_view s) {
  s.remove_prefix(leading_space_bytes(s));
  // Strip trailing spaces from the back: step to the start of the last code point.
  while (!s.empty()) {
    std::size_t start = s.size() - 1;
    while (start > 0 && s.size() - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t i = start;
    char32_t cp = decode(s, i);
    if (i != s.size() || !is_space_cp(cp)) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

namespace {

// NFKC leaves ASCII, CJK ideographs and CJK punctuation such as 。、《》 as they are and
// maps full-width ASCII (！..～) and U+3000 one to one; only other code points need ICU.
bool fold_without_icu(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b0 = static_cast<unsigned char>(s[i]);
    // Byte-level fast paths: ASCII, and CJK ideographs U+4E00..U+9FFF (E4 B8 80 .. E9 BF BF).
    if (b0 < 0x80) {
      out.push_back(static_cast<char>(b0));
      ++i;
      continue;
    }
    if (b0 >= 0xE4 && b0 <= 0xE9 && i + 2 < s.size() && (b0 > 0xE4 || static_cast<unsigned char>(s[i + 1]) >= 0xB8) &&
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
      out.append(s.data() + i, 3);
      i += 3;
      continue;
    }
    std::size_t at = i;
    char32_t cp = decode(s, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFEE0));
    } else if (cp == 0x3000) {
      out.push_back(' ');
    } else if (cp < 0xA0 || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3001 && cp <= 0x3011) ||
               (cp >= 0x3014 && cp <= 0x301F) ||
               (cp >= 0x2010 && cp <= 0x2027 && cp != 0x2024 && cp != 0x2025 && cp != 0x2026 && cp != 0x2011 &&
                cp != 0x2017)) {
      out.append(s.substr(at, i - at));
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string normalise(std::string_view s) {
  s = trim(s);
  std::string fast;
  if (fold_without_icu(s, fast)) return std::string(trim(fast));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString out = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string result;
  out.toUTF8String(result);
  return std::string(trim(result));
}

char32_t decode_utf8(std::string_view s, std::size_t& i) { return decode(s, i); }

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(decode(s, i));
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t cp : s) append_utf8(out, cp);
  return out;
}

std::size_t length_cp(std::string_view s) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx);
  // in malformed text a stray continuation byte is not counted.
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

namespace {

// glibc's memmem: std::string_view::find scans for the needle's first byte, and in CJK
// text the lead bytes of UTF-8 (E4..E9) are nearly every third byte.
std::size_t find_bytes(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return 0;
  if (hay.size() < needle.size()) return std::string_view::npos;  // also: memmem must not get a null haystack
  const void* p = memmem(hay.data(), hay.size(), needle.data(), needle.size());
  return p ? static_cast<std::size_t>(static_cast<const char*>(p) - hay.data()) : std::string_view::npos;
}

}  // namespace

bool contains(std::string_view hay, std::string_view needle) {
  return find_bytes(hay, needle) != std::string_view::npos;
}

Fingerprint& Fingerprint::add(std::string_view bytes) {
  std::uint64_t h = h_;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h_ = h;
  return *this;
}

std::string Fingerprint::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
  return buf;
}

std::string fingerprint(std::string_view bytes) { return Fingerprint().add(bytes).hex(); }

bool is_chinese_digit(char32_t cp) {
  return std::u32string_view(U"〇零一二两三四五六七八九十").find(cp) != std::u32string_view::npos;
}

int chinese_numeral_value(std::u32string_view s) {
  static constexpr std::u32string_view digits = U"〇一二三四五六七八九";
  auto digit = [](char32_t c) -> int {
    if (c == U'零') return 0;
    if (c == U'两') return 2;
    auto p = digits.find(c);
    return p == std::u32string_view::npos ? -1 : static_cast<int>(p);
  };
  if (s.empty() || s.size() > 3) return -1;
  auto ten = s.find(U'十');
  if (ten == std::u32string_view::npos) return s.size() == 1 ? digit(s[0]) : -1;
  int tens = 1, ones = 0;
  if (ten == 1) {
    tens = digit(s[0]);
    if (tens <= 0) return -1;
  } else if (ten != 0) {
    return -1;
  }
  if (ten + 1 < s.size()) {
    if (ten + 2 != s.size()) return -1;
    ones = digit(s[ten + 1]);
    if (ones <= 0) return -1;
  }
  return tens * 10 + ones;
}

}  // namespace huizong
