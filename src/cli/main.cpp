// huizong command line: wires the stages, nothing more.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <iostream>

#include "common/atomic_file.h"
#include "common/error.h"
#include "model/assemble.h"

namespace {

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
};

// `-o out/model.json` creates out/ as a user expects.
void ensure_parent_directory(const std::filesystem::path& file) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ExitCode::output, dir.string(), 0, "cannot create the output directory: " + ec.message(),
                      "choose a writable place for -o");
}

std::string report_line(const Report& r) {
  auto opt = [](const std::optional<std::string>& s) { return s ? *s : std::string("-"); };
  int problems = 0, plans = 0;
  for (const Section& s : r.sections) {
    if (s.kind == SectionKind::problems) problems += static_cast<int>(s.items.size());
    if (s.kind == SectionKind::plans) plans += static_cast<int>(s.items.size());
  }
  return fmt::format("{}:{}\t{}{}\t{}\t{}\t{} {}\tplans {}\tproblems {}\tplan items {}{}", r.source.path, r.source.line,
                     r.org.region, r.org.name.empty() ? "?" : r.org.name, opt(r.org.level),
                     r.period.year ? std::to_string(*r.period.year) : "?", r.period.span, r.title, opt(r.plan_period),
                     problems, plans, r.duplicate_of ? "\t(duplicate of " + *r.duplicate_of + ")" : "");
}

int run_parse(const ParseArgs& a) {
  Lexicons lex = Lexicons::load(a.lexicons);
  std::vector<std::filesystem::path> files = expand_inputs(a.inputs);
  Model model = parse_files(files, lex, a.jobs);
  model.generator = std::string("huizong ") + HUIZONG_VERSION;
  ensure_parent_directory(a.output);
  write_file_atomically(a.output, nlohmann::json(model).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  std::size_t warnings = 0;
  for (const Source& s : model.sources) {
    for (const std::string& w : s.warnings) std::cerr << "huizong: " << s.path << ": warning: " << w << "\n";
    warnings += s.warnings.size();
  }
  if (a.list)
    for (const Report& r : model.reports) std::cout << report_line(r) << "\n";
  std::cerr << fmt::format("huizong: parsed {} file(s), {} report(s), {} warning(s) -> {}\n", model.sources.size(),
                           model.reports.size(), warnings, a.output);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"huizong — consolidate Chinese government work summaries (工作总结) into briefings, digests and tables"};
  app.footer(std::string("\nExample:\n  huizong parse samples/ -o model.json --list\n\n") + kExitCodes);
  app.require_subcommand(1);

  ParseArgs parse_args;
  CLI::App* parse = app.add_subcommand("parse", "Parse summaries (.txt files or directories of them) into a JSON model");
  parse->add_option("inputs", parse_args.inputs, "Files or directories (every .txt inside, sorted)")->required();
  parse->add_option("-o,--output", parse_args.output, "Model file to write (JSON)")->required();
  parse->add_option("--lexicons", parse_args.lexicons, "Directory with the lexicon files (default: the bundled set)");
  parse->add_option("-j,--jobs", parse_args.jobs, "Files parsed in parallel (default: one per core)");
  parse->add_flag("--list", parse_args.list, "Print one line per report on stdout");
  parse->footer("\nExample:\n  huizong parse samples/ -o model.json --list");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  try {
    if (*parse) return run_parse(parse_args);
  } catch (const Error& e) {
    std::cerr << "huizong: " << e.one_line() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "huizong: internal error: " << e.what() << " — please report this with the input that caused it\n";
    return 70;
  }
  return 0;
}
