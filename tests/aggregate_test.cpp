#include "aggregate/aggregate.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/lexicon.h"
#include "support.h"
#include "support_models.h"

using namespace huizong;
using namespace huizong::test;
namespace fs = std::filesystem;

namespace {

const Labels& labels() {
  static const Labels l = Labels::load();
  return l;
}

Aggregate aggregate_of(const Model& model, const ThemeLexicon& themes = ThemeLexicon::load()) {
  return aggregate(model, themes, labels());
}
// The aggregate points into the model: a temporary model would leave it dangling.
Aggregate aggregate_of(Model&& model, const ThemeLexicon& themes = ThemeLexicon::load()) = delete;

}  // namespace

TEST_CASE("two counties' 司法局 stay apart, and a duplicate report counts once with both sources", "[aggregate]") {
  Model model = fixture_model();
  REQUIRE(model.reports.size() == 3);
  Aggregate agg = aggregate_of(model);
  REQUIRE(agg.groups.size() == 2);
  CHECK(agg.duplicate_reports == 1);
  const AgencyPeriod* xx = nullptr;
  for (const auto& g : agg.groups)
    if (g.agency.region == "XX县") xx = &g;
  REQUIRE(xx);
  CHECK(xx->agency.display() == "XX县司法局");
  CHECK(xx->period.label == "2023年上半年");
  REQUIRE(xx->reports.size() == 1);
  REQUIRE(xx->reports[0].sources.size() == 2);
  CHECK(xx->reports[0].sources[0].line == 3);
  CHECK(xx->reports[0].sources[1].line == 23);
  CHECK(xx->problems.size() == 2);  // not 4: the duplicate is not counted again
  CHECK(xx->plans.size() == 2);
}

TEST_CASE("problem items keep agency, period, source line and get a theme — unmatched go to 其他", "[aggregate]") {
  const Model model = fixture_model();
  Aggregate agg = aggregate_of(model);
  REQUIRE(agg.problems.size() == 4);
  for (const Item& it : agg.problems) {
    CHECK_FALSE(it.ref.agency().display().empty());
    CHECK(it.ref.source().line > 0);
    CHECK_FALSE(it.theme.empty());
  }
  // 1.法治人员力量较为薄弱 … 编制不足 -> 人才/队伍; 2.经费保障不足 -> 资金/经费.
  CHECK(agg.problems[0].get().theme == "人才/队伍");
  CHECK(agg.problems[0].get().ref.source().line == 9);
  CHECK(agg.problems[1].get().theme == "资金/经费");
  // 一是基础设施老旧 -> 基础设施 (inline items are items too).
  CHECK(agg.problems[2].get().theme == "基础设施");
  CHECK(agg.problems[2].get().ref.source().line == 19);

  ThemeLexicon none;
  none.themes = Classifier("其他");
  Aggregate fallback = aggregate_of(model, none);
  for (const Item& it : fallback.problems) CHECK(it.theme == "其他");
}

TEST_CASE("a numbered problem's text includes the lines that continue it", "[aggregate]") {
  Model model;
  model.sources.push_back({});
  Report r;
  r.id = "a.txt#1";
  r.source = {"a.txt", 1, 5};
  r.org.name = "审计局";
  r.org.canonical = "审计局";
  r.period = {2023, Span::H1};
  Section s;
  s.kind = SectionKind::problems;
  s.line = 2;
  s.end_line = 5;
  s.items = {{3, "1.", "1.人才紧缺。"}, {5, "2.", "2.创新不够。"}};
  r.sections = {s};
  r.lines = {{2, "二、存在问题", 1, SectionKind::problems},
             {3, "1.人才紧缺。", 3, SectionKind::problems},
             {4, "基层人员以会计专业为主。", 0, SectionKind::problems},
             {5, "2.创新不够。", 3, SectionKind::problems}};
  model.reports.push_back(r);
  Aggregate agg = aggregate_of(model);
  REQUIRE(agg.problems.size() == 2);
  CHECK(agg.problems[0].get().text == "1.人才紧缺。\n基层人员以会计专业为主。");
  CHECK(agg.problems[1].get().text == "2.创新不够。");
}

TEST_CASE("periods label and order as a clerk reads them", "[aggregate]") {
  CHECK(labels().period(2023, Span::H1) == "2023年上半年");
  CHECK(labels().period(2023, Span::FY) == "2023年度");
  CHECK(labels().period(2023, Span::Q1_Q3) == "2023年前三季度");
  CHECK(labels().period(std::nullopt, Span::FY) == "年份不详");
  CHECK(labels().period(std::nullopt, Span::H1) == "年份不详上半年");
  CHECK(PeriodKey{2023, Span::H1, ""}.order() < PeriodKey{2023, Span::FY, ""}.order());
  CHECK(PeriodKey{2023, Span::FY, ""}.order() < PeriodKey{2024, Span::H1, ""}.order());
  CHECK(labels().plan_period(PlanPeriod::H2) == "下半年");
  CHECK(labels().plan_period(PlanPeriod::next_steps) == "下一步");
  CHECK(labels().plan_period(std::nullopt) == "未注明");
}

TEST_CASE("labels fill their placeholders and nothing else", "[aggregate][labels]") {
  CHECK(fill("{year}年度", {{"year", "2023"}}) == "2023年度");
  CHECK(fill("{writer}·{title}", {{"writer", "（未署名）"}, {"title", "{year}总结"}}) == "（未署名）·{year}总结");
  CHECK(fill("{unknown} {", {{"year", "2023"}}) == "{unknown} {");
  CHECK(labels().metric("xx项", true) == "xx项（已脱敏）");
  CHECK(labels().metric("12项", false) == "12项");
}

TEST_CASE("labels.json: a missing or unknown key is an error naming file and line", "[aggregate][labels]") {
  TempDir dir("labels");
  std::string text = slurp(data_dir("lexicons") / "labels.json");
  SECTION("unknown key") {
    std::string typo = replace_all(text, "\"ellipsis\": \"……\"", "\"ellipsis\": \"……\", \"elipsis\": \"…\"");
    REQUIRE(typo != text);
    dir.file("labels.json", typo);
    Error e =
        expect_input_error([&] { Labels::load(dir.dir.string()); }, (dir.dir / "labels.json").string(), "elipsis");
    CHECK(e.line() > 0);
  }
  SECTION("missing period") {
    std::string missing = replace_all(text, "\"Q1-Q3\": \"{year}年前三季度\",", "");
    REQUIRE(missing != text);
    dir.file("labels.json", missing);
    Error e = expect_input_error([&] { Labels::load(dir.dir.string()); }, (dir.dir / "labels.json").string(), "Q1-Q3");
    CHECK(e.line() > 0);
  }
}

TEST_CASE("an unnamed writer is told apart by its report's title", "[aggregate]") {
  Model model;
  Report r;
  r.id = "u.txt#1";
  r.title = "2023年上半年工作总结";
  r.source = {"u.txt", 1, 2};
  r.period = {2023, Span::H1};
  model.reports = {r};
  r.id = "u.txt#2";
  r.org.canonical = "乡人民政府";  // it speaks as 我乡 only
  r.org.label = "乡人民政府";
  model.reports.push_back(r);
  r.id = "u.txt#3";  // another township that names no place: another unit
  model.reports.push_back(r);
  Aggregate agg = aggregate_of(model);
  REQUIRE(agg.groups.size() == 3);
  // Unsigned last.
  CHECK(agg.groups[0].agency.display() == "乡人民政府");
  CHECK(agg.groups[1].agency.display() == "乡人民政府");
  CHECK(agg.groups[2].agency.display() == "（未署名）·2023年上半年工作总结");
}

TEST_CASE("a town is known by its name, an agency of a town by its own", "[aggregate]") {
  auto report = [](std::string id, std::string name, std::string canonical, std::string level) {
    Report r;
    r.id = id;
    r.title = name + "2023年上半年工作总结";
    r.source = {"t.txt", 1, 2};
    r.org.name = name;
    r.org.canonical = canonical;
    r.org.level = level;
    r.period.year = 2023;
    r.period.span = Span::H1;
    return r;
  };
  Model model;
  model.reports = {report("t.txt#1", "XX镇", "镇人民政府", "镇"), report("t.txt#2", "YY镇", "镇人民政府", "镇"),
                   report("t.txt#3", "综合执法局", "综合行政执法局", "街道")};
  Aggregate agg = aggregate_of(model);
  std::vector<std::string> names;
  for (const auto& g : agg.groups) names.push_back(g.agency.display());
  std::sort(names.begin(), names.end());
  // Two towns stay two (not one 镇人民政府), each named once with its level word; the 街道's
  // agency is not renamed after itself.
  CHECK(names == std::vector<std::string>{"XX镇人民政府", "YY镇人民政府", "综合行政执法局"});
}

TEST_CASE("a place's government is named with its level word once", "[aggregate]") {
  ThemeLexicon lex = ThemeLexicon::load();
  CHECK(lex.agency_name("XX镇", "镇人民政府") == "XX镇人民政府");
  CHECK(lex.agency_name("东园镇", "镇人民政府") == "东园镇人民政府");
  CHECK(lex.agency_name("XX乡", "乡人民政府") == "XX乡人民政府");
  CHECK(lex.agency_name("XX苏木", "乡人民政府") == "XX苏木人民政府");
  CHECK(lex.agency_name("XX街道", "街道办事处") == "XX街道办事处");
  CHECK(lex.agency_name("XX街道办事处", "街道办事处") == "XX街道办事处");
  CHECK(lex.agency_name("XX县", "县人民政府") == "XX县人民政府");
  CHECK(lex.agency_name("XX市XX区", "区人民政府") == "XX市XX区人民政府");
  CHECK(lex.agency_name("XX开发区", "开发区管理委员会") == "XX开发区管理委员会");
  // Not a place's government: region and agency as written.
  CHECK(lex.agency_name("XX市", "市场监督管理局") == "XX市市场监督管理局");
  CHECK(lex.agency_name("XX县", "司法局") == "XX县司法局");
  CHECK(lex.agency_name("", "镇人民政府") == "镇人民政府");
  CHECK(lex.agency_name("XX县", "镇人民政府") == "XX县镇人民政府");
}

namespace {

// Gold problem themes of the dev samples (tests/data/gold, problem_list): per file name and
// line, the items starting on that line in order.
struct GoldTheme {
  std::string theme, alt;
};
std::map<std::pair<std::string, int>, std::vector<GoldTheme>> gold_themes() {
  std::map<std::pair<std::string, int>, std::vector<GoldTheme>> out;
  for (const auto& e : fs::directory_iterator(fs::path(HUIZONG_TEST_DATA_DIR) / "gold")) {
    std::ifstream in(e.path());
    nlohmann::json g = nlohmann::json::parse(in, nullptr, true, true);
    for (const auto& r : g["reports"])
      for (const auto& it : r.value("problem_list", nlohmann::json::array()))
        if (it.contains("theme"))
          out[{g["file"].get<std::string>(), it["line"].get<int>()}].push_back(
              {it["theme"].get<std::string>(), it.value("theme_alt", nlohmann::json()).is_string()
                                                   ? it["theme_alt"].get<std::string>()
                                                   : std::string()});
  }
  return out;
}

}  // namespace

TEST_CASE("problem themes agree with the dev gold, and few problems are left to 其他", "[aggregate][themes]") {
  ThemeLexicon lex = ThemeLexicon::load();
  const Model model = samples_model();
  Aggregate agg = aggregate_of(model, lex);
  auto gold = gold_themes();
  std::map<std::pair<std::string, int>, std::size_t> seen;
  int ok = 0, scored = 0, fallback = 0;
  for (const Item& it : agg.problems) {
    if (it.theme == lex.themes.fallback()) ++fallback;
    std::pair<std::string, int> key{fs::path(it.ref.source().path).filename().string(), it.ref.source().line};
    std::size_t n = seen[key]++;
    auto g = gold.find(key);
    if (g == gold.end() || n >= g->second.size()) continue;
    ++scored;
    bool agrees = it.theme == g->second[n].theme || it.theme == g->second[n].alt;
    ok += agrees;
    UNSCOPED_INFO((agrees ? "  " : "X ") << key.first << ":" << key.second << " " << it.lead << " -> " << it.theme
                                         << " (gold " << g->second[n].theme << ")");
  }
  // The gold themes 84 items; a duplicate report's items are shown once (under the report
  // it repeats), so fewer are scored. Measured 2026-12-02: 77 of 79 scored.
  REQUIRE(scored >= 75);
  CHECK(static_cast<double>(ok) / scored >= 0.85);
  CHECK(fallback * 10 <= static_cast<int>(agg.problems.size()));
}

TEST_CASE("a theme is judged by the lead first, words weighed, some words by their context", "[aggregate][themes]") {
  ThemeLexicon lex = ThemeLexicon::load();
  auto theme = [&](std::string_view lead, std::string_view text) { return lex.theme_of(lead, text).label; };
  // A word deep in a long paragraph does not outvote the lead.
  CHECK(theme("一是监管力量薄弱", "一是监管力量薄弱，现有执法人员难以覆盖全部企业，专项资金也不足") == "人才/队伍");
  // 缺口 with money is money, with teachers staff.
  CHECK(theme("资金缺口较大", "资金缺口较大") == "资金/经费");
  CHECK(theme("教师缺口较大", "教师缺口较大") == "人才/队伍");
  // The longest word wins: 安全生产 is safety, not production.
  CHECK(theme("安全生产形势依然严峻", "安全生产形势依然严峻") == "安全与风险");
  // Nothing known: the fallback, never dropped; secondary themes are kept.
  CHECK(theme("其它情况", "其它情况") == "其他");
  Classification c = lex.theme_of("专项资金缺口较大，专业人员缺乏", "专项资金缺口较大，专业人员缺乏");
  CHECK(c.label == "资金/经费");
  CHECK(std::find(c.secondary.begin(), c.secondary.end(), "人才/队伍") != c.secondary.end());
}

TEST_CASE("achievements and plans get a field of work", "[aggregate][fields]") {
  ThemeLexicon lex = ThemeLexicon::load();
  auto field = [&](std::string_view text) { return lex.fields.classify(text, text).label; };
  CHECK(field("扎实开展安全生产大检查") == "安全生产与应急");
  CHECK(field("全力抓好招商引资") == "经济发展");
  CHECK(field("深化政务公开，规范依申请公开办理") == "法治与政务公开");
  CHECK(field("加强基层党组织建设") == "党的建设与作风");
  CHECK(field("持续改善农村人居环境") != "其他");
  // An item that does not say its line of work goes with its unit's (the report's title and
  // writer); one that says it keeps its own.
  CHECK(lex.fields.classify("强化工作调度", "强化工作调度").label == "其他");
  CHECK(lex.fields.classify("强化工作调度", "强化工作调度", "XX县林业局2023年上半年工作总结").label ==
        "乡村振兴/农业农村");
  CHECK(lex.fields.classify("加强基层党组织建设", "加强基层党组织建设", "XX县林业局2023年上半年工作总结").label ==
        "党的建设与作风");
  const Model model = samples_model();
  Aggregate agg = aggregate_of(model, lex);
  std::size_t other = 0, all = 0;
  for (const AgencyPeriod& g : agg.groups)
    for (const auto* items : {&g.achievements, &g.plans})
      for (const Item& it : *items) {
        CHECK_FALSE(it.field.empty());
        other += it.field == lex.fields.fallback();
        ++all;
      }
  REQUIRE(all > 100);
  CHECK(other * 10 <= all);  // nearly every item has a field (其他 at most one in ten)
}

TEST_CASE("reports written as 一是… paragraphs after an opening show those items as achievements", "[aggregate]") {
  const Model model = samples_model();
  Aggregate agg = aggregate_of(model);
  std::size_t reports = 0;
  for (const AgencyPeriod& g : agg.groups)
    for (const ReportEntry& e : g.reports) {
      ++reports;
      bool numbered_opening = false;
      for (const Section& s : e.report->sections)
        if (s.kind == SectionKind::preamble)
          for (const SectionItem& it : s.items) numbered_opening = numbered_opening || !it.marker.empty();
      if (!numbered_opening) continue;
      INFO(e.report->title);
      CHECK_FALSE(g.achievements.empty());
    }
  CHECK(reports > 90);
}

TEST_CASE("an item's lead is its first sentence or clauses, never cut inside a number, date or bracket",
          "[aggregate][lead]") {
  const LeadRules& rules = labels().lead;
  CHECK(lead_of("加强组织领导。我局成立了领导小组", rules) == "加强组织领导");
  CHECK(lead_of("资金缺口较大", rules) == "资金缺口较大");
  // Long: whole clauses that fit, cut at a boundary outside brackets and numbers.
  std::string l = lead_of(
      "印发《南陵县加强非煤矿山安全生产工作实施方案，推进专项整治三年行动》，组织开展检查12次，"
      "排查隐患284546万元，整改率100%。",
      rules);
  CHECK(l == "印发《南陵县加强非煤矿山安全生产工作实施方案，推进专项整治三年行动》");
  CHECK(lead_of("完成1,234,567元的收入，以及2021－2025年规划，全面推进各项工作落实落地见效取得成果", rules) ==
        "完成1,234,567元的收入，以及2021－2025年规划");
  // No boundary within the limit: cut before it, not next to a number, marked as cut.
  std::string forced =
      lead_of("全县上下深入学习贯彻落实党的二十大精神和习近平新时代中国特色社会主义思想扎实推进各项工作2023年", rules);
  CHECK(forced.ends_with(rules.ellipsis));
  CHECK(length_cp(forced) <= rules.max_chars + length_cp(rules.ellipsis));

  // Every item of the samples: the lead is the start of its text, at most max_chars long,
  // and its end is a safe cut (outside pairs, not inside a number or date).
  const Model model = samples_model();
  Aggregate agg = aggregate_of(model);
  std::size_t checked = 0;
  for (const AgencyPeriod& g : agg.groups)
    for (const auto* items : {&g.achievements, &g.problems, &g.plans})
      for (const Item& it : *items) {
        std::string_view text = trim(it.text);
        if (!it.marker.empty() && text.starts_with(it.marker)) text.remove_prefix(it.marker.size());
        text = trim(text.substr(0, text.find('\n')));
        std::string lead = it.lead;
        if (lead.ends_with(rules.ellipsis)) lead.resize(lead.size() - rules.ellipsis.size());
        INFO(it.ref.source().label() << " " << it.lead);
        REQUIRE(text.starts_with(lead));
        CHECK(length_cp(lead) <= rules.max_chars);
        CHECK((lead.empty() || safe_cut(to_u32(text), to_u32(lead).size(), rules)));
        // Both parts in one pass are the lead and the first sentence as asked for alone.
        const LeadParts parts = lead_parts(text, rules);
        CHECK(parts.lead == it.lead);
        CHECK(parts.sentence == first_sentence(text, rules));
        ++checked;
      }
  CHECK(checked > 500);
}

TEST_CASE("common indicators are recognised by their aliases, with the canonical name", "[aggregate][indicators]") {
  ThemeLexicon lex = ThemeLexicon::load();
  CHECK(lex.indicator_of("全县GDP", "亿元") == "地区生产总值");
  CHECK(lex.indicator_of("规模以上工业增加值", "万元") == "规上工业增加值");
  CHECK(lex.indicator_of("实际利用外资", "万美元") == "实际使用外资");
  CHECK(lex.indicator_of("完成社会消费品零售额", "亿元") == "社会消费品零售总额");
  CHECK(lex.indicator_of("城镇新增就业", "人") == "新增就业");
  CHECK(lex.indicator_of("检查企业", "家").empty());
  // A ratio per mu or per head is not the indicator; the income per head is one of its own.
  CHECK(lex.indicator_of("我区企业亩均税收", "万元").empty());
  CHECK(lex.indicator_of("全年税收", "万元") == "税收收入");
  CHECK(lex.indicator_of("农村居民人均可支配收入", "元") == "城乡居民人均可支配收入");
  // A figure in a unit the indicator is not stated in is another figure: a growth rate, a
  // count of projects, money beside a count of market entities.
  CHECK(lex.indicator_of("规模以上工业增加值增长", "%").empty());
  CHECK(lex.indicator_of("固定资产投资项目", "个").empty());
  CHECK(lex.indicator_of("市场主体", "万元").empty());
  CHECK(lex.indicator_of("新登记市场主体", "户") == "新增市场主体");
  // The stock of market entities is no growth, and entities inspected are neither.
  CHECK(lex.indicator_of("全市实有市场主体", "万户") == "市场主体总量");
  CHECK(lex.indicator_of("全县新增市场主体", "户") == "新增市场主体");
  CHECK(lex.indicator_of("检查市场主体", "户").empty());
  // Where the samples state them, the figures carry them.
  const Model model = samples_model();
  Aggregate agg = aggregate_of(model, lex);
  std::set<std::string> found;
  for (const AgencyPeriod& g : agg.groups)
    for (const MetricItem& m : g.metrics)
      if (!m.indicator.empty()) found.insert(m.indicator);
  // The samples state 地区生产总值 and 规上工业增加值 only as growth rates (GDP增长 x.x%,
  // 规上工业增加值增长 6％): those are no values of the indicators.
  CHECK(found.count("地区生产总值") == 0);
  CHECK(found.count("规上工业增加值") == 0);
  for (const char* name : {"固定资产投资", "社会消费品零售总额", "一般公共预算收入", "实际使用外资", "进出口总额",
                           "招商引资到位资金", "城乡居民人均可支配收入", "新增就业", "粮食产量"}) {
    INFO(name);
    CHECK(found.count(name) == 1);
  }
}

TEST_CASE("a report's closing rally after its last plan is no part of that plan", "[aggregate]") {
  const Model model = samples_model();
  Aggregate agg = aggregate_of(model);
  std::size_t closings_left = 0, plans_with_items = 0;
  for (const Item& it : agg.plans) {
    // 各位代表们、同志们！… and …全面开启…新篇章！ are paragraphs of their own after the last
    // item in the samples; an item that has 一是…二是… keeps every line of them.
    closings_left += it.text.find("各位代表们") != std::string::npos;
    closings_left += it.text.find("\n") != std::string::npos && it.text.find("新篇章！") != std::string::npos;
    plans_with_items += it.text.find("一是") != std::string::npos;
  }
  CHECK(closings_left == 0);
  CHECK(plans_with_items > 20);
  // The closing lines are still the report's (nothing lost): in model.json's lines.
  bool kept = false;
  for (const Report& r : model.reports)
    for (const ReportLine& l : r.lines) kept = kept || l.text.find("各位代表们") != std::string::npos;
  CHECK(kept);
}
