#include "render/outputs.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "aggregate/aggregate.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "common/lexicon.h"
#include "render/markdown.h"
#include "render/templates.h"
#include "render/view.h"
#include "render/xlsx.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

std::string read_file_text(const fs::path& p, ExitCode code) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(code, p.string(), 0, "cannot read file", "check that it exists (or restore the bundled copy)");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string today() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
  return buf;
}

void ensure_directory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw Error(ExitCode::output, dir.string(), 0, "cannot create the output directory" + (ec ? ": " + ec.message() : ""),
                "choose a writable directory for -o");
}

}  // namespace

std::vector<fs::path> render_outputs(const Model& model, const RenderOptions& options) {
  fs::path tdir = data_dir("templates", options.templates_dir);
  fs::path sdir = data_dir("styles", options.styles_dir);
  TemplateSet templates = TemplateSet::load(tdir);
  ThemeLexicon themes = ThemeLexicon::load(options.lexicons_dir);
  WorkbookSpec workbook = WorkbookSpec::load(tdir / "workbook.json");
  std::string screen_css = read_file_text(sdir / "screen.css", ExitCode::template_error);
  std::string print_css = read_file_text(sdir / "print.css", ExitCode::template_error);

  Aggregate agg = aggregate(model, themes);
  ViewInfo info{options.version, options.generated.empty() ? today() : options.generated};
  std::map<std::string, kainjow::mustache::data> views = {
      {"briefing", briefing_view(model, agg, info)},
      {"problems", problems_view(agg, themes, info)},
      {"plans", plans_view(agg, info)},
      {"comparison", comparison_view(agg, info)},
  };

  // Render everything before writing anything.
  std::vector<RenderedFile> files;
  for (const auto& [name, title] : kDocuments) {
    std::string md = templates.render(name + ".md", views.at(name), [](const std::string& s) { return escape_markdown_cell(s); });
    kainjow::mustache::data page(kainjow::mustache::data::type::object);
    page.set("title", title);
    page.set("version", info.version);
    page.set("generated", info.generated);
    page.set("body", markdown_to_html(md));
    page.set("screen_css", screen_css);
    page.set("print_css", print_css);
    std::string html = templates.render("layout.html", page, kainjow::mustache::html_escape<std::string>);
    files.push_back({name + ".md", std::move(md)});
    files.push_back({name + ".html", std::move(html)});
  }
  Datasets tables = workbook_datasets(model, agg);

  ensure_directory(options.out_dir);
  std::vector<fs::path> written;
  for (const RenderedFile& f : files) {
    fs::path p = options.out_dir / f.name;
    write_file_atomically(p, f.content);
    written.push_back(p);
  }
  fs::path xlsx = options.out_dir / "comparison.xlsx";
  write_xlsx(xlsx, workbook, tables);
  written.push_back(xlsx);
  return written;
}

std::string bundled_template_text(const std::string& name) {
  fs::path tdir = data_dir("templates");
  fs::path sdir = data_dir("styles");
  std::vector<fs::path> candidates = {tdir / (name + ".mustache"), tdir / name, sdir / name};
  for (const fs::path& p : candidates)
    if (fs::is_regular_file(p)) return read_file_text(p, ExitCode::usage);
  std::string known;
  for (const fs::path& dir : {tdir, sdir})
    for (const auto& e : fs::directory_iterator(dir)) {
      std::string n = e.path().filename().string();
      if (n.ends_with(".mustache")) n.resize(n.size() - std::string(".mustache").size());
      known += (known.empty() ? "" : ", ") + n;
    }
  throw Error(ExitCode::usage, name, 0, "no bundled template or style of that name", "known: " + known);
}

}  // namespace huizong
