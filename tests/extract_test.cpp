// extract: organisation, region and level, period, plan period, topic, signature and metrics, on
// written titles and lines. Real reports of the samples are cases in tests/cases/extract
// (cases_test.cpp), which also checks that every metric is on the line it names.
#include "extract/extract.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "classify/classify.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "outline/outline.h"
#include "support.h"

using namespace huizong;
using namespace huizong::test;

namespace {

const ExtractLexicon& lexicon() {
  static const ExtractLexicon lex = ExtractLexicon::load();
  return lex;
}

const SectionLexicon& sections_lexicon() {
  static const SectionLexicon lex = SectionLexicon::load();
  return lex;
}

OrgInfo org(const std::string& name) { return parse_org(normalise(name), lexicon()); }
Period period(const std::string& title) { return parse_period(normalise(title), lexicon().periods); }

}  // namespace

TEST_CASE("parse_org: region prefix split off a known agency", "[extract][org]") {
  OrgInfo o = org("XX县市场监督管理局");
  CHECK(o.region == "XX县");
  CHECK(o.name == "市场监督管理局");  // 市场 is not a region (not_region_words)
  CHECK(o.canonical == "市场监督管理局");
  CHECK(o.level == "县");

  OrgInfo city = org("XX市市场监督管理局");
  CHECK(city.region == "XX市");
  CHECK(city.name == "市场监督管理局");
  CHECK(city.level == "市");

  OrgInfo centre = org("XX县公共资源交易中心");
  CHECK(centre.region == "XX县");
  CHECK(centre.name == "公共资源交易中心");
}

TEST_CASE("parse_org: short names map to their canonical full name", "[extract][org]") {
  OrgInfo o = org("县建设局");
  CHECK(o.region == "县");
  CHECK(o.name == "建设局");
  CHECK(o.canonical == "住房和城乡建设局");
  CHECK(o.level == "县");

  CHECK(org("XX市发改局").canonical == "发展和改革局");
  CHECK(org("县城管局").canonical == "城市管理局");
  CHECK(org("XX县医保局").canonical == "医疗保障局");
  CHECK(org("XX区人社局").canonical == "人力资源和社会保障局");
  CHECK(org("市场监管局").canonical == "市场监督管理局");
  CHECK(org("市场监管局").region.empty());
}

TEST_CASE("parse_org: nested regions XX市XX区 — the innermost gives the level", "[extract][org]") {
  OrgInfo o = org("XX市XX区农业农村局");
  CHECK(o.region == "XX市XX区");
  CHECK(o.name == "农业农村局");
  CHECK(o.canonical == "农业农村局");
  CHECK(o.level == "区");
}

TEST_CASE("parse_org: towns, townships and street offices are their government", "[extract][org]") {
  OrgInfo town = org("XX镇");
  CHECK(town.name == "XX镇");
  CHECK(town.canonical == "镇人民政府");
  CHECK(town.level == "镇");

  OrgInfo named = org("东园镇");
  CHECK(named.name == "东园镇");
  CHECK(named.canonical == "镇人民政府");

  OrgInfo township = org("XX乡");
  CHECK(township.canonical == "乡人民政府");
  CHECK(township.level == "乡");

  OrgInfo street = org("XX街道");
  CHECK(street.name == "XX街道");
  CHECK(street.canonical == "街道办事处");
  CHECK(street.level == "街道");

  OrgInfo office = org("XX办事处");
  CHECK(office.name == "XX办事处");
  CHECK(office.canonical == "街道办事处");
  CHECK(office.level == "街道");
}

TEST_CASE("parse_org: a region alone is its people's government", "[extract][org]") {
  OrgInfo county = org("XX县");
  CHECK(county.name == "XX县");
  CHECK(county.region == "XX县");
  CHECK(county.canonical == "县人民政府");
  CHECK(county.level == "县");

  OrgInfo gov = org("XX县人民政府");
  CHECK(gov.region == "XX县");
  CHECK(gov.name == "人民政府");
  CHECK(gov.canonical == "县人民政府");
  CHECK(gov.level == "县");
}

TEST_CASE("parse_org: a branch of a known agency (区市场监管局XX分局)", "[extract][org]") {
  OrgInfo o = org("区市场监管局XX分局");
  CHECK(o.region == "区");
  CHECK(o.name == "市场监管局XX分局");
  CHECK(o.canonical == "市场监督管理分局");
  CHECK(o.level == "区");

  OrgInfo x = org("XX区市场监管局XX分局");
  CHECK(x.region == "XX区");
  CHECK(x.canonical == "市场监督管理分局");
}

TEST_CASE("parse_org: 市 in XX市民政局 is the region, not the start of 市民", "[extract][org]") {
  OrgInfo o = org("XX市民政局");
  CHECK(o.region == "XX市");
  CHECK(o.name == "民政局");
  CHECK(o.canonical == "民政局");
  CHECK(o.level == "市");
}

TEST_CASE("parse_org: a redacted placeholder before an agency (XX档案馆)", "[extract][org]") {
  OrgInfo o = org("XX档案馆");
  CHECK(o.name == "档案馆");
  CHECK(o.canonical == "档案馆");
  CHECK(o.region == "XX");
  CHECK_FALSE(o.level);
}

TEST_CASE("parse_org: writers whose level follows from what they are, and non-organisations", "[extract][org]") {
  OrgInfo team = org("驻村工作队");
  CHECK(team.name == "驻村工作队");
  CHECK(team.level == "村");

  CHECK(org("团旗委").canonical == "共青团旗委员会");
  CHECK(org("").name.empty());
  CHECK(org("工作总结").name.empty());
  CHECK(org("上半年").name.empty());
}

TEST_CASE("parse_period: year and span of a title", "[extract][period]") {
  Period h1 = period("2023年度上半年非煤矿山领域安全生产工作总结及下半年工作计划");
  CHECK(h1.year == 2023);
  CHECK(h1.span == Span::H1);  // 上半年 wins over 年度

  CHECK(period("2023年度上半年").span == Span::H1);
  CHECK(period("交通运输局2023上半年度工作总结").year == 2023);
  CHECK(period("交通运输局2023上半年度工作总结").span == Span::H1);
  CHECK(period("区商务局2023年半年工作总结").span == Span::H1);
  CHECK(period("XX镇2023年安全生产半年工作总结").span == Span::H1);

  Period fy = period("2023年工作总结");
  CHECK(fy.year == 2023);
  CHECK(fy.span == Span::FY);
  CHECK(period("XX县2023年度工作总结").span == Span::FY);
  // The plans clause does not turn a full-year summary into a half-year one.
  Period fy2 = period("城管局2023年工作总结暨2024年工作安排");
  CHECK(fy2.year == 2023);
  CHECK(fy2.span == Span::FY);
  Period h1b = period("水务局2023年上半年工作总结及2023年下半年工作计划");
  CHECK(h1b.span == Span::H1);

  Period month = period("XX街道2023年5月工作总结和下一步工作计划");
  CHECK(month.year == 2023);
  CHECK(month.span == Span::other);

  CHECK(period("2023年前三季度工作总结").span == Span::Q1_Q3);
  CHECK(period("2023年1-9月工作总结").span == Span::Q1_Q3);
  CHECK(period("2023年第一季度工作总结").span == Span::Q1);

  // A second-half summary is not the first half (its plans clause 下半年 never was).
  CHECK(period("2023年下半年工作总结").span != Span::H1);
  CHECK(period("2023年下半年工作总结").year == 2023);

  // Full-width digits read the same.
  CHECK(period("２０２３年上半年工作总结").year == 2023);
  CHECK_FALSE(period("关于上半年的工作总结").year);
}

TEST_CASE("extract: a writer introduced only later in the body, at its own level", "[extract][org]") {
  // A real report (a superior's 芜湖市应急管理局 cited first, then …，南陵县应急管理局在深入重点企业…):
  // tests/cases/extract/writer-named-later-in-body.
  // A county's report that names only its superiors' agencies has no writer named.
  Outline o = build_outline({{2, "今年以来，我县认真落实市应急管理局部署，全县安全形势平稳。"},
                             {3, "一、主要工作"},
                             {4, "根据芜湖市应急管理局通知，我县开展专项整治。我县完成检查23次。"}});
  Extracted ex = extract("2023年上半年安全生产工作总结", o, classify(o, sections_lexicon()), lexicon());
  CHECK(ex.org.name.empty());
  CHECK(ex.org.level == "县");

  // A government's report introducing several of its agencies names none of them its writer.
  Outline gov = build_outline({{2, "今年以来，我县坚持稳中求进，全县经济运行平稳。"},
                               {3, "一、主要工作"},
                               {4, "（一）财政工作。县财政局加强收入征管，全县财政收入增长5%。"},
                               {5, "（二）教育工作。县教育局推进学校建设，新建学校2所。"},
                               {6, "（三）交通工作。县交通运输局完成道路建设10公里。县财政局保障资金需求。"}});
  Extracted g = extract("2023年上半年工作总结", gov, classify(gov, sections_lexicon()), lexicon());
  CHECK(g.org.name.empty());
  CHECK(g.org.level == "县");

  // Two agencies introduced two to one: not enough to say the first wrote the report.
  Outline two = build_outline({{2, "今年以来，我县坚持稳中求进，全县经济平稳。"},
                               {3, "一、主要工作"},
                               {4, "南陵县财政局、南陵县税务局联合开展税收专项整治。"},
                               {5, "南陵县财政局完成预算编制。我县财政收入增长。"}});
  CHECK(extract("2023年上半年工作总结", two, classify(two, sections_lexicon()), lexicon()).org.name.empty());

  // A writer named in a numbered line: the marker is not part of its region.
  Outline marked = build_outline({{2, "今年以来，我局在区委区政府的领导下，全区市场监管工作有序推进。"},
                                  {3, "一、主要工作"},
                                  {4, "1.食品安全监管。开展检查100次，全区未发生食品安全事故。"},
                                  {5, "2.XX区市场监管局被评为全市先进单位。"},
                                  {6, "3.我区市场主体增长10%。"}});
  Extracted m = extract("2023年上半年工作总结", marked, classify(marked, sections_lexicon()), lexicon());
  CHECK(m.org.canonical == "市场监督管理局");
  CHECK(m.org.region == "XX区");
  CHECK(m.org.line == 5);
}

// ---- Known bugs ----

TEST_CASE("parse_period: a second- or third-quarter summary is not a full year", "[extract][period]") {
  CHECK(period("2023年第三季度工作总结").span == Span::other);  // got FY
  CHECK(period("2023年第二季度工作总结").span == Span::other);  // got FY
  CHECK(period("2023年三季度工作总结").span == Span::other);    // got FY
}

TEST_CASE("parse_period: month ranges 1-6月 and 1-3月 read like 1-9月", "[extract][period]") {
  // 1-9月 is Q1-Q3; by the same rule 1-6月 is the first half and 1-3月 the first quarter.
  CHECK(period("2023年1-6月工作总结").span == Span::H1);
  CHECK(period("2023年1-3月工作总结").span == Span::Q1);
}

namespace {

// A copy of the bundled lexicons in the scratch directory (TMPDIR), `file`.json edited:
// `text` inserted after the first `after`.
std::filesystem::path edited_lexicons(const std::string& file, const std::string& after, const std::string& text) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "extract-lexicons" / file;
  fs::remove_all(dir);
  fs::create_directories(dir);
  copy_bundled("lexicons", dir);
  std::string json = slurp(dir / (file + ".json"));
  std::size_t at = json.find(after);
  REQUIRE(at != std::string::npos);
  json.insert(at + after.size(), text);
  spit(dir / (file + ".json"), json);
  return dir;
}

}  // namespace

TEST_CASE("extract lexicons: an unknown key in periods, signature or the writer rules names file and line",
          "[extract][lexicon]") {
  struct Case {
    std::string file, after, typo;
  };
  for (const Case& c : {Case{"periods", "{", "year_word"}, Case{"periods", "\"plan_words\": {", "H3"},
                        Case{"periods", "{\"span\": \"H2\",", "word"}, Case{"signature", "{", "date_ends"},
                        Case{"agencies", "\"writer\": {", "title_stop"}, Case{"regions", "{", "town_level"}}) {
    INFO(c.file << ".json, key " << c.typo);
    std::filesystem::path dir = edited_lexicons(c.file, c.after, "\n  \"" + c.typo + "\": [],");
    try {
      ExtractLexicon::load(dir.string());
      FAIL("no error for an unknown key");
    } catch (const Error& e) {
      CHECK(e.file() == (dir / (c.file + ".json")).string());
      CHECK(e.line() > 1);
      CHECK(e.problem().find(c.typo) != std::string::npos);
    }
  }
  // A span that is not one of the model's.
  std::filesystem::path dir = edited_lexicons("periods", "\"month_span\": \"", "H");
  CHECK_THROWS_AS(ExtractLexicon::load(dir.string()), Error);
}

TEST_CASE("extract lexicons: period, plan and signature words are data", "[extract][lexicon]") {
  // A word added to a list takes effect: 后半程 as H2, 下一程 as next year; a longer name line.
  std::filesystem::path dir = edited_lexicons("periods", "{\"span\": \"H2\", \"words\": [", "\"后半程\", ");
  ExtractLexicon lex = ExtractLexicon::load(dir.string());
  CHECK(parse_period(normalise("2023年后半程工作总结"), lex.periods).span == Span::H2);
  CHECK(parse_period(normalise("2023年后半程工作总结"), lexicon().periods).span == Span::FY);

  dir = edited_lexicons("periods", "\"next_year\": [", "\"下一程\", ");
  lex = ExtractLexicon::load(dir.string());
  Outline o = build_outline({{2, "今年以来，我县完成检查23次。"}, {3, "二、下一程工作打算"}, {4, "继续抓好检查。"}});
  auto sections = classify(o, sections_lexicon());
  CHECK(extract("2023年工作总结", o, sections, lex).plan_period == PlanPeriod::next_year);
  CHECK(extract("2023年工作总结", o, sections, lexicon()).plan_period == PlanPeriod::next_steps);

  dir = edited_lexicons("signature", "\"org_max_chars\": ", "30, \"unused\": ");
  CHECK_THROWS_AS(ExtractLexicon::load(dir.string()), Error);       // unused is no key
  dir = edited_lexicons("signature", "\"org_max_chars\": 2", "8");  // 25 -> 285
  lex = ExtractLexicon::load(dir.string());
  // A name line of 28 characters above the date.
  Outline signed_off = build_outline({{2, "今年以来，我局完成检查23次。"},
                                      {3, "中共XX县委全面深化改革委员会办公室和县发展和改革委员会"},
                                      {4, "2023年7月10日"}});
  CHECK(extract("2023年上半年工作总结", signed_off, {}, lex).signature.has_value());
  CHECK_FALSE(extract("2023年上半年工作总结", signed_off, {}, lexicon()).signature.has_value());
}
