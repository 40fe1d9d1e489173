// huizong command line: wires the stages, nothing more.
#include <fmt/core.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <iostream>

#include "build_id.h"
#include "cli/settings.h"
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
    "Exit codes: 0 success, 1 usage error, 2 input error (unreadable, undecodable, not a summary),\n"
    "3 output error (cannot write), 4 template error.";

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
    "Units' order in every output: a text file, one unit label a line (default: order.txt in the lexicon "
    "directory if there is one, else the order units first appear in the inputs; unsigned reports last)";

void print_error(const Error& e) { std::cerr << "huizong: " << e.one_line() << "\n"; }

// Files of an input folder that are not read: one warning each, saying how to convert.
void print_skipped(const std::vector<SkippedFile>& skipped) {
  for (const SkippedFile& f : skipped) std::cerr << "huizong: " << f.path << ": warning: " << f.reason << "\n";
}

void print_warnings(const Source& s) {
  for (const std::string& w : s.warnings) std::cerr << "huizong: " << s.path << ": warning: " << w << "\n";
}

void print_written(const RenderSummary& s, double ms) {
  for (const std::string& w : s.warnings) std::cerr << "huizong: warning: " << w << "\n";
  std::string names;
  for (const auto& p : s.written) names += (names.empty() ? "" : ", ") + p.filename().string();
  std::cerr << fmt::format("huizong: wrote {} file(s) in {:.0f} ms{}{}; {} unchanged\n", s.written.size(), ms,
                           names.empty() ? "" : ": ", names, s.unchanged.size());
}

RenderOptions render_options(const RenderArgs& a) {
  RenderOptions o;
  o.waiting = [dir = a.out_dir](long pid) {
    std::cerr << "huizong: " << dir << ": another huizong run"
              << (pid > 0 ? fmt::format(" (pid {})", pid) : std::string())
              << " is writing this folder; waiting for it\n";
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
      throw Error(ExitCode::usage, a.print_template, 0, "a .docx is not for the terminal",
                  "redirect it to a file: huizong render --print-default-template reference.docx > reference.docx");
    std::cout << bundled_template_text(a.print_template);
    return 0;
  }
  if (a.model.empty() || a.out_dir.empty())
    throw Error(ExitCode::usage, "", 0, "render needs MODEL and -o OUTDIR", "see `huizong render --help`");
  auto start = std::chrono::steady_clock::now();
  RenderSummary summary = render_model_file(a.model, render_options(a));
  print_written(summary, elapsed_ms(start));
  return 0;
}

int run_build(const ParseArgs& p, const RenderArgs& r) {
  auto start = std::chrono::steady_clock::now();
  // The previous build's model lets unchanged files skip parsing.
  LastModel last = read_last_model(std::filesystem::path(r.out_dir) / "model.json", kGenerator);
  Lexicons lex = Lexicons::load(p.lexicons);
  std::vector<SkippedFile> skipped;
  std::vector<std::filesystem::path> files = expand_inputs(p.inputs, &skipped);
  check_output_apart_from_inputs(files, r.out_dir, true);
  print_skipped(skipped);
  ParseStats stats;
  Model model = parse_files(files, lex, {p.jobs, last.model ? &*last.model : nullptr}, &stats);
  model.generator = kGenerator;
  RenderOptions options = render_options(r);
  options.inputs = files;
  RenderSummary summary = render_build(model, model_to_json_text(model), options);
  std::size_t warnings = 0;
  for (const Source& s : model.sources) {
    print_warnings(s);
    warnings += s.warnings.size();
  }
  std::cerr << fmt::format("huizong: {} file(s) ({} parsed, {} unchanged), {} report(s), {} warning(s)\n",
                           model.sources.size(), stats.parsed, stats.reused, model.reports.size(), warnings);
  print_written(summary, elapsed_ms(start));
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
    std::cerr << "huizong: internal error: " << e.what() << " — please report this\n";
  }
  WatchTargets targets{p.inputs, data_dir("lexicons", p.lexicons).string(), data_dir("templates", r.templates).string(),
                       data_dir("styles", r.styles).string()};
  std::cerr << "huizong: watching inputs, lexicons, templates and styles; Ctrl-C to stop\n";
  return watch_loop(targets, [&](const WatchChange& change) {
    std::string what;
    for (const auto& n : change.names) what += (what.empty() ? "" : ", ") + n;
    std::cerr << "huizong: [" << clock_now() << "] " << what << " changed\n";
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
      std::cerr << "huizong: " << e.one_line() << " (previous outputs kept)\n";
    } catch (const std::exception& e) {
      std::cerr << "huizong: internal error: " << e.what() << " (previous outputs kept; please report this)\n";
    }
  });
}

// `huizong inspect FILE`: where every physical line went.
int run_inspect(const std::string& file, const std::string& lexicons) {
  Inspection in = inspect_file(file, Lexicons::load(lexicons));
  std::cout << in.summary << "\n";
  for (const std::string& line : in.reports) std::cout << line << "\n";
  for (const std::string& line : in.lines) std::cout << line << "\n";
  for (const std::string& w : in.warnings) std::cerr << "huizong: " << file << ": warning: " << w << "\n";
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
  std::cerr << fmt::format("huizong: parsed {} file(s), {} report(s), {} warning(s){} -> {}\n", n.sources, n.reports,
                           n.warnings, failed ? fmt::format(", {} input(s) failed", failed) : "", a.output);
  return failed ? static_cast<int>(ExitCode::input) : 0;
}

// A re-render after a template edit mostly waits for page faults (docs/performance.md):
// keep freed memory for reuse instead of returning it to the system and refaulting it.
void tune_memory() {
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  // Grow the heap once and ask for transparent huge pages on it: one fault then maps
  // 2 MiB instead of 4 KiB (what glibc.malloc.hugetlb=1 does, without the environment).
  constexpr std::size_t kHeap = 64 << 20, kHuge = 2 << 20;
  void* block = std::malloc(kHeap);
  if (!block) return;
  auto begin = (reinterpret_cast<std::uintptr_t>(block) + kHuge - 1) & ~(kHuge - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(block) + kHeap) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  std::free(block);
}

// Every subcommand and the arguments CLI11 fills in.
struct Commands {
  ParseArgs parse_args, build_parse, watch_parse;
  RenderArgs render_args, build_render, watch_render;
  std::string inspect_path, inspect_lexicons, inspect_config;
  std::string init_dir = ".";
  CLI::App *parse = nullptr, *render = nullptr, *build = nullptr, *watch = nullptr, *inspect = nullptr, *init = nullptr;
};

constexpr const char* kConfigHelp = "Settings file (default: huizong.json in the current folder, if there is one)";

// The options of huizong.json that render, build and watch also take on the command line.
void add_office_options(CLI::App* cmd, RenderArgs& a) {
  cmd->add_option("--config", a.config, kConfigHelp);
  cmd->add_option("--title", a.title,
                  "The briefing's title; {office} stands for the office (default: templates/documents.json)");
  cmd->add_option("--office", a.office, "The office sending the documents ({{office}} in the templates)");
  cmd->add_option("--outputs", a.outputs,
                  "Outputs to write, comma-separated: documents (briefing, compendium, problems, plans, comparison), "
                  "formats (md, html, docx, xlsx) or files (briefing.docx); default: all")
      ->delimiter(',');
  cmd->add_flag("--force", a.force, "Replace outputs edited by hand without keeping them as FILE.~N~");
}

CLI::App* add_parse(CLI::App& app, ParseArgs& a) {
  CLI::App* cmd = app.add_subcommand("parse", "Parse summaries (.txt files or directories of them) into a JSON model");
  cmd->add_option("inputs", a.inputs, "Files or directories (every .txt inside, sorted)")->required();
  cmd->add_option("-o,--output", a.output, "Model file to write (JSON)")->required();
  cmd->add_option("--lexicons", a.lexicons, "Directory with the lexicon files (default: the bundled set)");
  cmd->add_option("-j,--jobs", a.jobs, "Files parsed in parallel (default: one per core)");
  cmd->add_flag("--list", a.list, "Print one line per report on stdout");
  cmd->add_option("--config", a.config, kConfigHelp);
  cmd->add_flag("-k,--keep-going", a.keep_going,
                "Report unreadable inputs and go on with the others (exit code 2 if any failed)");
  cmd->footer("\nExample:\n  huizong parse samples/ -o model.json --list");
  return cmd;
}

CLI::App* add_render(CLI::App& app, RenderArgs& a) {
  CLI::App* cmd =
      app.add_subcommand("render", "Render a parsed model into the briefing, digests and tables (no parsing)");
  cmd->add_option("model", a.model, "Model file written by `huizong parse` or `huizong build`");
  cmd->add_option("-o,--output", a.out_dir, "Output directory (created if missing)");
  cmd->add_option("--templates", a.templates, "Template directory (default: the bundled templates)");
  cmd->add_option("--styles", a.styles, "Style directory with screen.css, print.css, docx/ (default: bundled)");
  cmd->add_option("--reference-doc", a.reference_doc,
                  "A .docx whose styles, page setup and footers the .docx outputs take (default: GB/T 9704)");
  cmd->add_option("--lexicons", a.lexicons, "Lexicon directory (themes.json, labels.json; default: bundled)");
  cmd->add_option("--order", a.order, kOrderHelp);
  cmd->add_option("--print-default-template", a.print_template,
                  "Print a bundled template or style to start editing from (e.g. briefing.md, layout.html, "
                  "workbook.json, print.css, reference.docx)");
  add_office_options(cmd, a);
  cmd->footer(
      "\nExamples:\n  huizong render out/model.json -o out/\n  huizong render --print-default-template briefing.md > "
      "mytemplates/briefing.md.mustache\n"
      "  huizong render --print-default-template reference.docx > office.docx   # edit, then --reference-doc "
      "office.docx");
  return cmd;
}

// build and watch take the same inputs and options.
CLI::App* add_build_like(CLI::App& app, const std::string& name, const std::string& what, ParseArgs& p, RenderArgs& r) {
  CLI::App* cmd = app.add_subcommand(name, what);
  cmd->add_option("inputs", p.inputs, "Files or directories (every .txt/.docx inside, sorted)")->required();
  cmd->add_option("-o,--output", r.out_dir, "Output directory (created if missing)")->required();
  cmd->add_option("--templates", r.templates, "Template directory (default: the bundled templates)");
  cmd->add_option("--styles", r.styles, "Style directory (default: bundled)");
  cmd->add_option("--reference-doc", r.reference_doc,
                  "A .docx whose styles, page setup and footers the .docx outputs take (default: GB/T 9704)");
  cmd->add_option("--lexicons", p.lexicons, "Lexicon directory (default: bundled)");
  cmd->add_option("--order", r.order, kOrderHelp);
  cmd->add_option("-j,--jobs", p.jobs, "Files parsed in parallel (default: one per core)");
  add_office_options(cmd, r);
  return cmd;
}

CLI::App* add_inspect(CLI::App& app, std::string& file, std::string& lexicons, std::string& config) {
  CLI::App* cmd =
      app.add_subcommand("inspect", "Show where every line of one input went (front matter, ledger, report, section)");
  cmd->add_option("file", file, "One .txt or .docx file")->required();
  cmd->add_option("--lexicons", lexicons, "Lexicon directory (default: bundled)");
  cmd->add_option("--config", config, kConfigHelp);
  cmd->footer("\nExample:\n  huizong inspect samples/000_ccd03a349e8ccd45.txt | less");
  return cmd;
}

void add_commands(CLI::App& app, Commands& c) {
  c.parse = add_parse(app, c.parse_args);
  c.render = add_render(app, c.render_args);
  c.build = add_build_like(app, "build", "Parse inputs and render everything into one directory (parse + render)",
                           c.build_parse, c.build_render);
  c.build->footer("\nExample:\n  huizong build samples/ -o out/   # then open out/briefing.html");
  c.watch = add_build_like(app, "watch",
                           "Build, then rebuild or re-render whenever inputs, lexicons, templates or styles change",
                           c.watch_parse, c.watch_render);
  c.watch->footer("\nExample:\n  huizong watch samples/ -o out/ --templates mytemplates/   # Ctrl-C to stop");
  c.inspect = add_inspect(app, c.inspect_path, c.inspect_lexicons, c.inspect_config);
  c.init = app.add_subcommand("init",
                              "Make a working folder: huizong.json, copies of the templates, styles and lexicons to "
                              "edit, and in/ for the summaries");
  c.init->add_option("dir", c.init_dir, "The folder (created if missing; default: the current folder)");
  c.init->footer("\nExample:\n  huizong init office/ && cd office && huizong build in/ -o out/");
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
    std::cerr << "huizong: internal error: " << e.what() << " — please report this with the input that caused it\n";
    return 70;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  tune_memory();
  CLI::App app{"huizong — consolidate Chinese government work summaries into briefings, digests and tables"};
  app.footer(
      std::string("\nExamples:\n  huizong build samples/ -o out/\n  huizong parse samples/ -o model.json --list\n"
                  "  huizong render out/model.json -o out/ --templates mytemplates/\n\n") +
      kExitCodes);
  app.require_subcommand(1);
  Commands commands;
  add_commands(app, commands);
  // CLI11 would say "A subcommand is required" for a misspelt command: name it instead.
  std::vector<CLI::App*> subcommands = app.get_subcommands({});
  if (argc > 1 && argv[1][0] != '-' && std::none_of(subcommands.begin(), subcommands.end(), [&](const CLI::App* sub) {
        return sub->check_name(argv[1]);
      })) {
    std::string names;
    for (const CLI::App* sub : subcommands) names += (names.empty() ? "" : ", ") + sub->get_name();
    std::cerr << "huizong: unknown command '" << argv[1] << "' — the commands are " << names
              << " (see `huizong --help`)\n";
    return static_cast<int>(ExitCode::usage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  return run(commands);
}
