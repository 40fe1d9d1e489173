// JsonText: JSON text written straight from values, for the reports of a model (the bulk
// of a model file). nlohmann::json can only write a tree, and building, writing and
// freeing a tree per report was a quarter of the parse time. The bytes are exactly what
// nlohmann's dump() writes for the same values (tests/model_test.cpp compares them on
// every report of the samples); strings that are not valid UTF-8 are handed to nlohmann.
#pragma once
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huizong {

class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  void value(std::string_view s);
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) { out_ += b ? "true" : "false"; }
  void value(int n) { value(static_cast<std::int64_t>(n)); }
  void value(std::int64_t n);
  void value(std::size_t n);
  void value(double x);
  void null() { out_ += "null"; }

  // An object: open, then key() before each value, close. Keys must come in sorted order,
  // as nlohmann writes them.
  void open_object() {
    out_ += '{';
    first_ = true;
  }
  // A field name written in the code: printable ASCII with nothing to escape (model_test
  // compares every key with nlohmann's), written in one append of a known length (a model
  // writes a key per field of every line, item and figure).
  template <std::size_t N>
  void key(const char (&k)[N]) {
    static_assert(N > 1 && N < 40, "a field name");  // untranslated: a compile-time check
    char quoted[N + 3];
    std::size_t n = 0;
    if (!first_) quoted[n++] = ',';
    first_ = false;
    quoted[n++] = '"';
    std::memcpy(quoted + n, k, N - 1);
    n += N - 1;
    quoted[n++] = '"';
    quoted[n++] = ':';
    out_.append(quoted, n);
  }
  void close_object() {
    out_ += '}';
    first_ = false;
  }
  void open_array() {
    out_ += '[';
    first_ = true;
  }
  void next_element();
  void close_array() {
    out_ += ']';
    first_ = false;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace huizong
