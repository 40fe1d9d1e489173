#include "render/outputs.h"

#include <chrono>
#include <ctime>
#include <map>
#include <optional>

#include "aggregate/aggregate.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/lexicon.h"
#include "render/markdown.h"
#include "render/templates.h"
#include "render/view.h"
#include "render/xlsx.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

std::string read_file_text(const fs::path& p, ExitCode code) {
  return read_file_or_throw(p, code, "check that it exists (or restore the bundled copy)");
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
    throw Error(ExitCode::output, dir.string(), 0,
                "cannot create the output directory" + (ec ? ": " + ec.message() : ""),
                "choose a writable directory for -o");
}

}  // namespace

namespace {

constexpr const char* kStateDir = ".huizong";

struct ViewCache {
  nlohmann::json views;  // briefing, problems, plans, comparison
  Datasets tables;
};

// A string field of a bookkeeping file, or "" when it is missing or not a string (a
// damaged file must not stop a render).
std::string text_field(const nlohmann::json& j, const std::string& key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

nlohmann::json read_json_or_null(const fs::path& p) {
  std::string bytes;
  if (read_whole_file(p, bytes) != 0) return nullptr;
  try {
    if (p.extension() == ".cbor") return nlohmann::json::from_cbor(bytes);
    return nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::exception&) {
    return nullptr;  // a damaged cache is rebuilt, never trusted
  }
}

// The model being rendered: in memory (build), or only its file (render, watch), read
// when the cached views are stale or the file is not the one they were computed from.
struct ModelRef {
  fs::path file;
  std::string stamp;  // of `file`, taken once
  std::string_view text;
  const Model* model = nullptr;
  std::string read_text;  // the file's bytes, once read

  std::string_view text_now() {
    if (!file.empty() && text.empty()) {
      read_text = read_file_or_throw(file, ExitCode::input, "run `huizong parse` or `huizong build` first");
      text = read_text;
    }
    return text;
  }
};

ViewCache compute_views(ModelRef& ref, const ThemeLexicon& themes) {
  Model parsed;
  const Model* model = ref.model;
  if (!model) {
    parsed = parse_model_text(ref.text_now(), ref.file.empty() ? "model.json" : ref.file.string());
    model = &parsed;
  }
  Aggregate agg = aggregate(*model, themes);
  ViewInfo none{};
  ViewCache c;
  c.views["briefing"] = briefing_view(*model, agg, none);
  c.views["problems"] = problems_view(agg, themes, none);
  c.views["plans"] = plans_view(agg, none);
  c.views["comparison"] = comparison_view(agg, none);
  c.tables = workbook_datasets(*model, agg);
  return c;
}

RenderSummary render_outputs(ModelRef& model_ref, const RenderOptions& options) {
  fs::path tdir = data_dir("templates", options.templates_dir);
  fs::path sdir = data_dir("styles", options.styles_dir);
  TemplateSet templates = TemplateSet::load(tdir);
  ThemeLexicon themes = ThemeLexicon::load(options.lexicons_dir);
  WorkbookSpec workbook = WorkbookSpec::load(tdir / "workbook.json");
  std::string screen_css = read_file_text(sdir / "screen.css", ExitCode::template_error);
  std::string print_css = read_file_text(sdir / "print.css", ExitCode::template_error);
  ViewInfo info{options.version, options.generated.empty() ? today() : options.generated};

  // The views depend on the model, the theme lexicon and this build only. Each is cached
  // in its own file and read only when an output that uses it must be rendered.
  // A model file whose stamp is the one recorded is not read again: its hash is known.
  fs::path state_dir = options.out_dir / kStateDir;
  nlohmann::json cache_index = read_json_or_null(state_dir / "views.json");
  if (!cache_index.is_object()) cache_index = nlohmann::json::object();
  const std::string& model_stamp = model_ref.stamp;
  std::string model_hash = !model_stamp.empty() && text_field(cache_index, "model_stamp") == model_stamp
                               ? text_field(cache_index, "model_hash")
                               : fingerprint(model_ref.text_now());
  const std::string key = model_hash + themes.hash + info.version + options.build;
  bool cache_hit = text_field(cache_index, "key") == key;
  std::optional<ViewCache> computed;
  // Straight from the cache file to template data when the cache holds it.
  auto mustache_view_of = [&](const std::string& name) -> kainjow::mustache::data {
    std::string bytes;
    if (cache_hit && read_whole_file(state_dir / (name + ".cbor"), bytes) == 0)
      if (auto d = cbor_to_mustache(bytes); d && d->is_object()) return std::move(*d);
    if (!computed) computed = compute_views(model_ref, themes);
    return to_mustache(computed->views.at(name));
  };
  auto view_of = [&](const std::string& name) -> nlohmann::json {
    if (cache_hit) {
      nlohmann::json v = read_json_or_null(state_dir / (name + ".cbor"));
      if (!v.is_null()) return v;
    }
    if (!computed) computed = compute_views(model_ref, themes);
    return name == "tables" ? datasets_to_json(computed->tables) : computed->views.at(name);
  };

  // What each output depends on; unchanged outputs that still exist are not rewritten.
  nlohmann::json state = read_json_or_null(state_dir / "state.json");
  if (!state.is_object()) state = nlohmann::json::object();
  auto up_to_date = [&](const std::string& name, const std::string& hash) {
    return text_field(state, name) == hash && fs::exists(options.out_dir / name);
  };
  std::string style_hash = fingerprint(templates.source_of("layout.html") + screen_css + print_css);

  // Render everything that changed before writing anything.
  std::vector<RenderedFile> files;
  RenderSummary summary;
  summary.model_hash = model_hash;
  std::map<std::string, std::string> new_hashes;
  for (const auto& [name, title] : kDocuments) {
    std::string md_hash = fingerprint(key + templates.source_of(name + ".md") + info.generated);
    std::string html_hash = fingerprint(md_hash + style_hash + title);
    bool md_ok = up_to_date(name + ".md", md_hash), html_ok = up_to_date(name + ".html", html_hash);
    new_hashes[name + ".md"] = md_hash;
    new_hashes[name + ".html"] = html_hash;
    if (md_ok) summary.unchanged.push_back(name + ".md");
    if (html_ok) summary.unchanged.push_back(name + ".html");
    if (md_ok && html_ok) continue;
    kainjow::mustache::data view = mustache_view_of(name);
    view.set("title", title);
    view.set("version", info.version);
    view.set("generated", info.generated);
    std::string md =
        templates.render(name + ".md", std::move(view), [](const std::string& s) { return escape_markdown_cell(s); });
    md.erase(0, md.find_first_not_of('\n'));  // the line a leading template comment leaves
    if (!html_ok) {
      kainjow::mustache::data page(kainjow::mustache::data::type::object);
      page.set("title", title);
      page.set("version", info.version);
      page.set("generated", info.generated);
      page.set("body", markdown_to_html(md));
      page.set("screen_css", screen_css);
      page.set("print_css", print_css);
      files.push_back({name + ".html",
                       templates.render("layout.html", std::move(page), kainjow::mustache::html_escape<std::string>)});
    }
    if (!md_ok) files.push_back({name + ".md", std::move(md)});
  }
  std::string xlsx_hash = fingerprint(key + workbook.hash);
  new_hashes["comparison.xlsx"] = xlsx_hash;
  bool xlsx_ok = up_to_date("comparison.xlsx", xlsx_hash);
  if (xlsx_ok) summary.unchanged.push_back("comparison.xlsx");

  ensure_directory(options.out_dir);
  ensure_directory(state_dir);
  for (const RenderedFile& f : files) {
    fs::path p = options.out_dir / f.name;
    write_file_atomically(p, f.content);
    summary.written.push_back(p);
  }
  if (!xlsx_ok) {
    fs::path xlsx = options.out_dir / "comparison.xlsx";
    write_xlsx(xlsx, workbook, computed ? computed->tables : datasets_from_json(view_of("tables")));
    summary.written.push_back(xlsx);
  }
  if (!cache_hit) {
    if (!computed) computed = compute_views(model_ref, themes);
    auto save = [&](const std::string& name, const nlohmann::json& v) {
      std::vector<std::uint8_t> bytes = nlohmann::json::to_cbor(v);
      write_file_atomically(state_dir / (name + ".cbor"),
                            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    };
    for (const auto& [name, v] : computed->views.items()) save(name, v);
    save("tables", datasets_to_json(computed->tables));
  }
  nlohmann::json new_index = {{"key", key}, {"model_hash", model_hash}, {"model_stamp", model_stamp}};
  if (new_index != cache_index) write_file_atomically(state_dir / "views.json", new_index.dump() + "\n");
  nlohmann::json old_state = state;
  for (auto& [name, hash] : new_hashes) state[name] = hash;
  if (state != old_state) write_file_atomically(state_dir / "state.json", state.dump(1) + "\n");
  return summary;
}

}  // namespace

RenderSummary render_outputs(std::string_view model_json, const Model* model, const RenderOptions& options) {
  ModelRef ref{{}, {}, model_json, model, {}};
  return render_outputs(ref, options);
}

RenderSummary render_model_file(const fs::path& model_file, const RenderOptions& options) {
  // A missing model is the first thing to report, before any template problem.
  std::string stamp = file_stamp(model_file);
  if (stamp.empty()) read_file_or_throw(model_file, ExitCode::input, "run `huizong parse` or `huizong build` first");
  ModelRef ref{model_file, std::move(stamp), {}, nullptr, {}};
  return render_outputs(ref, options);
}

void note_model_file(const fs::path& model_file, const RenderSummary& rendered, const RenderOptions& options) {
  fs::path index_path = options.out_dir / kStateDir / "views.json";
  nlohmann::json index = read_json_or_null(index_path);
  if (!index.is_object() || text_field(index, "model_hash") != rendered.model_hash) return;
  std::string stamp = file_stamp(model_file);
  if (stamp.empty() || text_field(index, "model_stamp") == stamp) return;
  index["model_stamp"] = stamp;
  write_file_atomically(index_path, index.dump() + "\n");
}

RenderSummary render_outputs(const Model& model, const RenderOptions& options) {
  std::string text = model_to_json_text(model);
  return render_outputs(text, &model, options);
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
