// Text helpers shared by every stage. Input text is kept exactly as written; stages match
// against a normalised copy (NFKC folds full-width digits, letters and punctuation).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/utf8.h"
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
// {normalise(s), normalise(s.substr(from))} (a line and its text after the marker), the
// text after `from` normalised once for both where NFKC allows it.
std::pair<std::string, std::string> normalise_with_tail(std::string_view s, std::size_t from);

// UTF-8 (common/utf8.h) under the names the stages use.
using utf8::to_u32;
using utf8::to_utf8;
inline char32_t decode_utf8(std::string_view s, std::size_t& i) { return utf8::decode(s, i); }
inline void append_utf8(std::string& out, char32_t cp) { utf8::append(out, cp); }
// Number of code points.
inline std::size_t length_cp(std::string_view s) { return utf8::length(s); }

// Words of normalised text (: ; ! ?) and the full-width forms NFKC folds into them (： ； ！ ？):
// what to look for in text as written.
std::vector<std::string> with_full_width_forms(std::vector<std::string> words);

// 1-based line number of the byte at `offset` (LF, CRLF and a lone CR each end a line);
// an offset past the end counts the whole text.
int line_of_offset(std::string_view text, std::size_t offset);

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

// What the output folder records of its outputs, views and model.json (render/): XXH3's
// 64 bits as "x" and 16 hex digits, ~8x the speed of fingerprint() (a build hashes every
// byte it writes). The model's own hashes stay fingerprint()'s (docs/model.md).
std::string quick_fingerprint(std::string_view bytes);
// Whether `hash` is a quick_fingerprint (else a fingerprint, as recorded before them).
bool is_quick_fingerprint(std::string_view hash);
// The same, fed piece by piece.
class QuickFingerprint {
 public:
  QuickFingerprint();
  ~QuickFingerprint();
  QuickFingerprint(const QuickFingerprint& other);
  QuickFingerprint& operator=(const QuickFingerprint&) = delete;
  QuickFingerprint& add(std::string_view bytes);
  std::string hex() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace huizong
