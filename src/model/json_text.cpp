#include "model/json_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/utf8.h"

namespace huizong {

void JsonText::value(std::string_view s) {
  std::size_t start = out_.size();
  out_ += '"';
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the bytes copied as they are
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // Runs of well-formed three-byte characters (Chinese text) in a tight loop.
      while (i < s.size() && utf8::is_plain_three_bytes(s, i)) i += 3;
      if (i >= s.size() || static_cast<unsigned char>(s[i]) < 0x80) continue;
      std::size_t n = utf8::valid_length(s, i);
      if (n == 0) {
        // Ill-formed: nlohmann replaces it with U+FFFD by its own rules.
        out_.resize(start);
        out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out_.append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
    }
    run = ++i;
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

namespace {
// Integers by to_chars into a buffer (std::to_string made a string per number).
template <class Integer>
void append_integer(std::string& out, Integer n) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}
}  // namespace

void JsonText::value(std::int64_t n) { append_integer(out_, n); }
void JsonText::value(std::size_t n) { append_integer(out_, n); }
// What nlohmann's serializer writes for a double (dump_float: null if not finite, else its
// shortest round-trip digits by nlohmann's to_chars), without a json value and string each.
void JsonText::value(double x) {
  if (!std::isfinite(x)) {
    out_ += "null";
    return;
  }
  std::array<char, 64> digits;  // the serializer's number_buffer
  const char* end = nlohmann::detail::to_chars(digits.data(), digits.data() + digits.size(), x);
  out_.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

void JsonText::next_element() {
  if (!first_) out_ += ',';
  first_ = false;
}

}  // namespace huizong
