#include "common/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstdint>
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

namespace {

// Whether the three bytes at q are a code point of U+3001..U+9FFF (CJK punctuation, kana,
// ideographs): no space (of U+3000..U+9FFF only U+3000 is one).
bool cjk_non_space(const unsigned char* q) {
  return q[0] >= 0xE3 && q[0] <= 0xE9 && utf8::is_continuation(q[1]) && utf8::is_continuation(q[2]) &&
         !(q[0] == 0xE3 && q[1] == 0x80 && q[2] == 0x80);
}

}  // namespace

std::string_view trim(std::string_view s) {
  // The first and the last code point of most text (ASCII, CJK) are told from their bytes.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const bool first_kept = !s.empty() && (p[0] < 0x80 ? !is_space_cp(p[0]) : s.size() >= 3 && cjk_non_space(p));
  if (!first_kept) s.remove_prefix(leading_space_bytes(s));
  while (!s.empty()) {
    const auto* q = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    if (q[n - 1] < 0x80) {
      if (!is_space_cp(q[n - 1])) break;
      s.remove_suffix(1);
      continue;
    }
    if (n >= 3 && cjk_non_space(q + n - 3)) break;
    std::size_t start = 0;
    if (!is_space_cp(utf8::decode_last(s, start))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

namespace {

const icu::Normalizer2* nfkc_instance() {
  static const icu::Normalizer2* const nfkc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? instance : nullptr;
  }();
  return nfkc;
}

// The code points of Chinese text other than ASCII and the CJK ideographs: its punctuation
// (、。《》“”—…), the ideographic space and the full-width forms (，：（）１２Ａ), with what
// NFKC makes of each alone, asked of ICU once: itself (NFKC-inert: a normalisation boundary
// before and after it whatever its neighbours) or one ASCII character (U+3000 a space, U+FF0C
// a comma). A text made only of these, ASCII and the ideographs is its own NFKC code point by
// code point: none of them is a combining mark or the second of a composition, so nothing
// composes across them; ICU is asked for any other text.
// The code points FastNfkc knows, by range, and where each range begins in its table:
// each range's place follows the one before it, and together they fill the table.
struct NfkcRange {
  char32_t first, last;
  std::size_t at;
};
constexpr NfkcRange kNfkcRanges[] = {
    {0x00A0, 0x00FF, 0}, {0x2000, 0x206F, 96}, {0x3000, 0x303F, 208}, {0xFF00, 0xFFEF, 272}};
constexpr std::size_t kNfkcCodePoints = 512;
constexpr bool nfkc_ranges_packed() {
  std::size_t at = 0;
  for (const NfkcRange& r : kNfkcRanges) {
    if (r.at != at) return false;
    at += r.last - r.first + 1;
  }
  return at == kNfkcCodePoints;
}
static_assert(nfkc_ranges_packed());

class FastNfkc {
 public:
  static constexpr std::uint8_t kNotFast = 0, kItself = 1;  // else the ASCII byte it becomes

  explicit FastNfkc(const icu::Normalizer2& nfkc) {
    for (const NfkcRange& r : kNfkcRanges)
      for (char32_t cp = r.first; cp <= r.last; ++cp) kind_[r.at + (cp - r.first)] = kind_of(nfkc, cp);
  }
  std::uint8_t kind(char32_t cp) const {
    for (const NfkcRange& r : kNfkcRanges)
      if (cp >= r.first && cp <= r.last) return kind_[r.at + (cp - r.first)];
    return kNotFast;
  }

 private:
  std::array<std::uint8_t, kNfkcCodePoints> kind_{};

  static std::uint8_t kind_of(const icu::Normalizer2& nfkc, char32_t c) {
    const auto cp = static_cast<UChar32>(c);
    if (nfkc.isInert(cp)) return kItself;
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString alone = nfkc.normalize(icu::UnicodeString(cp), status);
    if (U_SUCCESS(status) && nfkc.hasBoundaryBefore(cp) && alone.length() == 1 && alone[0] >= 0x20 && alone[0] < 0x7F)
      return static_cast<std::uint8_t>(alone[0]);
    return kNotFast;
  }
};

// Appends NFKC(s) and returns true when every code point of s is ASCII, a CJK ideograph
// (U+4E00..U+9FFF, NFKC-inert) or one FastNfkc knows; else leaves out as it was.
bool append_nfkc_fast(std::string_view s, const icu::Normalizer2& nfkc, std::string& out) {
  static const FastNfkc fast(nfkc);
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size(), start = out.size();
  std::size_t copied = 0;  // s[copied, i) is its own NFKC, appended at the next change
  auto not_fast = [&] {
    out.resize(start);
    return false;
  };
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      i = utf8::skip_ascii(s, i + 1);
      continue;
    }
    char32_t cp;
    std::size_t length;
    // Well-formed sequences of two bytes and of three (not E0 or ED: overlong forms and
    // surrogates start there; those texts go to the ICU path, which checks them).
    if (utf8::is_plain_three_bytes(s, i)) {
      if ((c >= 0xE5 && c <= 0xE9) || (c == 0xE4 && p[i + 1] >= 0xB8)) {  // U+4E00..U+9FFF
        i += 3;
        continue;
      }
      cp = (char32_t{c & 0x0Fu} << 12) | (char32_t{p[i + 1] & 0x3Fu} << 6) | (p[i + 2] & 0x3Fu);
      length = 3;
    } else if (utf8::is_two_bytes(s, i)) {
      cp = (char32_t{c & 0x1Fu} << 6) | (p[i + 1] & 0x3Fu);
      length = 2;
    } else {
      return not_fast();
    }
    const std::uint8_t kind = fast.kind(cp);
    if (kind == FastNfkc::kNotFast) return not_fast();
    if (kind != FastNfkc::kItself) {
      if (copied == 0) out.reserve(out.size() + n);
      out.append(s, copied, i - copied);
      out += static_cast<char>(kind);
      copied = i + length;
    }
    i += length;
  }
  out.append(s, copied);
  return true;
}

// Appends the NFKC of s to out; false when ICU fails.
bool append_nfkc(std::string_view s, std::string& out) {
  const icu::Normalizer2* nfkc = nfkc_instance();
  if (!nfkc) return false;
  if (append_nfkc_fast(s, *nfkc, out)) return true;
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (utf8::is_valid(s)) {
    // ICU's UTF-8 API normalises straight from and into UTF-8, copying the spans it
    // leaves unchanged. It passes ill-formed bytes through, so those go through UTF-16
    // below, which makes them U+FFFD.
    icu::StringByteSink<std::string> sink(&out);
    nfkc->normalizeUTF8(0, piece, sink, nullptr, status);
  } else {
    nfkc->normalize(icu::UnicodeString::fromUTF8(piece), status).toUTF8String(out);
  }
  return U_SUCCESS(status);
}

std::string trimmed(std::string&& s) {
  std::string_view t = trim(s);  // U+3000 folds to a space: trimmed again
  if (t.size() == s.size()) return std::move(s);
  return std::string(t);
}

}  // namespace

std::string normalise(std::string_view s) {
  s = trim(s);
  std::string result;
  result.reserve(s.size());
  if (!append_nfkc(s, result)) return std::string(s);
  return trimmed(std::move(result));
}

std::pair<std::string, std::string> normalise_with_tail(std::string_view s, std::size_t from) {
  std::string_view whole = trim(s), tail = trim(s.substr(from));
  // NFKC(head + tail) is NFKC(head) + NFKC(tail) when tail starts at a normalisation
  // boundary (ICU: nothing before it interacts with it).
  bool apart = !tail.empty() && tail.data() >= whole.data() &&
               tail.data() + tail.size() == whole.data() + whole.size() && utf8::valid_length(tail, 0) > 0;
  if (apart) {
    std::size_t i = 0;
    const icu::Normalizer2* nfkc = nfkc_instance();
    apart = nfkc && nfkc->hasBoundaryBefore(static_cast<UChar32>(utf8::decode(tail, i)));
  }
  std::string head_n, tail_n;
  head_n.reserve(whole.size());
  if (!apart || !append_nfkc(whole.substr(0, whole.size() - tail.size()), head_n) || !append_nfkc(tail, tail_n))
    return {normalise(s), normalise(s.substr(from))};
  head_n += tail_n;
  return {trimmed(std::move(head_n)), trimmed(std::move(tail_n))};
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

namespace {
std::string quick_hex(std::uint64_t h) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "x%016llx", static_cast<unsigned long long>(h));
  return buf;
}
}  // namespace

std::string quick_fingerprint(std::string_view bytes) { return quick_hex(XXH3_64bits(bytes.data(), bytes.size())); }

bool is_quick_fingerprint(std::string_view hash) { return hash.size() == 17 && hash[0] == 'x'; }

struct QuickFingerprint::State {
  XXH3_state_t xxh;
};

QuickFingerprint::QuickFingerprint() : state_(std::make_unique<State>()) { XXH3_64bits_reset(&state_->xxh); }
QuickFingerprint::~QuickFingerprint() = default;
QuickFingerprint::QuickFingerprint(const QuickFingerprint& other) : state_(std::make_unique<State>(*other.state_)) {}

QuickFingerprint& QuickFingerprint::add(std::string_view bytes) {
  XXH3_64bits_update(&state_->xxh, bytes.data(), bytes.size());
  return *this;
}

std::string QuickFingerprint::hex() const { return quick_hex(XXH3_64bits_digest(&state_->xxh)); }

}  // namespace huizong
