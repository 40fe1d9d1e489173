// classify: top-level parts and their kinds, on written lines and on every report of the samples
// (bodies taken by line range, as split hands them over: blank lines dropped, ##paidbegin##
// markers removed). Real reports, one rule each, are cases in tests/cases/classify (cases_test.cpp).
#include "classify/classify.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/lexicon.h"
#include "common/text.h"
#include "outline/outline.h"
#include "support.h"

using namespace huizong;
using namespace huizong::test;

namespace {

namespace fs = std::filesystem;

// Body lines [first, last] of a sample: non-blank, split's markers removed, numbers kept.
std::vector<Line> body(const std::string& prefix, int first, int last) {
  const auto& all = sample(prefix);
  REQUIRE(last <= static_cast<int>(all.size()));
  std::vector<Line> out;
  for (int n = first; n <= last; ++n) {
    std::string text = all[static_cast<std::size_t>(n - 1)].text;
    for (const std::string m : {"##paidbegin##", "##paidend##"})
      for (std::size_t p; (p = text.find(m)) != std::string::npos;) text.erase(p, m.size());
    if (!is_blank(text)) out.push_back({n, text});
  }
  return out;
}

const SectionLexicon& lexicon() {
  static const SectionLexicon lex = SectionLexicon::load();
  return lex;
}

// Classify the report whose title is on `title_line` and whose last line is `end_line`.
struct Classified {
  Outline outline;
  std::vector<Section> sections;
};

Classified classify_report(const std::string& prefix, int title_line, int end_line) {
  Classified c;
  c.outline = build_outline(body(prefix, title_line + 1, end_line));
  c.sections = classify(c.outline, lexicon());
  return c;
}

std::vector<SectionKind> kinds(const std::vector<Section>& s) {
  std::vector<SectionKind> out;
  for (const auto& x : s) out.push_back(x.kind);
  return out;
}

const Section* first_of(const std::vector<Section>& s, SectionKind k) {
  for (const auto& x : s)
    if (x.kind == k) return &x;
  return nullptr;
}

bool has(const std::vector<Section>& s, SectionKind k) { return first_of(s, k) != nullptr; }

std::vector<int> item_lines(const Section& s) {
  std::vector<int> out;
  for (const auto& i : s.items) out.push_back(i.line);
  return out;
}

using K = SectionKind;

}  // namespace

TEST_CASE("classify: kind names round-trip", "[classify]") {
  for (K k : {K::preamble, K::achievements, K::highlights, K::problems, K::plans, K::suggestions, K::other})
    CHECK(code_from_name<SectionKind>(code_name(k)) == k);
  CHECK(to_string(K::problems) == "problems");
  CHECK_FALSE(code_from_name<SectionKind>("problem"));
}

TEST_CASE("classify: a heading naming problems and plans: the plans begin where the text turns to them", "[classify]") {
  // The real report (001 XX镇, 二、存在问题及下半年工作打算 and a line that turns at 下一步):
  // tests/cases/classify/problems-and-plans-heading-turn.
  // Subheadings under the heading open the parts themselves: the heading's plans part, which
  // would hold nothing, is not kept; its problems part starts at the heading.
  auto sub = classify(build_outline({{1, "一、上半年工作情况"},
                                     {2, "完成各项调查任务。"},
                                     {3, "二、存在的问题和下半年工作打算"},
                                     {4, "（一）存在的问题"},
                                     {5, "1.人员力量不足。"},
                                     {6, "2.基层基础薄弱。"},
                                     {7, "（二）下半年工作打算"},
                                     {8, "1.加强队伍建设。"},
                                     {9, "2.夯实基层基础。"}}),
                      lexicon());
  CHECK(kinds(sub) == std::vector<K>{K::achievements, K::problems, K::problems, K::plans});
  CHECK(sub[1].line == 3);
  CHECK(sub[1].items.empty());
  CHECK(item_lines(sub[2]) == std::vector<int>{5, 6});
  CHECK(sub[3].line == 7);
  CHECK(item_lines(sub[3]) == std::vector<int>{8, 9});

  // Without a turn in the text, both parts open on the heading (nothing to split).
  auto alone = classify(build_outline({{1, "二、存在问题及下步打算"}, {2, "一是资金不足。二是人员不足。"}}), lexicon());
  REQUIRE(alone.size() == 2);
  CHECK(alone[0].kind == K::problems);
  CHECK(alone[1].kind == K::plans);
  CHECK(alone[1].line == 1);

  auto k = heading_kinds(normalise("存在问题及下半年工作打算"), lexicon());
  CHECK(k == std::vector<K>{K::problems, K::plans});
}

TEST_CASE("classify: numbering that restarts right under a heading lists that heading's items", "[classify]") {
  // A real report (二、下半年工作计划, then 一、 to 七、): tests/cases/classify/plans-items-restart-numbering.
  // With text between the heading and the new 一、, the new 一、 is a part of its own.
  auto apart = classify(build_outline({{1, "一、上半年工作情况"},
                                       {2, "完成各项任务。"},
                                       {3, "二、下半年工作计划"},
                                       {4, "继续做好各项工作。"},
                                       {5, "一、其他事项"},
                                       {6, "另有说明。"}}),
                        lexicon());
  CHECK(kinds(apart) == std::vector<K>{K::achievements, K::plans, K::achievements});

  // The restarted list ends where its numbering breaks (三、 after 四、).
  auto ends = classify(build_outline({{1, "一、上半年工作开展情况"},
                                      {2, "今年以来，我局扎实开展各项统计工作。"},
                                      {3, "二、存在问题"},
                                      {4, "一、统计人员力量薄弱。"},
                                      {5, "二、基层数据质量有待提高。"},
                                      {6, "三、企业报表意识不强。"},
                                      {7, "四、信息化水平不高。"},
                                      {8, "三、工作措施"},
                                      {9, "一、加强队伍建设。"}}),
                       lexicon());
  REQUIRE(ends.size() == 3);
  CHECK(item_lines(ends[1]) == std::vector<int>{4, 5, 6, 7});
  CHECK(ends[2].line == 8);
}

TEST_CASE("classify: where the text turns to plans, and where it only looks ahead", "[classify]") {
  auto run = [](std::vector<Line> lines) { return classify(build_outline(lines), lexicon()); };
  SECTION("the plans after a turn number their own items") {
    auto c =
        run({{1, "今年以来，我局扎实开展各项统计工作，取得了较好成效。"},
             {2,
              "但仍存在一些问题：一是统计人员力量薄弱；二是基层数据质量有待提高。下一步，我局将：一是加强队伍建设；"
              "二是强化数据质量管控。"}});
    REQUIRE(kinds(c) == std::vector<K>{K::preamble, K::problems, K::plans});
    CHECK(c[1].items.size() == 2);
    REQUIRE(c[2].items.size() == 2);
    CHECK(c[2].items[0].marker == "一是");
    CHECK(c[2].items[0].text.starts_with("一是加强队伍建设"));
  }
  SECTION("a sentence about the outlook is no turn") {
    auto c = run({{1, "今年以来，我局扎实开展各项统计工作。"},
                  {2,
                   "但仍存在一些问题：一是统计人员力量薄弱；二是基层数据质量有待提高。下阶段，经济下行压力仍然较大。"
                   "三是企业报表意识不强。"}});
    CHECK(kinds(c) == std::vector<K>{K::preamble, K::problems});
    CHECK(c[1].items.size() == 3);
  }
  SECTION("a paragraph under a problems heading turns to plans") {
    auto c = run({{1, "一、工作情况"},
                  {2, "完成各项任务。"},
                  {3, "二、存在问题"},
                  {4, "一是人员力量薄弱；二是数据质量有待提高。今后，我局将：一是加强队伍建设；二是强化质量管控。"}});
    REQUIRE(kinds(c) == std::vector<K>{K::achievements, K::problems, K::plans});
    CHECK(c[1].end_line == 4);
    CHECK(c[1].items.size() == 2);
    CHECK(c[2].line == 4);
    CHECK(c[2].items.size() == 2);
  }
  SECTION("a closing sentence right before a plans heading leads to it") {
    auto c = run({{1, "一、工作情况"},
                  {2, "完成各项任务。"},
                  {3, "二、存在问题"},
                  {4, "一是人员力量薄弱；二是数据质量有待提高。针对以上问题，我们将认真加以解决。"},
                  {5, "三、下半年工作计划"},
                  {6, "（一）加强队伍建设。"}});
    REQUIRE(kinds(c) == std::vector<K>{K::achievements, K::problems, K::plans});
    CHECK(c[2].line == 5);
  }
  SECTION("a plan that names problems under a plans heading stays a plan") {
    for (const char* opening : {"针对存在的问题，我局将重点做好以下工作：一是加强培训；二是完善制度。",
                                "当前统计工作仍存在一些薄弱环节，我局将聚焦短板：一是加强培训；二是完善制度。"}) {
      INFO(opening);
      auto c = run({{1, "一、工作情况"}, {2, "完成各项任务。"}, {3, "二、下半年工作计划"}, {4, opening}});
      CHECK(kinds(c) == std::vector<K>{K::achievements, K::plans});
    }
  }
  SECTION("problems first under a plans heading, the plans in the next paragraph") {
    auto c = run({{1, "一、工作情况"},
                  {2, "完成各项任务。"},
                  {3, "二、下半年工作计划"},
                  {4, "上半年虽然取得了一定成绩，但仍存在一些问题：一是人员力量薄弱；二是数据质量有待提高。"},
                  {5, "下一步，我局将：一是加强队伍建设；二是强化数据质量管控。"}});
    CHECK(kinds(c) == std::vector<K>{K::achievements, K::plans, K::problems, K::plans});
  }
}

TEST_CASE("classify: a part that says 暂无 has no items", "[classify]") {
  // A real report (（二）存在主要问题。 then 暂无): tests/cases/classify/nothing-to-report-problems.
  auto none =
      classify(build_outline({{1, "一、工作情况"}, {2, "完成任务。"}, {3, "二、存在问题"}, {4, "暂无。"}}), lexicon());
  REQUIRE(first_of(none, K::problems));
  CHECK(first_of(none, K::problems)->items.empty());
  // Anything more than "none" is an item.
  auto some = classify(build_outline({{1, "二、存在问题"}, {2, "暂无重大问题，但人员偏少。"}}), lexicon());
  REQUIRE(first_of(some, K::problems));
  CHECK(first_of(some, K::problems)->items.size() == 1);
}

TEST_CASE("classify: problems stated first under a plans heading are the problems part", "[classify]") {
  // A real report (二、下半年工作计划, then 上半年工作虽然取得了一定成绩，但仍存在一些问题：一是…三是…。
  // 下一步，我们将…): tests/cases/classify/problems-first-under-plans-heading.
  // A plan that addresses the problems speaks of the coming period: it stays a plan.
  auto plan =
      classify(build_outline({{1, "二、下半年工作计划"},
                              {2, "针对上半年仍存在的问题，下半年将重点抓好以下工作：一是加强培训。二是完善制度。"}}),
               lexicon());
  CHECK(kinds(plan) == std::vector<K>{K::plans});
  CHECK(plan[0].items.size() == 2);
}

TEST_CASE("classify: 问题 in an achievements heading (问题专项行动, 问题整改) is not a problems part", "[classify]") {
  // Real reports (二、开展河湖问题专项行动; （一）从严从实抓好突出环境问题整改。): tests/cases/classify
  // (problem-word-in-achievements-heading, problem-rectification-heading).
  SECTION("headings alone") {
    for (const char* h : {"开展河湖问题专项行动", "从严从实抓好突出环境问题整改", "高位推进森林督查问题整改",
                          "突出问题专项整治", "审计发现问题整改落实情况"}) {
      INFO(h);
      CHECK(heading_kinds(normalise(h), lexicon()).empty());
    }
  }
}

TEST_CASE("classify: subheadings that merely mention 计划 are not plans", "[classify]") {
  // A real report (（七）计划生育。): tests/cases/classify/plan-word-in-achievements-subheading.
  SECTION("headings alone") {
    CHECK(heading_kinds("计划生育", lexicon()).empty());
    CHECK(heading_kinds("计划生育", lexicon(), false).empty());
    CHECK(heading_kinds("开拓工作新思路", lexicon(), false).empty());
    CHECK(heading_kinds("下半年工作开展情况", lexicon()).empty());
    CHECK(heading_kinds("2023年上半年工作总结", lexicon()).empty());
    CHECK(heading_kinds("今年上半年工作进展和成效", lexicon()).empty());
  }
  SECTION("named plans headings") {
    for (const char* h : {"下半年工作计划", "2024年工作思路", "下一步工作计划", "下步工作打算", "下半年重点工作安排"}) {
      INFO(h);
      CHECK(heading_kinds(normalise(h), lexicon()) == std::vector<K>{K::plans});
    }
    for (const char* h : {"存在的问题及原因分析", "面临的挑战和存在问题", "当前面临的形势、困难和问题", "工作不足"}) {
      INFO(h);
      CHECK(heading_kinds(normalise(h), lexicon()) == std::vector<K>{K::problems});
    }
    CHECK(heading_kinds("意见建议", lexicon()) == std::vector<K>{K::suggestions});
    CHECK(heading_kinds("上半年亮点工作", lexicon()) == std::vector<K>{K::highlights});
  }
}

TEST_CASE("classify: items come from 一是/二是 inside a paragraph", "[classify]") {
  // Real reports (problems as 一是…二是… or 一是…四是 in one paragraph): tests/cases/classify
  // (no-preamble-inline-problem-items, problems-heading-paragraph-items, part-headings-one-item-per-line).
  SECTION("an undivided paragraph is one item") {
    auto c = classify(
        build_outline(
            {{1, "一、工作情况"}, {2, "完成任务。"}, {3, "二、存在问题"}, {4, "人员偏少，经费紧张，基层力量薄弱。"}}),
        lexicon());
    const Section* p = first_of(c, K::problems);
    REQUIRE(p);
    REQUIRE(p->items.size() == 1);
    CHECK(p->items[0].marker.empty());
    CHECK(p->items[0].line == 4);
  }
}

TEST_CASE("classify: sections cover every body line in order, on every gold report", "[classify][samples]") {
  for (const std::string prefix : {"000_", "001_", "002_"}) {
    fs::path gold_path =
        fs::path(HUIZONG_TEST_DATA_DIR) / "gold" / (sample_path(prefix).stem().string() + ".gold.json");
    std::ifstream in(gold_path);
    REQUIRE(in);
    nlohmann::json gold = nlohmann::json::parse(in);
    for (const auto& g : gold.at("reports")) {
      int title = g.at("title_line").get<int>(), end = g.at("end_line").get<int>();
      INFO(prefix << " report at line " << title);
      auto c = classify_report(prefix, title, end);
      std::vector<Line> lines = body(prefix, title + 1, end);
      if (lines.empty()) continue;
      REQUIRE_FALSE(c.sections.empty());
      CHECK(c.sections.front().line == lines.front().number);
      CHECK(c.sections.back().end_line == lines.back().number);
      for (std::size_t i = 0; i < c.sections.size(); ++i) {
        const Section& s = c.sections[i];
        CHECK(s.line <= s.end_line);
        if (s.heading_line) CHECK(*s.heading_line == s.line);
        if (i == 0) continue;
        const Section& prev = c.sections[i - 1];
        if (s.line == prev.line) continue;                                            // two kinds opened on one line
        if (s.line == prev.end_line && s.opened_by == OpenedBy::paragraph) continue;  // begins mid-line: …。下一步，…
        CHECK(s.line > prev.end_line);
        // No body line between two parts is left out.
        auto next = std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.number > prev.end_line; });
        REQUIRE(next != lines.end());
        CHECK(next->number == s.line);
      }
      // The problems and plans parts start where the gold says; where the gold has none, there is none.
      for (auto [kind, key] :
           {std::pair{K::problems, "problems_start_line"}, std::pair{K::plans, "plans_start_line"}}) {
        INFO(key);
        const Section* part = first_of(c.sections, kind);
        if (g.at(key).is_null()) {
          CHECK_FALSE(part);
        } else {
          REQUIRE(part);
          CHECK(part->line == g.at(key).get<int>());
        }
      }
    }
  }
}

// ---- Known bugs ----

TEST_CASE("classify: a long numbered sentence such as 2、根据上级工作安排我县制定了… is not a plans heading",
          "[classify]") {
  // classify.h: "long numbered sentences such as 2、根据上级工作安排… are not part headings".
  const std::string h = normalise(
      "根据上级工作安排我县制定了《南陵县安委会办公室关于开展非煤矿山安全生产“强监管严执法年”专项行动的通知》");
  CHECK(heading_kinds(h, lexicon(), false).empty());

  // The real line, in a report whose top level is 一、 and in its own report (top level 1、),
  // opens no part: tests/cases/classify (long-numbered-sentence-not-plans, plain-plans-heading).
}

TEST_CASE("classify: a heading about rectifying problems is not a problems part", "[classify]") {
  // DESIGN: 问题整改 in a heading describes work done.
  CHECK(heading_kinds(normalise("巡察反馈存在问题整改情况"), lexicon()).empty());
  CHECK(heading_kinds(normalise("主要问题整改情况"), lexicon()).empty());
}

TEST_CASE("sections.json: a plans paragraph may open after a year, by the lexicon's year_suffix",
          "[classify][lexicon]") {
  std::vector<Line> lines = {
      {1, "一、主要工作"}, {2, "上半年，我局扎实推进各项工作。"}, {3, "2023年下半年，我局将继续加强监管。"}};
  Outline o = build_outline(lines);
  auto sections = classify(o, lexicon());
  const Section* plans = first_of(sections, K::plans);
  REQUIRE(plans);
  CHECK(plans->line == 3);
  CHECK(plans->opened_by == OpenedBy::paragraph);

  TempDir tmp("sections_lexicon");
  copy_bundled("lexicons", tmp.dir);
  std::string text = slurp(tmp.dir / "sections.json");
  REQUIRE(text.find("\"year_suffix\": \"年\"") != std::string::npos);
  spit(tmp.dir / "sections.json", replace_all(text, "\"year_suffix\": \"年\"", "\"year_suffix\": \"\""));
  SectionLexicon edited = SectionLexicon::load(tmp.dir.string());
  CHECK_FALSE(has(classify(o, edited), K::plans));
}

TEST_CASE("sections.json: punctuation is data — a part's text after its heading, 暂无 with its full stop",
          "[classify][lexicon]") {
  Outline o = build_outline({{1, "一、主要工作"},
                             {2, "我局扎实推进各项工作。"},
                             {3, "二、存在问题：暂无。"},
                             {4, "三、下半年工作计划：继续加强监管。"}});
  auto sections = classify(o, lexicon());
  const Section* problems = first_of(sections, K::problems);
  REQUIRE(problems);
  CHECK(problems->items.empty());  // 暂无。 says there is nothing
  const Section* plans = first_of(sections, K::plans);
  REQUIRE(plans);
  REQUIRE(plans->items.size() == 1);
  // The text after the heading's ： (it used to be cut after the line's last 。 and lost).
  CHECK(plans->items[0].text == "继续加强监管。");
}

TEST_CASE("classify: a part's text on its heading line starts where the outline's heading sentence ends",
          "[classify]") {
  // One rule (markers.json headings.sentence_ends) for the heading and for the text after it,
  // in full-width and half-width forms: ； ！ ？ end a heading's sentence too.
  for (const std::string stop : {"：", ":", "；", ";", "。", "！", "？"}) {
    INFO(stop);
    Outline o = build_outline(
        {{1, "一、主要工作"}, {2, "完成任务。"}, {3, "二、存在问题" + stop + "人员力量不足，经费紧张。"}});
    auto sections = classify(o, lexicon());
    const Section* p = first_of(sections, K::problems);
    REQUIRE(p);
    CHECK(p->heading == "存在问题");
    REQUIRE(p->items.size() == 1);
    CHECK(p->items[0].text == "人员力量不足，经费紧张。");
  }
}

TEST_CASE("heading_kinds: the one search for the words that name kinds passes over no heading that names one",
          "[classify][samples]") {
  // The same lexicon with a kind word that is everywhere (the empty word) runs every test
  // on every line: the kinds must be the same as with the search that skips most of them.
  SectionLexicon every = lexicon();
  every.kind_words = WordList(std::vector<std::string>{""});
  std::size_t named = 0;
  for (const char* prefix : {"000_", "001_", "002_"})
    for (const Line& l : sample(prefix)) {
      std::string h = normalise(l.text);
      for (bool top : {true, false}) {
        INFO(h);
        auto kinds = heading_kinds(h, lexicon(), top);
        REQUIRE(kinds == heading_kinds(h, every, top));
        named += !kinds.empty();
      }
    }
  CHECK(named > 50);  // many lines name a kind: the comparison is not only of empty results
}
