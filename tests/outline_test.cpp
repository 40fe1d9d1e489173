// outline: markers, heading sentences, inline items and the blocks' levels, on written lines. Real
// lines of the samples are cases in tests/cases/outline (cases_test.cpp).
#include "outline/outline.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/lexicon.h"
#include "common/marker.h"
#include "common/text.h"
#include "support.h"

using namespace huizong;
using namespace huizong::test;

namespace {

std::optional<Marker> marker_of(std::string_view text) {
  static const MarkerLexicon lex = MarkerLexicon::load();
  return scan_marker(text, lex);
}

struct Expect {
  MarkerStyle style;
  int rank, ordinal;
};

void check_marker(const std::string& text, Expect want, bool also_normalised = true) {
  INFO("text: " << text);
  auto m = marker_of(text);
  REQUIRE(m);
  CHECK(m->style == want.style);
  CHECK(m->rank == want.rank);
  CHECK(m->ordinal == want.ordinal);
  // The marker's bytes cover what precedes the heading text (leading spaces included).
  CHECK(m->bytes <= text.size());
  // And the same marker is found in the normalised copy (what build_outline scans).
  if (!also_normalised) return;
  auto n = marker_of(normalise(text));
  REQUIRE(n);
  CHECK(n->rank == want.rank);
  CHECK(n->ordinal == want.ordinal);
}

void check_no_marker(const std::string& text) {
  INFO("text: " << text);
  CHECK_FALSE(marker_of(text));
  CHECK_FALSE(marker_of(normalise(text)));
}

// (line, rank) of every block: the outline's levels.
std::vector<std::pair<int, int>> ranks(const Outline& o) {
  std::vector<std::pair<int, int>> out;
  for (const Block& b : o.blocks) out.emplace_back(b.line, b.rank());
  return out;
}

}  // namespace

TEST_CASE("marker: rank 1 — 一、 and 第一部分", "[outline][marker]") {
  // Real lines: tests/cases/outline (rank1-rank2-and-inline-problems: 　　一、 is 2×3 + 3 + 3
  // bytes with its indentation; part-headings).
  check_marker("十三、加强干部队伍建设", {MarkerStyle::cn_comma, 1, 13});
  check_marker("二．存在的问题", {MarkerStyle::cn_comma, 1, 2});
  CHECK_FALSE(marker_of("第一，要提高站位"));
}

TEST_CASE("marker: rank 2 — （一） (一) and the unclosed （一", "[outline][marker]") {
  // Real lines, the unclosed （一统计… among them: tests/cases/outline (bare-numeral-headings).
  check_marker("(一)全力保障安全生产形势稳定", {MarkerStyle::cn_paren, 2, 1});
  check_marker("( 二 )贯彻落实上级决策部署情况", {MarkerStyle::cn_paren, 2, 2});

  auto m = marker_of("　　（一）全力保障安全生产形势稳定");
  REQUIRE(m);
  CHECK(std::string("　　（一）全力保障安全生产形势稳定").substr(m->bytes) == "全力保障安全生产形势稳定");
}

TEST_CASE("marker: rank 3 — 1. 1． 1、 1 、", "[outline][marker]") {
  // Real lines — 1.  1．  1、 after an ASCII indent, 4、 with the space after it in the marker, a
  // stray 110. — are in tests/cases/outline (audit-report-levels, full-width-dot-items,
  // plain-headings, numbered-items-space-after-comma, stray-number-110).
  check_marker("1 、认真组织开展全县非煤矿山企业复工复产工作", {MarkerStyle::num_dot, 3, 1});
  check_marker("１２．全面规范社区矫正和安置帮教工作。", {MarkerStyle::num_dot, 3, 12});
}

TEST_CASE("marker: rank 4 — （1） (1) ①", "[outline][marker]") {
  // Real lines: tests/cases/outline/rank4-parenthesised-numbers.
  check_marker("(1)扎实开展困难群众救助工作。", {MarkerStyle::num_paren, 4, 1});
  // As written (NFKC folds ① to 1: see the known-bug test below for the outline).
  check_marker("①扎实开展困难群众救助工作。", {MarkerStyle::circled, 4, 1}, false);
  check_marker("③扎实开展儿童关爱服务工作。", {MarkerStyle::circled, 4, 3}, false);
  check_no_marker("（0）无");
}

TEST_CASE("marker: 一上半年工作总结 with its 、 dropped is rank 1, but 一是… is not a marker", "[outline][marker]") {
  // Real lines — 一上半年工作总结, 二存在的问题, 三下一步工作打算, and 一是…, 一年来… with no marker —
  // are in tests/cases/outline (bare-numeral-headings, full-width-dot-items,
  // inline-items-at-line-start, paragraph-starting-with-numeral).
  check_no_marker("一些地方存在形式主义问题");
  check_no_marker("一体化推进不敢腐、不能腐、不想腐");
  check_no_marker("三大攻坚战取得决定性成就");
  // A long sentence that merely starts with a numeral is not a bare heading.
  check_no_marker("一网统管平台建设稳步推进，全县已接入视频监控点位一千余个，覆盖主要街道和重点区域。");
}

TEST_CASE("marker: decimals, years and percentages at line start are not markers", "[outline][marker]") {
  check_no_marker("1.5亿元专项资金已全部下达。");
  check_no_marker("26.52亿元，同比增长12.3%。");
  check_no_marker("１２．５％的增幅位居全市第一。");
  // Real lines opening with 2023年: tests/cases/outline (rank1-rank2-and-inline-problems,
  // year-items-and-signature-date, where 1.2023年 and, in number-before-a-date, 6.5月 are items).
  check_no_marker("2023年工作计划");
  check_no_marker("0.比例");
}

TEST_CASE("outline: heading sentence runs up to the first 。：； and is normalised", "[outline]") {
  // The headings of real lines are in tests/cases/outline.
  Outline o = build_outline({
      {53, "　　（一）聚焦主责主业，强化审计监督。后文"},
      {22, "上半年工作情况："},
  });
  REQUIRE(o.blocks.size() == 2);
  CHECK(o.blocks[0].heading == "聚焦主责主业,强化审计监督");
  CHECK(o.blocks[0].text == "　　（一）聚焦主责主业，强化审计监督。后文");  // text as written
  CHECK(o.blocks[0].norm == "(一)聚焦主责主业,强化审计监督。后文");
  CHECK(o.blocks[1].heading == "上半年工作情况");
  // Line numbers are kept as given, even out of order.
  CHECK(o.blocks[0].line == 53);
  CHECK(o.blocks[1].line == 22);
}

TEST_CASE("outline: inline items 一是…二是…三是 with byte offsets into the text as written", "[outline]") {
  // Items of real lines, as build_outline stores them on the blocks (two in a paragraph, two at
  // the start of a line, four on one line, 十一是 alone at the start of a line): tests/cases/outline.
  SECTION("one to eleven in one paragraph") {
    std::string text;
    const char* numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"};
    for (const char* n : numerals) text += std::string(n) + "是加大检查力度；";
    auto items = scan_inline_items(text);
    REQUIRE(items.size() == 11);
    CHECK(items[9].ordinal == 10);
    CHECK(items[10].ordinal == 11);
    CHECK(items[10].offset == text.find("十一是"));
  }
  SECTION("out-of-order and embedded numerals are not items") {
    // Mid-paragraph, a list must start at 一是; a line that opens with 二是 continues a list
    // of one item per line (二是 on its own line after 一是 on the previous one).
    CHECK(scan_inline_items("工作中，二是加强公示工作。三是强化监督。").empty());
    auto continued = scan_inline_items("二是加强公示工作。三是强化监督。");
    REQUIRE(continued.size() == 2);
    CHECK(continued[0].ordinal == 2);
    CHECK(continued[1].ordinal == 3);
    auto items = scan_inline_items("一是强化学习。三是加强监督。");
    REQUIRE(items.size() == 1);
    CHECK(items[0].ordinal == 1);
    CHECK(scan_inline_items("这是一次全面的检查，也是一种新的尝试。").empty());
  }
}

TEST_CASE("outline: broken numbering still gives levels", "[outline]") {
  // 二存在的问题 > （一统计… with numbering broken in a real report: tests/cases/outline/bare-numeral-headings.
  // A rank-4 item right under a rank-1 heading keeps its own level.
  Outline skip = build_outline({{1, "一、主要工作"}, {2, "（1）扎实开展困难群众救助工作。"}, {3, "二、存在问题"}});
  CHECK(ranks(skip) == std::vector<std::pair<int, int>>{{1, 1}, {2, 4}, {3, 1}});
}

TEST_CASE("outline: empty body gives an empty outline", "[outline]") {
  Outline o = build_outline({});
  CHECK(o.blocks.empty());
  CHECK(o.top_rank == 0);
}

// ---- Known bugs ----

TEST_CASE("outline: ① items are rank-4 headings in the outline", "[outline]") {
  // build_outline scans the NFKC copy, where ① has become 1 and is no marker any more.
  Outline o = build_outline({{1, "（一）兜牢基本民生保障工作"},
                             {2, "①扎实开展困难群众救助工作。"},
                             {3, "②抓实养老服务和老年人福利保障工作。"}});
  REQUIRE(o.blocks.size() == 3);
  CHECK(o.blocks[1].rank() == 4);
  CHECK(o.blocks[2].rank() == 4);
  CHECK(o.blocks[1].heading == "扎实开展困难群众救助工作");
  CHECK(o.blocks[2].marker.has_value());
}

// ---- lexicons/markers.json ----

namespace {

// A copy of the bundled lexicons in `tmp` with markers.json edited: each (from, to) in turn.
std::string edited_markers(const TempDir& tmp, std::initializer_list<std::pair<std::string, std::string>> edits) {
  copy_bundled("lexicons", tmp.dir);
  std::string text = slurp(tmp.dir / "markers.json");
  for (const auto& [from, to] : edits) {
    REQUIRE(text.find(from) != std::string::npos);
    text = replace_all(text, from, to);
  }
  spit(tmp.dir / "markers.json", text);
  return tmp.dir.string();
}

}  // namespace

TEST_CASE("markers.json: the marker words and heading rules are data", "[outline][lexicon]") {
  TempDir tmp("markers");
  OutlineLexicon lex =
      OutlineLexicon::load(edited_markers(tmp, {{"\"inline_item_word\": \"是\"", "\"inline_item_word\": \"为\""},
                                                {"\"part_suffixes\": [\"部分\"]", "\"part_suffixes\": [\"篇\"]"},
                                                {"\"plain_max_chars\": 24", "\"plain_max_chars\": 5"}}));

  auto items = scan_inline_items("一为强化学习。二为加强监督。一是不变。", lex.markers);
  REQUIRE(items.size() == 2);
  CHECK(items[1].ordinal == 2);
  CHECK(items[1].bytes == std::string("二为").size());

  auto part = scan_marker("第二篇　工作计划", lex.markers);
  REQUIRE(part);
  CHECK(part->style == MarkerStyle::part);
  CHECK(part->ordinal == 2);
  CHECK_FALSE(scan_marker("第二部分工作计划", lex.markers));

  Outline o = build_outline({{1, "下半年工作计划："}, {2, "计划："}}, lex);
  CHECK_FALSE(o.blocks[0].plain_heading);  // 8 characters: over the edited limit
  CHECK(o.blocks[1].plain_heading);
  // The bundled lexicon reads the first as a heading.
  CHECK(build_outline({{1, "下半年工作计划："}}).blocks[0].plain_heading);
}

TEST_CASE("markers.json: an unknown key, or two characters where one is meant, is an error at its line",
          "[outline][lexicon]") {
  {
    TempDir tmp("markers_key");
    std::string dir =
        edited_markers(tmp, {{"\"inline_item_word\"", "\"inline_word\": \"是\",\n    \"inline_item_word\""}});
    expect_input_error([&] { OutlineLexicon::load(dir); }, (tmp.dir / "markers.json").string(), "inline_word");
  }
  {
    TempDir tmp("markers_chars");
    std::string dir = edited_markers(tmp, {{"\"open_brackets\": [\"（\"", "\"open_brackets\": [\"（（\""}});
    Error e =
        expect_input_error([&] { MarkerLexicon::load(dir); }, (tmp.dir / "markers.json").string(), "not one character");
    CHECK(e.line() > 1);
  }
}

TEST_CASE("inline items: 一是 … 十是 are written with the plain numerals (两是 is no item)", "[outline]") {
  auto items = scan_inline_items("一是加强学习。两是字不成项。二是强化监督。");
  REQUIRE(items.size() == 2);
  CHECK(items[1].ordinal == 2);
  CHECK(items[1].offset == std::string("一是加强学习。两是字不成项。").size());
  CHECK(scan_inline_items("十是完善制度。", MarkerLexicon::standard()).front().ordinal == 10);
}

TEST_CASE("an unmarked line the document styles as a heading is a heading whatever its punctuation",
          "[outline][hints]") {
  std::vector<Line> body{{4, "下一步工作计划，重点抓好三方面工作"}, {5, "加强学习，提升能力。"}, {6, "2023年6月13日"}};
  // By its text alone the first is a sentence (it holds a comma) …
  CHECK_FALSE(build_outline(body).blocks[0].plain_heading);
  // … but in a heading style (Heading 2, or any outline level) it is a heading; body text
  // stays body text, and a date line is never a heading.
  std::vector<LineHint> hints{{4, 1, false}, {6, 2, false}};
  Outline o = build_outline(body, OutlineLexicon::standard(), hints);
  CHECK(o.blocks[0].plain_heading);
  CHECK(o.blocks[0].heading == normalise("下一步工作计划，重点抓好三方面工作"));
  CHECK_FALSE(o.blocks[1].plain_heading);
  CHECK_FALSE(o.blocks[2].plain_heading);
  // A page break alone says nothing about headings; nor does a heading style on a long paragraph.
  CHECK_FALSE(build_outline(body, OutlineLexicon::standard(), {{4, -1, true}}).blocks[0].plain_heading);
  std::string long_line;
  for (int i = 0; i < 70; ++i) long_line += "字";
  CHECK_FALSE(build_outline({{4, long_line}}, OutlineLexicon::standard(), {{4, 1, false}}).blocks[0].plain_heading);
}

TEST_CASE("a line's normalised text made by split is what the outline would make: the blocks are the same",
          "[outline][samples]") {
  // split hands over normalise(text) of the short lines it checked as titles; the outline
  // uses it instead of normalising again (and only normalises the text after a marker).
  std::size_t marked = 0;
  for (const char* prefix : {"000_", "001_", "002_"}) {
    std::vector<Line> plain;
    std::vector<std::string> norms;
    for (const Line& l : huizong::test::sample(prefix)) {
      if (is_blank(l.text)) continue;
      plain.push_back({l.number, l.text});
      norms.push_back(normalise(l.text));
    }
    Outline a = build_outline(plain);
    Outline b = build_outline(std::vector<Line>(plain), OutlineLexicon::standard(), {}, std::move(norms));
    REQUIRE(a.blocks.size() == b.blocks.size());
    CHECK(a.top_rank == b.top_rank);
    for (std::size_t k = 0; k < a.blocks.size(); ++k) {
      const Block &x = a.blocks[k], &y = b.blocks[k];
      INFO(x.text);
      REQUIRE(x.norm == y.norm);
      REQUIRE(x.body_norm == y.body_norm);
      REQUIRE(x.heading == y.heading);
      REQUIRE(x.rank() == y.rank());
      REQUIRE(x.plain_heading == y.plain_heading);
      REQUIRE(x.date_line == y.date_line);
      marked += x.marker.has_value();
    }
  }
  CHECK(marked > 300);  // the marked lines, whose text after the marker is normalised apart, were many
}
