// outline: markers, heading sentences, inline items and the blocks' levels, on real lines of samples/.
#include "outline/outline.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/marker.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "support.h"

using namespace huizong;
using namespace huizong::test;

namespace {

std::optional<Marker> marker_of(std::string_view text) {
  static const MarkerLexicon lex = MarkerLexicon::load();
  return scan_marker(text, lex);
}

// Non-blank lines [first, last] of a sample, as a report body.
std::vector<Line> body(const std::string& prefix, int first, int last) {
  std::vector<Line> out;
  for (int n = first; n <= last; ++n)
    if (!is_blank(sample_line(prefix, n))) out.push_back({n, sample_line(prefix, n)});
  return out;
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

const Block& block_at(const Outline& o, int line_number) {
  for (const Block& b : o.blocks)
    if (b.line == line_number) return b;
  FAIL("no block at line " << line_number);
  return o.blocks.front();
}

// (line, rank) of every block: the outline's levels.
std::vector<std::pair<int, int>> ranks(const Outline& o) {
  std::vector<std::pair<int, int>> out;
  for (const Block& b : o.blocks) out.emplace_back(b.line, b.rank());
  return out;
}

}  // namespace

TEST_CASE("marker: rank 1 — 一、 and 第一部分", "[outline][marker]") {
  check_marker(sample_line("000_", 5), {MarkerStyle::cn_comma, 1, 1});  // 　　一、主要安全生产工作开展情况
  check_marker(sample_line("000_", 18), {MarkerStyle::cn_comma, 1, 2});  // 　　二、面临的挑战和存在问题
  check_marker(sample_line("001_", 1130), {MarkerStyle::part, 1, 1});    // 第一部分上半年工作开展情况
  check_marker(sample_line("001_", 1137), {MarkerStyle::part, 1, 3});    // 第三部分下半年重点工作
  check_marker("十三、加强干部队伍建设", {MarkerStyle::cn_comma, 1, 13});
  check_marker("二．存在的问题", {MarkerStyle::cn_comma, 1, 2});

  // Leading U+3000 counts in bytes: 　　一、 is 2×3 + 3 + 3 bytes.
  auto m = marker_of(sample_line("000_", 5));
  REQUIRE(m);
  CHECK(m->bytes == 12);
  CHECK(sample_line("000_", 5).substr(m->bytes) == "主要安全生产工作开展情况");
  CHECK_FALSE(marker_of("第一，要提高站位"));
}

TEST_CASE("marker: rank 2 — （一） (一) and the unclosed （一", "[outline][marker]") {
  check_marker(sample_line("000_", 6), {MarkerStyle::cn_paren, 2, 1});  // 　　（一）全力保障安全生产形势稳定
  check_marker(sample_line("001_", 1435), {MarkerStyle::cn_paren, 2, 5});  // （五）坚持协调发展…
  check_marker("(一)全力保障安全生产形势稳定", {MarkerStyle::cn_paren, 2, 1});
  check_marker("( 二 )贯彻落实上级决策部署情况", {MarkerStyle::cn_paren, 2, 2});
  check_marker(sample_line("001_", 621), {MarkerStyle::cn_paren, 2, 1});  // （一统计队伍力量有待进一步加强
  check_marker(sample_line("001_", 625), {MarkerStyle::cn_paren, 2, 3});  // （三统计数据质量水平…

  auto m = marker_of("　　（一）全力保障安全生产形势稳定");
  REQUIRE(m);
  CHECK(std::string("　　（一）全力保障安全生产形势稳定").substr(m->bytes) == "全力保障安全生产形势稳定");
  // The unclosed form does not eat the heading's first character.
  auto u = marker_of(sample_line("001_", 621));
  REQUIRE(u);
  CHECK(sample_line("001_", 621).substr(u->bytes) == "统计队伍力量有待进一步加强");
}

TEST_CASE("marker: rank 3 — 1. 1． 1、 1 、", "[outline][marker]") {
  check_marker(sample_line("000_", 55), {MarkerStyle::num_dot, 3, 1});  // 　　1.政策措施落实情况审计。
  check_marker(sample_line("000_", 23), {MarkerStyle::num_dot, 3, 1});  // 　　1．扎实推进水利基础设施建设。
  check_marker(sample_line("001_", 119), {MarkerStyle::num_dot, 3, 1});  // 1、认真组织开展…
  check_marker(sample_line("001_", 122), {MarkerStyle::num_dot, 3, 4});  // "    4、全力推进…" (ASCII indent)
  check_marker(sample_line("001_", 140), {MarkerStyle::num_dot, 3, 4});  // 4、 持续开展… (space after 、)
  check_marker("1 、认真组织开展全县非煤矿山企业复工复产工作", {MarkerStyle::num_dot, 3, 1});
  check_marker("１２．全面规范社区矫正和安置帮教工作。", {MarkerStyle::num_dot, 3, 12});
  check_marker(sample_line("001_", 747), {MarkerStyle::num_dot, 3, 110});  // a stray 110. still numbers an item

  // The space after 4、 belongs to the marker.
  auto m = marker_of(sample_line("001_", 140));
  REQUIRE(m);
  CHECK(sample_line("001_", 140).substr(m->bytes) == "持续开展我县工贸企业有限空间作业安全专项整治。");
}

TEST_CASE("marker: rank 4 — （1） (1) ①", "[outline][marker]") {
  check_marker(sample_line("001_", 1382), {MarkerStyle::num_paren, 4, 1});  // （1）扎实开展困难群众救助工作。…
  check_marker(sample_line("001_", 1389), {MarkerStyle::num_paren, 4, 4});
  check_marker("(1)扎实开展困难群众救助工作。", {MarkerStyle::num_paren, 4, 1});
  // As written (NFKC folds ① to 1: see the known-bug test below for the outline).
  check_marker("①扎实开展困难群众救助工作。", {MarkerStyle::circled, 4, 1}, false);
  check_marker("③扎实开展儿童关爱服务工作。", {MarkerStyle::circled, 4, 3}, false);
  check_no_marker("（0）无");
}

TEST_CASE("marker: 一上半年工作总结 with its 、 dropped is rank 1, but 一是… is not a marker", "[outline][marker]") {
  check_marker(sample_line("001_", 609), {MarkerStyle::cn_bare, 1, 1});  // 一上半年工作总结
  check_marker(sample_line("001_", 620), {MarkerStyle::cn_bare, 1, 2});  // 二存在的问题
  check_marker(sample_line("001_", 627), {MarkerStyle::cn_bare, 1, 3});  // 三下一步工作打算
  auto m = marker_of(sample_line("001_", 609));
  REQUIRE(m);
  CHECK(sample_line("001_", 609).substr(m->bytes) == "上半年工作总结");

  check_no_marker(sample_line("000_", 27));   // 　　一是资金缺口较大。…
  check_no_marker(sample_line("001_", 606));  // 一是坚持“应进必进”。二是…
  check_no_marker(sample_line("001_", 181));  // 一年来，我乡集中力量做了以下五项具体工作：
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
  check_no_marker(sample_line("000_", 7));  // 　　2023年上半年，全县安全生产形势总体相对平稳。…
  check_no_marker(sample_line("001_", 108));  // 2023年1－5月，共签订招商引资协议项目47个，…
  check_no_marker("2023年工作计划");
  check_no_marker("0.比例");
}

TEST_CASE("outline: heading sentence runs up to the first 。：； and is normalised", "[outline]") {
  Outline o = build_outline({
      {53, "　　（一）聚焦主责主业，强化审计监督。后文"},
      {22, sample_line("000_", 22)},    // 　　（一）主要工作举措及成效。截至目前，…
      {118, sample_line("001_", 118)},  // 上半年工作情况：
      {5, sample_line("000_", 5)},
      {128, sample_line("001_", 128)},  // 一、今年以来，工贸安全监管具体工作开展情况总结如下：
  });
  REQUIRE(o.blocks.size() == 5);
  CHECK(o.blocks[0].heading == "聚焦主责主业,强化审计监督");
  CHECK(o.blocks[0].text == "　　（一）聚焦主责主业，强化审计监督。后文");  // text as written
  CHECK(o.blocks[0].norm == "(一)聚焦主责主业,强化审计监督。后文");
  CHECK(o.blocks[1].heading == "主要工作举措及成效");
  CHECK(o.blocks[2].heading == "上半年工作情况");
  CHECK(o.blocks[3].heading == "主要安全生产工作开展情况");
  CHECK(o.blocks[4].heading == "今年以来,工贸安全监管具体工作开展情况总结如下");
  // Line numbers are kept as given, even out of order.
  CHECK(o.blocks[0].line == 53);
  CHECK(o.blocks[1].line == 22);
}

TEST_CASE("outline: short unmarked lines such as 下半年工作计划： are plain headings", "[outline]") {
  Outline o = build_outline(body("001_", 118, 126));
  const Block& achieved = block_at(o, 118);  // 上半年工作情况：
  CHECK(achieved.plain_heading);
  CHECK(achieved.is_heading());
  CHECK(achieved.rank() == 0);
  const Block& plans = block_at(o, 123);  // "  下半年工作计划："
  CHECK(plans.plain_heading);
  CHECK(plans.heading == "下半年工作计划");
  const Block& item = block_at(o, 120);  // 2、根据上级工作安排我县制定了…
  CHECK_FALSE(item.plain_heading);
  CHECK(item.rank() == 3);

  // A paragraph is never a plain heading.
  Outline p = build_outline(body("000_", 4, 4));
  CHECK_FALSE(p.blocks[0].plain_heading);
  CHECK_FALSE(p.blocks[0].is_heading());
}

TEST_CASE("outline: inline items 一是…二是…三是 with byte offsets into the text as written", "[outline]") {
  SECTION("a paragraph stating two problems (000 line 19)") {
    const std::string& text = sample_line("000_", 19);
    auto items = scan_inline_items(text);
    REQUIRE(items.size() == 2);
    CHECK(items[0].ordinal == 1);
    CHECK(items[0].offset == text.find("一是"));
    CHECK(items[1].ordinal == 2);
    CHECK(items[1].offset == text.find("二是"));
    CHECK(text.substr(items[0].offset).rfind("一是安全生产形势依然严峻。", 0) == 0);
  }
  SECTION("items at the start of a line (001 line 606)") {
    const std::string& text = sample_line("001_", 606);
    auto items = scan_inline_items(text);
    REQUIRE(items.size() == 2);
    CHECK(items[0].offset == 0);
    CHECK(items[1].offset == text.find("二是"));
  }
  SECTION("four items on one line (002 line 14)") {
    const std::string& text = sample_line("002_", 14);
    auto items = scan_inline_items(text);
    REQUIRE(items.size() == 4);
    for (int k = 0; k < 4; ++k) CHECK(items[static_cast<std::size_t>(k)].ordinal == k + 1);
    CHECK(items[3].offset == text.find("四是"));
  }
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
  SECTION("build_outline stores the items on the block") {
    Outline o = build_outline(body("000_", 19, 19));
    REQUIRE(o.blocks.size() == 1);
    CHECK(o.blocks[0].inline_items.size() == 2);
    CHECK(o.blocks[0].inline_items[1].offset == sample_line("000_", 19).find("二是"));
  }
}

TEST_CASE("outline: top_rank is the highest level present", "[outline]") {
  SECTION("一、 present: top rank 1") {
    Outline o = build_outline(body("000_", 51, 82));  // 审计局
    CHECK(o.top_rank == 1);
  }
  SECTION("no 一、: （一） is the top level (001 XX区民政局 lines 1430-1435)") {
    Outline o = build_outline(body("001_", 1430, 1435));
    CHECK(o.top_rank == 2);
    CHECK(ranks(o) == std::vector<std::pair<int, int>>{{1430, 0}, {1431, 2}, {1432, 2}, {1433, 2}, {1434, 2}, {1435, 2}});
  }
  SECTION("only 1、 items (001 lines 129-135): rank 3") {
    Outline o = build_outline(body("001_", 129, 135));
    CHECK(o.top_rank == 3);
  }
  SECTION("no markers: 0") {
    Outline o = build_outline(body("000_", 4, 4));
    CHECK(o.top_rank == 0);
    REQUIRE(o.blocks.size() == 1);
    CHECK_FALSE(o.blocks[0].marker);
  }
  SECTION("第一部分 and the bare 一上半年工作总结 are rank 1") {
    CHECK(build_outline(body("001_", 1130, 1145)).top_rank == 1);
    CHECK(build_outline(body("001_", 608, 637)).top_rank == 1);
  }
}

TEST_CASE("outline: every line is a block with its level, text and line number", "[outline]") {
  // 000 审计局 lines 51-82: preamble, 一、(52) > （一）(53) > paragraph 54, 1.–4. (55-58); （二）(59) > 60-65 …
  Outline o = build_outline(body("000_", 51, 82));
  REQUIRE(o.blocks.size() == 32);
  CHECK(ranks(o) == std::vector<std::pair<int, int>>{
                        {51, 0}, {52, 1}, {53, 2}, {54, 0}, {55, 3}, {56, 3}, {57, 3}, {58, 3}, {59, 2}, {60, 0}, {61, 0},
                        {62, 0}, {63, 0}, {64, 0}, {65, 0}, {66, 2}, {67, 0}, {68, 0}, {69, 0}, {70, 0}, {71, 2}, {72, 3},
                        {73, 3}, {74, 1}, {75, 2}, {76, 2}, {77, 2}, {78, 1}, {79, 2}, {80, 2}, {81, 2}, {82, 2}});

  // Blocks keep their text as written and their physical line.
  const Block& b = block_at(o, 74);  // 二、存在的问题及原因分析
  CHECK(b.text == sample_line("000_", 74));
  CHECK(b.heading == "存在的问题及原因分析");
  CHECK(block_at(o, 55).heading == "政策措施落实情况审计");  // 1.政策措施落实情况审计。
}

TEST_CASE("outline: a paragraph between numbered items is a block of rank 0", "[outline]") {
  // 000 司法局 lines 86-90: （一） > 1. 2. [paragraph 89] 3.
  Outline o = build_outline(body("000_", 86, 90));
  CHECK(ranks(o) == std::vector<std::pair<int, int>>{{86, 2}, {87, 3}, {88, 3}, {89, 0}, {90, 3}});
  CHECK(o.top_rank == 2);
}

TEST_CASE("outline: broken numbering still gives levels", "[outline]") {
  // 001 县统计局: 二存在的问题 (620) > （一统计… (621) > paragraph (622) …; 三下一步工作打算 (627) > （一）(628)
  Outline o = build_outline(body("001_", 620, 628));
  CHECK(ranks(o) ==
        std::vector<std::pair<int, int>>{{620, 1}, {621, 2}, {622, 0}, {623, 2}, {624, 0}, {625, 2}, {626, 0}, {627, 1}, {628, 2}});
  CHECK(block_at(o, 621).marker->style == MarkerStyle::cn_paren);  // （一 unclosed
  CHECK(block_at(o, 620).marker->style == MarkerStyle::cn_bare);   // 二 with no 、

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

TEST_CASE("marker: a list number followed by a year or a date is a marker, not a decimal", "[outline][marker]") {
  // 001 line 110 is item 1 of （五）(line 111 is 2.); line 1291 is item 6 between 5. and 7.
  INFO(sample_line("001_", 110));
  auto a = marker_of(sample_line("001_", 110));  // 1.2023年以行政事业性收费年度统计报告分析为契机，…
  REQUIRE(a);
  CHECK(a->rank == 3);
  CHECK(a->ordinal == 1);
  auto b = marker_of(sample_line("001_", 1291));  // 6.5月31日前，完成全县学校春季视力检测…
  REQUIRE(b);
  CHECK(b->rank == 3);
  CHECK(b->ordinal == 6);
}

TEST_CASE("inline items: 十一是 at the start of a line is not read as 一是 in the middle of it", "[outline]") {
  // 001 line 2190: 十一是加大反不正当竞争… (one plan item per line, 一是 … 十一是).
  const std::string& text = sample_line("001_", 2190);
  REQUIRE(text.rfind("十一是", 0) == 0);
  for (const auto& item : scan_inline_items(text)) {
    CHECK(item.offset == 0);
    CHECK(item.ordinal == 11);
  }
}

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

TEST_CASE("outline: a signature's date line is not a plain heading", "[outline]") {
  // outline.cpp: a plain heading is "not a date or a name line ending a report".
  Outline o = build_outline(body("001_", 113, 116));
  CHECK_FALSE(block_at(o, 116).plain_heading);  // 2023年6月13日
}

// ---- lexicons/markers.json ----

namespace {

// A copy of the bundled lexicons in `tmp` with markers.json edited: each (from, to) in turn.
std::string edited_markers(const TempDir& tmp, std::initializer_list<std::pair<std::string, std::string>> edits) {
  for (const auto& e : std::filesystem::directory_iterator(data_dir("lexicons")))
    std::filesystem::copy_file(e.path(), tmp.dir / e.path().filename());
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
  OutlineLexicon lex = OutlineLexicon::load(edited_markers(
      tmp, {{"\"inline_item_word\": \"是\"", "\"inline_item_word\": \"为\""},
            {"\"part_suffix\": \"部分\"", "\"part_suffix\": \"篇\""},
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
    std::string dir = edited_markers(tmp, {{"\"inline_item_word\"", "\"inline_word\": \"是\",\n    \"inline_item_word\""}});
    expect_input_error([&] { OutlineLexicon::load(dir); }, (tmp.dir / "markers.json").string(), "inline_word");
  }
  {
    TempDir tmp("markers_chars");
    std::string dir = edited_markers(tmp, {{"\"open_brackets\": [\"（\"", "\"open_brackets\": [\"（（\""}});
    Error e = expect_input_error([&] { MarkerLexicon::load(dir); }, (tmp.dir / "markers.json").string(),
                                 "not one character");
    CHECK(e.line() > 1);
  }
}
