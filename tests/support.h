// Helpers shared by the test programs: header-only, so each program links only its own stage.
// Helpers that need huizong_model (the lexicons) are in support_model.h.
#pragma once

#include <unicode/ucnv.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/error.h"
#include "common/lexicon.h"
#include "common/text.h"

namespace huizong::test {

// The sample of samples/ whose file name starts with `prefix` ("000_"); fails the test if there is none.
inline std::filesystem::path sample_path(const std::string& prefix) {
  for (const auto& entry : std::filesystem::directory_iterator(HUIZONG_SAMPLES_DIR))
    if (entry.path().filename().string().rfind(prefix, 0) == 0 && entry.path().extension() == ".txt")
      return entry.path();
  FAIL("no sample " << prefix << "* in " << HUIZONG_SAMPLES_DIR);
  return {};
}

// The physical lines of a file, numbered from 1, a trailing CR dropped.
inline std::vector<Line> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::vector<Line> out;
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    out.push_back({++number, text});
  }
  return out;
}

// The lines of the sample whose file name starts with `prefix`, read once per test program.
inline const std::vector<Line>& sample(const std::string& prefix) {
  static std::map<std::string, std::vector<Line>> cache;
  auto it = cache.find(prefix);
  if (it == cache.end()) it = cache.emplace(prefix, read_lines(sample_path(prefix))).first;
  return it->second;
}

// Physical line n (from 1) of the sample whose file name starts with `prefix`, as written.
inline const std::string& sample_line(const std::string& prefix, int n) {
  const auto& all = sample(prefix);
  REQUIRE(n >= 1);
  REQUIRE(n <= static_cast<int>(all.size()));
  return all[static_cast<std::size_t>(n - 1)].text;
}

// Copies every file of a bundled data directory ("lexicons", "templates", "styles") into
// `into` (which must exist), for a test to edit the copies.
inline void copy_bundled(const std::string& what, const std::filesystem::path& into) {
  for (const auto& e : std::filesystem::directory_iterator(data_dir(what)))
    std::filesystem::copy(e.path(), into / e.path().filename(), std::filesystem::copy_options::recursive);
}

// The whole content of a file, byte for byte; fails the test if it cannot be opened.
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes `bytes` to `path` as they are; fails the test if the file cannot be opened.
inline void spit(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  REQUIRE(out);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// UTF-8 -> another encoding with ICU (no BOM is added).
inline std::string convert_to(const char* encoding, std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// `s` with every occurrence of `from` replaced by `to`, scanning left to right without rescanning.
inline std::string replace_all(const std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  std::size_t pos = 0;
  for (;;) {
    std::size_t hit = s.find(from, pos);
    if (hit == std::string::npos) break;
    out.append(s, pos, hit - pos);
    out.append(to);
    pos = hit + from.size();
  }
  out.append(s, pos, std::string::npos);
  return out;
}

// The texts of the lines of a read result (a SourceText), without their numbers.
template <class Source>
inline std::vector<std::string> texts(const Source& st) {
  std::vector<std::string> v;
  for (const auto& l : st.lines) v.push_back(l.text);
  return v;
}

// Runs f, which must throw an input Error whose one_line() names `file` and contains `what`.
template <class F>
inline Error expect_input_error(F&& f, const std::string& file, const std::string& what) {
  try {
    f();
  } catch (const Error& e) {
    INFO(e.one_line());
    CHECK(e.code() == ExitCode::input);
    CHECK(e.file() == file);
    CHECK(e.one_line().find(file) == 0);
    CHECK(e.one_line().find(what) != std::string::npos);
    CHECK(e.one_line().find('\n') == std::string::npos);
    CHECK_FALSE(e.hint().empty());
    return e;
  }
  FAIL("no Error thrown; expected: " << what);
  return Error(ExitCode::ok, "", 0, "", "");
}

// An empty directory $TMP/huizong_PROGRAM_test_NAME (PROGRAM keeps the test programs that
// ctest runs at once apart), left in place for a failed test to be looked at.
inline std::filesystem::path fresh_dir(const std::string& program, const std::string& name) {
  std::filesystem::path d = std::filesystem::temp_directory_path() / ("huizong_" + program + "_test_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// A fresh directory under the system temp dir (per process), removed with its parent at the end of the test.
struct TempDir {
  std::filesystem::path dir;
  explicit TempDir(const std::string& name) {
    dir = std::filesystem::temp_directory_path() / ("huizong_test_" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(dir.parent_path(), ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Writes `bytes` to the file `name` in the directory and returns its path.
  std::filesystem::path file(const std::string& name, std::string_view bytes) const {
    std::filesystem::path p = dir / name;
    spit(p, bytes);
    return p;
  }
};

}  // namespace huizong::test
