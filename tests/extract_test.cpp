// extract: organisation, region and level, period, plan period, topic, signature and metrics,
// on real titles and reports of samples/ (bodies taken by line range, as split hands them over).
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

// The report whose title is on `title_line` and whose last line is `end_line`, through
// outline and classify, as the pipeline runs it. `title` overrides the title line (split strips 篇1：).
struct Run {
  Outline outline;
  std::vector<Section> sections;
  Extracted ex;
};

Run run(const std::string& prefix, int title_line, int end_line, std::string title = {}) {
  if (title.empty()) title = std::string(trim(sample_line(prefix, title_line)));
  std::vector<Line> body;
  for (int n = title_line + 1; n <= end_line; ++n) {
    std::string text = sample_line(prefix, n);
    for (const std::string m : {"##paidbegin##", "##paidend##"})
      for (std::size_t p; (p = text.find(m)) != std::string::npos;) text.erase(p, m.size());
    if (!is_blank(text)) body.push_back({n, text});
  }
  Run r;
  r.outline = build_outline(body);
  r.sections = classify(r.outline, sections_lexicon());
  r.ex = extract(title, r.outline, r.sections, lexicon());
  return r;
}

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

TEST_CASE("extract: org from the title, with region and level", "[extract]") {
  // 001 lines 352-369.
  Run r = run("001_", 352, 369);
  CHECK(r.ex.org.name == "市场监督管理局");
  CHECK(r.ex.org.region == "XX县");
  CHECK(r.ex.org.level == "县");
  CHECK(r.ex.org.canonical == "市场监督管理局");
  CHECK(r.ex.org.source == OrgSource::title);

  // 001 lines 2145-2190: XX区市场监管局XX分局.
  Run b = run("001_", 2145, 2190);
  CHECK(b.ex.org.canonical == "市场监督管理分局");
  CHECK(b.ex.org.level == "区");
}

TEST_CASE("extract: org from the body when the title names none", "[extract]") {
  // 002 report 1: 篇1：交通运输2023年工作总结及2024年工作打算; line 4 says 区交通运输局.
  Run r = run("002_", 3, 24, "交通运输2023年工作总结及2024年工作打算");
  CHECK(r.ex.org.name == "交通运输局");
  CHECK(r.ex.org.canonical == "交通运输局");
  CHECK(r.ex.org.level == "区");
  CHECK(r.ex.org.source == OrgSource::body);
  CHECK(r.ex.org.line == 4);
}

TEST_CASE("extract: a writer introduced only later in the body, at its own level", "[extract][org]") {
  // 001 (159-178): 2023年度上半年危化和烟花爆竹领域安全生产工作总结…; line 164 cites
  // 《芜湖市应急管理局关于…》 (a superior), line 167: …，南陵县应急管理局在深入重点企业….
  Run r = run("001_", 159, 178);
  CHECK(r.ex.org.canonical == "应急管理局");
  CHECK(r.ex.org.region == "南陵县");
  CHECK(r.ex.org.level == "县");
  CHECK(r.ex.org.source == OrgSource::body);
  CHECK(r.ex.org.line == 167);

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

TEST_CASE("extract: level from the body (我县, 县委) when the title has no region", "[extract]") {
  Run r = run("000_", 83, 117);  // 司法局2023年上半年工作总结; body: xx县司法局, 县委县政府
  CHECK(r.ex.org.name == "司法局");
  CHECK(r.ex.org.region.empty());
  CHECK(r.ex.org.level == "县");

  Run t = run("000_", 34, 49);  // 统计局…; body: 区委、区政府, 全区
  CHECK(t.ex.org.level == "区");
}

TEST_CASE("extract: period of a report", "[extract]") {
  Run r = run("001_", 1429, 1435);  // XX区民政局2023年度上半年工作总结
  CHECK(r.ex.period.year == 2023);
  CHECK(r.ex.period.span == Span::H1);

  Run m = run("001_", 2008, 2021);  // XX街道2023年5月工作总结和下一步工作计划
  CHECK(m.ex.period.span == Span::other);
}

TEST_CASE("extract: a 2023年工作总结 whose plans part is 2023年工作计划 reviews 2022", "[extract]") {
  // 001 XX乡 (179-228): GUIDE — year 2022, FY, plan_period next_year.
  Run r = run("001_", 179, 228);
  CHECK(r.ex.period.year == 2022);
  CHECK(r.ex.period.span == Span::FY);
  CHECK(r.ex.plan_period == PlanPeriod::next_year);
  CHECK(r.ex.org.canonical == "乡人民政府");
}

TEST_CASE("extract: plan period — H2 from the title's plans clause", "[extract][plan_period]") {
  Run r = run("000_", 50, 82);  // 审计局2023年上半年工作总结和下半年工作计划
  CHECK(r.ex.plan_period == PlanPeriod::H2);
  // The title wins over the plans heading (四、下一步工作计划, title …及下半年工作计划).
  Run t = run("001_", 159, 178);
  CHECK(t.ex.plan_period == PlanPeriod::H2);
  // No plans clause in the title: the heading 三、下半年工作打算 says H2.
  Run h = run("000_", 83, 117);
  CHECK(h.ex.plan_period == PlanPeriod::H2);
}

TEST_CASE("extract: plan period — next_year from 2024年工作打算", "[extract][plan_period]") {
  Run r = run("002_", 3, 24, "交通运输2023年工作总结及2024年工作打算");
  CHECK(r.ex.period.year == 2023);
  CHECK(r.ex.plan_period == PlanPeriod::next_year);
  Run c = run("002_", 26, 56);  // 城管局2023年工作总结暨2024年工作安排
  CHECK(c.ex.plan_period == PlanPeriod::next_year);
}

TEST_CASE("extract: plan period — next_steps from 下一步/下步 with no period", "[extract][plan_period]") {
  Run r = run("000_", 144, 172);  // 交通运输局2023上半年度工作总结; 二、下一步工作计划
  CHECK(r.ex.plan_period == PlanPeriod::next_steps);
  Run s = run("002_", 58, 79);  // 商务局2023年工作总结及下步工作打算
  CHECK(s.ex.plan_period == PlanPeriod::next_steps);
  Run m = run("001_", 2008, 2021);  // …5月工作总结和下一步工作计划; heading 二、6月工作计划
  CHECK(m.ex.plan_period == PlanPeriod::next_steps);
}

TEST_CASE("extract: no plans part, no plan period — whatever the title promises", "[extract][plan_period]") {
  CHECK_FALSE(run("000_", 118, 137).ex.plan_period);  // 商务局2023年上半年工作总结
  CHECK_FALSE(run("000_", 3, 19).ex.plan_period);
  // 001 1797-1831: title …及下半年工作计划的报告, but only a summary part.
  Run r = run("001_", 1797, 1831);
  REQUIRE(std::none_of(r.sections.begin(), r.sections.end(),
                       [](const Section& s) { return s.kind == SectionKind::plans; }));
  CHECK_FALSE(r.ex.plan_period);
}

TEST_CASE("extract: topic of a single-theme summary", "[extract][topic]") {
  CHECK(run("001_", 1537, 1557).ex.topic == "政务公开");  // XX区住房和城乡建设局…政务公开工作总结
  CHECK(run("001_", 1419, 1428).ex.topic == "政务公开");  // XX开发区…政务公开工作总结
  CHECK(run("001_", 592, 606).ex.topic == "政务公开");    // …政府信息公开工作总结
  CHECK(run("001_", 143, 158).ex.topic == "河湖长制");
  CHECK(run("001_", 2191, 2209).ex.topic == "扫黑除恶");
  // A whole-agency summary has no topic, even when its body talks about 政务公开.
  CHECK_FALSE(run("000_", 50, 82).ex.topic);
  CHECK_FALSE(run("001_", 352, 369).ex.topic);
}

TEST_CASE("extract: signature block of organisation and date at the end", "[extract][signature]") {
  // 001 lines 94-116 end with XX市发展和改革局 / 2023年6月13日.
  Run r = run("001_", 94, 116);
  REQUIRE(r.ex.signature);
  CHECK(r.ex.signature->org == "XX市发展和改革局");
  CHECK(r.ex.signature->date == "2023年6月13日");
  CHECK(r.ex.signature->org_line == 115);
  CHECK(r.ex.signature->date_line == 116);
  // The title names the writer, so the org still comes from it.
  CHECK(r.ex.org.source == OrgSource::title);
  CHECK(r.ex.org.name == "发改局");
  CHECK(r.ex.org.canonical == "发展和改革局");
  CHECK(r.ex.org.region == "XX市");
  CHECK(r.ex.topic == "法治建设");

  // A report ending in a plan item has no signature.
  CHECK_FALSE(run("000_", 83, 117).ex.signature);
}

TEST_CASE("extract: org from the signature when neither title nor body names it", "[extract][signature]") {
  std::vector<Line> body = {{2, "今年以来，我局认真贯彻落实上级决策部署，各项工作有序推进。"},
                            {3, "一、工作开展情况"},
                            {4, "（一）扎实推进法治政府建设。"},
                            {5, sample_line("001_", 115)},
                            {6, sample_line("001_", 116)}};
  Outline o = build_outline(body);
  auto sections = classify(o, sections_lexicon());
  Extracted ex = extract("2023年上半年工作总结", o, sections, lexicon());
  REQUIRE(ex.signature);
  CHECK(ex.org.source == OrgSource::signature);
  CHECK(ex.org.line == 5);
  CHECK(ex.org.canonical == "发展和改革局");
  CHECK(ex.org.level == "市");
}

TEST_CASE("extract: metrics of every block, with their line numbers", "[extract][metrics]") {
  Run r = run("001_", 94, 116);
  REQUIRE_FALSE(r.ex.metrics.empty());
  // Line 108: 2023年1－5月，共签订招商引资协议项目47个，协议总投资396.08875亿元…
  auto find = [&](const std::string& text) {
    return std::find_if(r.ex.metrics.begin(), r.ex.metrics.end(), [&](const Metric& m) { return m.text == text; });
  };
  auto projects = find("47个");
  REQUIRE(projects != r.ex.metrics.end());
  CHECK(projects->line == 108);
  CHECK(projects->value == Approx(47));
  CHECK(projects->unit == "个");
  auto money = find("396.08875亿元");
  REQUIRE(money != r.ex.metrics.end());
  CHECK(money->line == 108);
  CHECK(*money->value == Approx(396.08875));
  // Every metric points at a body line that holds its text as written.
  for (const Metric& m : r.ex.metrics) {
    INFO(m.text << " at line " << m.line);
    REQUIRE(m.line >= 95);
    REQUIRE(m.line <= 116);
    CHECK(sample_line("001_", m.line).find(m.text) != std::string::npos);
  }
  // The year in the date line is not a metric.
  CHECK(std::none_of(r.ex.metrics.begin(), r.ex.metrics.end(), [](const Metric& m) { return m.line == 116; }));
}

TEST_CASE("extract: redacted numbers stay redacted", "[extract][metrics]") {
  Run r = run("000_", 20, 33);  // 水务局: xxxxx万元, xx.x平方公里 …
  auto redacted = std::count_if(r.ex.metrics.begin(), r.ex.metrics.end(), [](const Metric& m) { return m.redacted; });
  CHECK(redacted > 0);
  for (const Metric& m : r.ex.metrics)
    if (m.redacted) CHECK_FALSE(m.value);
}

// ---- Known bugs ----

TEST_CASE("extract: a title with no organisation does not make one of its words", "[extract]") {
  // 002 report 4: 2023年工作总结和2024年工作思路（镇乡）; line 82: 2023年以来，xx乡始终高举…
  Run r = run("002_", 81, 94);
  CHECK(r.ex.org.name != "工作思路(镇乡");
  CHECK(r.ex.org.name == "xx乡");
  CHECK(r.ex.org.source == OrgSource::body);
  CHECK(r.ex.org.line == 82);
  CHECK(r.ex.org.canonical == "乡人民政府");
  CHECK(r.ex.org.level == "乡");
}

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

TEST_CASE("extract: a region-only title over a town's report is the town's", "[extract][org]") {
  // 001 #33: "XX区2023年上半年工作总结…" whose opening names 东园镇 and speaks as 我镇.
  Run r = run("001_", 839, 853);
  CHECK(r.ex.org.name == "东园镇");
  CHECK(r.ex.org.canonical == std::optional<std::string>("镇人民政府"));
  CHECK(r.ex.org.level == std::optional<std::string>("镇"));
  CHECK(r.ex.org.source == OrgSource::body);
  // A county report with the same kind of title stays the county's.
  Run county = run("001_", 901, 928);
  CHECK(county.ex.org.name == "XX县");
  CHECK(county.ex.org.level == std::optional<std::string>("县"));
}

TEST_CASE("extract: a title organisation is not cut at a region word inside it (驻村工作队)", "[extract][org]") {
  Run r = run("001_", 500, 527);
  CHECK(r.ex.org.name == "驻村工作队");
  CHECK(r.ex.org.level == std::optional<std::string>("村"));
}

namespace {

// A copy of the bundled lexicons in the scratch directory (TMPDIR), `file`.json edited:
// `text` inserted after the first `after`.
std::filesystem::path edited_lexicons(const std::string& file, const std::string& after, const std::string& text) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "extract-lexicons" / file;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(data_dir("lexicons"))) fs::copy_file(e.path(), dir / e.path().filename());
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
  // A word added to a list takes effect: 后半程 as H2, 下一程 as next year, 日号 ending a date.
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

  dir = edited_lexicons("signature", "\"date_end\": \"", "号\", \"unused\": \"");
  CHECK_THROWS_AS(ExtractLexicon::load(dir.string()), Error);  // unused is no key
  dir = edited_lexicons("signature", "\"date_end\": \"日", "号");
  lex = ExtractLexicon::load(dir.string());
  Outline signed_off = build_outline({{2, "今年以来，我局完成检查23次。"}, {3, "XX县审计局"}, {4, "2023年7月10日号"}});
  CHECK(extract("2023年上半年工作总结", signed_off, {}, lex).signature.has_value());
  CHECK_FALSE(extract("2023年上半年工作总结", signed_off, {}, lexicon()).signature.has_value());
}
