// split: front matter, reports and the boilerplate ledger: rules shown on written lines, and checks
// on whole samples. Excerpts of the samples are cases in tests/cases/split (cases_test.cpp).
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

const SplitLexicon& lexicon() {
  static const SplitLexicon lex = SplitLexicon::load();
  return lex;
}

std::vector<int> title_lines(const SplitResult& r) {
  std::vector<int> out;
  for (const auto& rep : r.reports) out.push_back(rep.title_line);
  return out;
}

std::vector<int> range(int first, int last) {
  std::vector<int> out;
  for (int n = first; n <= last; ++n) out.push_back(n);
  return out;
}

bool mentions(const std::vector<std::string>& warnings, const std::string& a, const std::string& b = {}) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const std::string& w) { return contains(w, a) && (b.empty() || contains(w, b)); });
}

}  // namespace

TEST_CASE("split: declared count that differs from the reports found is a warning", "[split]") {
  // 000 says （8篇） but holds nine reports (the gold lists nine).
  SplitResult r = split(sample("000_"), lexicon());
  CHECK(r.front.declared_count == 8);
  CHECK(r.reports.size() == 9);
  REQUIRE(r.warnings.size() == 1);
  CHECK(mentions(r.warnings, "8", "9"));
  // Its lines 1-49 alone (three reports of the declared eight):
  // tests/cases/split/compilation-three-reports-back-to-back.
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

TEST_CASE("split: contents entries with leaders, spaces or 第…页 are found with the page removed", "[split][toc]") {
  // The forms Word and WPS export: each entry's page is read, its leader dropped, and the
  // body title that follows the contents is the first report, never one more entry.
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"……………", ""},      {"···········", ""}, {"．．．．．．", ""}, {"........", ""},
      {"・・・・・", ""}, {"-------", ""},     {"        ", ""},     {"\t", ""},
      {"……第", "页"},     {"\t第 ", " 页"},    {" …… ", ""},
  };
  for (const auto& [lead, tail] : forms) {
    const std::vector<Line> lines = {
        {1, "2023年半年工作总结材料汇编"},
        {2, "目　　录"},
        {3, "XX县司法局2023年上半年工作总结" + lead + "5" + tail},
        {4, "XX区审计局2023年上半年工作总结" + lead + "12" + tail},
        {5, "XX县司法局2023年上半年工作总结"},
        {6, "一、上半年工作开展情况"},
        {7, "XX区审计局2023年上半年工作总结"},
        {8, "一、主要工作成绩、做法与经验"},
    };
    INFO("leader [" << lead << "] page [" << tail << "]");
    SplitResult r = split(lines, lexicon());
    CHECK(r.front.lines == range(1, 4));
    REQUIRE(r.front.toc.size() == 2);
    CHECK(r.front.toc[0].title == "XX县司法局2023年上半年工作总结");
    CHECK(r.front.toc[1].page == 12);
    CHECK(r.front.toc[1].matched_title_line == 7);
    CHECK(title_lines(r) == std::vector<int>{5, 7});
    CHECK(r.warnings.empty());
  }
}

TEST_CASE("split: an entry Word wrapped onto two lines is one entry, and the title and 目录 listed are no reports",
          "[split][toc]") {
  const std::vector<Line> lines = {
      {1, "2023年半年工作总结材料汇编"},
      {2, "目录"},
      {3, "2023年半年工作总结材料汇编……………1"},
      {4, "目录……………2"},
      {5, "1．XX县司法局2023年上半年工作"},
      {6, "总结和下半年工作计划……………5"},
      {7, "2．XX区审计局2023年上半年工作总结……………12"},
      {8, "XX县司法局2023年上半年工作总结和下半年工作计划"},
      {9, "一、上半年工作开展情况"},
      {10, "XX区审计局2023年上半年工作总结"},
      {11, "一、主要工作成绩、做法与经验"},
  };
  SplitResult r = split(lines, lexicon());
  CHECK(r.front.lines == range(1, 7));
  REQUIRE(r.front.toc.size() == 4);
  CHECK(r.front.toc[0].matched_title_line == 1);  // the compilation title names itself
  CHECK(r.front.toc[1].matched_title_line == 2);  // 目录 too
  CHECK(r.front.toc[2].line == 5);
  CHECK(r.front.toc[2].title == "XX县司法局2023年上半年工作总结和下半年工作计划");
  CHECK(r.front.toc[2].page == 5);
  CHECK(title_lines(r) == std::vector<int>{8, 10});
  CHECK(r.warnings.empty());
}

TEST_CASE("split: an entry with no report is warned about at its own line, and the next body title stays a title",
          "[split][toc]") {
  const std::vector<Line> lines = {
      {1, "2023年半年工作总结材料汇编"},
      {2, "目录"},
      {3, "XX县司法局2023年上半年工作总结\t5"},
      {4, "XX县统计局2023年上半年工作总结\t9"},
      {5, "XX区审计局2023年上半年工作总结\t12"},
      {6, "XX县司法局2023年上半年工作总结"},
      {7, "一、上半年工作开展情况"},
      {8, "XX区审计局2023年上半年工作总结"},
      {9, "一、主要工作成绩、做法与经验"},
  };
  SplitResult r = split(lines, lexicon());
  CHECK(title_lines(r) == std::vector<int>{6, 8});
  REQUIRE(r.warnings.size() == 1);
  CHECK(mentions(r.warnings, "line 4", "统计局"));
}

TEST_CASE("split: a title starting with | or & is still a title, without the mark", "[split]") {
  const std::vector<Line> lines = {
      {1, "各级局机关2023年工作总结汇编"},
      {2, "（3篇）"},
      {3, "交通运输局2023年工作总结"},
      {4, "一、主要工作成效"},
      {5, "|城管局2023年工作总结暨2024年工作安排"},
      {6, "一、主要工作成效"},
      {7, "＆商务局2023年工作总结"},
      {8, "一、主要工作成效"},
  };
  SplitResult r = split(lines, lexicon());
  REQUIRE(title_lines(r) == std::vector<int>{3, 5, 7});
  CHECK(r.reports[1].title == "城管局2023年工作总结暨2024年工作安排");
  CHECK(r.reports[1].title_as_written == "|城管局2023年工作总结暨2024年工作安排");
  CHECK(r.reports[2].title == "商务局2023年工作总结");
}

TEST_CASE("split: report titles in every common wording, year spaced, full-width or absent", "[split][title]") {
  const std::vector<std::string> titles = {
      "XX县审计局2023上半年工作开展情况和下半年工作打算",
      "XX县统计局工作情况报告",
      "XX镇2023年上半年工作汇报",
      "XX县林业局2023年工作总结暨2024年工作计划",
      "XX县医保局2023年半年工作情况",
      "XX县教育局2023 年度工作回顾",
      "XX县农业农村局局长述职报告",
      "XX县水利局２０２３年上半年工作总结",
  };
  // Headings in the same wordings stay headings: no period, no subject, a marker, a colon.
  const std::vector<std::string> headings = {"下一步工作打算", "2023年上半年工作开展情况", "第一部分上半年工作开展情况",
                                             "上半年工作情况：", "下半年工作计划"};
  std::vector<Line> lines = {{1, "2023年半年工作总结材料汇编"}};
  std::vector<int> expected;
  for (const std::string& t : titles) {
    expected.push_back(static_cast<int>(lines.size()) + 1);
    lines.push_back({expected.back(), t});
    for (const std::string& h : headings) {
      lines.push_back({static_cast<int>(lines.size()) + 1, h});
      lines.push_back({static_cast<int>(lines.size()) + 1, "2023年，全县完成投资12亿元，同比增长5％。"});
    }
  }
  SplitResult r = split(lines, lexicon());
  CHECK(title_lines(r) == expected);
}

TEST_CASE("split: lines a .docx marks as its contents are contents, even in a form the text rules miss",
          "[split][toc]") {
  // No 目录, no page numbers, entries that name their reports differently: as text these
  // look like three reports; the document's TOC field says they are its contents.
  const std::vector<Line> lines = {
      {1, "2023年工作总结汇编"},           {2, "XX县司法局上半年工作总结"},
      {3, "XX区审计局上半年工作总结"},     {4, "XX县司法局2023年上半年工作总结"},
      {5, "一、上半年工作开展情况"},       {6, "XX区审计局2023年上半年工作总结"},
      {7, "一、主要工作成绩、做法与经验"},
  };
  SplitResult as_text = split(lines, lexicon());
  CHECK(title_lines(as_text).size() == 4);
  SplitResult marked = split(lines, lexicon(), {2, 3});
  CHECK(marked.front.lines == range(1, 3));
  REQUIRE(marked.front.toc.size() == 2);
  CHECK(title_lines(marked) == std::vector<int>{4, 6});
}

TEST_CASE("split: a level-1 heading on a new page is a report title even in a weak wording", "[split][hints]") {
  // As Word users make a compilation: each report starts on a new page with its title in
  // Heading 1; these titles name no period, so the text alone does not find them.
  const std::vector<Line> lines = {
      {1, "2023年工作总结汇编"}, {2, "（3篇）"},
      {3, "XX县审计局工作情况"}, {4, "一、主要工作"},
      {5, "开展审计项目12个。"}, {6, "XX县司法局工作开展情况"},
      {7, "一、工作情况"},       {8, "办理案件8件。"},
      {9, "下一步工作打算"},     {10, "二、存在问题"},
      {11, "人员不足。"},        {12, "XX县统计局2023年工作总结"},
      {13, "一、工作成效"},
  };
  const std::vector<LineHint> hints = {{3, 0, true},  {4, 1, false}, {6, 0, true},  {7, 1, false},
                                       {9, 0, false}, {10, 0, true}, {12, 0, true}, {13, 0, false}};
  SECTION("as text: only the title with a period is found") {
    CHECK(title_lines(split(lines, lexicon())) == std::vector<int>{12});
  }
  SECTION("with the hints: the weak titles too, never a section heading styled as Heading 1") {
    // 下一步工作打算 (Heading 1, no new page) and 二、存在问题 (Heading 1 on a new page, but a
    // heading by its marker) stay in their reports.
    SplitResult r = split(lines, lexicon(), {}, hints);
    CHECK(title_lines(r) == std::vector<int>{3, 6, 12});
    CHECK(r.warnings.empty());
  }
  SECTION("the style needs the page break, and the page break the style") {
    CHECK(title_lines(split(lines, lexicon(), {}, {{3, 0, false}, {6, 1, true}})) == std::vector<int>{12});
  }
}

TEST_CASE("split: in a compilation in parts the report titles are the level that starts most pages", "[split][hints]") {
  // 第一部分/第二部分 in Heading 1, each report title in Heading 2, all on new pages.
  const std::vector<Line> lines = {
      {1, "2023年工作总结汇编"}, {2, "第一部分 县直部门"},      {3, "XX县审计局工作情况"}, {4, "一、主要工作"},
      {5, "开展审计项目12个。"}, {6, "XX县司法局工作开展情况"}, {7, "一、工作情况"},       {8, "办理案件8件。"},
      {9, "第二部分 乡镇"},      {10, "XX镇工作情况"},          {11, "一、工作成效"},      {12, "完成造林3000亩。"},
      {13, "XX乡工作情况"},      {14, "一、工作成效"},          {15, "新建道路5公里。"},
  };
  const std::vector<LineHint> hints = {{2, 0, true}, {3, 1, true},  {4, 2, false},  {6, 1, true},  {7, 2, false},
                                       {9, 0, true}, {10, 1, true}, {11, 2, false}, {13, 1, true}, {14, 2, false}};
  const std::vector<int> reports{3, 6, 10, 13};
  CHECK(title_lines(split(lines, lexicon())) != reports);  // weak wordings: text alone misses them
  CHECK(title_lines(split(lines, lexicon(), {}, hints)) == reports);
  // One page break is no pattern: a lone Heading 2 on a new page is not a title's level.
  CHECK(title_lines(split(lines, lexicon(), {}, {{3, 1, true}, {6, 1, false}})) != reports);
}

TEST_CASE("split: a level-1 heading or a new page ends a contents the document does not mark", "[split][hints][toc]") {
  // A typed contents with no page numbers, whose first entry the body names differently:
  // as text the first body title is one more contents line.
  const std::vector<Line> lines = {
      {1, "2023年工作总结汇编"},
      {2, "目录"},
      {3, "XX县审计局2023年工作总结"},
      {4, "XX县司法局2023年工作总结"},
      {5, "审计局2023年上半年工作总结"},
      {6, "一、主要工作"},
      {7, "开展审计项目12个。"},
      {8, "XX县司法局2023年工作总结"},
      {9, "一、工作情况"},
  };
  SplitResult as_text = split(lines, lexicon());
  CHECK(title_lines(as_text) == std::vector<int>{8});
  for (const LineHint& h : {LineHint{5, 0, false}, LineHint{5, -1, true}}) {
    SplitResult r = split(lines, lexicon(), {}, {h});
    CHECK(r.front.lines == range(1, 4));
    CHECK(title_lines(r) == std::vector<int>{5, 8});
  }
}

TEST_CASE("split: an entry without a page number wrapped onto two lines is one entry", "[split][toc]") {
  const std::vector<Line> lines = {
      {1, "2023年工作总结汇编"},
      {2, "目录"},
      {3, "XX县农业农村局2023年上半年工作"},
      {4, "总结和下半年工作计划"},
      {5, "XX县审计局2023年上半年工作总结"},
      {6, "XX县农业农村局2023年上半年工作总结和下半年工作计划"},
      {7, "一、工作成效。"},
      {8, "XX县审计局2023年上半年工作总结"},
      {9, "一、工作成效。"},
  };
  SplitResult r = split(lines, lexicon());
  REQUIRE(r.front.toc.size() == 2);
  CHECK(r.front.toc[0].title == "XX县农业农村局2023年上半年工作总结和下半年工作计划");
  CHECK(r.front.toc[0].matched_title_line == 6);
  CHECK(title_lines(r) == std::vector<int>{6, 8});
  CHECK(r.warnings.empty());
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
  copy_bundled("lexicons", tmp.dir);
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

TEST_CASE("split.json: title decorations are dropped in the order the lexicon lists them", "[split][lexicon]") {
  TempDir tmp("split_decorations");
  copy_bundled("lexicons", tmp.dir);
  std::string text = slurp(tmp.dir / "split.json");
  const std::string from = "\"title_decorations\": [\"|\",";
  REQUIRE(text.find(from) != std::string::npos);
  // 【附件】 listed first is dropped whole; 【 listed before 【附件】 would take its bracket only.
  spit(tmp.dir / "split.json", replace_all(text, from, "\"title_decorations\": [\"【附件】\", \"【\", \"|\","));
  SplitLexicon longest_first = SplitLexicon::load(tmp.dir.string());
  spit(tmp.dir / "split.json", replace_all(text, from, "\"title_decorations\": [\"【\", \"【附件】\", \"|\","));
  SplitLexicon shortest_first = SplitLexicon::load(tmp.dir.string());
  const std::vector<Line> lines = {{1, "【附件】XX县审计局2023年工作总结"},
                                   {2, "今年以来，我局聚焦主责主业。"},
                                   {3, "| ★ 【XX县统计局2023年工作总结"},
                                   {4, "今年以来，我局扎实推进各项工作。"}};
  SplitResult a = split(lines, longest_first);
  REQUIRE(a.reports.size() == 2);
  CHECK(a.reports[0].title == "XX县审计局2023年工作总结");
  CHECK(a.reports[1].title == "XX县统计局2023年工作总结");  // several, with spaces between
  SplitResult b = split(lines, shortest_first);
  REQUIRE(b.reports.size() == 2);
  CHECK(b.reports[0].title == "附件】XX县审计局2023年工作总结");
}
