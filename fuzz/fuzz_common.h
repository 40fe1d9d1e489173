// Shared helpers for the libFuzzer targets in fuzz/ (see docs/fuzzing.md).
//
// FUZZ_CHECK(cond) aborts with a message when an invariant does not hold, so libFuzzer
// records the input as a crash. Only huizong::Error is an expected failure; any other
// exception escapes LLVMFuzzerTestOneInput and libFuzzer reports it as a crash (uncaught
// exception -> std::terminate -> abort).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/text.h"
#include "read/read.h"

#define FUZZ_CHECK(cond)                                                                \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

namespace huizong::fuzz {

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Lines numbered 1..n in order (what every stage after read relies on).
inline void check_numbering(const std::vector<Line>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) FUZZ_CHECK(lines[i].number == static_cast<int>(i + 1));
}

// What a decoder accepted: lines numbered 1..n, each valid UTF-8 without CR or LF, and some
// text (an all-blank input is refused as empty).
inline void check_decoded_lines(const std::vector<Line>& lines) {
  FUZZ_CHECK(!lines.empty());
  check_numbering(lines);
  bool any_text = false;
  for (const Line& l : lines) {
    FUZZ_CHECK(l.text.find('\n') == std::string::npos);
    FUZZ_CHECK(l.text.find('\r') == std::string::npos);
    FUZZ_CHECK(utf8::is_valid(l.text));  // strict: no overlongs, surrogates, > U+10FFFF
    any_text = any_text || !is_blank(l.text);
  }
  FUZZ_CHECK(any_text);
}

// The input as lines: decode_text when it accepts the bytes, else the raw bytes split on
// '\n' (a trailing '\r' dropped), so the later stages also see text that read would have
// refused, e.g. invalid UTF-8.
inline std::vector<Line> lines_of(std::string_view bytes) {
  try {
    SourceText text = decode_text(bytes, "fuzz.txt");
    return std::move(text.lines);
  } catch (const Error&) {
  }
  std::vector<Line> lines;
  int number = 0;
  std::size_t pos = 0;
  while (true) {
    std::size_t nl = bytes.find('\n', pos);
    std::string_view piece = bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
    lines.push_back({++number, std::string(piece)});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

}  // namespace huizong::fuzz
