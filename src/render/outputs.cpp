#include "render/outputs.h"

#include <ctime>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "aggregate/aggregate.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/lexicon.h"
#include "render/documents.h"
#include "render/output_cache.h"
#include "render/view.h"
#include "render/view_data.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

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

// Everything a render reads besides the model.
struct RenderInputs {
  Templates templates;
  Styles styles;
  ThemeLexicon themes;
  Labels labels;

  static RenderInputs load(const RenderOptions& o) {
    fs::path tdir = data_dir("templates", o.templates_dir);
    fs::path sdir = data_dir("styles", o.styles_dir);
    Templates templates = Templates::load(tdir);
    ThemeLexicon themes = ThemeLexicon::load(o.lexicons_dir);
    Labels labels = Labels::load(o.lexicons_dir);
    return {std::move(templates), Styles::load(sdir), std::move(themes), std::move(labels)};
  }
};

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

// The views of the model: from the cache when it holds them for this key, else built
// once from the model (which is then parsed from its text if only that is at hand).
class ViewSource {
 public:
  ViewSource(const OutputCache& cache, bool cached, ModelRef& model, const RenderInputs& in)
      : cache_(cache), cached_(cached), model_(model), in_(in) {}

  bool cached() const { return cached_; }
  bool built() const { return computed_.has_value(); }

  kainjow::mustache::data document(const std::string& name) {
    if (cached_)
      if (auto d = cache_.document_view(name)) return std::move(*d);
    return to_mustache(computed().documents.at(name));
  }

  Datasets tables() {
    if (cached_ && !computed_)
      if (auto t = cache_.tables()) return std::move(*t);
    return computed().tables;
  }

  const ModelViews& computed() {
    if (!computed_) {
      Model parsed;
      const Model* model = model_.model;
      if (!model) {
        parsed = parse_model_text(model_.text_now(), model_.file.empty() ? "model.json" : model_.file.string());
        model = &parsed;
      }
      computed_ = build_views(*model, in_.themes, in_.labels);
    }
    return *computed_;
  }

 private:
  const OutputCache& cache_;
  bool cached_;
  ModelRef& model_;
  const RenderInputs& in_;
  std::optional<ModelViews> computed_;
};

// What a render does: the outputs to render (with their views), the fingerprint of what
// each output is made from, and those already up to date.
struct OutputPlan {
  DocumentViews wanted;
  std::map<std::string, std::string> hashes;
  std::vector<std::string> unchanged;
};

// An output is rendered when what it is made from changed or the file is missing:
// NAME.md from the views' key, its template and partials, its title and the date; NAME.html
// also from the layout and styles; the workbook from the key and workbook.json.
OutputPlan plan_outputs(const OutputCache& cache, ViewSource& views, const RenderInputs& in, const std::string& key,
                        const ViewInfo& info) {
  OutputPlan plan;
  const TemplateSet& t = in.templates.mustache;
  std::string style_hash = fingerprint(t.source_of("layout.html") + in.styles.screen_css + in.styles.print_css);
  auto check = [&](const std::string& name, const std::string& hash) {
    plan.hashes[name] = hash;
    bool ok = cache.up_to_date(name, hash);
    if (ok) plan.unchanged.push_back(name);
    return ok;
  };
  for (const char* name : kDocumentNames) {
    const std::string& title = in.templates.titles.at(name);
    std::string md_hash = fingerprint(key + t.source_of(name + std::string(".md")) + info.generated + '\0' + title);
    bool md_ok = check(name + std::string(".md"), md_hash);
    bool html_ok = check(name + std::string(".html"), fingerprint(md_hash + style_hash));
    if (!md_ok || !html_ok)
      plan.wanted.documents.push_back(
          {name, {title, info.version, info.generated}, views.document(name), !md_ok, !html_ok});
  }
  if (!check(kWorkbookName, fingerprint(key + in.templates.workbook.hash))) plan.wanted.workbook = views.tables();
  return plan;
}

// render_documents, its errors about an output naming the output's path.
std::vector<RenderedFile> render_in_memory(DocumentViews views, const RenderInputs& in, const fs::path& out_dir) {
  try {
    return render_documents(std::move(views), in.templates, in.styles);
  } catch (const Error& e) {
    if (e.code() != ExitCode::output || e.file().empty() || fs::path(e.file()).has_parent_path()) throw;
    throw Error(e.code(), (out_dir / e.file()).string(), e.line(), e.problem(), e.hint());
  }
}

RenderSummary render_with(ModelRef& model, const RenderOptions& options, OutputCache& cache) {
  RenderInputs in = RenderInputs::load(options);
  ViewInfo info{{}, options.version, options.generated.empty() ? today() : options.generated};
  std::string model_hash = cache.model_hash(model.stamp, [&] { return model.text_now(); });
  const std::string key = model_hash + in.themes.hash + in.labels.hash + info.version + options.build;
  ViewSource views(cache, cache.holds_views(key), model, in);
  OutputPlan plan = plan_outputs(cache, views, in, key, info);

  // Everything is rendered before anything is written.
  std::vector<RenderedFile> files = render_in_memory(std::move(plan.wanted), in, options.out_dir);
  ensure_directory(options.out_dir);
  ensure_directory(cache.dir());
  RenderSummary summary{{}, std::move(plan.unchanged), model_hash};
  for (const RenderedFile& f : files) {
    write_file_atomically(options.out_dir / f.name, f.content);
    summary.written.push_back(options.out_dir / f.name);
  }
  if (!views.cached() || views.built()) cache.save_views(views.computed());  // also repairs a damaged cache
  cache.save_state(key, model_hash, model.stamp, plan.hashes);
  return summary;
}

}  // namespace

RenderSummary render_outputs(std::string_view model_json, const Model* model, const RenderOptions& options) {
  ModelRef ref{{}, {}, model_json, model, {}};
  OutputCache cache(options.out_dir);
  return render_with(ref, options, cache);
}

RenderSummary render_outputs(const Model& model, const RenderOptions& options) {
  std::string text = model_to_json_text(model);
  return render_outputs(text, &model, options);
}

RenderSummary render_model_file(const fs::path& model_file, const RenderOptions& options) {
  // A missing model is the first thing to report, before any template problem.
  std::string stamp = file_stamp(model_file);
  if (stamp.empty()) read_file_or_throw(model_file, ExitCode::input, "run `huizong parse` or `huizong build` first");
  ModelRef ref{model_file, std::move(stamp), {}, nullptr, {}};
  OutputCache cache(options.out_dir);
  return render_with(ref, options, cache);
}

RenderSummary render_build(const Model& model, std::string_view model_json, std::string_view previous_json,
                           const RenderOptions& options) {
  ModelRef ref{{}, {}, model_json, &model, {}};
  OutputCache cache(options.out_dir);
  RenderSummary summary = render_with(ref, options, cache);
  fs::path model_path = options.out_dir / "model.json";
  if (model_json != previous_json) {  // an unchanged model is not rewritten either
    write_file_atomically(model_path, model_json);
    summary.written.insert(summary.written.begin(), model_path);
  } else {
    summary.unchanged.insert(summary.unchanged.begin(), "model.json");
  }
  cache.note_model_file(model_path, summary.model_hash);
  return summary;
}

std::string bundled_template_text(const std::string& name) {
  fs::path tdir = data_dir("templates");
  fs::path sdir = data_dir("styles");
  std::vector<fs::path> candidates = {tdir / (name + ".mustache"), tdir / name, sdir / name};
  for (const fs::path& p : candidates)
    if (fs::is_regular_file(p))
      return read_file_or_throw(p, ExitCode::usage, "check that it exists (or restore the bundled copy)");
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
