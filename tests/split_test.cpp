// split: front matter, reports and the boilerplate ledger, on real lines of samples/.
#include "split/split.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/lexicon.h"
#include "common/text.h"
#include "support.h"

using namespace huizong;
using namespace huizong::test;

namespace {

namespace fs = std::filesystem;

// Physical lines [first, last] of a sample, numbers kept.
std::vector<Line> lines_of(const std::string& prefix, std::initializer_list<std::pair<int, int>> ranges) {
  const auto& all = sample(prefix);
  std::vector<Line> out;
  for (auto [first, last] : ranges) {
    REQUIRE(first >= 1);
    REQUIRE(last <= static_cast<int>(all.size()));
    for (int n = first; n <= last; ++n) out.push_back(all[static_cast<std::size_t>(n - 1)]);
  }
  return out;
}

const SplitLexicon& lexicon() {
  static const SplitLexicon lex = SplitLexicon::load();
  return lex;
}

std::vector<int> title_lines(const SplitResult& r) {
  std::vector<int> out;
  for (const auto& rep : r.reports) out.push_back(rep.title_line);
  return out;
}

std::vector<int> body_numbers(const ReportSpan& r) {
  std::vector<int> out;
  for (const auto& l : r.body) out.push_back(l.number);
  return out;
}

std::vector<int> range(int first, int last) {
  std::vector<int> out;
  for (int n = first; n <= last; ++n) out.push_back(n);
  return out;
}

const ReportSpan* report_at(const SplitResult& r, int title_line) {
  for (const auto& rep : r.reports)
    if (rep.title_line == title_line) return &rep;
  return nullptr;
}

const LedgerEntry* ledger_at(const SplitResult& r, int line) {
  for (const auto& e : r.ledger)
    if (e.line == line) return &e;
  return nullptr;
}

bool mentions(const std::vector<std::string>& warnings, const std::string& a, const std::string& b = {}) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const std::string& w) { return contains(w, a) && (b.empty() || contains(w, b)); });
}

}  // namespace

TEST_CASE("split: compilation title and count are front matter, reports follow with no blank lines between",
          "[split]") {
  // 000 lines 1-49: 局机关…汇编 / （8篇） / three reports back to back.
  SplitResult r = split(lines_of("000_", {{1, 49}}), lexicon());

  REQUIRE(r.front.title);
  CHECK(*r.front.title == "局机关2023年上半年工作总结2023年下半年工作计划汇编");
  CHECK(r.front.title_line == 1);
  CHECK(r.front.declared_count == 8);
  CHECK(r.front.lines == std::vector<int>{1, 2});
  CHECK(r.front.toc.empty());

  REQUIRE(title_lines(r) == std::vector<int>{3, 20, 34});
  CHECK(r.reports[0].title == "应急管理局2023年上半年工作总结");
  CHECK(r.reports[1].title == "水务局2023年上半年工作总结及2023年下半年工作计划");
  CHECK(r.reports[2].title == "统计局2023年上半年工作总结及下半年工作思路");
  CHECK(r.reports[0].end_line == 19);
  CHECK(r.reports[1].end_line == 33);
  CHECK(r.reports[2].end_line == 49);
  CHECK(body_numbers(r.reports[0]) == range(4, 19));
  CHECK(body_numbers(r.reports[1]) == range(21, 33));
  CHECK(body_numbers(r.reports[2]) == range(35, 49));
  // Body lines are kept as written, leading U+3000 included.
  CHECK(r.reports[0].body.front().text == sample("000_")[3].text);
  CHECK(r.ledger.empty());
}

TEST_CASE("split: declared count that matches the reports found gives no warning", "[split]") {
  std::vector<Line> lines = lines_of("000_", {{1, 49}});
  lines[1].text = "（3篇）";
  SplitResult r = split(lines, lexicon());
  CHECK(r.front.declared_count == 3);
  CHECK(r.reports.size() == 3);
  CHECK(r.warnings.empty());
}

TEST_CASE("split: declared count that differs from the reports found is a warning", "[split]") {
  // 000 says （8篇） but holds nine reports (the gold lists nine).
  SplitResult r = split(sample("000_"), lexicon());
  CHECK(r.front.declared_count == 8);
  CHECK(r.reports.size() == 9);
  REQUIRE(r.warnings.size() == 1);
  CHECK(mentions(r.warnings, "8", "9"));

  // Lines 1-49 hold three reports of the declared eight.
  SplitResult part = split(lines_of("000_", {{1, 49}}), lexicon());
  CHECK(mentions(part.warnings, "8", "3"));
}

TEST_CASE("split: table of contents with 目录 and `1．title<TAB>page` lines guides the titles", "[split]") {
  // 001 lines 1-10: title, （90篇）, 目录, seven TOC entries; lines 94-250: those seven reports.
  SplitResult r = split(lines_of("001_", {{1, 10}, {94, 250}}), lexicon());

  CHECK(r.front.title == std::optional<std::string>("2023年半年工作总结材料汇编"));
  CHECK(r.front.declared_count == 90);
  CHECK(r.front.lines == range(1, 10));
  REQUIRE(r.front.toc.size() == 7);

  const TocEntry& first = r.front.toc[0];
  CHECK(first.line == 4);
  CHECK(first.title == "2023年XX市发改局法治政府建设工作总结");  // no 1． and no <TAB>6
  CHECK(first.page == 6);
  CHECK(first.matched_title_line == 94);

  const std::vector<std::pair<int, int>> page_and_body = {{6, 94},   {10, 117}, {12, 127}, {15, 143},
                                                          {19, 159}, {22, 179}, {35, 229}};
  for (std::size_t i = 0; i < page_and_body.size(); ++i) {
    INFO("TOC entry " << i + 1);
    CHECK(r.front.toc[i].line == static_cast<int>(i) + 4);
    CHECK(r.front.toc[i].page == page_and_body[i].first);
    CHECK(r.front.toc[i].matched_title_line == page_and_body[i].second);
  }
  CHECK(r.front.toc[5].title == "XX乡2023年工作总结");

  CHECK(title_lines(r) == std::vector<int>{94, 117, 127, 143, 159, 179, 229});
  for (const auto& rep : r.reports) CHECK(rep.found_in_toc);
  CHECK(r.reports.back().end_line == 250);
  // Every TOC entry found its report: only the count (90 declared, 7 here) is warned about.
  CHECK_FALSE(mentions(r.warnings, "table of contents"));
  CHECK(mentions(r.warnings, "90", "7"));
}

TEST_CASE("split: a TOC entry with no report in the body is a warning", "[split]") {
  // TOC lists seven reports, the body holds the first two only.
  SplitResult r = split(lines_of("001_", {{1, 10}, {94, 126}}), lexicon());
  REQUIRE(r.front.toc.size() == 7);
  CHECK(r.front.toc[1].matched_title_line == 117);
  CHECK(r.front.toc[2].matched_title_line == 0);
  CHECK(title_lines(r) == std::vector<int>{94, 117});
  CHECK(mentions(r.warnings, "line 6"));
  CHECK(mentions(r.warnings, "line 10"));
}

TEST_CASE("split: 篇1： prefix is stripped from the title but kept as written", "[split]") {
  SplitResult r = split(sample("002_"), lexicon());
  REQUIRE(title_lines(r) == std::vector<int>{3, 26, 58, 81});
  CHECK(r.reports[0].title == "交通运输2023年工作总结及2024年工作打算");
  CHECK(r.reports[0].title_as_written == "篇1：交通运输2023年工作总结及2024年工作打算");
  CHECK(r.reports[1].title == "城管局2023年工作总结暨2024年工作安排");
  CHECK(r.reports[1].title_as_written == r.reports[1].title);
  CHECK(r.reports[3].title == "2023年工作总结和2024年工作思路（镇乡）");  // full-width brackets kept
  CHECK(r.front.declared_count == 4);
  CHECK(r.warnings.empty());
}

TEST_CASE("split: 篇N prefix with full-width digits and colon is stripped too", "[split]") {
  std::vector<Line> lines = lines_of("002_", {{1, 24}});
  lines[2].text = "篇１：交通运输2023年工作总结及2024年工作打算";
  SplitResult r = split(lines, lexicon());
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].title == "交通运输2023年工作总结及2024年工作打算");
  CHECK(r.reports[0].title_as_written == lines[2].text);
}

TEST_CASE("split: ##paidbegin## at line start goes to the ledger as a column span, and the rest stays content",
          "[split][ledger]") {
  // 001 line 99: `##paidbegin##2.严格执行统一的负面清单制度…` inside the report at line 94.
  const std::string raw = sample("001_")[98].text;
  REQUIRE(raw.rfind("##paidbegin##", 0) == 0);
  SplitResult r = split(lines_of("001_", {{94, 116}}), lexicon());

  REQUIRE(r.ledger.size() == 1);
  const LedgerEntry& e = r.ledger[0];
  CHECK(e.line == 99);
  CHECK(e.kind == LedgerKind::marker);
  CHECK(e.text == "##paidbegin##");
  CHECK_FALSE(e.whole_line);
  CHECK(e.col_begin == 0);
  CHECK(e.col_end == std::string("##paidbegin##").size());
  CHECK(raw.substr(e.col_begin, e.col_end - e.col_begin) == "##paidbegin##");

  REQUIRE(r.reports.size() == 1);
  const auto& body = r.reports[0].body;
  auto it = std::find_if(body.begin(), body.end(), [](const Line& l) { return l.number == 99; });
  REQUIRE(it != body.end());
  CHECK(it->text == raw.substr(std::string("##paidbegin##").size()));
  CHECK(it->text.rfind("2.严格执行统一的负面清单制度", 0) == 0);
  CHECK(body_numbers(r.reports[0]) == range(95, 116));
}

TEST_CASE("split: ##paidbegin## in front of a heading keeps the heading in its report", "[split][ledger]") {
  // 002 line 7: `##paidbegin##（一）踔厉奋发实施交通强区战略。…`
  SplitResult r = split(sample("002_"), lexicon());
  const LedgerEntry* e = ledger_at(r, 7);
  REQUIRE(e);
  CHECK_FALSE(e->whole_line);
  CHECK(e->col_begin == 0);
  CHECK(e->col_end == 13);
  const ReportSpan* rep = report_at(r, 3);
  REQUIRE(rep);
  auto it = std::find_if(rep->body.begin(), rep->body.end(), [](const Line& l) { return l.number == 7; });
  REQUIRE(it != rep->body.end());
  CHECK(it->text.rfind("（一）踔厉奋发实施交通强区战略。", 0) == 0);
}

TEST_CASE("split: a marker in the middle of a line is cut out with its column span", "[split][ledger]") {
  const std::vector<Line> lines = {
      {1, "司法局2023年上半年工作总结"},
      {2, "　　一、上半年工作##paidbegin##开展情况"},
  };
  SplitResult r = split(lines, lexicon());
  REQUIRE(r.ledger.size() == 1);
  CHECK_FALSE(r.ledger[0].whole_line);
  CHECK(lines[1].text.substr(r.ledger[0].col_begin, r.ledger[0].col_end - r.ledger[0].col_begin) == "##paidbegin##");
  REQUIRE(r.reports.size() == 1);
  REQUIRE(r.reports[0].body.size() == 1);
  CHECK(r.reports[0].body[0].text == "　　一、上半年工作开展情况");
  CHECK(r.reports[0].body[0].number == 2);
}

TEST_CASE("split: several markers in one line, in any order, each get their span as written", "[split][ledger]") {
  const std::vector<Line> lines = {
      {1, "司法局2023年上半年工作总结"},
      {2, "　　一、上半年##paidend##工作##paidbegin##开展情况"},
  };
  SplitResult r = split(lines, lexicon());
  REQUIRE(r.ledger.size() == 2);
  for (const auto& e : r.ledger) {
    INFO(e.text);
    CHECK(e.line == 2);
    CHECK_FALSE(e.whole_line);
    CHECK(lines[1].text.substr(e.col_begin, e.col_end - e.col_begin) == e.text);
  }
  REQUIRE(r.reports.size() == 1);
  REQUIRE(r.reports[0].body.size() == 1);
  CHECK(r.reports[0].body[0].text == "　　一、上半年工作开展情况");
}

TEST_CASE("split: ##paidend## alone on a line is a whole-line ledger entry", "[split][ledger]") {
  SplitResult r = split(sample("002_"), lexicon());
  const LedgerEntry* e = ledger_at(r, 95);
  REQUIRE(e);
  CHECK(e->whole_line);
  CHECK(e->kind == LedgerKind::marker);
  CHECK(e->text == "##paidend##");
  CHECK(e->col_begin == 0);
  CHECK(e->col_end == sample("002_")[94].text.size());
  REQUIRE(r.reports.size() == 4);
  CHECK(r.reports.back().end_line == 94);
  CHECK(body_numbers(r.reports.back()).back() == 94);

  SplitResult big = split(sample("001_"), lexicon());
  const LedgerEntry* end = ledger_at(big, 2218);
  REQUIRE(end);
  CHECK(end->whole_line);
  CHECK(std::count_if(big.ledger.begin(), big.ledger.end(), [](const LedgerEntry& x) { return x.line == 2218; }) == 1);
}

TEST_CASE("split: advertising lines (【…素材库】, 代笔) are whole-line ledger entries", "[split][ledger]") {
  SplitResult r = split(sample("000_"), lexicon());
  for (int n : {196, 197, 198}) {
    INFO("line " << n);
    const LedgerEntry* e = ledger_at(r, n);
    REQUIRE(e);
    CHECK(e->kind == LedgerKind::advertising);
    CHECK(e->whole_line);
    CHECK(e->text == sample("000_")[static_cast<std::size_t>(n - 1)].text);
  }
  const ReportSpan* last = report_at(r, 173);
  REQUIRE(last);
  CHECK(last->end_line == 193);
  CHECK(r.reports.back().title_line == 173);

  SplitResult big = split(sample("001_"), lexicon());
  for (int n : {2213, 2214, 2215}) {
    INFO("001 line " << n);
    const LedgerEntry* e = ledger_at(big, n);
    REQUIRE(e);
    CHECK(e->kind == LedgerKind::advertising);
  }
  CHECK(big.reports.back().end_line == 2209);
}

TEST_CASE("split: a file that is a single report (no compilation title) is one report", "[split]") {
  // 001 lines 94-116: 2023年XX市发改局法治政府建设工作总结 … XX市发展和改革局 / 2023年6月13日.
  SplitResult r = split(lines_of("001_", {{94, 116}}), lexicon());
  CHECK_FALSE(r.front.title);
  CHECK_FALSE(r.front.declared_count);
  CHECK(r.front.lines.empty());
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].title_line == 94);
  CHECK(r.reports[0].title == "2023年XX市发改局法治政府建设工作总结");
  CHECK(r.reports[0].end_line == 116);
  CHECK_FALSE(r.reports[0].found_in_toc);
  CHECK(r.warnings.empty());
}

TEST_CASE("split: a single report whose numbered headings follow the title has no TOC", "[split]") {
  // 001 lines 127-142: the title, then `一、…` and `1、…` lines (not TOC entries).
  SplitResult r = split(lines_of("001_", {{127, 142}}), lexicon());
  CHECK(r.front.toc.empty());
  CHECK(r.front.lines.empty());
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].title_line == 127);
  CHECK(body_numbers(r.reports[0]) == range(128, 142));
}

TEST_CASE("split: a title repeated on the next line is one report", "[split]") {
  // 001 lines 2073 and 2074 are both `XX县司法局2023年上半年工作总结及下半年工作计划`.
  REQUIRE(sample("001_")[2072].text == sample("001_")[2073].text);
  SplitResult r = split(lines_of("001_", {{2057, 2097}}), lexicon());
  REQUIRE(title_lines(r) == std::vector<int>{2057, 2073, 2086});
  const ReportSpan& rep = r.reports[1];
  CHECK(rep.title == "XX县司法局2023年上半年工作总结及下半年工作计划");
  CHECK(rep.end_line == 2085);
  // The repeat is not lost: it is the first body line.
  REQUIRE_FALSE(rep.body.empty());
  CHECK(rep.body.front().number == 2074);
}

TEST_CASE("split: section headings that look like titles do not start a report", "[split]") {
  SECTION("一、2023年上半年工作总结 is a heading inside 水务局's report") {
    SplitResult r = split(lines_of("000_", {{20, 33}}), lexicon());
    REQUIRE(r.reports.size() == 1);
    CHECK(r.reports[0].body.front().number == 21);
  }
  SECTION("一上半年工作总结 with its 、 dropped is a heading inside 县统计局's report") {
    SplitResult r = split(lines_of("001_", {{607, 637}}), lexicon());
    REQUIRE(r.reports.size() == 1);
    CHECK(r.reports[0].title_line == 607);
    CHECK(r.reports[0].end_line == 637);
  }
  SECTION("2023年工作计划 on its own line is a heading inside XX乡's report") {
    SplitResult r = split(lines_of("001_", {{179, 228}}), lexicon());
    REQUIRE(r.reports.size() == 1);
    CHECK(r.reports[0].title_line == 179);
    CHECK(r.reports[0].end_line == 228);
    auto nums = body_numbers(r.reports[0]);
    CHECK(std::find(nums.begin(), nums.end(), 207) != nums.end());
  }
  SECTION("下半年工作计划： on its own indented line is a heading") {
    SplitResult r = split(lines_of("001_", {{117, 126}}), lexicon());
    REQUIRE(r.reports.size() == 1);
    CHECK(r.reports[0].end_line == 126);
  }
  SECTION("第一部分上半年工作开展情况 is a heading") {
    SplitResult r = split(lines_of("001_", {{1129, 1145}}), lexicon());
    REQUIRE(r.reports.size() == 1);
    CHECK(r.reports[0].end_line == 1145);
  }
}

TEST_CASE("split: every non-blank line is in exactly one of front matter, a report or the whole-line ledger",
          "[split][samples]") {
  for (const std::string prefix : {"000_", "001_", "002_"}) {
    INFO("sample " << prefix);
    const auto& lines = sample(prefix);
    SplitResult r = split(lines, lexicon());
    std::map<int, int> seen;
    for (int n : r.front.lines) ++seen[n];
    std::set<int> body_lines;
    for (const auto& rep : r.reports) {
      ++seen[rep.title_line];
      for (const auto& l : rep.body) {
        ++seen[l.number];
        body_lines.insert(l.number);
        CHECK_FALSE(is_blank(l.text));
        CHECK(l.number > rep.title_line);
        CHECK(l.number <= rep.end_line);
      }
    }
    for (const auto& e : r.ledger) {
      if (e.whole_line) {
        ++seen[e.line];
      } else {
        // A partial entry's line stays content.
        CHECK(body_lines.count(e.line) == 1);
        const std::string& raw = lines[static_cast<std::size_t>(e.line - 1)].text;
        CHECK(raw.substr(e.col_begin, e.col_end - e.col_begin) == e.text);
      }
    }
    std::size_t non_blank = 0;
    for (const auto& l : lines) {
      if (is_blank(l.text)) {
        CHECK(seen.count(l.number) == 0);
        continue;
      }
      ++non_blank;
      INFO("line " << l.number);
      CHECK(seen[l.number] == 1);
    }
    CHECK(seen.size() == non_blank);
    // Reports are in order and do not overlap.
    for (std::size_t i = 1; i < r.reports.size(); ++i) CHECK(r.reports[i].title_line > r.reports[i - 1].end_line);
  }
}

TEST_CASE("split: report title lines, end lines, front matter and boilerplate agree with the gold",
          "[split][samples]") {
  for (const std::string prefix : {"000_", "001_", "002_"}) {
    fs::path path = sample_path(prefix);
    fs::path gold_path = fs::path(HUIZONG_TEST_DATA_DIR) / "gold" / (path.stem().string() + ".gold.json");
    std::ifstream in(gold_path);
    REQUIRE(in);
    nlohmann::json gold = nlohmann::json::parse(in);
    INFO("sample " << path.filename().string());
    SplitResult r = split(sample(prefix), lexicon());

    std::vector<int> want_titles, want_ends;
    for (const auto& g : gold.at("reports")) {
      want_titles.push_back(g.at("title_line").get<int>());
      want_ends.push_back(g.at("end_line").get<int>());
    }
    std::vector<int> got_ends;
    for (const auto& rep : r.reports) got_ends.push_back(rep.end_line);
    CHECK(title_lines(r) == want_titles);
    CHECK(got_ends == want_ends);
    for (std::size_t i = 0; i < r.reports.size() && i < gold["reports"].size(); ++i) {
      INFO("report at line " << r.reports[i].title_line);
      CHECK(r.reports[i].title == gold["reports"][i].at("title").get<std::string>());
    }
    CHECK(r.front.lines == gold.at("front_matter_lines").get<std::vector<int>>());
    if (gold.at("declared_count").is_null())
      CHECK_FALSE(r.front.declared_count);
    else
      CHECK(r.front.declared_count == gold["declared_count"].get<int>());
    std::vector<int> whole;
    for (const auto& e : r.ledger)
      if (e.whole_line) whole.push_back(e.line);
    std::sort(whole.begin(), whole.end());
    CHECK(whole == gold.at("boilerplate_lines").get<std::vector<int>>());
  }
}

// ---- Known bugs (documented behaviour the splitter does not yet have) ----

TEST_CASE("split: body titles numbered like the TOC (1．title) are report titles with the number stripped", "[split]") {
  // GUIDE: a title is stripped of prefixes like 篇1： / 1．. Real titles from 001's TOC.
  const std::vector<Line> lines = {
      {1, "2023年半年工作总结材料汇编"},
      {2, "（2篇）"},
      {3, "目录"},
      {4, "1．XX县司法局2023年上半年工作总结\t512"},
      {5, "2．XX区审计局2023年上半年工作总结\t438"},
      {6, "1．XX县司法局2023年上半年工作总结"},
      {7, "一、上半年工作开展情况"},
      {8, "2．XX区审计局2023年上半年工作总结"},
      {9, "一、主要工作成绩、做法与经验"},
  };
  SplitResult r = split(lines, lexicon());
  CHECK(r.front.lines == range(1, 5));
  REQUIRE(title_lines(r) == std::vector<int>{6, 8});
  CHECK(r.reports[0].title == "XX县司法局2023年上半年工作总结");
  CHECK(r.reports[1].title == "XX区审计局2023年上半年工作总结");
  CHECK(r.warnings.empty());
}

TEST_CASE("split: numbered body titles right after （N篇） are titles, not a table of contents", "[split]") {
  const std::vector<Line> lines = {
      {1, "2023年半年工作总结材料汇编"},        {2, "（2篇）"},
      {3, "1．XX县司法局2023年上半年工作总结"}, {4, "一、上半年工作开展情况"},
      {5, "2．XX区审计局2023年上半年工作总结"}, {6, "一、主要工作成绩、做法与经验"},
  };
  SplitResult r = split(lines, lexicon());
  CHECK(r.front.lines == std::vector<int>{1, 2});
  REQUIRE(title_lines(r) == std::vector<int>{3, 5});
  CHECK(r.reports[0].title == "XX县司法局2023年上半年工作总结");
  CHECK(r.warnings.empty());
}

TEST_CASE("split: a TOC of plain title lines after 目录 is front matter, not empty reports", "[split]") {
  const std::vector<Line> lines = {
      {1, "2023年半年工作总结材料汇编"},
      {2, "（2篇）"},
      {3, "目录"},
      {4, "XX县司法局2023年上半年工作总结"},
      {5, "XX区审计局2023年上半年工作总结"},
      {6, "XX县司法局2023年上半年工作总结"},
      {7, "一、上半年工作开展情况"},
      {8, "XX区审计局2023年上半年工作总结"},
      {9, "一、主要工作成绩、做法与经验"},
  };
  SplitResult r = split(lines, lexicon());
  CHECK(r.front.lines == range(1, 5));
  CHECK(title_lines(r) == std::vector<int>{6, 8});
  for (const auto& rep : r.reports) CHECK_FALSE(rep.body.empty());
  CHECK(r.warnings.empty());
}

TEST_CASE("split: 篇一： with a Chinese numeral is stripped like 篇1：", "[split]") {
  std::vector<Line> lines = lines_of("002_", {{1, 24}});
  lines[2].text = "篇一：交通运输2023年工作总结及2024年工作打算";
  SplitResult r = split(lines, lexicon());
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].title == "交通运输2023年工作总结及2024年工作打算");
}

TEST_CASE("split: a marker on an advertising line makes one whole-line ledger entry", "[split][ledger]") {
  // Found by fuzzing (fuzz/crashes/split-marker-on-advertising-line-min.txt).
  const std::vector<Line> lines = {
      {1, "XX县司法局2023年上半年工作总结"}, {2, "一、工作情况"}, {3, "##paidend##【素材库】润笔"}};
  SplitResult r = split(lines, lexicon());
  REQUIRE(r.ledger.size() == 1);
  CHECK(r.ledger[0].line == 3);
  CHECK(r.ledger[0].whole_line);
  CHECK(r.ledger[0].kind == LedgerKind::advertising);
  CHECK(r.ledger[0].text == lines[2].text);
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].end_line == 2);
}

TEST_CASE("split.json: the count, piece prefix and number separators are data", "[split][lexicon]") {
  TempDir tmp("split_lexicon");
  for (const auto& e : fs::directory_iterator(data_dir("lexicons"))) fs::copy_file(e.path(), tmp.dir / e.path().filename());
  std::string text = slurp(tmp.dir / "split.json");
  for (auto [from, to] : {std::pair{"\"count_word\": \"篇\"", "\"count_word\": \"份\""},
                          std::pair{"\"piece_prefix\": \"篇\"", "\"piece_prefix\": \"件\""}}) {
    REQUIRE(text.find(from) != std::string::npos);
    text = replace_all(text, from, to);
  }
  spit(tmp.dir / "split.json", text);
  SplitLexicon edited = SplitLexicon::load(tmp.dir.string());

  std::vector<Line> lines = {{1, "2023年上半年工作总结汇编"},
                             {2, "（2份）"},
                             {3, "件1：XX县司法局2023年上半年工作总结"},
                             {4, "今年以来，我局扎实推进各项工作。"},
                             {5, "件2：XX县审计局2023年上半年工作总结"},
                             {6, "今年以来，我局聚焦主责主业。"}};
  SplitResult r = split(lines, edited);
  CHECK(r.front.declared_count == 2);
  REQUIRE(r.reports.size() == 2);
  CHECK(r.reports[0].title == "XX县司法局2023年上半年工作总结");
  CHECK(r.warnings.empty());

  // The bundled lexicon knows neither 份 nor 件1：.
  SplitResult bundled = split(lines, lexicon());
  CHECK_FALSE(bundled.front.declared_count);
  if (!bundled.reports.empty()) CHECK(bundled.reports[0].title != "XX县司法局2023年上半年工作总结");
}
