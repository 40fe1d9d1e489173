#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <sstream>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/lexicon.h"
#include "render/documents.h"
#include "render/markdown.h"
#include "render/outputs.h"
#include "render/view.h"
#include "render/view_briefing.h"
#include "render/view_data.h"
#include "support.h"
#include "support_models.h"
#include "support_render.h"

using namespace huizong;
using namespace huizong::test;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) { return test::fresh_dir("render", name); }

// A fresh copy of a bundled data directory (templates, lexicons) to edit in a test.
fs::path copy_of_bundled(const std::string& what, const std::string& name) {
  fs::path d = fresh_dir(name);
  copy_bundled(what, d);
  return d;
}

}  // namespace

TEST_CASE("golden: the fixture renders to the expected Markdown", "[render][golden]") {
  fs::path out = fresh_dir("golden");
  render_outputs(fixture_model(), render_options(out));
  fs::path expected = fs::path(HUIZONG_TEST_DATA_DIR) / "render" / "expected";
  bool update = std::getenv("HUIZONG_UPDATE_GOLDEN") != nullptr;
  // One HTML golden: every page shares the layout and inlines the same stylesheets, and
  // comparison.html holds the most (headings, a GFM table); the Markdown goldens cover
  // what each document says.
  for (const char* name :
       {"briefing.md", "compendium.md", "problems.md", "plans.md", "comparison.md", "comparison.html"}) {
    INFO(name << " (set HUIZONG_UPDATE_GOLDEN=1 to accept a deliberate change, then review the diff)");
    std::string got = slurp(out / name);
    if (update) {
      fs::create_directories(expected);
      std::ofstream(expected / name, std::ios::binary) << got;
    }
    CHECK(got == slurp(expected / name));
  }
}

TEST_CASE("all outputs are written: Markdown, HTML, Word and the workbook", "[render]") {
  fs::path out = fresh_dir("all");
  auto written = render_outputs(fixture_model(), render_options(out));
  for (const char* name :
       {"briefing.md", "briefing.html", "briefing.docx", "problems.md", "problems.html", "problems.docx", "plans.md",
        "plans.html", "plans.docx", "comparison.md", "comparison.html", "comparison.docx", "comparison.xlsx"}) {
    INFO(name);
    CHECK(fs::file_size(out / name) > 0);
  }
  CHECK(written.written.size() == 16);
  // Nothing else (no temporary files) is left behind; render state lives in .huizong/.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(out)) files += e.is_regular_file();
  CHECK(files == 16);
  CHECK(fs::is_directory(out / ".huizong"));
}

TEST_CASE("a render rewrites only outputs whose template, style or data changed", "[render][incremental]") {
  fs::path tdir = copy_of_bundled("templates", "incremental_templates");
  fs::path out = fresh_dir("incremental");
  RenderOptions o = render_options(out);
  o.templates_dir = tdir.string();
  Model model = fixture_model();
  CHECK(render_outputs(model, o).written.size() == 16);

  RenderSummary again = render_outputs(model, o);
  CHECK(again.written.empty());
  CHECK(again.unchanged.size() == 16);

  std::ofstream(tdir / "plans.md.mustache", std::ios::app) << "\n自定义结尾\n";
  RenderSummary edited = render_outputs(model, o);
  std::set<std::string> names;
  for (const auto& p : edited.written) names.insert(p.filename().string());
  CHECK(names == std::set<std::string>{"plans.md", "plans.html", "plans.docx"});
  CHECK(slurp(out / "plans.md").find("自定义结尾") != std::string::npos);

  // A deleted output is written again; a changed model rewrites everything.
  fs::remove(out / "briefing.html");
  CHECK(render_outputs(model, o).written.size() == 1);
  model.reports.pop_back();
  CHECK(render_outputs(model, o).written.size() == 16);

  // The theme lexicon counts as loaded: a comment changes nothing, a theme everything.
  fs::path ldir = copy_of_bundled("lexicons", "incremental_lexicons");
  o.lexicons_dir = ldir.string();
  CHECK(render_outputs(model, o).written.empty());
  std::string themes = slurp(ldir / "themes.json");
  std::ofstream(ldir / "themes.json", std::ios::trunc) << "// 本单位主题\n" << themes;
  CHECK(render_outputs(model, o).written.empty());
  std::size_t other = themes.find("\"其他\"");
  REQUIRE(other != std::string::npos);
  themes.replace(other, std::string("\"其他\"").size(), "\"其它\"");
  std::ofstream(ldir / "themes.json", std::ios::trunc) << themes;
  CHECK(render_outputs(model, o).written.size() == 16);
}

TEST_CASE("rendering a model file: cached views give the same outputs, a replaced model is noticed",
          "[render][incremental]") {
  fs::path tdir = copy_of_bundled("templates", "model_file_templates");
  fs::path out = fresh_dir("model_file");
  RenderOptions o = render_options(out);
  o.templates_dir = tdir.string();
  Model model = fixture_model();
  fs::path model_file = out / "model.json";
  write_file_atomically(model_file, model_to_json_text(model));
  CHECK(render_model_file(model_file, o).written.size() == 16);

  // A template edit renders from the cached views (the model file is not read again):
  // the outputs are what a fresh render of the model gives.
  std::ofstream(tdir / "briefing.md.mustache", std::ios::app)
      << "\n（编辑后）{{#groups}}{{#reports}}{{title}}{{/reports}}{{/groups}}\n";
  RenderSummary edited = render_model_file(model_file, o);
  CHECK(edited.written.size() == 3);
  RenderOptions fresh = o;
  fresh.out_dir = fresh_dir("model_file_fresh");
  render_outputs(model, fresh);
  for (const char* name : {"briefing.md", "briefing.html", "problems.md", "plans.md", "comparison.md"}) {
    INFO(name);
    CHECK(slurp(out / name) == slurp(fresh.out_dir / name));
  }
  CHECK(slurp(out / "briefing.md").find("（编辑后）") != std::string::npos);

  // Another model in the same file, even of the same size, is a new model.
  Model other = model;
  std::string& title = other.reports.front().title;  // its last character swapped for one as long
  REQUIRE(title.size() > 3);
  REQUIRE(static_cast<unsigned char>(title[title.size() - 3]) >= 0xE0);
  title.replace(title.size() - 3, 3, "甲");
  REQUIRE(slurp(out / "compendium.md").find(title) == std::string::npos);
  std::string other_text = model_to_json_text(other);
  REQUIRE(other_text.size() == model_to_json_text(model).size());
  write_file_atomically(model_file, other_text);
  CHECK(render_model_file(model_file, o).written.size() == 16);
  CHECK(slurp(out / "compendium.md").find(title) != std::string::npos);

  // A damaged view cache is rebuilt, never trusted: cut short, or claiming an absurd
  // list length (a CBOR array header of 2^64-1 elements), or bookkeeping of the wrong type.
  for (std::string damage :
       {std::string("\x9f\x01"), std::string("\xa1\x61x\x9b\xff\xff\xff\xff\xff\xff\xff\xff", 12)}) {
    std::ofstream(out / ".huizong" / "briefing.cbor", std::ios::binary | std::ios::trunc) << damage;
    std::ofstream(tdir / "briefing.md.mustache", std::ios::app) << "\n{{! again }}\n";
    CHECK(render_model_file(model_file, o).written.size() == 3);  // briefing .md, .html, .docx
    CHECK(slurp(out / "compendium.md").find(title) != std::string::npos);
  }
  std::ofstream(out / ".huizong" / "views.json", std::ios::trunc)
      << R"({"key": 1, "model_hash": [], "model_stamp": {}})";
  std::ofstream(out / ".huizong" / "state.json", std::ios::trunc) << R"({"briefing.md": 7})";
  CHECK(render_model_file(model_file, o).written.size() == 16);  // no output's state survived
  CHECK(slurp(out / "compendium.md").find(title) != std::string::npos);
}

TEST_CASE("hostile text appears as text: escaped in Markdown and HTML", "[render][escaping]") {
  fs::path out = fresh_dir("escape");
  render_outputs(fixture_model(), render_options(out));
  std::string md = slurp(out / "problems.md");
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("&lt;script&gt;") != std::string::npos);
  CHECK(md.find("\\*星号\\*") != std::string::npos);
  for (const char* name : {"compendium.html", "problems.html"}) {
    std::string html = slurp(out / name);
    INFO(name);
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<em>星号</em>") == std::string::npos);
  }
  // A | inside a problem does not split the comparison table rows.
  std::string cmp = slurp(out / "comparison.md");
  std::regex row(R"(^\| .*\|$)");
  std::istringstream lines(cmp);
  std::string line, header;
  std::size_t columns = 0;
  while (std::getline(lines, line))
    if (line.starts_with("| 单位 | 层级"))  // 各单位对比: 单位, 层级, one period, 主要指标, 来源
      columns = static_cast<std::size_t>(std::count(line.begin(), line.end(), '|'));
  CHECK(columns == 6);
}

TEST_CASE("every problem and plan item names its agency and source file:line", "[render][provenance]") {
  Model model = samples_model();
  fs::path out = fresh_dir("samples");
  // Sample paths are absolute; outputs show file name and line.
  render_outputs(model, render_options(out));
  std::string problems = slurp(out / "problems.md");
  std::string plans = slurp(out / "plans.md");
  // The compendium holds every report's own material (the briefing quotes a selection).
  std::string compendium = slurp(out / "compendium.md");
  std::size_t problem_items = 0, plan_items = 0;
  for (const Report& r : model.reports) {
    if (r.duplicate_of) continue;
    std::string file = fs::path(r.source.path).filename().string();
    for (const Section& s : r.sections) {
      for (const SectionItem& it : s.items) {
        std::string ref = "（" + file + ":" + std::to_string(it.line) + "）";
        if (s.kind == SectionKind::problems) {
          ++problem_items;
          INFO("problem item " << ref << " " << it.text);
          CHECK(problems.find(ref) != std::string::npos);
          CHECK(compendium.find(ref) != std::string::npos);
        }
        if (s.kind == SectionKind::plans) {
          ++plan_items;
          INFO("plan item " << ref);
          CHECK(plans.find(ref) != std::string::npos);
          CHECK(compendium.find(ref) != std::string::npos);
        }
      }
    }
  }
  CHECK(problem_items > 100);
  CHECK(plan_items > 200);
  // Every numbered entry of the digests carries a source.
  std::regex entry(R"(^\d+\. .*（[^（）]+\.txt:\d+）$)");
  std::istringstream lines(problems);
  std::string line;
  while (std::getline(lines, line))
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) {
      INFO(line);
      CHECK(std::regex_match(line, entry));
    }
}

TEST_CASE("editing a template changes the output on the next render", "[render][templates]") {
  fs::path tdir = copy_of_bundled("templates", "templates");
  {
    std::ofstream f(tdir / "compendium.md.mustache", std::ios::app);
    f << "\n本局自定义落款：{{agency_count}} 个单位\n";
  }
  fs::path out = fresh_dir("templates_out");
  RenderOptions o = render_options(out);
  o.templates_dir = tdir.string();
  render_outputs(fixture_model(), o);
  CHECK(slurp(out / "compendium.md").find("本局自定义落款：2 个单位") != std::string::npos);
  CHECK(slurp(out / "compendium.html").find("本局自定义落款：2 个单位") != std::string::npos);
}

TEST_CASE("a broken template is reported with file and line, and nothing is written", "[render][templates][errors]") {
  fs::path tdir = copy_of_bundled("templates", "broken_templates");
  fs::path out = fresh_dir("broken_out");
  RenderOptions o = render_options(out);
  o.templates_dir = tdir.string();
  render_outputs(fixture_model(), o);
  std::string before = slurp(out / "plans.md");

  SECTION("unclosed section") {
    std::ofstream(tdir / "plans.md.mustache") << "# x\n\n{{#plan_periods}}\n{{plan_period}}\n";
  }
  SECTION("unknown partial") { std::ofstream(tdir / "plans.md.mustache") << "# x\nline two\n{{> nosuch}}\n"; }
  try {
    render_outputs(fixture_model(), o);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::template_error);
    CHECK(e.file().ends_with("plans.md.mustache"));
    CHECK(e.line() == 3);
  }
  CHECK(slurp(out / "plans.md") == before);
}

TEST_CASE("a partial that includes itself is an error naming it, not a stack overflow", "[render][templates][errors]") {
  fs::path tdir = copy_of_bundled("templates", "recursive_templates");
  fs::path out = fresh_dir("recursive_out");
  RenderOptions o = render_options(out);
  o.templates_dir = tdir.string();
  std::string expected_file = "_loop.mustache", expected_words = "\"loop\" includes itself";
  SECTION("directly") {
    std::ofstream(tdir / "_loop.mustache") << "{{#groups}}\n{{> loop}}\n{{/groups}}\n";
    std::ofstream(tdir / "plans.md.mustache") << "# x\n{{> loop}}\n";
  }
  SECTION("through another partial") {
    std::ofstream(tdir / "_loop.mustache") << "a\n{{> other}}\n";
    std::ofstream(tdir / "_other.mustache") << "b\n\n{{> loop}}\n";
    std::ofstream(tdir / "plans.md.mustache") << "# x\n{{> loop}}\n";
    expected_file = "_other.mustache";
  }
  SECTION("hidden by changed delimiters: cut off at render") {
    std::ofstream(tdir / "_loop.mustache") << "x{{=<% %>=}}<%> loop%>\n";
    std::ofstream(tdir / "plans.md.mustache") << "# x\n{{> loop}}\n";
    expected_words = "\"loop\" is nested too deeply";
  }
  try {
    render_outputs(fixture_model(), o);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::template_error);
    CHECK(fs::path(e.file()).filename() == expected_file);
    CHECK(std::string(e.what()).find(expected_words) != std::string::npos);
  }
  CHECK_FALSE(fs::exists(out / "plans.md"));
}

TEST_CASE("bundled templates can be printed to start editing from", "[render][templates]") {
  CHECK(bundled_template_text("compendium.md").find("{{#groups}}") != std::string::npos);
  CHECK(bundled_template_text("briefing.md").find("{{#themes}}") != std::string::npos);
  CHECK(bundled_template_text("print.css").find("A4") != std::string::npos);
  CHECK_THROWS_AS(bundled_template_text("nosuch"), Error);
}

// render_documents is a pure function: views, templates and styles in memory -> files.

namespace {

// The .docx is left out here (docx_writer_test.cpp checks it).
DocumentView document(const std::string& name, const nlohmann::json& view, bool md = true, bool html = true) {
  return DocumentView{name, {"标题：" + name, "9.9", "2026-02-03"}, to_mustache(view), md, html, false};
}

nlohmann::json small_problems_view() {
  return {{"problem_count", "1"},
          {"agency_count", "1"},
          {"has_problems", true},
          {"themes",
           {{{"theme", "资金"},
             {"number_cn", "一"},
             {"count", "1"},
             {"groups",
              {{{"agency", "XX县司法局"},
                {"period", "2023年上半年"},
                {"items", {{{"index", "1"}, {"text", "经费<不足>|*紧*"}, {"source", "a.txt:7"}}}}}}}}}}};
}

// The bundled templates and styles, loaded from a copy that is then deleted: what
// render_documents needs is in memory.
struct Loaded {
  Templates templates;
  Styles styles;
};
Loaded load_and_delete_copies() {
  fs::path tdir = copy_of_bundled("templates", "pure_templates");
  fs::path sdir = copy_of_bundled("styles", "pure_styles");
  Loaded l{Templates::load(tdir), Styles::load(sdir)};
  fs::remove_all(tdir);
  fs::remove_all(sdir);
  return l;
}

}  // namespace

TEST_CASE("render_documents: views in, files out, nothing read or written", "[render][documents]") {
  Loaded l = load_and_delete_copies();
  DocumentViews views;
  views.documents.push_back(document("problems", small_problems_view()));
  std::vector<RenderedFile> files = render_documents(std::move(views), l.templates, l.styles);
  REQUIRE(files.size() == 2);
  // The Markdown is handed on first (staged while its HTML is made).
  CHECK(files[0].name == "problems.md");
  CHECK(files[1].name == "problems.html");
  const std::string& md = files[0].content;
  // The title and date the view was given, and the item escaped for Markdown.
  CHECK(md.starts_with("# 标题：problems\n"));
  CHECK(md.find("<!-- huizong 9.9 2026-02-03 -->") != std::string::npos);
  CHECK(md.find("1. 经费&lt;不足&gt;\\|\\*紧\\*（a.txt:7）") != std::string::npos);
  // The page: the same title, the styles, the Markdown's HTML; hostile text stays text.
  const std::string& html = files[1].content;
  CHECK(html.find("<title>标题：problems</title>") != std::string::npos);
  CHECK(html.find(l.styles.print_css) != std::string::npos);
  CHECK(html.find("<h1>标题：problems</h1>") != std::string::npos);
  CHECK(html.find("经费&lt;不足&gt;|*紧*") != std::string::npos);
  CHECK(html.find("<不足>") == std::string::npos);
}

TEST_CASE("render_documents renders only the files asked for, the same each time", "[render][documents]") {
  Loaded l = load_and_delete_copies();
  auto render = [&](bool md, bool html, bool workbook) {
    DocumentViews views;
    views.documents.push_back(document("problems", small_problems_view(), md, html));
    if (workbook) views.workbook = Datasets{{"problems", {Row{{"theme", "资金"}, {"text", "经费不足"}}}}};
    return render_documents(std::move(views), l.templates, l.styles);
  };
  std::vector<RenderedFile> md_only = render(true, false, false);
  REQUIRE(md_only.size() == 1);
  CHECK(md_only[0].name == "problems.md");
  std::vector<RenderedFile> html_only = render(false, true, false);
  REQUIRE(html_only.size() == 1);
  CHECK(html_only[0].name == "problems.html");
  CHECK(render(false, false, false).empty());
  std::vector<RenderedFile> all = render(true, true, true);
  REQUIRE(all.size() == 3);
  CHECK(all.back().name == "comparison.xlsx");
  CHECK(all.back().content.starts_with("PK"));  // a zip: the workbook's bytes
  std::vector<RenderedFile> again = render(true, true, false);
  REQUIRE(again.size() == 2);
  CHECK(again[0].content == all[0].content);
  CHECK(again[1].content == all[1].content);
}

TEST_CASE("render_documents of the fixture's views gives the golden Markdown", "[render][documents][golden]") {
  Loaded l = load_and_delete_copies();
  ModelViews built = build_views(fixture_model(), ThemeLexicon::load(), Labels::load());
  DocumentViews views;
  for (const char* name : kDocumentNames)
    views.documents.push_back({name,
                               {l.templates.titles.at(name), "test", "2026-01-01"},
                               to_mustache(built.documents.at(name)),
                               true,
                               false,
                               false});
  std::vector<RenderedFile> files = render_documents(std::move(views), l.templates, l.styles);
  REQUIRE(files.size() == kDocumentNames.size());
  fs::path expected = fs::path(HUIZONG_TEST_DATA_DIR) / "render" / "expected";
  for (const RenderedFile& f : files) {
    INFO(f.name);
    CHECK(f.content == slurp(expected / f.name));
  }
}

TEST_CASE("one row builder: the comparison table and the workbook show the same values", "[render][documents]") {
  Labels labels = Labels::load();
  Model model = fixture_model();
  ModelViews built = build_views(model, ThemeLexicon::load(), labels);
  const Dataset& table = built.tables.at("comparison");
  const nlohmann::json& rows = built.documents.at("comparison").at("rows");
  REQUIRE(rows.size() == table.size());
  REQUIRE(!table.empty());
  for (std::size_t i = 0; i < table.size(); ++i)
    for (const auto& [field, cell] : table[i]) {
      INFO(field);
      const nlohmann::json& v = rows[i].at(field);
      if (cell.is_text()) CHECK(v == cell.text());
      if (cell.is_number()) CHECK(v == std::to_string(static_cast<int>(cell.number())));
    }
  CHECK(rows[0].at("report_titles") == rows[0].at("report_title"));
}

TEST_CASE("document titles come from templates/documents.json", "[render][templates]") {
  fs::path tdir = copy_of_bundled("templates", "titles_templates");
  std::string titles = slurp(tdir / "documents.json");
  std::ofstream(tdir / "documents.json", std::ios::trunc) << replace_all(titles, "存在问题汇总", "问题清单");
  fs::path out = fresh_dir("titles_out");
  RenderOptions o = render_options(out);
  o.templates_dir = tdir.string();
  render_outputs(fixture_model(), o);
  CHECK(slurp(out / "problems.md").starts_with("# 问题清单\n"));
  CHECK(slurp(out / "problems.html").find("<title>问题清单</title>") != std::string::npos);

  // A typo is a template error naming the file and line, and nothing is written.
  std::ofstream(tdir / "documents.json", std::ios::trunc) << replace_all(titles, "\"title\"", "\"titel\"");
  fs::remove_all(out);
  try {
    render_outputs(fixture_model(), o);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::template_error);
    CHECK(e.file() == (tdir / "documents.json").string());
    CHECK(e.line() > 0);
  }
  CHECK_FALSE(fs::exists(out / "problems.md"));
}

TEST_CASE("a compendium with 120 groups numbers them 一、 … 一百二十、", "[render][view]") {
  Model model;
  for (int i = 1; i <= 120; ++i) {
    Report r;
    r.id = "many.txt#" + std::to_string(i);
    r.source.path = "many.txt";
    r.source.line = i;
    r.org.name = "机构" + std::to_string(i);
    r.title = r.org.name + "工作总结";
    model.reports.push_back(r);
  }
  ModelViews built = build_views(model, ThemeLexicon::load(), Labels::load());
  const nlohmann::json& groups = built.documents.at("compendium").at("groups");
  REQUIRE(groups.size() == 120);
  CHECK(groups[0]["number_cn"] == "一");
  CHECK(groups[9]["number_cn"] == "十");
  CHECK(groups[11]["number_cn"] == "十二");
  CHECK(groups[99]["number_cn"] == "一百");
  CHECK(groups[104]["number_cn"] == "一百零五");
  CHECK(groups[119]["number_cn"] == "一百二十");

  Loaded l = load_and_delete_copies();
  DocumentViews views;
  views.documents.push_back({"compendium",
                             {"标题", "test", "2026-01-01"},
                             to_mustache(built.documents.at("compendium")),
                             true,
                             false,
                             false});
  std::vector<RenderedFile> files = render_documents(std::move(views), l.templates, l.styles);
  REQUIRE(files.size() == 1);
  CHECK(files[0].content.find("\n## 一百、") != std::string::npos);
  CHECK(files[0].content.find("\n## 一百二十、") != std::string::npos);
}

// ---- the consolidated briefing (issue 15) ----------------------------------------------

namespace {

// The briefing's quoted items: list lines ending in （…file:line） or （unit，file:line）,
// as (source, the quote without its unit and source).
std::vector<std::pair<std::string, std::string>> quoted_sources(const std::string& md) {
  std::vector<std::pair<std::string, std::string>> out;
  std::regex quoted(R"(^- (?:[^：]+：)?(.*?)(?:（[^（）]*，)?[（]?([^（），]+\.txt:\d+)）$)");
  std::istringstream lines(md);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line))
    if (std::regex_match(line, m, quoted)) out.emplace_back(m[2], m[1]);
  return out;
}

// The samples' briefing.md, rendered into a fresh folder `name`.
std::string samples_briefing(const Model& model, const std::string& name) {
  fs::path out = fresh_dir(name);
  render_outputs(model, render_options(out));
  return slurp(out / "briefing.md");
}

}  // namespace

TEST_CASE("the briefing has four parts, ranked themes with unit counts, each item quoted once with its source",
          "[render][briefing]") {
  Model model = samples_model();
  std::string md = samples_briefing(model, "briefing_samples");
  std::size_t one = md.find("\n## 一、总体情况"), two = md.find("\n## 二、主要工作成效"),
              three = md.find("\n## 三、存在的主要问题"), four = md.find("\n## 四、下步工作打算");
  REQUIRE(one != std::string::npos);
  CHECK(one < two);
  CHECK(two < three);
  CHECK(three < four);
  CHECK(four != std::string::npos);
  CHECK(md.starts_with("# 2023年上半年各单位工作情况综合报告\n"));
  CHECK(md.find("由 huizong") == std::string::npos);  // no generator footer in the text

  // Every theme raised by two units or more appears with its unit count.
  ModelViews v = build_views(model, ThemeLexicon::load(), Labels::load());
  const nlohmann::json& themes = v.documents.at("briefing").at("themes");
  REQUIRE(themes.size() >= 5);
  std::size_t last = 1000;
  for (const auto& t : themes) {
    std::size_t units = std::stoul(t["unit_count"].get<std::string>());
    CHECK(units >= 2);
    if (t["label"] != "其他") CHECK(units <= last);  // ranked by units
    if (t["label"] != "其他") last = units;
    std::string heading = "）" + t["label"].get<std::string>() + "（" + std::to_string(units) + " 个单位提出）";
    INFO(heading);
    CHECK(md.find(heading) != std::string::npos);
    CHECK(t["items"].size() >= 1);  // fewer than 2 only where a unit's items were quoted already
    CHECK(t["items"].size() <= kBriefingItemsPerTheme);
  }
  // Every quoted item has a source, and none is quoted twice.
  // (Two items written on one line, 一是…二是…, share their source.)
  auto sources = quoted_sources(md);
  CHECK(sources.size() > 40);
  std::set<std::pair<std::string, std::string>> distinct(sources.begin(), sources.end());
  CHECK(distinct.size() == sources.size());
  std::set<std::string> quotes;
  for (const auto& [source, quote] : sources) quotes.insert(quote);
  CHECK(quotes.size() == sources.size());
  std::size_t items = 0;
  for (const char* part : {"achievement_fields", "themes", "plan_fields"})  // single themes share one line
    for (const auto& g : v.documents.at("briefing").at(part))
      if (part == std::string("themes") || !g["is_fallback"].get<bool>())
        items += g["items"].size();  // 其他 fields: not shown
  CHECK(sources.size() == items);
}

TEST_CASE("the briefing's indicators table quotes values as the texts state them, and its lists end cleanly",
          "[render][briefing]") {
  std::string md = samples_briefing(samples_model(), "briefing_indicators");
  // | 单位 | 指标 | 数值 | 来源 |: each value is on its source line of the sample, in its unit.
  std::regex row(R"(^\| ([^|]+) \| ([^|]+) \| ([^|]+) \| (\d{3}_[0-9a-f]+\.txt):(\d+) \|$)");
  std::istringstream lines(md);
  std::string line;
  std::smatch m;
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    if (!std::regex_match(line, m, row)) continue;
    ++rows;
    std::vector<Line> text = read_lines(sample_path(m[4].str().substr(0, 4)));
    std::size_t at = std::stoul(m[5]);
    REQUIRE(at >= 1);
    REQUIRE(at <= text.size());
    INFO(line);
    CHECK(text[at - 1].text.find(m[3].str()) != std::string::npos);
    CHECK(m[3].str().find('%') == std::string::npos);  // a growth rate is no indicator's value
  }
  CHECK(rows >= 4);
  CHECK(rows <= kBriefingIndicatorRows);
  // Lists end without a separator, a single theme is never named without its item, and a
  // result's figure is a quantity, not a date (……2023年上半年, ……1至5月).
  CHECK(md.find("；）") == std::string::npos);
  CHECK(md.find("；\n") == std::string::npos);
  CHECK(md.find("：；") == std::string::npos);
  CHECK_FALSE(std::regex_search(md, std::regex("……[0-9至－年上下半月]+（")));
}

TEST_CASE("a template edit reorders the briefing's parts and drops one, without code changes",
          "[render][briefing][templates]") {
  fs::path tdir = copy_of_bundled("templates", "briefing_reordered");
  std::string t = slurp(tdir / "briefing.md.mustache");
  auto part = [&](const std::string& name, const std::string& next) {
    std::size_t from = t.find("{{! ---- part: " + name), to = t.find("{{! ---- part: " + next);
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    return t.substr(from, to - from);
  };
  std::string overall = part("overall", "main results"), results = part("main results", "main problems");
  std::string problems = part("main problems", "plans");
  std::size_t plans_at = t.find("{{! ---- part: plans");
  std::string head = t.substr(0, t.find("{{! ---- part: overall"));
  // Problems first, renamed, then the overall picture; the results part dropped.
  std::string renamed = problems;
  renamed.replace(renamed.find("三、存在的主要问题"), std::string("三、存在的主要问题").size(), "一、突出问题");
  std::ofstream(tdir / "briefing.md.mustache", std::ios::trunc) << head << renamed << overall << t.substr(plans_at);
  fs::path out = fresh_dir("briefing_reordered_out");
  RenderOptions o = render_options(out);
  o.templates_dir = tdir.string();
  render_outputs(samples_model(), o);
  std::string md = slurp(out / "briefing.md");
  CHECK(md.find("## 二、主要工作成效") == std::string::npos);
  std::size_t p = md.find("## 一、突出问题"), q = md.find("## 一、总体情况"), r = md.find("## 四、下步工作打算");
  REQUIRE(p != std::string::npos);
  CHECK(p < q);
  CHECK(q < r);
  CHECK(r != std::string::npos);
  CHECK(slurp(out / "briefing.html").find("突出问题") != std::string::npos);
}

TEST_CASE("by_centrality puts the item sharing most words with the others first", "[render][briefing]") {
  std::vector<std::string_view> texts = {"资金缺口较大", "基层监管力量薄弱", "监管力量有待加强", "执法监管力量不足"};
  std::vector<std::size_t> order = by_centrality(texts);
  REQUIRE(order.size() == 4);
  CHECK(order.back() == 0);  // shares nothing
  CHECK(order.front() != 0);
  CHECK(by_centrality(texts) == order);  // deterministic
}

// The view cache writes the workbook's tables as CBOR straight from the rows (no JSON tree
// of the largest view in memory): the bytes nlohmann writes, which the cache reads back.
TEST_CASE("the tables' CBOR is nlohmann's, and reads back as the same tables", "[render][cache]") {
  Labels labels = Labels::load();
  ModelViews built = build_views(fixture_model(), ThemeLexicon::load(), labels);
  Datasets tables = built.tables;
  Dataset& edge = tables["edge cases"];
  for (double d : {0.0, -1.0, 23.0, 24.0, 255.0, 256.0, 65536.0, 4294967296.0, 0.1, -2.5, 1e300, 3.4e38, 1e-45})
    edge.push_back(Row{{"value", Cell(d)}, {"none", Cell()}});
  for (std::size_t n : {23, 24, 255, 256, 65535, 65536, 70000}) edge.push_back(Row{{"text", std::string(n, 'x')}});
  for (int i = 0; i < 300; ++i) edge.push_back(Row{{"text", "第" + std::to_string(i) + "行"}});
  std::string bytes;
  datasets_to_cbor(tables, [&](std::string_view s) { bytes += s; });
  std::vector<std::uint8_t> expected = nlohmann::json::to_cbor(datasets_to_json(tables));
  REQUIRE(bytes.size() == expected.size());
  CHECK(std::equal(expected.begin(), expected.end(), bytes.begin(),
                   [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); }));
  // Read back (the view cache's way, no JSON tree): the same tables; anything that is not
  // tables, or cut short, is refused.
  std::optional<Datasets> direct = datasets_from_cbor(bytes);
  REQUIRE(direct);
  CHECK(datasets_to_json(*direct) == datasets_to_json(tables));
  CHECK_FALSE(datasets_from_cbor(std::string_view(bytes).substr(0, bytes.size() / 2)));
  for (const char* not_tables : {R"({"a": 1})", R"([1, 2])", R"({"a": [1]})", R"({"a": [{"b": [1]}]})"}) {
    std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(nlohmann::json::parse(not_tables));
    CHECK_FALSE(datasets_from_cbor(std::string_view(reinterpret_cast<const char*>(cbor.data()), cbor.size())));
  }
  CHECK(tables.at("comparison").size() == built.tables.at("comparison").size());
  // What nlohmann's own reader makes of the bytes, the same.
  CHECK(nlohmann::json::from_cbor(bytes) == datasets_to_json(*direct));
  // Cut anywhere, or with a byte after the tables: refused, never read past the end.
  for (std::size_t cut = 0; cut < std::min<std::size_t>(bytes.size(), 3000); cut += 7)
    CHECK_FALSE(datasets_from_cbor(std::string_view(bytes).substr(0, cut)));
  CHECK_FALSE(datasets_from_cbor(bytes + '\0'));
  // Not-a-number and the infinities, written as half floats, read back as such.
  Datasets special{{"special",
                    {Row{{"nan", Cell(std::nan(""))},
                         {"inf", Cell(std::numeric_limits<double>::infinity())},
                         {"minus_inf", Cell(-std::numeric_limits<double>::infinity())}}}}};
  std::string special_bytes;
  datasets_to_cbor(special, [&](std::string_view s) { special_bytes += s; });
  std::optional<Datasets> back = datasets_from_cbor(special_bytes);
  REQUIRE(back);
  const Row& row = back->at("special").at(0);
  CHECK(std::isnan(row.at("nan").number()));
  CHECK(row.at("inf").number() == std::numeric_limits<double>::infinity());
  CHECK(row.at("minus_inf").number() == -std::numeric_limits<double>::infinity());
}

// A cached view keeps its texts of 16 bytes or more out of the CBOR (nlohmann reads CBOR
// text a byte at a time): read back, it is the view; a damaged head or text length is refused.
TEST_CASE("a cached view reads back as the view, its texts kept out of the CBOR", "[render][cache]") {
  nlohmann::json item = {{"text", "检查企业12家，发现问题3个。"}, {"index", "1"}, {"empty", ""}, {"n", 2.5}};
  nlohmann::json view = {{"title", std::string(70000, 'x')},
                         {"short", "汇总"},
                         {"items", {item, item, {{"text", "十六个字节的文字"}}}},
                         {"flag", true}};
  const std::string tmpl = "{{title}}|{{short}}|{{#items}}{{index}}:{{text}}:{{empty}}:{{n}};{{/items}}|{{flag}}";
  auto render = [&](const kainjow::mustache::data& d) { return kainjow::mustache::mustache(tmpl).render(d); };
  const std::string expected = render(to_mustache(view));
  const std::string bytes = view_to_cache_bytes(nlohmann::json(view));
  CHECK(bytes.find("检查企业") != std::string::npos);  // the text itself, after the CBOR
  std::optional<kainjow::mustache::data> back = view_from_cache_bytes(bytes);
  REQUIRE(back);
  CHECK(render(*back) == expected);
  const std::size_t eol = bytes.find('\n');
  for (const std::string& damaged : {bytes.substr(0, bytes.size() - 1), bytes.substr(0, eol) + "0" + bytes.substr(eol),
                                     "1 2\n" + bytes.substr(eol + 1), " " + bytes, bytes.substr(eol + 1)})
    CHECK_FALSE(view_from_cache_bytes(damaged));
  // A view without a list.
  nlohmann::json small = {{"title", "一份只有标题的视图，标题超过十六字节"}};
  std::optional<kainjow::mustache::data> one = view_from_cache_bytes(view_to_cache_bytes(nlohmann::json(small)));
  REQUIRE(one);
  CHECK(kainjow::mustache::mustache("{{title}}").render(*one) == small["title"].get<std::string>());
}

// A render converts only the keys its template names (TemplateSet::names_in): the output is
// the same, and what is left out is gone, texts moved out of the CBOR included (the texts
// after them are still read in order).
TEST_CASE("a cached view read for one template keeps only the names it uses, and renders the same", "[render][cache]") {
  nlohmann::json item = {{"index", "1"},
                         {"summary", "全力保障安全生产形势稳定"},
                         {"lead", "一段不用的、超过十六字节的导语文字"},
                         {"nested", {{"deep", {"长长的一段文字，超过十六个字节", "x"}}}},
                         {"text", "检查企业12家，发现问题3个。"}};
  nlohmann::json view = {{"groups", {item, item, item}}, {"unused", {item}}, {"title", "各单位工作总结汇编（标题）"}};
  const std::string tmpl =
      "{{! lead is named only in this comment }}{{title}}\n{{#groups}}{{index}}. {{summary}} "
      "{{text}}{{lead}}\n{{/groups}}";
  TemplateSet set = TemplateSet::from_texts("t", {{"doc.md", tmpl}}, {});
  REQUIRE(set.names_in("doc.md"));
  const ViewNames names = *set.names_in("doc.md");
  CHECK(names.contains("groups"));
  CHECK(names.contains("lead"));
  CHECK_FALSE(names.contains("nested"));
  CHECK_FALSE(names.contains("unused"));
  const std::string bytes = view_to_cache_bytes(nlohmann::json(view));
  std::optional<kainjow::mustache::data> all = view_from_cache_bytes(bytes);
  std::optional<kainjow::mustache::data> kept = view_from_cache_bytes(bytes, &names);
  REQUIRE(all);
  REQUIRE(kept);
  auto render = [&](const kainjow::mustache::data& d) { return kainjow::mustache::mustache(tmpl).render(d); };
  CHECK(render(*kept) == render(*all));
  CHECK(render(*kept).find("超过十六字节的导语") != std::string::npos);
  CHECK(kept->get("unused") == nullptr);
  const kainjow::mustache::data* groups = kept->get("groups");
  REQUIRE(groups);
  REQUIRE(groups->list_value().size() == 3);
  CHECK(groups->list_value()[2].get("nested") == nullptr);
  CHECK(groups->list_value()[2].get("text") != nullptr);
  // A template that never names the list: the view still reads back, without it.
  const ViewNames title_only = {"title"};
  std::optional<kainjow::mustache::data> titled = view_from_cache_bytes(bytes, &title_only);
  REQUIRE(titled);
  CHECK(titled->get("groups") == nullptr);
  CHECK(kainjow::mustache::mustache("{{title}}").render(*titled) == view["title"].get<std::string>());
}

// Keys that are not ASCII names (the comparison's 2023年度:metrics, 一般公共预算收入:text) are
// looked up whole (kainjow splits a name only at its dots); a template that changes its
// delimiters (the names may then touch any characters) keeps every key.
TEST_CASE("a template's names include keys of any characters, and every key under other delimiters",
          "[render][cache]") {
  TemplateSet set = TemplateSet::from_texts("t",
                                            {{"units.md", "{{#units}}[{{2023年度:metrics}}]【{{agency}}】{{/units}}"},
                                             {"delims.md", "{{=-- --=}}--#matrix--[--agency--]--/matrix--"},
                                             {"spaced.md", "{{ = <% %> = }}<%#matrix%><%agency%><%/matrix%>"}},
                                            {{"row", "{{一般公共预算收入:text}}"}});
  std::optional<ViewNames> names = set.names_in("units.md");
  REQUIRE(names);
  CHECK(names->contains("2023年度:metrics"));
  CHECK(names->contains("一般公共预算收入:text"));  // in a partial
  CHECK(names->contains("agency"));
  CHECK(names->contains("units"));
  CHECK_FALSE(set.names_in("delims.md"));
  CHECK_FALSE(set.names_in("spaced.md"));
  nlohmann::json view = {{"units", {{{"2023年度:metrics", "协议总投资 396亿元"}, {"agency", "县商务局"}}}},
                         {"matrix", {{{"agency", "县统计局"}}}}};
  const std::string bytes = view_to_cache_bytes(nlohmann::json(view));
  std::optional<kainjow::mustache::data> kept = view_from_cache_bytes(bytes, &*names);
  REQUIRE(kept);
  CHECK(kainjow::mustache::mustache("{{#units}}[{{2023年度:metrics}}]【{{agency}}】{{/units}}").render(*kept) ==
        "[协议总投资 396亿元]【县商务局】");
}

// A large compendium is rendered one group at a time (its view is never whole as template
// data): the same output as the whole template, the section's lines once per element and
// the view's own keys found inside it; templates where that could differ are refused.
TEST_CASE("a template renders its list one element at a time as it renders the whole view", "[render][cache]") {
  nlohmann::json group = {{"agency", "县应急管理局"},
                          {"problems", {{{"index", "1"}, {"text", "基层监管力量薄弱，专业人才缺乏。"}}}},
                          {"has_problems", true}};
  nlohmann::json other = {{"agency", "县商务局"}, {"problems", nlohmann::json::array()}, {"has_problems", false}};
  nlohmann::json view = {{"groups", {group, other, group}}, {"title", "各单位工作总结汇编"}, {"count", "3"}};
  const std::string compendium =
      "{{! a comment naming groups }}\n# {{title}}\n\n{{#groups}}\n## {{agency}}（共 {{count}} 个）\n\n"
      "{{#problems}}\n{{index}}. {{text}}\n{{/problems}}\n{{^has_problems}}\n未提及。\n{{/has_problems}}\n\n"
      "{{/groups}}\n<!-- {{title}} -->\n";
  TemplateSet set = TemplateSet::from_texts(
      "t",
      {{"doc.md", compendium},
       {"inline.md", "{{#groups}}{{agency}}{{/groups}}\n"},
       {"twice.md", "{{#groups}}\n{{agency}}\n{{/groups}}\n{{^groups}}\n无\n{{/groups}}\n"},
       {"nested.md", "{{#title}}\n{{#groups}}\n{{agency}}\n{{/groups}}\n{{/title}}\n"},
       {"partial.md", "{{#groups}}\n{{> item}}\n{{/groups}}\n"},
       {"delims.md", "{{=<% %>=}}\n<%#groups%>\n<%agency%>\n<%/groups%>\n"},
       {"spaced_inverted.md", "{{#groups}}\n{{agency}}\n{{/groups}}\n{{ ^groups }}\n无\n{{ /groups }}\n"},
       {"spaced_partial.md", "{{#groups}}\n{{agency}}\n{{/groups}}\n{{ > item}}\n"},
       {"spaced_delims.md", "{{ =<% %>= }}\n<%#groups%>\n<%agency%>\n<%/groups%>\n"},
       {"crlf.md",
        "# {{title}}\r\n{{#groups}}\r\n## {{agency}}\r\n{{#problems}}\r\n"
        "{{index}}. {{text}}\r\n{{/problems}}\r\n{{/groups}}\r\n完\r\n"}},
      {{"item", "{{agency}}"}});
  CHECK(set.renders_by_element("doc.md", "groups"));
  for (const char* refused : {"inline.md", "twice.md", "nested.md", "partial.md", "delims.md", "spaced_inverted.md",
                              "spaced_partial.md", "spaced_delims.md"}) {
    INFO(refused);
    CHECK_FALSE(set.renders_by_element(refused, "groups"));
  }
  CHECK_FALSE(set.renders_by_element("doc.md", "units"));  // no such section
  auto escape = [](const std::string& s) { return s; };
  const std::string whole = set.render("doc.md", to_mustache(view), escape);
  const std::string bytes = view_to_cache_bytes(nlohmann::json(view));
  std::optional<ViewElements> elements = ViewElements::read(bytes, "groups", nullptr);
  REQUIRE(elements);
  REQUIRE(elements->size() == 3);
  CHECK(elements->rest.get("groups") == nullptr);
  std::string pieces;
  const std::string by_element = set.render_by_element(
      "doc.md", std::move(elements->rest), "groups", elements->size(),
      [&](std::size_t i) { return *elements->element(i); }, escape, [&](const std::string& s) { pieces += s; });
  CHECK(by_element == whole);
  CHECK(pieces == whole);
  CHECK(whole.find("## 县商务局（共 3 个）") < whole.find("未提及。"));
  // Each element, once rendered, goes to `done` whole and in order (a render that exits
  // after keeps them there rather than freeing them one by one).
  std::optional<ViewElements> kept = ViewElements::read(bytes, "groups", nullptr);
  REQUIRE(kept);
  std::vector<std::string> done_agencies;
  CHECK(set.render_by_element(
            "doc.md", std::move(kept->rest), "groups", kept->size(), [&](std::size_t i) { return *kept->element(i); },
            escape, nullptr,
            [&](kainjow::mustache::data&& e) { done_agencies.push_back(e.get("agency")->string_value()); }) == whole);
  CHECK(done_agencies == std::vector<std::string>{view["groups"][0]["agency"], view["groups"][1]["agency"],
                                                  view["groups"][2]["agency"]});
  // A template saved with Windows line ends is cut at its \r\n lines the same way.
  REQUIRE(set.renders_by_element("crlf.md", "groups"));
  std::optional<ViewElements> again = ViewElements::read(bytes, "groups", nullptr);
  REQUIRE(again);
  CHECK(set.render_by_element(
            "crlf.md", std::move(again->rest), "groups", again->size(),
            [&](std::size_t i) { return *again->element(i); },
            escape) == set.render("crlf.md", to_mustache(view), escape));
  // No elements: as the whole template gives (kainjow leaves a line of an empty section's
  // tags: rendered whole).
  nlohmann::json empty = {{"groups", nlohmann::json::array()}, {"title", "空"}, {"count", "0"}};
  std::optional<ViewElements> none = ViewElements::read(view_to_cache_bytes(nlohmann::json(empty)), "groups", nullptr);
  REQUIRE(none);
  CHECK(set.render_by_element("doc.md", std::move(none->rest), "groups", 0, nullptr, escape) ==
        set.render("doc.md", to_mustache(empty), escape));
}

TEST_CASE("a cached view read one element at a time refuses damaged bytes and views without the list",
          "[render][cache]") {
  nlohmann::json view = {{"groups", {{{"text", "一段超过十六个字节的文字，移出 CBOR"}}, {{"text", "短"}}}},
                         {"title", "标题也超过十六个字节，移出 CBOR"}};
  const std::string bytes = view_to_cache_bytes(nlohmann::json(view));
  std::optional<ViewElements> e = ViewElements::read(bytes, "groups", nullptr);
  REQUIRE(e);
  CHECK(kainjow::mustache::mustache("{{title}}").render(e->rest) == view["title"].get<std::string>());
  CHECK(kainjow::mustache::mustache("{{text}}").render(*e->element(0)) == view["groups"][0]["text"].get<std::string>());
  CHECK(kainjow::mustache::mustache("{{text}}").render(*e->element(1)) == "短");
  CHECK_FALSE(e->element(2));
  CHECK_FALSE(ViewElements::read(bytes, "title", nullptr));  // not a list
  CHECK_FALSE(ViewElements::read(bytes, "units", nullptr));  // not there
  const std::size_t eol = bytes.find('\n');
  for (std::size_t cut : {eol + 1, eol + 3, bytes.size() / 2, bytes.size() - 1})
    CHECK_FALSE(ViewElements::read(bytes.substr(0, cut), "groups", nullptr));
  std::string flipped = bytes;
  flipped[eol + 1] = static_cast<char>(0x9F);  // an indefinite-length array: never written
  CHECK_FALSE(ViewElements::read(flipped, "groups", nullptr));
  // The list's key twice (a hostile file; nlohmann would keep the last): refused.
  const std::string twice = std::string("\xA2\x66groups\x80\x66groups\x80", 17);
  CHECK_FALSE(ViewElements::read("17 0\n" + twice, "groups", nullptr));
  CHECK(ViewElements::read("9 0\n" + twice.substr(0, 9).replace(0, 1, "\xA1"), "groups", nullptr));
  // Nested deeper than a view can be: refused, never a stack overflow.
  nlohmann::json nest = "x";
  for (int i = 0; i < 200; ++i) nest = nlohmann::json::array({nest});
  CHECK_FALSE(ViewElements::read(view_to_cache_bytes(nlohmann::json{{"groups", {nest}}}), "groups", nullptr));
}

// A large build makes the tables after the documents' views and frees what they no longer
// read as it goes (the items' texts once the item rows are made, each group's figures once
// its rows are): the same views and tables as when everything is kept.
TEST_CASE("views made with the aggregate freed as the tables are made are the views made without", "[render]") {
  const Model model = samples_model();
  const ThemeLexicon themes = ThemeLexicon::load();
  const Labels labels = Labels::load();
  ModelViews kept = build_views(model, themes, labels);
  AggregateBuilder builder(themes, labels);
  for (const Report& r : model.reports) builder.add(r);
  Aggregate agg = builder.finish();
  ModelViews freed;
  ViewHooks hooks;
  hooks.tables_first_rows = 0;  // the tables last, as for a large model
  std::size_t items_freed = 0, figures_freed = 0;
  hooks.items_read = [&] {
    for (AgencyPeriod& g : agg.groups) free_item_text(g);
    ++items_freed;
  };
  hooks.figures_read = [&](std::size_t i) {
    free_figures(agg.groups[i]);
    ++figures_freed;
  };
  build_views(freed, agg, model.sources, themes, labels, hooks);
  CHECK(items_freed == 1);
  CHECK(figures_freed == agg.groups.size());
  for (const AgencyPeriod& g : agg.groups)
    for (const Item& it : g.plans) CHECK(it.text.empty());
  CHECK(datasets_to_json(freed.tables) == datasets_to_json(kept.tables));
  CHECK(freed.documents == kept.documents);
}

// A build takes each file's reports as the parse delivers them, their items (themes, fields,
// indicators) made on several threads: the same views and tables as one report at a time.
TEST_CASE("an aggregate whose reports' items are made on threads gives the views of one made report by report",
          "[render][aggregate]") {
  Model model = samples_model();
  const ThemeLexicon themes = ThemeLexicon::load();
  const Labels labels = Labels::load();
  ModelViews one_by_one = build_views(model, themes, labels);
  AggregateBuilder builder(themes, labels);
  // In batches, as files arrive: the first file's reports, then the rest.
  std::vector<Report*> first, rest;
  for (Report& r : model.reports) (r.source.path == model.sources.front().path ? first : rest).push_back(&r);
  REQUIRE(!first.empty());
  REQUIRE(rest.size() > 50);
  builder.take(first, 3);
  builder.take(rest, 3);
  Aggregate agg = builder.finish();
  ModelViews threaded;
  build_views(threaded, agg, model.sources, themes, labels, {});
  CHECK(datasets_to_json(threaded.tables) == datasets_to_json(one_by_one.tables));
  CHECK(threaded.documents == one_by_one.documents);
}

// A view whose list is made one element at a time (the compendium's groups) is cached as the
// same bytes as the whole view, whatever the list's length and place among the keys and the
// other lists beside it.
TEST_CASE("a view cached one list element at a time gives the bytes of the whole view", "[render][cache]") {
  auto element = [](std::size_t i) {
    return nlohmann::json{{"index", std::to_string(i + 1)},
                          {"text", std::string(i % 3 == 0 ? 40 : 5, 'a' + static_cast<char>(i % 26)) + "，问题"},
                          {"items", nlohmann::json::array({"短", "一段超过十六个字节的长文字"})}};
  };
  const std::string long_key = "a_key_longer_than_sixteen_bytes";
  for (std::size_t count : {0, 1, 2, 3, 24, 25, 300}) {
    for (const std::string& list_key : {std::string("groups"), long_key, std::string("zz")}) {
      for (std::size_t other : {std::size_t{0}, count, count + 1}) {
        nlohmann::json rest = {{"title", "各单位工作总结汇编，标题超过十六字节"},
                               {"count", count},
                               {"m_list", nlohmann::json::array()},
                               {long_key + "_x", "v"}};
        for (std::size_t i = 0; i < other; ++i) rest["m_list"].push_back(std::to_string(i));
        nlohmann::json whole = rest;
        whole[list_key] = nlohmann::json::array();
        for (std::size_t i = 0; i < count; ++i) whole[list_key].push_back(element(i));
        INFO("count " << count << ", list " << list_key << ", other list " << other);
        CHECK(view_to_cache_bytes(std::move(rest), list_key, count, element) == view_to_cache_bytes(std::move(whole)));
      }
    }
  }
}

// render_document on two threads parses the Markdown a piece at a time as kainjow renders it
// (cut where markdown_pieces cuts) and makes the .docx from the pieces' trees on the way.
TEST_CASE("a document parsed piece by piece as it is rendered gives the files of one made in turn",
          "[render][documents][docx]") {
  const ModelViews built = build_views(samples_model(), ThemeLexicon::load(), Labels::load());
  auto files_of = [&](const Loaded& l, const std::string& name, bool two_threads) {
    DocumentView d{name, {"标题", "test", "2026-01-01"}, to_mustache(built.documents.at(name)), true, true, true};
    d.two_threads = two_threads;
    std::map<std::string, std::string> files;
    render_document(std::move(d), l.templates, l.styles, [&](RenderedFile&& f) { files[f.name] = f.content; });
    return files;
  };
  {
    Loaded l = load_and_delete_copies();
    for (const char* name : {"compendium", "plans", "briefing"}) {
      auto streamed = files_of(l, name, true);
      REQUIRE(streamed.size() == 3);
      CHECK(streamed == files_of(l, name, false));
    }
    // The samples' compendium is cut into many pieces.
    CHECK(markdown_pieces(files_of(l, "compendium", false).at("compendium.md"), 32 << 10).size() > 5);
  }
  // A template whose first line links to a definition at its end: the document may not be
  // cut (MarkdownCuts::whole), and is seen to be so only at its end, after pieces were parsed.
  fs::path tdir = copy_of_bundled("templates", "linked_templates");
  const std::string tpl = slurp(tdir / "compendium.md.mustache");
  std::ofstream(tdir / "compendium.md.mustache") << "参见[说明][h]。\n\n" << tpl << "\n[h]: https://example.org/\n";
  Loaded l{Templates::load(tdir), Styles::load(copy_of_bundled("styles", "linked_styles"))};
  auto streamed = files_of(l, "compendium", true);
  const std::string& md = streamed.at("compendium.md");
  REQUIRE(md.size() > (64 << 10));
  REQUIRE(markdown_pieces(md, 32 << 10).size() == 1);
  CHECK(streamed == files_of(l, "compendium", false));
  CHECK(streamed.at("compendium.html").find("<a href=\"https://example.org/\">说明</a>") != std::string::npos);
}
