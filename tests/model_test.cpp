#include "model/model.h"

#include <pthread.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>
#include <thread>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/lexicon.h"
#include "model/json_text.h"
#include "pipeline/pipeline.h"
#include "support.h"
#include "support_model.h"

using namespace huizong;
using namespace huizong::test;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> samples() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(HUIZONG_SAMPLES_DIR))
    if (e.path().extension() == ".txt") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("nothing lost: every non-blank line is in exactly one place", "[model][invariant]") {
  for (const fs::path& path : samples()) {
    SourceText text = read_file(path);
    auto [source, reports] = parse_source(text, lexicons());
    std::map<int, int> places;  // line -> number of places holding it
    for (int l : source.front_matter.lines) ++places[l];
    for (const LedgerEntry& e : source.ledger)
      if (e.whole_line) ++places[e.line];
    for (const Report& r : reports) {
      ++places[r.source.line];
      for (const ReportLine& l : r.lines) ++places[l.line];
    }
    INFO(path.filename().string());
    for (const Line& line : text.lines) {
      INFO("line " << line.number << ": " << line.text);
      if (is_blank(line.text)) {
        CHECK(places.count(line.number) == 0);
      } else {
        CHECK(places[line.number] == 1);
      }
    }
    // A partial ledger entry (##paidbegin##) sits on a line whose rest is report content.
    for (const LedgerEntry& e : source.ledger)
      if (!e.whole_line) {
        CHECK(e.col_end > e.col_begin);
        CHECK(text.lines[static_cast<std::size_t>(e.line - 1)].text.substr(e.col_begin, e.col_end - e.col_begin) ==
              e.text);
      }
  }
}

TEST_CASE("the model survives a JSON round trip unchanged", "[model][json]") {
  Model model = parse_files(samples(), lexicons(), {2});
  nlohmann::json once = model;
  Model back = once.get<Model>();
  CHECK(nlohmann::json(back) == once);
  CHECK(once["schema"] == "huizong.model");
  CHECK(once["version"] == kModelVersion);
}

TEST_CASE("files are listed in the order given, whatever the thread count", "[model]") {
  auto files = samples();
  Model one = parse_files(files, lexicons(), {1});
  Model many = parse_files(files, lexicons(), {4});
  CHECK(nlohmann::json(one) == nlohmann::json(many));
  REQUIRE(one.sources.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) CHECK(one.sources[i].path == files[i].string());
}

TEST_CASE("duplicate reports (same text, or same body under another title) are marked and warned of", "[model]") {
  Model model = parse_files({fs::path(HUIZONG_SAMPLES_DIR) / "001_d515db3ecf640b7c.txt"}, lexicons());
  std::map<std::string, const Report*> by_id;
  for (const Report& r : model.reports) by_id[r.id] = &r;
  int duplicates = 0, other_title = 0;
  const auto& warnings = model.sources.at(0).warnings;
  auto where = [](const Report& r) { return "001_d515db3ecf640b7c.txt:" + std::to_string(r.source.line); };
  for (const Report& r : model.reports) {
    if (!r.duplicate_of) continue;
    ++duplicates;
    const Report* first = by_id.at(*r.duplicate_of);
    if (first->title != r.title) ++other_title;  // 001:1074 repeats the body of 001:265
    CHECK(first->source.line < r.source.line);
    CHECK_FALSE(first->duplicate_of);
    // One warning names both.
    CHECK(std::count_if(warnings.begin(), warnings.end(), [&](const std::string& w) {
            return w.find(where(r)) != std::string::npos && w.find(where(*first)) != std::string::npos;
          }) == 1);
  }
  CHECK(duplicates == 4);
  CHECK(other_title == 1);
}

TEST_CASE("load_model rejects what is not a model of this version", "[model][errors]") {
  fs::path dir = fs::temp_directory_path() / "huizong_model_test";
  fs::create_directories(dir);
  write_file_atomically(dir / "other.json", R"({"reports": []})");
  write_file_atomically(dir / "old.json", R"({"schema": "huizong.model", "version": 999})");
  write_file_atomically(dir / "broken.json", "{");
  for (const char* name : {"other.json", "old.json", "broken.json", "missing.json"}) {
    try {
      load_model((dir / name).string());
      FAIL("accepted " << name);
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::input);
      CHECK(e.one_line().find(name) != std::string::npos);
    }
  }
  fs::remove_all(dir);
}

// A compilation of 3 MB (samples/001 three times: its reports repeated, marked as duplicates):
// large enough for its reports to be shared among threads by default.
static fs::path large_compilation() {
  const fs::path path = fs::temp_directory_path() / "huizong_large_compilation.txt";
  const std::string text = read_file_or_throw(fs::path(HUIZONG_SAMPLES_DIR) / "001_d515db3ecf640b7c.txt",
                                              ExitCode::input, "samples/ is part of the repository");
  std::ofstream(path, std::ios::binary) << text << text << text;
  REQUIRE(fs::file_size(path) >= (std::uintmax_t{2} << 20));
  return path;
}

TEST_CASE("files are parsed when no worker thread can start (a process limit)", "[model][threads]") {
  auto files = samples();
  const fs::path big = large_compilation();
  Model expected = parse_files(files, lexicons(), {1});
  // A default thread stack larger than any address space: every pthread_create fails
  // with EAGAIN/ENOMEM (std::system_error), as under `ulimit -u` or a container's pids
  // limit. Set for this process only, and restored.
  pthread_attr_t saved, huge;
  REQUIRE(pthread_getattr_default_np(&saved) == 0);
  REQUIRE(pthread_attr_init(&huge) == 0);
  REQUIRE(pthread_attr_setstacksize(&huge, std::size_t{1} << 46) == 0);
  REQUIRE(pthread_setattr_default_np(&huge) == 0);
  bool threads_fail = false;
  try {
    std::thread([] {}).join();
  } catch (const std::system_error&) {
    threads_fail = true;
  }
  Model got, one_big_file;
  try {
    got = parse_files(files, lexicons(), {4});
    // By default a large file's reports are shared among threads: none starts either.
    one_big_file = parse_files({big}, lexicons());
  } catch (...) {
    pthread_setattr_default_np(&saved);
    throw;
  }
  pthread_setattr_default_np(&saved);
  pthread_attr_destroy(&huge);
  pthread_attr_destroy(&saved);
  REQUIRE(threads_fail);  // else this test did not test anything
  CHECK(nlohmann::json(got) == nlohmann::json(expected));
  CHECK(nlohmann::json(one_big_file) == nlohmann::json(parse_files({big}, lexicons(), {1})));
  fs::remove(big);
}

TEST_CASE("a large file's reports, shared among threads by default, make the model one thread makes", "[model]") {
  const std::vector<fs::path> file{large_compilation()};
  Model one = parse_files(file, lexicons(), {1});
  for (int run = 0; run < 3; ++run) CHECK(nlohmann::json(parse_files(file, lexicons())) == nlohmann::json(one));
  fs::remove(file[0]);
}

TEST_CASE("load_model rejects a damaged model with a clear message", "[model][errors]") {
  fs::path dir = fs::temp_directory_path() / "huizong_model_damaged";
  fs::create_directories(dir);
  Model model = parse_files({fs::path(HUIZONG_SAMPLES_DIR) / "002_74ff4db203328043.txt"}, lexicons());
  REQUIRE(model.reports.size() >= 2);
  nlohmann::json good = model;
  struct Case {
    const char* name;
    std::function<void(nlohmann::json&)> damage;
    const char* says;
  };
  std::vector<Case> cases{
      {"year 1e20", [](nlohmann::json& j) { j["reports"][0]["period"]["year"] = 1e20; }, "whole number"},
      {"year 99999", [](nlohmann::json& j) { j["reports"][0]["period"]["year"] = 99999; }, "the year 99999"},
      {"line -1e300", [](nlohmann::json& j) { j["reports"][0]["lines"][0]["line"] = -1e300; }, "whole number"},
      {"duplicate of itself", [](nlohmann::json& j) { j["reports"][1]["duplicate_of"] = j["reports"][1]["id"]; },
       "duplicate_of"},
      {"duplicate of a later report",
       [](nlohmann::json& j) { j["reports"][0]["duplicate_of"] = j["reports"][1]["id"]; }, "duplicate_of"},
      {"duplicate of a missing report", [](nlohmann::json& j) { j["reports"][1]["duplicate_of"] = "nosuch#1"; },
       "duplicate_of"},
      {"two reports with one id", [](nlohmann::json& j) { j["reports"][1]["id"] = j["reports"][0]["id"]; },
       "two reports have the id"},
      {"a null report", [](nlohmann::json& j) { j["reports"].push_back(nullptr); }, "malformed model"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    nlohmann::json j = good;
    c.damage(j);
    fs::path file = dir / "model.json";
    write_file_atomically(file, j.dump());
    try {
      load_model(file.string());
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::input);
      CHECK(e.problem().find("malformed model") != std::string::npos);
      CHECK(e.problem().find(c.says) != std::string::npos);
    }
  }
  // Nested far deeper than any model: an error, not a stack overflow.
  write_file_atomically(dir / "model.json", R"({"schema":"huizong.model","version":1,"reports":[)" +
                                                std::string(200000, '[') + std::string(200000, ']') + "]}");
  CHECK_THROWS_AS(load_model((dir / "model.json").string()), Error);
  // A number too large for a double (found by fuzz_model): nlohmann throws out_of_range, not parse_error.
  std::string text = good.dump();
  std::size_t year = text.find("\"year\":");
  REQUIRE(year != std::string::npos);
  text.insert(year + 7, "5e5359,\"x\":");
  write_file_atomically(dir / "model.json", text);
  try {
    load_model((dir / "model.json").string());
    FAIL("accepted a number that overflows");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
    CHECK(e.problem().find("invalid JSON") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("a rebuild reuses unchanged files and parses changed ones", "[model][incremental]") {
  fs::path dir = fs::temp_directory_path() / "huizong_incremental_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const fs::path& p : samples()) fs::copy(p, dir / p.filename());
  std::vector<fs::path> files = expand_inputs({dir.string()});
  ParseStats first;
  Model before = parse_files(files, lexicons(), {2}, &first);
  CHECK(first.parsed == files.size());

  // The reports taken over are moved out of the earlier model (it is not held twice).
  ParseStats again;
  Model earlier = before;
  Model same = parse_files(files, lexicons(), {2, &earlier}, &again);
  CHECK(again.reused == files.size());
  CHECK(nlohmann::json(same) == nlohmann::json(before));
  CHECK(earlier.reports.front().lines.empty());

  // Edit one file: only it is parsed again, and its change shows in the model.
  {
    std::ofstream f(dir / "002_74ff4db203328043.txt", std::ios::app);
    f << "\n乡村振兴局2023年工作总结\n一、工作情况\n完成项目3个。\n";
  }
  ParseStats edited;
  earlier = before;
  Model after = parse_files(files, lexicons(), {2, &earlier}, &edited);
  CHECK(edited.parsed == 1);
  CHECK(edited.reused == files.size() - 1);
  CHECK(after.reports.size() == before.reports.size() + 1);

  // Other lexicons make the earlier parse unusable.
  Model foreign = before;
  foreign.lexicons_hash = "different";
  ParseStats stale;
  parse_files(files, lexicons(), {2, &foreign}, &stale);
  CHECK(stale.reused == 0);
  fs::remove_all(dir);
}

TEST_CASE("the streamed model text is the JSON of the model, and reads back", "[model][json]") {
  Model model = parse_files(samples(), lexicons(), {2});
  model.generator = "huizong test";
  std::string streamed = model_to_json_text(model);
  CHECK(streamed == nlohmann::json(model).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  Model back = parse_model_text(streamed, "model.json");
  CHECK(nlohmann::json(back) == nlohmann::json(model));
}

TEST_CASE("JsonText writes strings and numbers byte for byte as nlohmann's dump", "[model][json]") {
  auto nlohmann_dump = [](const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  auto written = [](auto v) {
    std::string out;
    JsonText(out).value(v);
    return out;
  };
  std::vector<std::string> strings = {"",
                                      "一、主要成效",
                                      "引号\"与\\反斜杠",
                                      "tab\tnl\ncr\r\b\f",
                                      std::string("nul\0x", 5),
                                      "\x01\x1f\x7f",
                                      "😀 U+1F600",
                                      "\xe4\xb8",
                                      "\xc0\x80 overlong",
                                      "\xed\xa0\x80 surrogate",
                                      "\xf4\x90\x80\x80 too big",
                                      "ok\xffok",
                                      "\xe4\xb8\xad\xe4"};
  // And pseudo-random bytes, mostly of the kinds that need care.
  std::uint32_t seed = 12345;
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    for (int k = 0, len = n % 12; k < len; ++k) {
      seed = seed * 1103515245u + 12345u;
      static const unsigned char kinds[] = {0x00, 0x0a, 0x22, 0x5c, 0x41, 0x7f, 0x80,
                                            0xbf, 0xc2, 0xe4, 0xed, 0xf0, 0xf4, 0xff};
      s += static_cast<char>((seed >> 16) % 3 == 0 ? (seed >> 8) & 0xff : kinds[(seed >> 16) % sizeof kinds]);
    }
    strings.push_back(s);
  }
  for (const std::string& s : strings) {
    INFO(nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
    REQUIRE(written(std::string_view(s)) == nlohmann_dump(s));
  }
  for (double x : {0.0, -0.0, 1.0, 0.1, 26.52, 1e21, 123456789.0, -3.5e-7, 5e-324, 1.7976931348623157e308, 1e15, 1e16,
                   12345.6789, -42.0, std::nan(""), double(INFINITY)})
    CHECK(written(x) == nlohmann_dump(x));
  for (int n : {0, -1, 2147483647}) CHECK(written(n) == nlohmann_dump(n));
  for (std::int64_t n : {std::numeric_limits<std::int64_t>::min(), std::int64_t{-10}, std::int64_t{9},
                         std::numeric_limits<std::int64_t>::max()})
    CHECK(written(n) == nlohmann_dump(n));
  for (std::size_t n : {std::size_t{0}, std::size_t{10}, std::numeric_limits<std::size_t>::max()})
    CHECK(written(n) == nlohmann_dump(n));
  CHECK(written(true) == "true");
}

namespace {

// The model of one source with what legitimately differs blanked out.
nlohmann::json comparable(const SourceText& text) {
  auto [source, reports] = parse_source(text, lexicons());
  Model m;
  m.sources.push_back(source);
  m.reports = reports;
  nlohmann::json j = m;
  for (auto& s : j["sources"]) s["path"] = s["encoding"] = s["hash"] = s["bytes"] = s["report_ids"] = "";
  for (auto& r : j["reports"]) {
    r["source"]["path"] = "";
    r["id"] = "";
  }
  return j;
}

}  // namespace

TEST_CASE("the same document in any supported encoding gives the same model", "[model][encodings]") {
  std::string utf8 = slurp(fs::path(HUIZONG_SAMPLES_DIR) / "000_ccd03a349e8ccd45.txt");
  nlohmann::json reference = comparable(decode_text(utf8, "utf8.txt"));
  const std::string bom8 = "\xEF\xBB\xBF", bom_le = "\xFF\xFE", bom_be = "\xFE\xFF";
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"UTF-8 with BOM", bom8 + utf8},
      {"GB18030", convert_to("GB18030", utf8)},
      {"UTF-16LE with BOM", bom_le + convert_to("UTF-16LE", utf8)},
      {"UTF-16BE with BOM", bom_be + convert_to("UTF-16BE", utf8)},
      {"CRLF", replace_all(utf8, "\n", "\r\n")},
      {"GB18030 + CR", convert_to("GB18030", replace_all(utf8, "\n", "\r"))},
  };
  for (const auto& [name, bytes] : variants) {
    INFO(name);
    SourceText text = decode_text(bytes, "variant.txt");
    CHECK(comparable(text) == reference);
  }
}

namespace {

// A copy of the bundled lexicons in a scratch folder, `name`.json edited by `edit`.
fs::path edited_lexicons(const std::string& name, const std::function<std::string(std::string)>& edit) {
  fs::path dir = fs::temp_directory_path() / "lexicons-edited" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  copy_bundled("lexicons", dir);
  spit(dir / (name + ".json"), edit(slurp(dir / (name + ".json"))));
  return dir;
}

// Line (1-based) of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

TEST_CASE("a lexicon key no loader knows is an error naming file, line and key (a typo is never ignored)",
          "[model][lexicon]") {
  // The misspelt key goes in as the first key of the file's top object, or of a nested one.
  struct Case {
    std::string file, after, typo;
  };
  for (const Case& c : {Case{"split", "{", "titel_words"}, Case{"sections", "\"problems\": {", "heading_exlude"},
                        Case{"agencies", "{", "alias"}, Case{"regions", "{", "self_word"}, Case{"topics", "{", "topic"},
                        Case{"units", "{", "unit"}}) {
    INFO(c.file << ".json, key " << c.typo);
    std::string edited;
    fs::path dir = edited_lexicons(c.file, [&](std::string text) {
      std::size_t at = text.find(c.after);
      REQUIRE(at != std::string::npos);
      text.insert(at + c.after.size(), "\n  \"" + c.typo + "\": [],");
      edited = text;
      return text;
    });
    try {
      Lexicons::load(dir.string());
      FAIL("no error for an unknown key");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::input);
      CHECK(e.file() == (dir / (c.file + ".json")).string());
      CHECK(e.line() == line_of(edited, "\"" + c.typo + "\""));
      CHECK(e.problem().find(c.typo) != std::string::npos);
      CHECK(e.problem().find("unknown key") != std::string::npos);
    }
  }
}

namespace {

// A copy of the bundled lexicons whose regions.json has `"self_weight": value`; `edited`
// receives the edited text.
fs::path lexicons_with_self_weight(const std::string& value, std::string& edited) {
  return edited_lexicons("regions", [&](std::string text) {
    std::size_t at = text.find("\"self_weight\"");
    REQUIRE(at != std::string::npos);
    std::size_t end = text.find_first_of(",\n}", text.find(':', at));
    text.replace(at, end - at, "\"self_weight\": " + value);
    edited = text;
    return text;
  });
}

}  // namespace

TEST_CASE("a lexicon value of the wrong type is an error naming file, line and key, not a crash", "[model][lexicon]") {
  std::string edited;
  fs::path dir = lexicons_with_self_weight("\"three\"", edited);
  try {
    Lexicons::load(dir.string());
    FAIL("no error for a string where a number belongs");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
    CHECK(e.line() == line_of(edited, "\"self_weight\""));
    CHECK(e.problem().find("self_weight") != std::string::npos);
  }
}

TEST_CASE("a lexicon number too large for a double is an error, not a crash", "[model][lexicon]") {
  std::string edited;
  fs::path dir = lexicons_with_self_weight("1e99999", edited);
  try {
    Lexicons::load(dir.string());
    FAIL("no error for 1e99999");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::input);
    CHECK(e.problem().find("invalid JSON") != std::string::npos);
  }
}

TEST_CASE("the render tests' checked-in model is what the parser makes of its text", "[model][golden]") {
  // tests/data/render/two_counties.model.json lets aggregate and render be tested without
  // the parser; this keeps it true. HUIZONG_UPDATE_GOLDEN=1 rewrites it after a deliberate change.
  fs::path dir = fs::path(HUIZONG_TEST_DATA_DIR) / "render";
  Model parsed = parse_files({dir / "two_counties.txt"}, lexicons(), {1});
  Model fixture = load_model((dir / "two_counties.model.json").string());
  // Paths are file names in the fixture; generator and lexicon fingerprint do not matter.
  auto as_fixture = [&](Model m) {
    auto name = [](std::string s) {
      return "two_counties.txt" + s.substr(s.find('#') == std::string::npos ? s.size() : s.find('#'));
    };
    for (Source& s : m.sources) {
      s.path = "two_counties.txt";
      for (std::string& id : s.report_ids) id = name(id);
    }
    for (Report& r : m.reports) {
      r.id = name(r.id);
      r.source.path = "two_counties.txt";
      if (r.duplicate_of) r.duplicate_of = name(*r.duplicate_of);
    }
    m.generator = fixture.generator;
    m.lexicons_hash = fixture.lexicons_hash;
    return m;
  };
  std::string got = model_to_json_text(as_fixture(std::move(parsed)));
  if (std::getenv("HUIZONG_UPDATE_GOLDEN"))
    spit(dir / "two_counties.model.json", nlohmann::json::parse(got).dump(1) + "\n");
  CHECK(got == model_to_json_text(fixture));
}

TEST_CASE("a .docx's heading style opens the part its unmarked heading names", "[model][hints]") {
  SourceText text;
  text.path = "styled.docx";
  text.encoding = "DOCX";
  const std::vector<std::string> lines{"XX县水务局2023年上半年工作总结",
                                       "上半年，我局围绕中心工作，扎实推进各项任务。",
                                       "一是完成水库除险加固3座。二是新建灌溉渠道12公里。",
                                       "存在的问题，主要是以下两个方面",
                                       "基层水利技术人员不足，专业力量薄弱。",
                                       "下半年工作安排，着力抓好三件事情",
                                       "加快重点水利工程建设，确保年度投资任务完成。"};
  for (std::size_t i = 0; i < lines.size(); ++i) text.lines.push_back({static_cast<int>(i + 1), lines[i]});
  auto kinds_of = [&](const SourceText& t) {
    auto [source, reports] = parse_source(t, lexicons());
    REQUIRE(reports.size() == 1);
    std::vector<std::pair<SectionKind, int>> out;
    for (const Section& s : reports[0].sections) out.emplace_back(s.kind, s.line);
    return out;
  };
  // As plain text the plans heading is a sentence (it holds a comma): no part opens at it.
  auto plain = kinds_of(text);
  CHECK(std::none_of(plain.begin(), plain.end(), [](const auto& k) { return k.second == 6; }));
  // Styled as headings (title Heading 1, the two Heading 2), both open their parts.
  text.hints = {{1, 0, false}, {4, 1, false}, {6, 1, false}};
  auto styled = kinds_of(text);
  CHECK(std::find(styled.begin(), styled.end(), std::pair{SectionKind::problems, 4}) != styled.end());
  CHECK(std::find(styled.begin(), styled.end(), std::pair{SectionKind::plans, 6}) != styled.end());
}
