// huizong command line: wires the stages, nothing more.
#include <fmt/core.h>
#include <link.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <thread>

#include "build_id.h"
#include "cli/messages.h"
#include "cli/progress.h"
#include "cli/settings.h"
#include "cli/usage_error.h"
#include "cli/watch.h"
#include "common/error.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "model/model.h"
#include "pipeline/inspect.h"
#include "pipeline/model_file.h"
#include "pipeline/pipeline.h"
#include "render/outputs.h"

namespace {

// The model's "generator": the version, and the build (a hash of the sources). A model
// written by another build is parsed again rather than reused.
constexpr const char* kGenerator = "huizong " HUIZONG_VERSION "+" HUIZONG_BUILD_ID;

using namespace huizong;

constexpr const char* kExitCodes =
    N_("Exit codes: 0 success, 1 usage error, 2 input error (unreadable, undecodable, not a summary),\n"
       "3 output error (cannot write), 4 template error.");

struct ParseArgs {
  std::vector<std::string> inputs;
  std::string output;
  std::string lexicons;
  std::string config;  // --config: a huizong.json other than ./huizong.json
  unsigned jobs = 0;
  bool list = false;
  bool keep_going = false;
};

struct RenderArgs {
  std::string model;
  std::string out_dir;
  std::string templates, styles, lexicons;
  std::string order;  // the units' order file (--order)
  std::string reference_doc;
  std::string print_template;
  std::string config;
  std::string title, office;
  std::vector<std::string> outputs;
  bool force = false;
};

// What huizong.json says fills what the command line left unsaid.
void apply_settings(const std::string& config, std::string& lexicons, RenderArgs* r) {
  std::optional<Settings> s = find_settings(config);
  if (s) {
    auto fill = [](std::string& arg, const std::string& value) {
      if (arg.empty()) arg = value;
    };
    fill(lexicons, s->lexicons);
    if (r) {
      fill(r->templates, s->templates);
      fill(r->styles, s->styles);
      fill(r->reference_doc, s->reference_doc);
      fill(r->order, s->order);
      fill(r->title, s->title);
      fill(r->office, s->office);
      if (r->outputs.empty()) r->outputs = s->outputs;
    }
  }
  if (r) {
    r->title = expand_title(r->title, r->office);
    for (const std::string& entry : r->outputs)
      if (!known_output_entry(entry))
        throw Error(ExitCode::usage, entry, 0, _("no output of that name"),
                    _("give document names (briefing, compendium, problems, plans, comparison), formats (md, html, "
                      "docx, xlsx) or file names (briefing.docx) to --outputs"));
  }
}

constexpr const char* kOrderHelp =
    N_("Units' order in every output: a text file, one unit label a line (default: order.txt in the lexicon "
       "directory if there is one, else the order units first appear in the inputs; unsigned reports last)");

void print_error(const Error& e) { std::cerr << "huizong: " << e.one_line() << "\n"; }

// "huizong: FILE: warning: WHAT" (FILE may be empty).
void print_warning(const std::string& file, const std::string& what) {
  std::cerr << "huizong: " << (file.empty() ? "" : file + ": ") << tr("warning: {}", what) << "\n";
}

// Files of an input folder that are not read: one warning each, saying how to convert.
void print_skipped(const std::vector<SkippedFile>& skipped) {
  for (const SkippedFile& f : skipped) print_warning(f.path, f.reason);
}

void print_warnings(const Source& s) {
  for (const std::string& w : s.warnings) print_warning(s.path, translated_warning(w));
}

void print_written(const RenderSummary& s, double ms) {
  for (const std::string& w : s.warnings) print_warning("", w);
  std::string names;
  for (const auto& p : s.written) names += (names.empty() ? "" : ", ") + p.filename().string();
  std::cerr << "huizong: "
            << (names.empty()
                    ? tr("wrote {} file(s) in {:.0f} ms; {} unchanged", s.written.size(), ms, s.unchanged.size())
                    : tr("wrote {} file(s) in {:.0f} ms: {}; {} unchanged", s.written.size(), ms, names,
                         s.unchanged.size()))
            << "\n";
}

RenderOptions render_options(const RenderArgs& a) {
  RenderOptions o;
  o.waiting = [dir = a.out_dir](long pid) {
    std::cerr << "huizong: " << dir << ": "
              << (pid > 0 ? tr("another huizong run (pid {}) is writing this folder; waiting for it", pid)
                          : std::string(_("another huizong run is writing this folder; waiting for it")))
              << "\n";
  };
  o.out_dir = a.out_dir;
  o.templates_dir = a.templates;
  o.styles_dir = a.styles;
  o.reference_doc = a.reference_doc;
  o.lexicons_dir = a.lexicons;
  o.order_file = a.order;
  o.title = a.title;
  o.office = a.office;
  o.outputs = a.outputs;
  o.force = a.force;
  o.version = HUIZONG_VERSION;
  o.build = HUIZONG_BUILD_ID;
  return o;
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

int run_render(const RenderArgs& a) {
  if (!a.print_template.empty()) {
    if (a.print_template.ends_with(".docx") && isatty(STDOUT_FILENO))
      throw Error(ExitCode::usage, a.print_template, 0, _("a .docx is not for the terminal"),
                  _("redirect it to a file: huizong render --print-default-template reference.docx > reference.docx"));
    std::cout << bundled_template_text(a.print_template);
    return 0;
  }
  if (a.model.empty() || a.out_dir.empty())
    throw Error(ExitCode::usage, "", 0, _("render needs MODEL and -o OUTDIR"), _("see `huizong render --help`"));
  auto start = std::chrono::steady_clock::now();
  // A render's threads (a .docx beside its HTML, the workbook) take their memory from the
  // heap tune_memory prepared: a thread's own arena faults in every page it uses (~900
  // faults, the .docx thread's gain and more, for compendium.docx).
  mallopt(M_ARENA_MAX, 1);
  RenderOptions options = render_options(a);
  options.exits_after = true;
  RenderSummary summary = render_model_file(a.model, options);
  print_written(summary, elapsed_ms(start));
  return 0;
}

// The summary lines of a build: each input's warnings, the counts, what was written.
// `same`: no file changed since the last build (render_unchanged_build), model.json kept.
void print_build_summary(const std::vector<Source>& sources, std::size_t parsed, std::size_t reused,
                         std::size_t reports, const RenderSummary& summary, double ms, bool same = false) {
  std::size_t warnings = 0;
  for (const Source& s : sources) {
    print_warnings(s);
    warnings += s.warnings.size();
  }
  std::cerr << "huizong: "
            << (same ? tr("{} file(s) unchanged since the last build (model.json kept), {} report(s), {} warning(s)",
                          sources.size(), reports, warnings)
                     : tr("{} file(s) ({} parsed, {} unchanged), {} report(s), {} warning(s)", sources.size(), parsed,
                          reused, reports, warnings))
            << "\n";
  print_written(summary, ms);
}

int run_build(const ParseArgs& p, const RenderArgs& r) {
  auto start = std::chrono::steady_clock::now();
  Lexicons lex = Lexicons::load(p.lexicons);
  std::vector<SkippedFile> skipped;
  std::vector<std::filesystem::path> files = expand_inputs(p.inputs, &skipped);
  check_output_apart_from_inputs(files, r.out_dir, true);
  print_skipped(skipped);
  RenderOptions options = render_options(r);
  options.inputs = files;
  Progress progress(files.size());
  options.made = [&](std::size_t made, std::size_t to_make) { progress.output_written(made, to_make); };
  // Inputs unchanged since the last build: its model.json stands, nothing is parsed.
  if (std::optional<UnchangedBuild> same = render_unchanged_build(options, kGenerator, lex.hash)) {
    progress.clear();
    print_build_summary(same->sources, 0, same->sources.size(), same->reports, same->summary, elapsed_ms(start), true);
    return 0;
  }
  // Files parsed one at a time (the default for a small input, or a single file) leave the
  // other cores free for the reports' items.
  if (p.jobs == 0 && parse_jobs(files, 0) == 1)
    options.aggregate_threads = std::max(1u, std::thread::hardware_concurrency());
  ParseStats stats;
  // The render takes each file's reports as the parse delivers them (the model is never
  // whole in memory), and renders once all are in.
  BuildRender render(options, kGenerator, lex.hash);
  // The previous build's model lets unchanged files skip parsing, unless it was edited by hand.
  LastModel last = render.last_model_is_own()
                       ? read_last_model(std::filesystem::path(r.out_dir) / "model.json", kGenerator, lex.hash)
                       : LastModel{};
  ParseOptions parse_options{p.jobs, last.model ? &*last.model : nullptr, /*serialize=*/true};
  parse(files, lex, parse_options, [&](std::size_t, FileResult&& f) {
    (f.reused ? stats.reused : stats.parsed)++;
    progress.file_done(f.reports.size());
    render.add(std::move(f.source), std::move(f.reports), f.report_json, f.reused);
  });
  last = {};  // the reports taken from it are copies
  progress.rendering(render.sources().size(), render.report_count());
  RenderSummary summary = render.finish();
  progress.clear();
  print_build_summary(render.sources(), stats.parsed, stats.reused, render.report_count(), summary, elapsed_ms(start));
  return 0;
}

std::string clock_now() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", std::localtime(&t));
  return buf;
}

int run_watch(const ParseArgs& p, const RenderArgs& r) {
  // First a full build, so there is something to keep when a later edit breaks.
  try {
    run_build(p, r);
  } catch (const Error& e) {
    print_error(e);
  } catch (const std::exception& e) {
    std::cerr << "huizong: " << tr("internal error: {} — please report this", e.what()) << "\n";
  }
  WatchTargets targets{p.inputs, data_dir("lexicons", p.lexicons).string(), data_dir("templates", r.templates).string(),
                       data_dir("styles", r.styles).string()};
  std::cerr << "huizong: " << _("watching inputs, lexicons, templates and styles; Ctrl-C to stop") << "\n";
  return watch_loop(targets, [&](const WatchChange& change) {
    std::string what;
    for (const auto& n : change.names) what += (what.empty() ? "" : ", ") + n;
    std::cerr << "huizong: [" << clock_now() << "] " << tr("{} changed", what) << "\n";
    try {
      if (change.inputs) {
        run_build(p, r);
      } else {
        auto start = std::chrono::steady_clock::now();
        RenderSummary summary = render_model_file(std::filesystem::path(r.out_dir) / "model.json", render_options(r));
        print_written(summary, elapsed_ms(start));
      }
    } catch (const Error& e) {
      // Keep watching: the outputs of the last good run are still in place.
      std::cerr << "huizong: " << tr("{} (previous outputs kept)", e.one_line()) << "\n";
    } catch (const std::exception& e) {
      std::cerr << "huizong: " << tr("internal error: {} (previous outputs kept; please report this)", e.what())
                << "\n";
    }
  });
}

// `huizong inspect FILE`: where every physical line went.
int run_inspect(const std::string& file, const std::string& lexicons) {
  Inspection in = inspect_file(file, Lexicons::load(lexicons));
  std::cout << in.summary << "\n";
  for (const std::string& line : in.reports) std::cout << line << "\n";
  for (const std::string& line : in.lines) std::cout << line << "\n";
  for (const std::string& w : in.warnings) print_warning(file, translated_warning(w));
  return 0;
}

int run_parse(const ParseArgs& a) {
  Lexicons lex = Lexicons::load(a.lexicons);
  std::vector<std::filesystem::path> files;
  std::size_t failed = 0;
  for (const std::string& input : a.inputs) {
    try {
      std::vector<SkippedFile> skipped;
      for (auto& f : expand_inputs({input}, &skipped)) files.push_back(std::move(f));
      print_skipped(skipped);
    } catch (const Error& e) {
      if (!a.keep_going) throw;
      print_error(e);
      ++failed;
    }
  }
  drop_repeated_inputs(files);
  ErrorSink on_error;
  if (a.keep_going)
    on_error = [&](std::size_t, const Error& e) {
      print_error(e);
      ++failed;
    };
  auto on_file = [&](const FileResult& r) {
    if (a.list)
      for (const Report& report : r.reports) std::cout << report_list_line(report) << "\n";
    print_warnings(r.source);
  };
  StreamCounts n = parse_to_model_file(files, lex, a.jobs, a.output, kGenerator, on_file, on_error);
  std::cerr << "huizong: "
            << (failed ? tr("parsed {} file(s), {} report(s), {} warning(s), {} input(s) failed -> {}", n.sources,
                            n.reports, n.warnings, failed, a.output)
                       : tr("parsed {} file(s), {} report(s), {} warning(s) -> {}", n.sources, n.reports, n.warnings,
                            a.output))
            << "\n";
  return failed ? static_cast<int>(ExitCode::input) : 0;
}

// The code of the program and of the libraries loaded with it (libc, libm), mapped by one
// call each: page by page it took ~50 faults of a re-render, each mapping 64 KB.
int map_code(dl_phdr_info* info, std::size_t, void*) {
  constexpr std::uintptr_t kPage = 4 << 10;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD || !(segment.p_flags & PF_X)) continue;
    std::uintptr_t begin = (info->dlpi_addr + segment.p_vaddr) & ~(kPage - 1);
    std::uintptr_t end = info->dlpi_addr + segment.p_vaddr + segment.p_memsz;
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_READ);
  }
  return 0;
}

// A re-render after a template edit mostly waits for page faults (docs/performance.md):
// keep freed memory for reuse instead of returning it to the system and refaulting it.
void tune_memory() {
  dl_iterate_phdr(map_code, nullptr);
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  // Grow the heap once and ask for transparent huge pages on it: one fault then maps
  // 2 MiB instead of 4 KiB (what glibc.malloc.hugetlb=1 does, without the environment).
  constexpr std::size_t kHeap = 64 << 20, kHuge = 2 << 20, kPage = 4 << 10;
  void* block = std::malloc(kHeap);
  if (!block) return;
  auto begin = (reinterpret_cast<std::uintptr_t>(block) + kHuge - 1) & ~(kHuge - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(block) + kHeap) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  // No huge page fits below the first 2 MiB boundary (up to 2 MiB, wherever the heap's
  // random start puts it), where the first allocations land: its pages are faulted in by
  // one call instead of one fault each (a re-render's ~270 faults of ~26 µs on this VM).
  auto head = reinterpret_cast<std::uintptr_t>(block) & ~(kPage - 1);
  if (begin > head) madvise(reinterpret_cast<void*>(head), begin - head, MADV_POPULATE_WRITE);
  std::free(block);
}

// CLI11's own words in the help (headings, REQUIRED), and the help flag's description.
void localise_help(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("REQUIRED"),
                            N_("Positionals"), N_("Needs"), N_("Excludes")})
    f->label(label, _(label));
  app.option_defaults()->group(_("Options"));
  app.set_help_flag("-h,--help", _("Print this help message and exit"));
}

// Every subcommand and the arguments CLI11 fills in.
struct Commands {
  ParseArgs parse_args, build_parse, watch_parse;
  RenderArgs render_args, build_render, watch_render;
  std::string inspect_path, inspect_lexicons, inspect_config;
  std::string init_dir = ".";
  CLI::App *parse = nullptr, *render = nullptr, *build = nullptr, *watch = nullptr, *inspect = nullptr, *init = nullptr;
};

constexpr const char* kConfigHelp = N_("Settings file (default: huizong.json in the current folder, if there is one)");

// What the documents look like: render, build and watch take the same three options.
void add_look_options(CLI::App* cmd, RenderArgs& a, const std::string& styles_help) {
  cmd->add_option("--templates", a.templates, _("Template directory (default: the bundled templates)"));
  cmd->add_option("--styles", a.styles, styles_help);
  cmd->add_option("--reference-doc", a.reference_doc,
                  _("A .docx whose styles, page setup and footers the .docx outputs take (default: GB/T 9704)"));
}

// The options of huizong.json that render, build and watch also take on the command line.
void add_office_options(CLI::App* cmd, RenderArgs& a) {
  cmd->add_option("--config", a.config, _(kConfigHelp));
  cmd->add_option("--title", a.title,
                  _("The briefing's title; {office} stands for the office (default: templates/documents.json)"));
  cmd->add_option("--office", a.office, _("The office sending the documents ({{office}} in the templates)"));
  cmd->add_option("--outputs", a.outputs,
                  _("Outputs to write, comma-separated: documents (briefing, compendium, problems, plans, comparison), "
                    "formats (md, html, docx, xlsx) or files (briefing.docx); default: all"))
      ->delimiter(',');
  cmd->add_flag("--force", a.force, _("Replace outputs edited by hand without keeping them as FILE.~N~"));
}

CLI::App* add_parse(CLI::App& app, ParseArgs& a) {
  CLI::App* cmd =
      app.add_subcommand("parse", _("Parse summaries (.txt files or directories of them) into a JSON model"));
  cmd->add_option("inputs", a.inputs, _("Files or directories (every .txt inside, sorted)"))->required();
  cmd->add_option("-o,--output", a.output, _("Model file to write (JSON)"))->required();
  cmd->add_option("--lexicons", a.lexicons, _("Directory with the lexicon files (default: the bundled set)"));
  cmd->add_option("-j,--jobs", a.jobs,
                  _("Files parsed in parallel (default: one per 4 MB of input, at most one per core)"));
  cmd->add_flag("--list", a.list, _("Print one line per report on stdout"));
  cmd->add_option("--config", a.config, _(kConfigHelp));
  cmd->add_flag("-k,--keep-going", a.keep_going,
                _("Report unreadable inputs and go on with the others (exit code 2 if any failed)"));
  cmd->footer(_("\nExample:\n  huizong parse samples/ -o model.json --list"));
  return cmd;
}

CLI::App* add_render(CLI::App& app, RenderArgs& a) {
  CLI::App* cmd =
      app.add_subcommand("render", _("Render a parsed model into the briefing, digests and tables (no parsing)"));
  cmd->add_option("model", a.model, _("Model file written by `huizong parse` or `huizong build`"));
  cmd->add_option("-o,--output", a.out_dir, _("Output directory (created if missing)"));
  add_look_options(cmd, a, _("Style directory with screen.css, print.css, docx/ (default: bundled)"));
  cmd->add_option("--lexicons", a.lexicons, _("Lexicon directory (themes.json, labels.json; default: bundled)"));
  cmd->add_option("--order", a.order, _(kOrderHelp));
  cmd->add_option("--print-default-template", a.print_template,
                  _("Print a bundled template or style to start editing from (e.g. briefing.md, layout.html, "
                    "workbook.json, print.css, reference.docx)"));
  add_office_options(cmd, a);
  cmd->footer(
      _("\nExamples:\n  huizong render out/model.json -o out/\n  huizong render --print-default-template briefing.md > "
        "mytemplates/briefing.md.mustache\n"
        "  huizong render --print-default-template reference.docx > office.docx   # edit, then --reference-doc "
        "office.docx"));
  return cmd;
}

// build and watch take the same inputs and options.
CLI::App* add_build_like(CLI::App& app, const std::string& name, const std::string& what, ParseArgs& p, RenderArgs& r) {
  CLI::App* cmd = app.add_subcommand(name, what);
  cmd->add_option("inputs", p.inputs, _("Files or directories (every .txt/.docx inside, sorted)"))->required();
  cmd->add_option("-o,--output", r.out_dir, _("Output directory (created if missing)"))->required();
  add_look_options(cmd, r, _("Style directory (default: bundled)"));
  cmd->add_option("--lexicons", p.lexicons, _("Lexicon directory (default: bundled)"));
  cmd->add_option("--order", r.order, _(kOrderHelp));
  cmd->add_option("-j,--jobs", p.jobs,
                  _("Files parsed in parallel (default: one per 4 MB of input, at most one per core)"));
  add_office_options(cmd, r);
  return cmd;
}

CLI::App* add_inspect(CLI::App& app, std::string& file, std::string& lexicons, std::string& config) {
  CLI::App* cmd = app.add_subcommand(
      "inspect", _("Show where every line of one input went (front matter, ledger, report, section)"));
  cmd->add_option("file", file, _("One .txt or .docx file"))->required();
  cmd->add_option("--lexicons", lexicons, _("Lexicon directory (default: bundled)"));
  cmd->add_option("--config", config, _(kConfigHelp));
  cmd->footer(_("\nExample:\n  huizong inspect samples/000_ccd03a349e8ccd45.txt | less"));
  return cmd;
}

void add_commands(CLI::App& app, Commands& c) {
  c.parse = add_parse(app, c.parse_args);
  c.render = add_render(app, c.render_args);
  c.build = add_build_like(app, "build", _("Parse inputs and render everything into one directory (parse + render)"),
                           c.build_parse, c.build_render);
  c.build->footer(_("\nExample:\n  huizong build samples/ -o out/   # then open out/briefing.html"));
  c.watch = add_build_like(app, "watch",
                           _("Build, then rebuild or re-render whenever inputs, lexicons, templates or styles change"),
                           c.watch_parse, c.watch_render);
  c.watch->footer(_("\nExample:\n  huizong watch samples/ -o out/ --templates mytemplates/   # Ctrl-C to stop"));
  c.inspect = add_inspect(app, c.inspect_path, c.inspect_lexicons, c.inspect_config);
  c.init = app.add_subcommand("init",
                              _("Make a working folder: huizong.json, copies of the templates, styles and lexicons to "
                                "edit, and in/ for the summaries"));
  c.init->add_option("dir", c.init_dir, _("The folder (created if missing; default: the current folder)"));
  c.init->footer(_("\nExample:\n  huizong init office/ && cd office && huizong build in/ -o out/"));
}

// huizong.json (or --config) fills in what each command's line left out.
void apply_all_settings(Commands& c) {
  if (*c.parse) apply_settings(c.parse_args.config, c.parse_args.lexicons, nullptr);
  if (*c.render) apply_settings(c.render_args.config, c.render_args.lexicons, &c.render_args);
  if (*c.build) apply_settings(c.build_render.config, c.build_parse.lexicons, &c.build_render);
  if (*c.watch) apply_settings(c.watch_render.config, c.watch_parse.lexicons, &c.watch_render);
  if (*c.inspect) apply_settings(c.inspect_config, c.inspect_lexicons, nullptr);
}

// Runs the chosen subcommand; every error becomes one line and its exit code.
int run(Commands& c) {
  try {
    if (*c.init) {
      init_office(c.init_dir, std::cout);
      return 0;
    }
    if (!c.render_args.print_template.empty()) return run_render(c.render_args);
    apply_all_settings(c);
    c.build_render.lexicons = c.build_parse.lexicons;
    c.watch_render.lexicons = c.watch_parse.lexicons;
    if (*c.parse) return run_parse(c.parse_args);
    if (*c.render) return run_render(c.render_args);
    if (*c.build) return run_build(c.build_parse, c.build_render);
    if (*c.watch) return run_watch(c.watch_parse, c.watch_render);
    if (*c.inspect) return run_inspect(c.inspect_path, c.inspect_lexicons);
  } catch (const Error& e) {
    print_error(e);
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "huizong: " << tr("internal error: {} — please report this with the input that caused it", e.what())
              << "\n";
    return 70;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  tune_memory();
  init_messages();
  CLI::App app{_("huizong — consolidate Chinese government work summaries into briefings, digests and tables")};
  localise_help(app);
  app.footer(std::string(_("\nExamples:\n  huizong init office/ && cd office && huizong build in/ -o out/\n"
                           "  huizong build samples/ -o out/\n  huizong parse samples/ -o model.json --list\n"
                           "  huizong render out/model.json -o out/ --templates mytemplates/\n\n")) +
             _(kExitCodes));
  app.require_subcommand(1);
  Commands commands;
  add_commands(app, commands);
  for (CLI::App* sub : app.get_subcommands({})) sub->get_help_ptr()->group(_("Options"));
  // CLI11 would say "A subcommand is required" for a misspelt command: name it instead.
  std::vector<CLI::App*> subcommands = app.get_subcommands({});
  if (argc > 1 && argv[1][0] != '-' && std::none_of(subcommands.begin(), subcommands.end(), [&](const CLI::App* sub) {
        return sub->check_name(argv[1]);
      })) {
    std::string names;
    for (const CLI::App* sub : subcommands) names += (names.empty() ? "" : ", ") + sub->get_name();
    std::cerr << "huizong: " << tr("unknown command '{}' — the commands are {} (see `huizong --help`)", argv[1], names)
              << "\n";
    return static_cast<int>(ExitCode::usage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    std::cerr << "huizong: " << usage_error_line(e, app) << "\n";
    return static_cast<int>(ExitCode::usage);
  }
  return run(commands);
}
