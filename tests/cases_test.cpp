// Approval tests: tests as data. Each stage folder of tests/cases/ (split, outline, classify,
// extract, parse) holds cases: <name>.txt, a small excerpt of real text (or a line or two
// written to show one rule), and <name>.json beside it, what the stage makes of it. This
// runner runs the stage on every input and compares the JSON it produces with the expected
// file, naming the case and the first JSON path where they differ. With the environment
// variable HUIZONG_UPDATE_GOLDEN=1 it writes the expected files instead (and says which):
// read the diff before committing it.
//
// Line numbers in the JSON are the excerpt's own (its first line is line 1).
//
// What each stage writes (model types through model/model.h's to_json):
//   split     the split of the whole file: {"front_matter": FrontMatter, "ledger": [LedgerEntry],
//             "warnings": [...], "reports": [ReportSpan]} where a report span is
//             {"title_line", "title", "title_as_written", "found_in_toc", "end_line",
//              "body_lines": ["4-19", "21"] (its body lines, as ranges),
//              "body_edits": [{"line", "text"}] (body lines whose text differs from the file's
//              line: markers such as ##paidbegin## cut out)}.
//   outline   per report of the split: {"title_line", "title", "top_rank", "blocks": [block]}
//             where a block (one per body line, in order) is {"line", "marker": {"text" (as
//             written, with the indentation before it), "style", "rank", "ordinal"}, "heading",
//             "plain_heading": true, "inline_items": [{"ordinal", "offset" (bytes into the
//             line), "starts" (its first 12 characters)}]}; a key is left out when it has
//             nothing (no marker, no heading, not plain, no items).
//   classify  per report, as the pipeline parses the file: {"title_line", "title",
//             "sections": [Section]}.
//   extract   per report, as the pipeline parses the file: {"title_line", "title", "org":
//             OrgInfo, "period": Period, "plan_period", "topic", "signature": Signature,
//             "metrics": [Metric]}.
//   parse     the file through the whole parse (pipeline/pipeline.h parse_source):
//             {"source": Source, "reports": [Report]}, the file's path written as
//             tests/cases/parse/<name>.txt.
// Beside the expected files, two properties are checked on every case: outline — a marker
// is found the same in the normalised copy of its line (split scans that copy); extract —
// every metric's text is on the line it names.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/marker.h"
#include "common/text.h"
#include "model/model.h"
#include "outline/outline.h"
#include "pipeline/pipeline.h"
#include "read/read.h"
#include "split/split.h"
#include "support.h"
#include "support_model.h"

using namespace huizong;
using namespace huizong::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// ---- the JSON of each stage ----------------------------------------------------------------

// "4-19" for a run of consecutive numbers, "21" for one.
json ranges(const std::vector<int>& numbers) {
  json out = json::array();
  for (std::size_t i = 0; i < numbers.size();) {
    std::size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    out.push_back(i == j ? std::to_string(numbers[i]) : std::to_string(numbers[i]) + "-" + std::to_string(numbers[j]));
    i = j + 1;
  }
  return out;
}

json split_json(const SourceText& text) {
  SplitResult r = split(text.lines, lexicons().split);
  json reports = json::array();
  for (const ReportSpan& span : r.reports) {
    std::vector<int> numbers;
    json edits = json::array();
    for (const Line& l : span.body) {
      numbers.push_back(l.number);
      if (l.text != text.lines.at(static_cast<std::size_t>(l.number - 1)).text)
        edits.push_back({{"line", l.number}, {"text", l.text}});
    }
    reports.push_back({{"title_line", span.title_line},
                       {"title", span.title},
                       {"title_as_written", span.title_as_written},
                       {"found_in_toc", span.found_in_toc},
                       {"end_line", span.end_line},
                       {"body_lines", ranges(numbers)},
                       {"body_edits", edits}});
  }
  return {{"front_matter", r.front}, {"ledger", r.ledger}, {"warnings", r.warnings}, {"reports", reports}};
}

std::string_view style_name(MarkerStyle s) {
  switch (s) {
    case MarkerStyle::part:
      return "part";
    case MarkerStyle::cn_comma:
      return "cn_comma";
    case MarkerStyle::cn_bare:
      return "cn_bare";
    case MarkerStyle::cn_paren:
      return "cn_paren";
    case MarkerStyle::num_dot:
      return "num_dot";
    case MarkerStyle::num_paren:
      return "num_paren";
    case MarkerStyle::circled:
      return "circled";
  }
  return "?";
}

// The first `n` code points of `text`.
std::string first_chars(std::string_view text, std::size_t n) {
  std::u32string u = to_u32(text);
  return to_utf8(std::u32string_view(u).substr(0, std::min(n, u.size())));
}

// A marker is found the same in the normalised copy (split looks for markers there); NFKC
// folds ① to 1, so circled numbers are the exception.
void check_marker_in_normalised(const Block& b, const MarkerLexicon& lex) {
  if (!b.marker || b.marker->style == MarkerStyle::circled) return;
  INFO("line " << b.line << ": " << b.text);
  auto n = scan_marker(normalise(b.text), lex);
  REQUIRE(n);
  CHECK(n->rank == b.marker->rank);
  CHECK(n->ordinal == b.marker->ordinal);
}

json outline_block(const Block& b) {
  json j = {{"line", b.line}};
  if (b.marker)
    j["marker"] = {{"text", b.text.substr(0, b.marker->bytes)},
                   {"style", style_name(b.marker->style)},
                   {"rank", b.marker->rank},
                   {"ordinal", b.marker->ordinal}};
  if (!b.heading.empty()) j["heading"] = b.heading;
  if (b.plain_heading) j["plain_heading"] = true;
  for (const InlineItemMark& m : b.inline_items)
    j["inline_items"].push_back({{"ordinal", m.ordinal},
                                 {"offset", m.offset},
                                 {"starts", first_chars(std::string_view(b.text).substr(m.offset), 12)}});
  return j;
}

json outline_json(const SourceText& text) {
  const Lexicons& lex = lexicons();
  SplitResult r = split(text.lines, lex.split);
  json out = json::array();
  for (const ReportSpan& span : r.reports) {
    Outline o = build_outline(span.body, lex.outline);
    json blocks = json::array();
    for (const Block& b : o.blocks) {
      check_marker_in_normalised(b, lex.outline.markers);
      blocks.push_back(outline_block(b));
    }
    out.push_back(
        {{"title_line", span.title_line}, {"title", span.title}, {"top_rank", o.top_rank}, {"blocks", blocks}});
  }
  return out;
}

std::vector<Report> parsed_reports(const SourceText& text) { return parse_source(text, lexicons()).second; }

json classify_json(const SourceText& text) {
  json out = json::array();
  for (const Report& r : parsed_reports(text))
    out.push_back({{"title_line", r.source.line}, {"title", r.title}, {"sections", r.sections}});
  return out;
}

// Every metric points at a line that holds its text as written.
void check_metric_lines(const Report& r, const SourceText& text) {
  for (const Metric& m : r.metrics) {
    INFO(m.text << " at line " << m.line);
    REQUIRE(m.line > r.source.line);
    REQUIRE(m.line <= r.source.end_line);
    CHECK(text.lines.at(static_cast<std::size_t>(m.line - 1)).text.find(m.text) != std::string::npos);
  }
}

json extract_json(const SourceText& text) {
  json out = json::array();
  for (const Report& r : parsed_reports(text)) {
    check_metric_lines(r, text);
    json j = {{"title_line", r.source.line},
              {"title", r.title},
              {"org", r.org},
              {"period", r.period},
              {"metrics", r.metrics}};
    j["plan_period"] = r.plan_period ? json(code_name(*r.plan_period)) : json();
    j["topic"] = r.topic ? json(*r.topic) : json();
    j["signature"] = r.signature ? json(*r.signature) : json();
    out.push_back(std::move(j));
  }
  return out;
}

json parse_json(const SourceText& text) {
  auto [source, reports] = parse_source(text, lexicons());
  return {{"source", source}, {"reports", reports}};
}

// ---- cases, comparison and update --------------------------------------------------------

const fs::path kCases = HUIZONG_TEST_CASES_DIR;

bool updating() {
  const char* v = std::getenv("HUIZONG_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

// The case names of a stage folder (<name>.txt), sorted; an expected file with no input
// fails the test.
std::vector<std::string> case_names(const fs::path& dir) {
  std::vector<std::string> names;
  REQUIRE(fs::is_directory(dir));
  for (const auto& e : fs::directory_iterator(dir)) {
    const fs::path& p = e.path();
    if (p.extension() == ".txt") names.push_back(p.stem().string());
    if (p.extension() == ".json" && !fs::exists(fs::path(p).replace_extension(".txt")))
      FAIL(p.string() << " has no input " << p.stem().string() << ".txt beside it: remove it or add the input");
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string shown(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 300 ? s.substr(0, 300) + "…" : s;
}

std::string escaped_key(const std::string& key) {  // JSON pointer escaping (RFC 6901)
  return replace_all(replace_all(key, "~", "~0"), "/", "~1");
}

// The first place where `got` differs from `want`, as "path: expected …, got …"; empty if equal.
std::optional<std::string> first_difference(const json& want, const json& got, const std::string& path) {
  const std::string at = path.empty() ? "/" : path;
  if (want.type() != got.type() && !(want.is_number() && got.is_number()))
    return at + ": expected " + shown(want) + ", got " + shown(got);
  if (want.is_object()) {
    for (const auto& [key, value] : want.items()) {
      if (!got.contains(key)) return path + "/" + escaped_key(key) + ": expected " + shown(value) + ", got no such key";
      if (auto d = first_difference(value, got.at(key), path + "/" + escaped_key(key))) return d;
    }
    for (const auto& [key, value] : got.items())
      if (!want.contains(key)) return path + "/" + escaped_key(key) + ": not expected, got " + shown(value);
    return std::nullopt;
  }
  if (want.is_array()) {
    for (std::size_t i = 0; i < want.size() && i < got.size(); ++i)
      if (auto d = first_difference(want[i], got[i], path + "/" + std::to_string(i))) return d;
    if (want.size() > got.size())
      return path + "/" + std::to_string(got.size()) + ": expected " + shown(want[got.size()]) + ", got no element (" +
             std::to_string(got.size()) + " instead of " + std::to_string(want.size()) + ")";
    if (got.size() > want.size())
      return path + "/" + std::to_string(want.size()) + ": not expected, got " + shown(got[want.size()]) + " (" +
             std::to_string(got.size()) + " elements instead of " + std::to_string(want.size()) + ")";
    return std::nullopt;
  }
  if (want != got) return at + ": expected " + shown(want) + ", got " + shown(got);
  return std::nullopt;
}

std::string golden_text(const json& j) { return j.dump(2, ' ', false) + "\n"; }

// Runs one case of `stage` and compares (or, when updating, writes) its expected file.
void check_case(const std::string& stage, const std::string& name, const std::function<json(const SourceText&)>& run) {
  const fs::path input = kCases / stage / (name + ".txt");
  const fs::path expected = kCases / stage / (name + ".json");
  const std::string shown_path = "tests/cases/" + stage + "/" + name;
  SourceText text = read_file(input);
  text.path = shown_path + ".txt";
  const json got = run(text);
  if (updating()) {
    const std::string bytes = golden_text(got);
    if (!fs::exists(expected) || slurp(expected) != bytes) {
      spit(expected, bytes);
      std::cout << "HUIZONG_UPDATE_GOLDEN: wrote " << shown_path << ".json\n";
    }
    return;
  }
  if (!fs::exists(expected))
    FAIL(shown_path
         << ".json is missing: run test_cases with HUIZONG_UPDATE_GOLDEN=1 to write it, then check it by reading");
  const json want = json::parse(slurp(expected));
  if (auto d = first_difference(want, got, ""))
    FAIL(shown_path << ".json differs from what " << stage << " makes of " << name << ".txt at " << *d
                    << "\n(if the new result is right: HUIZONG_UPDATE_GOLDEN=1 rewrites the expected files)");
}

void run_stage(const std::string& stage, const std::function<json(const SourceText&)>& run) {
  const std::vector<std::string> names = case_names(kCases / stage);
  if (names.empty()) FAIL("tests/cases/" << stage << " holds no case (<name>.txt)");
  for (const std::string& name : names) DYNAMIC_SECTION(stage << "/" << name) {
      check_case(stage, name, run);
    }
}

}  // namespace

TEST_CASE("split: every case in tests/cases/split", "[cases]") { run_stage("split", split_json); }
TEST_CASE("outline: every case in tests/cases/outline", "[cases]") { run_stage("outline", outline_json); }
TEST_CASE("classify: every case in tests/cases/classify", "[cases]") { run_stage("classify", classify_json); }
TEST_CASE("extract: every case in tests/cases/extract", "[cases]") { run_stage("extract", extract_json); }
TEST_CASE("parse: every case in tests/cases/parse", "[cases]") { run_stage("parse", parse_json); }
