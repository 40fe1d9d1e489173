#include "render/outputs.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <type_traits>

#include "aggregate/aggregate.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "common/thread_heap.h"
#include "render/build_record.h"
#include "render/documents.h"
#include "render/docx_writer.h"
#include "render/heap.h"
#include "render/output_cache.h"
#include "render/output_dir.h"
#include "render/view.h"
#include "render/view_data.h"
#include "render/zip_package.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

std::string today() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::localtime(&t));
  return buf;
}

// Every lexicon file (the *.json of the lexicon directory, by name), read as text and not
// parsed (a render after a template edit parsed four lexicons only to fingerprint them): all
// of them, so that no lexicon the views come to read is left out.
std::string lexicon_files_hash(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(data_dir("lexicons", dir)))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  Fingerprint f;
  std::string bytes;
  for (const fs::path& file : files) {
    f.add(file.filename().string()).add('\0');
    if (read_whole_file(file, bytes) == 0) add_json_tokens(bytes, f);
    f.add('\0');
  }
  return f.hex();
}

// The theme, field and indicator lexicons: read only when views are made (a render after a
// template edit takes its views from the cache), known by their files' bytes till then.
class ThemeSource {
 public:
  explicit ThemeSource(const std::string& dir) : dir_(dir), hash_(lexicon_files_hash(dir)) {}
  const ThemeLexicon& get() const {
    if (!lexicon_) lexicon_ = ThemeLexicon::load(dir_);
    return *lexicon_;
  }
  // Of the files: outputs depending on them are re-rendered when they change.
  const std::string& hash() const { return hash_; }

 private:
  LexiconDir dir_;
  std::string hash_;
  mutable std::optional<ThemeLexicon> lexicon_;
};

// Everything a render reads besides the model.
struct RenderInputs {
  Templates templates;
  Styles styles;
  ThemeSource themes;
  Labels labels;
  std::vector<std::string> unit_order;  // the office's own order of its units, if it gave one
  std::string order_hash;
  std::string briefing_title;          // --title, huizong.json; empty: templates/documents.json's
  std::vector<std::string> selection;  // the outputs to write (output_selected)
  std::string office;                  // {{office}} of every document
  bool exits_after = false;            // RenderOptions::exits_after

  static RenderInputs load(const RenderOptions& o) {
    fs::path tdir = data_dir("templates", o.templates_dir);
    fs::path sdir = data_dir("styles", o.styles_dir);
    Templates templates = Templates::load(tdir);
    ThemeSource themes(o.lexicons_dir);
    Labels labels = Labels::load(o.lexicons_dir);
    std::vector<std::string> order = read_order(o);
    std::string order_text;
    for (const std::string& label : order) order_text += label + '\n';
    std::string order_hash = fingerprint(order_text);
    Styles styles = Styles::load(sdir);
    if (!o.reference_doc.empty()) styles.docx = styles.docx.with_reference(o.reference_doc);
    return {std::move(templates),  std::move(styles), std::move(themes), std::move(labels), std::move(order),
            std::move(order_hash), o.title,           o.outputs,         o.office,          o.exits_after};
  }

  // --order FILE, else order.txt in the lexicon directory when there is one.
  static std::vector<std::string> read_order(const RenderOptions& o) {
    if (!o.order_file.empty()) return read_unit_order(o.order_file);
    fs::path beside = data_dir("lexicons", o.lexicons_dir) / "order.txt";
    std::error_code ec;
    return fs::is_regular_file(beside, ec) ? read_unit_order(beside.string()) : std::vector<std::string>{};
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
      read_text = read_file_or_throw(file, ExitCode::input, _("run `huizong parse` or `huizong build` first"));
      text = read_text;
    }
    return text;
  }
};

// The most fields of the workbook's tables for it to be made beside the documents
// (samples/: 64,000; the 10 MB bench corpus: 520,000).
constexpr std::size_t kSideBySideFields = 200'000;
// A table row holds about 8 fields: the views make the tables first (for the workbook to be
// made beside the documents) only while they are small enough for that.
constexpr std::size_t kTablesFirstRows = kSideBySideFields / 8;

// The views of the model: from the cache when it holds them for this key, else built
// once from the model (which is then parsed from its text if only that is at hand) and
// staged into the cache at once (which also repairs a damaged cache). Each document's
// view and the tables are then taken out, one at a time, by the output made of them.
class ViewSource {
 public:
  ViewSource(OutputCache& cache, OutputDir& dir, const std::string& key, ModelRef& model, const RenderInputs& in)
      : cache_(cache), dir_(dir), key_(key), cached_(cache.holds_views(key)), model_(model), in_(in) {}

  bool cached() const { return cached_; }
  bool built() const { return computed_.has_value(); }

  // The view of document `d`, into d.view (and d.elements: the compendium's groups are read
  // one at a time when its template allows). `bytes`: set to the size of the view as cached.
  // Only what its template can look up (each field of each item costs time).
  void take_document(DocumentView& d, std::size_t& bytes) {
    const std::string& name = d.name;
    const std::optional<ViewNames> names = in_.templates.mustache.names_in(name + ".md");
    const ViewNames* kept = names ? &*names : nullptr;
    if (name == "compendium" && in_.templates.mustache.renders_by_element(name + ".md", kCompendiumList)) {
      ViewElements e = read_view(name, [&](const fs::path& file) {
        return cache_.document_elements_in(file, name, key_, kCompendiumList, &bytes, kept);
      });
      d.view = std::move(e.rest);
      d.list = kCompendiumList;
      d.elements = std::make_shared<const ViewElements>(std::move(e));
      return;
    }
    d.view =
        read_view(name, [&](const fs::path& file) { return cache_.document_view_in(file, name, key_, &bytes, kept); });
  }

  Datasets take_tables() {
    if (cached_ && !computed_)
      if (auto t = cache_.tables(key_)) return std::move(*t);
    return std::move(computed().tables);
  }

  ModelViews& computed() {
    if (!computed_ && make_views) {
      make_views(computed_.emplace(), view_hooks());
      cache_.stage_tables(dir_, computed_->tables, key_);
    }
    if (!computed_) {
      Model parsed;
      const Model* model = model_.model;
      ViewHooks hooks = view_hooks();
      if (!model) {
        parsed = parse_model_text(model_.text_now(), model_.file.empty() ? "model.json" : model_.file.string());
        model = &parsed;
        hooks.text_done = [&] { drop_report_text(parsed); };
      }
      build_views(computed_.emplace(), *model, in_.themes.get(), in_.labels, in_.unit_order, hooks);
      cache_.stage_tables(dir_, computed_->tables, key_);
    }
    return *computed_;
  }

  // Called with the computed tables as soon as they are made (build_views).
  std::function<void(const Datasets&)> tables_made;
  // Makes the views (a build's, from the aggregate it made as the parse went), instead of
  // build_views of the model.
  std::function<void(ModelViews&, const ViewHooks&)> make_views;
  // Called when the model's text is read for the last time (ViewHooks::text_done): a
  // build frees it. A model parsed here from its text is freed so without it.
  std::function<void()> text_done;

 private:
  OutputCache& cache_;
  OutputDir& dir_;
  const std::string& key_;
  bool cached_;

  // A document's view read by `read` (a cache file -> optional view): from the cache when
  // the views are cached, else from the file the views computed now staged.
  template <class Read>
  auto read_view(const std::string& name, const Read& read) ->
      typename std::invoke_result_t<const Read&, const fs::path&>::value_type {
    const fs::path file = dir_.state_dir() / (name + ".cbor");
    if (cached_ && !computed_)
      if (auto view = read(file)) return std::move(*view);
    computed();
    auto view = read(dir_.staged_file(file));
    // untranslated: an internal failure (the file was written just before)
    if (!view) throw std::logic_error("the view of " + name + " made in this run is not readable");
    return std::move(*view);
  }

  ViewHooks view_hooks() {
    ViewHooks hooks;
    hooks.tables_made = tables_made;
    hooks.tables_first_rows = kTablesFirstRows;
    hooks.text_done = text_done;
    // Each document's view is staged into the cache at once and the tree dropped before
    // the next is made; it is read back from the staged file when its document is made
    // (a 100 MB corpus's views are 60 MB of CBOR, not to be held beside the tables).
    hooks.document_made = [this](const std::string& name, nlohmann::json&& view) {
      cache_.stage_view(dir_, name, key_, [&](const OutputDir::Append& out) { view_to_cache(std::move(view), out); });
      view = nullptr;
      give_back_freed_memory();
    };
    hooks.document_made_by_element = [this](const std::string& name, nlohmann::json&& rest, const std::string& list,
                                            std::size_t count,
                                            const std::function<nlohmann::json(std::size_t)>& element) {
      cache_.stage_view(dir_, name, key_, [&](const OutputDir::Append& out) {
        view_to_cache(std::move(rest), list, count, element, out);
      });
      give_back_freed_memory();
    };
    return hooks;
  }
  ModelRef& model_;
  const RenderInputs& in_;
  std::optional<ModelViews> computed_;  // its tables (the documents' views are staged files)
};

// The largest view (as cached) whose document is made on two threads (samples/: 0.6 MB at
// most, the compendium's; the 10 MB bench corpus: 0.03 to 5 MB). A larger document's files
// are made one after the other: the second thread's memory would come from a malloc arena
// of its own, on top of this thread's (a build of the 10 MB corpus: 133 -> 148 MB peak).
constexpr std::size_t kTwoThreadsViewBytes = 1 << 20;

// What a render does: the outputs to render (with their views), the fingerprint of what
// each output is made from, and those already up to date.
struct OutputPlan {
  std::vector<DocumentView> documents;  // their views not yet taken (ViewSource)
  bool workbook = false;
  std::map<std::string, std::string> hashes;
  std::vector<std::string> unchanged;
  // Document -> the fingerprint of what its Markdown, and so its page's body, is made from.
  std::map<std::string, std::string> body_from;
};

// An output is rendered when what it is made from changed or the file is not what was
// recorded (missing, edited, left by a killed run, a link):
// NAME.md from the views' key, its template and partials, its title and the date; NAME.html
// also from the layout and styles; NAME.docx from NAME.md and the .docx parts (styles/docx/
// or the reference document); the workbook from the key and workbook.json.
OutputPlan plan_outputs(OutputCache& cache, const RenderInputs& in, const std::string& key, const ViewInfo& info) {
  OutputPlan plan;
  const TemplateSet& t = in.templates.mustache;
  std::string style_hash = fingerprint(t.source_of("layout.html") + in.styles.screen_css + in.styles.print_css);
  // An output not selected is left as it is: neither rendered nor listed as unchanged.
  auto check = [&](const std::string& name, const std::string& hash) {
    if (!output_selected(in.selection, name)) return true;
    plan.hashes[name] = hash;
    bool ok = cache.up_to_date(name, hash);
    if (ok) plan.unchanged.push_back(name);
    return ok;
  };
  for (const char* name : kDocumentNames) {
    // The office's own title (--title, huizong.json) is whole: no period before it.
    const bool own_title = name == std::string("briefing") && !in.briefing_title.empty();
    const std::string& title = own_title ? in.briefing_title : in.templates.titles.at(name);
    std::string md_hash =
        fingerprint(key + t.source_of(name + std::string(".md")) + info.generated + '\0' + title + '\0' + in.office);
    plan.body_from[name] = md_hash;
    bool md_ok = check(name + std::string(".md"), md_hash);
    bool html_ok = check(name + std::string(".html"), fingerprint(md_hash + style_hash));
    bool docx_ok = check(name + std::string(".docx"), fingerprint(md_hash + in.styles.docx.hash));
    if (!md_ok || !html_ok || !docx_ok)
      plan.documents.push_back({name, {title, info.version, info.generated}, {}, !md_ok, !html_ok, !docx_ok});
  }
  plan.workbook = !check(kWorkbookName, fingerprint(key + in.templates.workbook_hash));
  return plan;
}

// Runs `render`, its errors about an output naming the output's path.
template <class F>
void naming_output_path(const fs::path& out_dir, F render) {
  try {
    render();
  } catch (const Error& e) {
    if (e.code() != ExitCode::output || e.file().empty() || fs::path(e.file()).has_parent_path()) throw;
    throw Error(e.code(), (out_dir / e.file()).string(), e.line(), e.problem(), e.hint());
  }
}

// Every file a run writes into the output folder: the documents, the workbook, and for
// a build the model (render reads OUT_DIR/model.json and never writes it).
std::vector<std::string> output_names(bool build) {
  std::vector<std::string> names{kWorkbookName};
  if (build) names.push_back("model.json");
  for (const char* name : kDocumentNames) {
    names.push_back(name + std::string(".md"));
    names.push_back(name + std::string(".html"));
    names.push_back(name + std::string(".docx"));
  }
  return names;
}

// The workbook (the largest output). On more than one core, while its tables are small,
// it is made on another thread while the documents are made here (libxlsxwriter holds
// every cell until the workbook closes, which beside a large document's peak would raise
// the run's), and from the computed views' own tables as soon as they are made, before the
// documents' views; else when it is taken. Made beside the documents, it is staged after
// them, so a document's error comes first (it leaves by the future's destructor, which
// waits for the thread); made when taken (a large build's), it is made and staged before
// them (render_staged).
class WorkbookJob {
 public:
  WorkbookJob(const RenderInputs& in, const fs::path& out_dir) : in_(in), out_dir_(out_dir) {}

  bool started() const { return made_.valid(); }

  // From tables that are not changed (only read) until it is taken, when it can be made
  // beside the documents and the tables need no cut to fit Excel's rows; returns whether
  // it was started.
  bool start_beside(const Datasets& tables) {
    for (const SheetSpec& sheet : in_.templates.workbook().sheets)
      if (auto it = tables.find(sheet.dataset); it != tables.end() && it->second.size() + 1 > kExcelMaxRows)
        return false;
    if (!beside(tables)) return false;
    made_ = std::async(std::launch::async, [this, &tables] { return make(tables); });
    return true;
  }

  // From tables of its own (taken from the views or the cache), fitted to Excel first.
  void start(Datasets tables, std::vector<std::string>& warnings) {
    for (std::string& w :
         fit_sheets_to_rows(tables, in_.templates.workbook(), kExcelMaxRows, in_.labels.excel_rows_cut))
      warnings.push_back((out_dir_ / kWorkbookName).string() + ": " + w);
    const bool side_by_side = beside(tables);
    made_ = std::async(side_by_side ? std::launch::async : std::launch::deferred,
                       [this, tables = std::move(tables)]() mutable {
                         RenderedFile file = make(tables);
                         tables = {};
                         return file;
                       });
  }

  RenderedFile take() { return made_.get(); }
  // Whether it is made when taken (not beside the documents).
  bool deferred() const { return made_.wait_for(std::chrono::seconds(0)) == std::future_status::deferred; }

 private:
  const RenderInputs& in_;
  const fs::path& out_dir_;
  std::future<RenderedFile> made_;

  static bool beside(const Datasets& tables) {
    return std::thread::hardware_concurrency() > 1 && cell_count(tables) <= kSideBySideFields;
  }

  RenderedFile make(const Datasets& tables) const {
    use_huge_pages_for_thread_heap();  // on the workbook's thread, or the main arena (deferred): nothing
    RenderedFile file{kWorkbookName, {}, {}};
    naming_output_path(out_dir_,
                       [&] { file.content = workbook_bytes(in_.templates.workbook(), tables, kWorkbookName); });
    check_workbook_bytes(file.content, (out_dir_ / kWorkbookName).string());
    return file;
  }
};

// Renders the planned outputs, each staged as soon as it is made and then dropped, so that
// the run holds few outputs (and views) at a time; the workbook (WorkbookJob) is fitted to
// Excel first and checked after. Nothing is replaced before commit(): a failure here leaves
// the outputs as they were.
void render_staged(OutputPlan& plan, ViewSource& views, OutputCache& cache, const RenderInputs& in,
                   const fs::path& out_dir, const std::function<void(RenderedFile&&)>& stage,
                   std::vector<std::string>& warnings, WorkbookJob& workbook) {
  // Taken here: only this thread reads the views (and the cache).
  if (plan.workbook && !workbook.started()) workbook.start(views.take_tables(), warnings);
  // A workbook not made beside the documents is made first and staged at once (written to
  // the staging folder, not held: 27 MB at 100 MB of reports): its tables and bytes are then
  // freed before the documents' peak (a large compendium's). One made beside them is staged
  // last.
  const bool made_first = workbook.started() && workbook.deferred();
  if (made_first) {
    stage(workbook.take());
    give_back_freed_memory();  // the tables', before the documents are made
  }
  for (DocumentView& d : plan.documents) {
    // NAME.md up to date (the layout, the styles or the .docx styles edited): no view read.
    // Only the page wanted: the body of the page there is, when it is what this Markdown
    // gave, in the new layout. Else the pages from NAME.md as it is there.
    if (!d.markdown) {
      std::optional<std::string> body;
      if (d.html && !d.docx) body = cache.body_of(d.name + ".html", plan.body_from.at(d.name));
      if (body) {
        naming_output_path(out_dir, [&] { stage(html_around_body(d, std::move(*body), in.templates, in.styles)); });
        continue;
      }
      // (Its own `from` checked: an output left out of the selection may be out of date.)
      if (std::optional<std::string> markdown = cache.as_recorded(d.name + ".md", plan.body_from.at(d.name))) {
        naming_output_path(out_dir, [&] { render_from_markdown(d, *markdown, in.templates, in.styles, stage); });
        continue;
      }
    }
    std::size_t bytes = 0;
    views.take_document(d, bytes);
    d.two_threads = bytes <= kTwoThreadsViewBytes;
    d.view_bytes = bytes;
    d.view_to_exit = in.exits_after;
    d.view.set("office", in.office);
    d.view.set("has_own_title", d.name == "briefing" && !in.briefing_title.empty());
    const bool large = !d.two_threads;
    if (large) map_large_buffers();
    naming_output_path(out_dir, [&] { render_document(std::move(d), in.templates, in.styles, stage); });
    if (large) give_back_freed_memory();  // a large document's, before the next
  }
  if (workbook.started() && !made_first) stage(workbook.take());
}

// One run over an output folder: what a render reads besides the model, and the folder
// held (render/output_dir.h) with its cache. A build opens it before its parse, to stage
// model.json as the parse delivers each file.
struct RenderRun {
  const RenderOptions& options;
  RenderInputs in;
  OutputDir dir;
  OutputCache cache;

  RenderRun(const RenderOptions& o, const fs::path& model_file, bool build)
      : options(o),
        in(checked_inputs(o)),
        dir(o.out_dir, inputs_of(o, model_file), output_names(build), o.waiting),
        cache(dir) {}

  // Templates and styles are checked before the folder is made. workbook.json is parsed when
  // the workbook is made; a folder without state (everything to make) has it checked first too.
  static RenderInputs checked_inputs(const RenderOptions& o) {
    RenderInputs in = RenderInputs::load(o);
    std::error_code no_state;
    if (output_selected(in.selection, kWorkbookName) && !fs::exists(o.out_dir / kStateDirName / "state.json", no_state))
      in.templates.workbook();
    return in;
  }
  static std::vector<fs::path> inputs_of(const RenderOptions& o, const fs::path& model_file) {
    std::vector<fs::path> inputs = o.inputs;
    if (!model_file.empty()) inputs.push_back(model_file);
    return inputs;
  }
};

// The rest of a render once the model's fingerprint is known: the views (from the cache, or
// made by `views.make_views`, or from the model), the outputs staged, then all committed.
// `build`: model.json is one of the outputs (staged already; `write_model`: it changed).
// `views_made`: called once the views are made (a build frees its reports then).
RenderSummary render_from(RenderRun& run, ModelRef& model, const std::string& model_hash, bool build, bool write_model,
                          std::function<void(ModelViews&, const ViewHooks&)> make_views) {
  RenderInputs& in = run.in;
  OutputCache& cache = run.cache;
  const RenderOptions& options = run.options;
  ViewInfo info{{}, options.version, options.generated.empty() ? today() : options.generated};
  const std::string key = model_hash + in.themes.hash() + in.labels.hash + in.order_hash + info.version + options.build;
  ViewSource views(cache, run.dir, key, model, in);
  views.make_views = std::move(make_views);
  OutputPlan plan = plan_outputs(cache, in, key, info);
  // libzip is opened on the second core while the views are read and the Markdown made.
  std::future<void> zip_opened;
  if (std::any_of(plan.documents.begin(), plan.documents.end(), [](const DocumentView& d) { return d.docx; }))
    zip_opened = std::async(std::launch::async, open_zip_library);

  // Everything is rendered and checked before anything is replaced; the state is staged
  // last. Views not in the cache are computed (and staged) even when no output needs them.
  const std::size_t to_make = plan.hashes.size() - plan.unchanged.size();
  std::size_t made = 0;
  RenderSummary summary{{}, std::move(plan.unchanged), model_hash, {}};
  WorkbookJob workbook(in, options.out_dir);  // after `views`: done before the views' tables go
  if (plan.workbook) {
    in.templates.workbook();  // parsed here, before the threads that read it (and its error first)
    views.tables_made = [&](const Datasets& tables) { workbook.start_beside(tables); };
  }
  if (!views.cached()) views.computed();
  views.tables_made = nullptr;  // views computed later (a damaged cache) give their tables to take_tables()
  give_back_freed_memory();
  // An output edited by hand is kept as OUTPUT.~N~ before it is replaced (unless --force).
  auto keep_edited = [&](const std::string& name) {
    if (!options.force && cache.edited_by_hand(name)) run.dir.keep_before_replacing(options.out_dir / name);
  };
  if (write_model) {
    keep_edited("model.json");
    cache.record("model.json", model_hash, model_hash);  // the model's hash is its text's
    summary.written.push_back(options.out_dir / "model.json");
  } else if (build) {
    summary.unchanged.insert(summary.unchanged.begin(), "model.json");
  }
  render_staged(
      plan, views, cache, in, options.out_dir,
      [&](RenderedFile&& f) {
        run.dir.stage(options.out_dir / f.name, f.content);
        keep_edited(f.name);
        cache.record(f.name, plan.hashes.at(f.name), f.hash.empty() ? quick_fingerprint(f.content) : f.hash);
        if (f.body)
          cache.record_body(f.name, plan.body_from.at(fs::path(f.name).stem().string()), f.body->at, f.body->size);
        summary.written.push_back(options.out_dir / f.name);
        if (options.made) options.made(++made, to_make);
      },
      summary.warnings, workbook);
  cache.stage_state(run.dir, key, model_hash, model.stamp);
  cache.note_pending();
  for (const auto& [target, backup] : run.dir.commit())
    summary.warnings.push_back(
        tr("{} was edited by hand since huizong wrote it: kept as {}", target.string(), backup.filename().string()));
  cache.note_committed(build ? options.out_dir / "model.json" : fs::path(), model_hash);
  return summary;
}

RenderSummary render_with(ModelRef& model, const RenderOptions& options) {
  RenderRun run(options, model.file, false);
  std::string hash = run.cache.model_hash(model.stamp, [&] { return model.text_now(); });
  return render_from(run, model, hash, false, false, nullptr);
}

}  // namespace

RenderSummary render_outputs(std::string_view model_json, const Model* model, const RenderOptions& options) {
  ModelRef ref{{}, {}, model_json, model, {}};
  return render_with(ref, options);
}

RenderSummary render_outputs(const Model& model, const RenderOptions& options) {
  std::string text = model_to_json_text(model);
  return render_outputs(text, &model, options);
}

RenderSummary render_model_file(const fs::path& model_file, const RenderOptions& options) {
  // A missing model is the first thing to report, before any template problem.
  std::string stamp = file_stamp(model_file);
  if (stamp.empty()) read_file_or_throw(model_file, ExitCode::input, _("run `huizong parse` or `huizong build` first"));
  ModelRef ref{model_file, std::move(stamp), {}, nullptr, {}};
  return render_with(ref, options);
}

struct BuildRender::State {
  RenderRun run;
  OutputDir::Stream model_file;
  ModelWriter writer;
  AggregateBuilder aggregate;
  std::vector<Source> sources;
  std::deque<Report> reports;  // each without its lines and sections once aggregated
  std::size_t aggregated = 0;  // reports[0, aggregated) are in the aggregate
  std::size_t report_count = 0;
  bool aggregating = false;  // a file was parsed: the views are to be made
  BuildRecord record;        // the inputs' names and stamps, taken before the parse reads them

  State(const RenderOptions& o, const std::string& generator, const std::string& lexicons_hash)
      : run(o, {}, true),
        model_file(run.dir.stage_stream(o.out_dir / "model.json")),
        writer([this](std::string_view bytes) { model_file.append(bytes); }, generator, lexicons_hash),
        aggregate(run.in.themes.get(), run.in.labels, run.in.unit_order),
        record{generator, lexicons_hash, {}, 0, {}} {
    const std::time_t now = std::time(nullptr);
    for (const fs::path& file : o.inputs)
      record.inputs.push_back({input_name_key(file), {}, input_stamp(file, now), {}, {}});
  }

  // Stages build.json for the next build (build_record.h), unless an input was standard input.
  void stage_record(const std::string& model_hash) {
    if (record.inputs.size() != sources.size()) return;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (run.options.inputs[i] == "-") return;
      record.inputs[i].path = sources[i].path;
      record.inputs[i].hash = sources[i].hash;
      record.inputs[i].warnings = sources[i].warnings;
    }
    record.model_hash = model_hash;
    record.reports = report_count;
    run.dir.stage(run.dir.state_dir() / "build.json", build_record_json(record));
  }

  void aggregate_waiting() {
    std::vector<Report*> waiting;
    for (std::size_t k = aggregated; k < reports.size(); ++k) waiting.push_back(&reports[k]);
    aggregate.take(waiting, run.options.aggregate_threads);  // their figures go with the aggregate's groups
    for (Report* r : waiting) {
      std::vector<ReportLine>().swap(r->lines);  // the aggregate copied what it quotes
      std::vector<Section>().swap(r->sections);
    }
    aggregated = reports.size();
  }
};

BuildRender::BuildRender(const RenderOptions& options, const std::string& generator, const std::string& lexicons_hash)
    : state_(new State(options, generator, lexicons_hash)) {}

BuildRender::~BuildRender() = default;

void BuildRender::add(Source source, std::vector<Report> reports, const std::vector<std::string>& report_json,
                      bool reused) {
  State& st = *state_;
  for (std::size_t k = 0; k < reports.size(); ++k)
    st.writer.add_report_text(k < report_json.size() ? report_json[k] : report_to_json_text(reports[k]));
  st.writer.add_source(source);
  st.sources.push_back(std::move(source));
  st.report_count += reports.size();
  for (Report& r : reports) st.reports.push_back(std::move(r));
  // Files taken unchanged from the last build wait: when every file is, the model is the
  // last one and its views are likely cached. A file parsed anew changes the model.
  st.aggregating = st.aggregating || !reused;
  if (st.aggregating) st.aggregate_waiting();
}

bool BuildRender::last_model_is_own() const { return !state_->run.cache.edited_by_hand("model.json"); }

const std::vector<Source>& BuildRender::sources() const { return state_->sources; }

std::size_t BuildRender::report_count() const { return state_->report_count; }

RenderSummary BuildRender::finish() {
  State& st = *state_;
  st.writer.finish();
  const std::string hash = st.model_file.finish();
  const bool write_model = !st.run.cache.up_to_date("model.json", hash);
  if (!write_model) st.run.dir.unstage_last();
  st.stage_record(hash);
  ModelRef model{};
  auto make_views = [&st](ModelViews& views, const ViewHooks& hooks) {
    st.aggregate_waiting();
    Aggregate agg = st.aggregate.finish();
    ViewHooks freeing = hooks;
    freeing.figures_read = [&agg](std::size_t i) { free_figures(agg.groups[i]); };
    freeing.items_read = [&agg] {
      for (AgencyPeriod& g : agg.groups) free_item_text(g);
      give_back_freed_memory();
    };
    build_views(views, agg, st.sources, st.run.in.themes.get(), st.run.in.labels, freeing);
    agg = {};
    std::deque<Report>().swap(st.reports);  // the views hold what the outputs need
  };
  RenderSummary summary = render_from(st.run, model, hash, true, write_model, make_views);
  return summary;
}

std::optional<UnchangedBuild> render_unchanged_build(const RenderOptions& options, const std::string& generator,
                                                     const std::string& lexicons_hash) {
  const fs::path model_file = options.out_dir / "model.json";
  std::error_code no_state;
  if (!fs::is_regular_file(model_file, no_state)) return std::nullopt;
  std::optional<BuildRecord> record = read_build_record(options.out_dir / kStateDirName);
  bool restamped = false;
  if (!record || !inputs_unchanged(*record, options.inputs, generator, lexicons_hash, restamped)) return std::nullopt;
  RenderRun run(options, {}, true);
  // Checked under the folder's lock: model.json is what the recorded inputs made.
  if (!run.cache.up_to_date("model.json", record->model_hash)) return std::nullopt;
  if (restamped) run.dir.stage(run.dir.state_dir() / "build.json", build_record_json(*record));
  UnchangedBuild out;
  out.reports = record->reports;
  for (BuildInput& in : record->inputs) {
    Source s;
    s.path = std::move(in.path);
    s.hash = std::move(in.hash);
    s.warnings = std::move(in.warnings);
    out.sources.push_back(std::move(s));
  }
  ModelRef model{model_file, file_stamp(model_file), {}, nullptr, {}};
  out.summary = render_from(run, model, record->model_hash, true, false, nullptr);
  return out;
}

bool output_selected(const std::vector<std::string>& selection, const std::string& name) {
  if (selection.empty() || name == "model.json") return true;
  fs::path p(name);
  std::string format = p.extension().string().substr(1);
  for (const std::string& entry : selection)
    if (entry == name || entry == p.stem().string() || entry == format) return true;
  return false;
}

bool known_output_entry(const std::string& entry) {
  for (const std::string& name : output_names(false))
    if (entry == name || entry == fs::path(name).stem().string() ||
        entry == fs::path(name).extension().string().substr(1))
      return true;
  return false;
}

std::string bundled_template_text(const std::string& name) {
  fs::path tdir = data_dir("templates");
  fs::path sdir = data_dir("styles");
  if (name == "reference.docx") return reference_docx(DocxTemplate::load(sdir));
  std::vector<fs::path> candidates = {tdir / (name + ".mustache"), tdir / name, sdir / name};
  for (const fs::path& p : candidates)
    if (fs::is_regular_file(p))
      return read_file_or_throw(p, ExitCode::usage, _("check that it exists (or restore the bundled copy)"));
  std::string known;
  for (const fs::path& dir : {tdir, sdir})
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      std::string n = e.path().filename().string();
      if (n.ends_with(".mustache")) n.resize(n.size() - std::string(".mustache").size());
      known += (known.empty() ? "" : ", ") + n;
    }
  throw Error(ExitCode::usage, name, 0, _("no bundled template or style of that name"),
              tr("known: {}, reference.docx, docx/styles.xml (and the other files of styles/docx/)", known));
}

}  // namespace huizong
