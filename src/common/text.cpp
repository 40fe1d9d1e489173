#include "common/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace huizong {
bool is_space_cp(char32_t cp) {
  // The hot path: ASCII and CJK text, decided without ICU.
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
  if (cp == 0x3000 || cp == 0xFEFF || cp == 0x200B || cp == 0x00A0) return true;
  if (cp >= 0x3001 && cp < 0xFE00) return false;
  return u_isUWhiteSpace(static_cast<UChar32>(cp)) || u_isspace(static_cast<UChar32>(cp));
}

bool is_blank(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (!is_space_cp(utf8::decode(s, i))) return false;
  }
  return true;
}

std::size_t leading_space_bytes(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    if (!is_space_cp(utf8::decode(s, j))) break;
    i = j;
  }
  return i;
}

std::string_view trim(std::string_view s) {
  s.remove_prefix(leading_space_bytes(s));
  while (!s.empty()) {
    std::size_t start = 0;
    if (!is_space_cp(utf8::decode_last(s, start))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

namespace {

// Bytes at the start of s that NFKC leaves as they are, found without decoding: ASCII and
// the CJK ideographs U+4E00..U+9FFF (E4 B8..BF, E5..E9): a line of only these (a third of
// the lines) is copied without asking ICU.
std::size_t stable_prefix(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      i = utf8::skip_ascii(s, i + 1);
      continue;
    }
    if (i + 2 < n && utf8::is_continuation(p[i + 1]) && utf8::is_continuation(p[i + 2]) &&
        ((c >= 0xE5 && c <= 0xE9) || (c == 0xE4 && p[i + 1] >= 0xB8))) {
      i += 3;
      continue;
    }
    break;
  }
  return i;
}

}  // namespace

std::string normalise(std::string_view s) {
  s = trim(s);
  const std::size_t stable = stable_prefix(s);
  if (stable == s.size()) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  std::string result;
  if (utf8::is_valid(s.substr(stable))) {
    // ICU's UTF-8 API normalises straight from and into UTF-8, copying the spans it
    // leaves unchanged. It passes ill-formed bytes through, so those go through UTF-16
    // below, which makes them U+FFFD.
    result.reserve(s.size());
    icu::StringByteSink<std::string> sink(&result);
    nfkc->normalizeUTF8(0, piece, sink, nullptr, status);
  } else {
    nfkc->normalize(icu::UnicodeString::fromUTF8(piece), status).toUTF8String(result);
  }
  if (U_FAILURE(status)) return std::string(s);
  std::string_view folded = trim(result);  // U+3000 folds to a space: trimmed again
  if (folded.size() == result.size()) return result;
  return std::string(folded);
}

std::vector<std::string> with_full_width_forms(std::vector<std::string> words) {
  const std::size_t n = words.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::string wide;
    for (char c : words[k]) {
      if (c < 0x21 || c > 0x7E) {  // only words all of printable ASCII have a full-width form
        wide.clear();
        break;
      }
      utf8::append(wide, static_cast<char32_t>(c) + 0xFEE0);
    }
    if (!wide.empty()) words.push_back(std::move(wide));
  }
  return words;
}

int line_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n')
      ++line;
    else if (text[i] == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))
      ++line;  // CRLF counts at the LF
  }
  return line;
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

}  // namespace huizong
