// huizong command line: wires the stages, nothing more.
#include <fmt/core.h>
#include <malloc.h>
#include <sys/mman.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>

#include "build_id.h"
#include "cli/watch.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "common/lexicon.h"
#include "model/model.h"
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
  unsigned jobs = 0;
  bool list = false;
  bool keep_going = false;
};

// `-o out/model.json` creates out/ as a user expects.
void ensure_parent_directory(const std::filesystem::path& file) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw Error(ExitCode::output, dir.string(), 0, "cannot create the output directory: " + ec.message(),
                "choose a writable place for -o");
}

std::string report_line(const Report& r) {
  auto opt = [](const std::optional<std::string>& s) { return s ? *s : std::string("-"); };
  std::string plan = r.plan_period ? to_string(*r.plan_period) : "-";
  int problems = 0, plans = 0;
  for (const Section& s : r.sections) {
    if (s.kind == SectionKind::problems) problems += static_cast<int>(s.items.size());
    if (s.kind == SectionKind::plans) plans += static_cast<int>(s.items.size());
  }
  return fmt::format("{}:{}\t{}{}\t{}\t{}\t{} {}\tplans {}\tproblems {}\tplan items {}{}", r.source.path, r.source.line,
                     r.org.region, r.org.name.empty() ? "?" : r.org.name, opt(r.org.level),
                     r.period.year ? std::to_string(*r.period.year) : "?", code_name(r.period.span), r.title, plan,
                     problems, plans, r.duplicate_of ? "\t(duplicate of " + *r.duplicate_of + ")" : "");
}

struct RenderArgs {
  std::string model;
  std::string out_dir;
  std::string templates, styles, lexicons;
  std::string print_template;
};

std::string model_json(const Model& model) { return model_to_json_text(model); }

Model parse_inputs(const ParseArgs& a, const Model* previous = nullptr, ParseStats* stats = nullptr) {
  Lexicons lex = Lexicons::load(a.lexicons);
  std::vector<std::filesystem::path> files = expand_inputs(a.inputs);
  Model model = parse_files(files, lex, {a.jobs, previous}, stats);
  model.generator = kGenerator;
  return model;
}

void print_written(const RenderSummary& s, double ms) {
  std::string names;
  for (const auto& p : s.written) names += (names.empty() ? "" : ", ") + p.filename().string();
  std::cerr << fmt::format("huizong: wrote {} file(s) in {:.0f} ms{}{}; {} unchanged\n", s.written.size(), ms,
                           names.empty() ? "" : ": ", names, s.unchanged.size());
}

RenderOptions render_options(const RenderArgs& a) {
  RenderOptions o;
  o.out_dir = a.out_dir;
  o.templates_dir = a.templates;
  o.styles_dir = a.styles;
  o.lexicons_dir = a.lexicons;
  o.version = HUIZONG_VERSION;
  o.build = HUIZONG_BUILD_ID;
  return o;
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

int run_render(const RenderArgs& a) {
  if (!a.print_template.empty()) {
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
  // The previous build's model lets unchanged files skip parsing; an unreadable or
  // foreign one is simply not used.
  std::optional<Model> previous;
  std::string previous_text;
  std::filesystem::path model_path = std::filesystem::path(r.out_dir) / "model.json";
  if (std::filesystem::exists(model_path)) {
    try {
      previous_text = read_model_text(model_path.string());
      previous = parse_model_text(previous_text, model_path.string());
      // Another huizong build may parse differently: then everything is parsed again.
      if (previous->generator != kGenerator) previous.reset();
    } catch (const Error&) {
      previous.reset();
    }
  }
  ParseStats stats;
  Model model = parse_inputs(p, previous ? &*previous : nullptr, &stats);
  std::string text = model_json(model);
  // Render first: a template error must not leave a new model beside old outputs.
  RenderOptions options = render_options(r);
  RenderSummary summary = render_outputs(text, &model, options);
  if (text != previous_text) {  // an unchanged model is not rewritten either
    write_file_atomically(model_path, text);
    summary.written.insert(summary.written.begin(), model_path);
  } else {
    summary.unchanged.insert(summary.unchanged.begin(), "model.json");
  }
  note_model_file(model_path, summary, options);
  std::size_t warnings = 0;
  for (const Source& s : model.sources) {
    for (const std::string& w : s.warnings) std::cerr << "huizong: " << s.path << ": warning: " << w << "\n";
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
    std::cerr << "huizong: " << e.one_line() << "\n";
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
        std::filesystem::path model_path = std::filesystem::path(r.out_dir) / "model.json";
        RenderSummary summary = render_model_file(model_path, render_options(r));
        print_written(summary, elapsed_ms(start));
      }
    } catch (const Error& e) {
      // Keep watching: the outputs of the last good run are still in place.
      std::cerr << "huizong: " << e.one_line() << " (previous outputs kept)\n";
    }
  });
}

// `huizong inspect FILE`: where every physical line went — front matter, ledger, which
// report and which section — so a user can see why a line is where it is.
int run_inspect(const std::string& file, const std::string& lexicons) {
  Lexicons lex = Lexicons::load(lexicons);
  SourceText text = read_file(file);
  auto [source, reports] = parse_source(text, lex);
  std::map<int, std::string> where;
  for (int l : source.front_matter.lines) where[l] = "front matter";
  for (const LedgerEntry& e : source.ledger)
    where[e.line] = "ledger: " + to_string(e.kind) + (e.whole_line ? "" : " (" + e.text + ") + ");
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Report& r = reports[i];
    std::string tag = fmt::format("report {}", i + 1);
    where[r.source.line] = tag + " title";
    for (const ReportLine& l : r.lines) {
      std::string& w = where[l.line];  // a ##paidbegin## line: marker in the ledger, rest here
      w +=
          tag + " · " + (l.section ? to_string(*l.section) : "body") + (l.rank ? fmt::format(" · heading {}", l.rank) : "");
    }
  }
  std::cout << fmt::format("{}: {} lines, encoding {}, {} report(s)\n", file, text.lines.size(), text.encoding,
                           reports.size());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Report& r = reports[i];
    std::cout << fmt::format("report {}: lines {}-{} {} | {}{} | {} {} | plans {}\n", i + 1, r.source.line,
                             r.source.end_line, r.title, r.org.region, r.org.name.empty() ? "?" : r.org.name,
                             r.period.year ? std::to_string(*r.period.year) : "?", code_name(r.period.span),
                             r.plan_period ? code_name(*r.plan_period) : "-");
  }
  for (const Line& line : text.lines) {
    auto it = where.find(line.number);
    std::string w = it != where.end() ? it->second : (is_blank(line.text) ? "blank" : "UNASSIGNED");
    std::u32string u = to_u32(line.text);
    std::string excerpt = to_utf8(std::u32string_view(u).substr(0, 40)) + (u.size() > 40 ? "…" : "");
    std::cout << fmt::format("{:>6}  {:<34}  {}\n", line.number, w, excerpt);
  }
  for (const std::string& w : source.warnings) std::cerr << "huizong: " << file << ": warning: " << w << "\n";
  return 0;
}

int run_parse(const ParseArgs& a) {
  Lexicons lex = Lexicons::load(a.lexicons);
  std::vector<std::filesystem::path> files;
  std::size_t failed = 0;
  for (const std::string& input : a.inputs) {
    try {
      for (auto& f : expand_inputs({input})) files.push_back(std::move(f));
    } catch (const Error& e) {
      if (!a.keep_going) throw;
      std::cerr << "huizong: " << e.one_line() << "\n";
      ++failed;
    }
  }
  ensure_parent_directory(a.output);
  // The model is streamed to a temporary file, one input file at a time; it replaces the
  // output only when complete.
  AtomicFile out(a.output);
  std::string buffer;
  auto flush = [&] {
    out.write(buffer);
    buffer.clear();
  };
  ModelWriter writer(
      [&](std::string_view s) {
        buffer += s;
        if (buffer.size() > (1u << 20)) flush();
      },
      kGenerator, lex.hash);
  std::size_t sources = 0, reports = 0, warnings = 0;
  ErrorSink on_error;
  if (a.keep_going)
    on_error = [&](std::size_t, const Error& e) {
      std::cerr << "huizong: " << e.one_line() << "\n";
      ++failed;
    };
  ParseOptions options{a.jobs, nullptr, /*serialize=*/true};
  parse(
      files, lex, options,
      [&](std::size_t, FileResult&& r) {
        for (std::size_t k = 0; k < r.reports.size(); ++k) {
          if (a.list) std::cout << report_line(r.reports[k]) << "\n";
          writer.add_report_text(r.report_json[k]);
        }
        for (const std::string& w : r.source.warnings)
          std::cerr << "huizong: " << r.source.path << ": warning: " << w << "\n";
        warnings += r.source.warnings.size();
        reports += r.reports.size();
        ++sources;
        writer.add_source(r.source);
      },
      on_error);
  writer.finish();
  flush();
  if (sources == 0)
    throw Error(ExitCode::input, a.output, 0, "no input could be read, nothing written", "fix the errors above");
  out.commit();
  std::cerr << fmt::format("huizong: parsed {} file(s), {} report(s), {} warning(s){} -> {}\n", sources, reports,
                           warnings, failed ? fmt::format(", {} input(s) failed", failed) : "", a.output);
  return failed ? static_cast<int>(ExitCode::input) : 0;
}

}  // namespace

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

int main(int argc, char** argv) {
  tune_memory();
  CLI::App app{"huizong — consolidate Chinese government work summaries (工作总结) into briefings, digests and tables"};
  app.footer(
      std::string("\nExamples:\n  huizong build samples/ -o out/\n  huizong parse samples/ -o model.json --list\n"
                  "  huizong render out/model.json -o out/ --templates mytemplates/\n\n") +
      kExitCodes);
  app.require_subcommand(1);

  ParseArgs parse_args;
  CLI::App* parse =
      app.add_subcommand("parse", "Parse summaries (.txt files or directories of them) into a JSON model");
  parse->add_option("inputs", parse_args.inputs, "Files or directories (every .txt inside, sorted)")->required();
  parse->add_option("-o,--output", parse_args.output, "Model file to write (JSON)")->required();
  parse->add_option("--lexicons", parse_args.lexicons, "Directory with the lexicon files (default: the bundled set)");
  parse->add_option("-j,--jobs", parse_args.jobs, "Files parsed in parallel (default: one per core)");
  parse->add_flag("--list", parse_args.list, "Print one line per report on stdout");
  parse->add_flag("-k,--keep-going", parse_args.keep_going,
                  "Report unreadable inputs and go on with the others (exit code 2 if any failed)");
  parse->footer("\nExample:\n  huizong parse samples/ -o model.json --list");

  RenderArgs render_args;
  CLI::App* render =
      app.add_subcommand("render", "Render a parsed model into the briefing, digests and tables (no parsing)");
  render->add_option("model", render_args.model, "Model file written by `huizong parse` or `huizong build`");
  render->add_option("-o,--output", render_args.out_dir, "Output directory (created if missing)");
  render->add_option("--templates", render_args.templates, "Template directory (default: the bundled templates)");
  render->add_option("--styles", render_args.styles,
                     "Style directory with screen.css and print.css (default: bundled)");
  render->add_option("--lexicons", render_args.lexicons, "Lexicon directory (themes.json; default: bundled)");
  render->add_option("--print-default-template", render_args.print_template,
                     "Print a bundled template or style to start editing from (e.g. briefing.md, layout.html, "
                     "workbook.json, print.css)");
  render->footer(
      "\nExamples:\n  huizong render out/model.json -o out/\n  huizong render --print-default-template briefing.md > "
      "mytemplates/briefing.md.mustache");

  // build and watch take the same inputs and options.
  auto add_build_options = [](CLI::App* cmd, ParseArgs& p, RenderArgs& r) {
    cmd->add_option("inputs", p.inputs, "Files or directories (every .txt/.docx inside, sorted)")->required();
    cmd->add_option("-o,--output", r.out_dir, "Output directory (created if missing)")->required();
    cmd->add_option("--templates", r.templates, "Template directory (default: the bundled templates)");
    cmd->add_option("--styles", r.styles, "Style directory (default: bundled)");
    cmd->add_option("--lexicons", p.lexicons, "Lexicon directory (default: bundled)");
    cmd->add_option("-j,--jobs", p.jobs, "Files parsed in parallel (default: one per core)");
  };
  ParseArgs build_parse;
  RenderArgs build_render;
  CLI::App* build =
      app.add_subcommand("build", "Parse inputs and render everything into one directory (parse + render)");
  add_build_options(build, build_parse, build_render);
  build->footer("\nExample:\n  huizong build samples/ -o out/   # then open out/briefing.html");

  ParseArgs watch_parse;
  RenderArgs watch_render;
  CLI::App* watch = app.add_subcommand(
      "watch", "Build, then rebuild or re-render whenever inputs, lexicons, templates or styles change");
  add_build_options(watch, watch_parse, watch_render);
  watch->footer("\nExample:\n  huizong watch samples/ -o out/ --templates mytemplates/   # Ctrl-C to stop");

  std::string inspect_file, inspect_lexicons;
  CLI::App* inspect =
      app.add_subcommand("inspect", "Show where every line of one input went (front matter, ledger, report, section)");
  inspect->add_option("file", inspect_file, "One .txt or .docx file")->required();
  inspect->add_option("--lexicons", inspect_lexicons, "Lexicon directory (default: bundled)");
  inspect->footer("\nExample:\n  huizong inspect samples/000_ccd03a349e8ccd45.txt | less");

  try {
    app.parse(argc, argv);
    build_render.lexicons = build_parse.lexicons;
    watch_render.lexicons = watch_parse.lexicons;
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  try {
    if (*parse) return run_parse(parse_args);
    if (*render) return run_render(render_args);
    if (*build) return run_build(build_parse, build_render);
    if (*watch) return run_watch(watch_parse, watch_render);
    if (*inspect) return run_inspect(inspect_file, inspect_lexicons);
  } catch (const Error& e) {
    std::cerr << "huizong: " << e.one_line() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "huizong: internal error: " << e.what() << " — please report this with the input that caused it\n";
    return 70;
  }
  return 0;
}
