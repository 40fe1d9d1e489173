#include "cli/usage_error.h"

#include <CLI/CLI.hpp>

#include "common/i18n.h"

namespace huizong {

namespace {

// The text after the first ": " of a CLI11 message ("" when there is none).
std::string after_colon(const std::string& what) {
  std::size_t at = what.find(": ");
  return at == std::string::npos ? std::string() : what.substr(at + 2);
}

// What is wrong, from CLI11's message, or "" for a message not foreseen.
std::string problem_of(const CLI::ParseError& error) {
  const std::string what = error.what();
  if (dynamic_cast<const CLI::RequiredError*>(&error)) {
    // untranslated: CLI11's own messages, matched to be translated
    if (what == "A subcommand is required") return _("no command given");
    if (what.ends_with(" is required")) return tr("{} is missing", what.substr(0, what.size() - 12));
  } else if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    return tr("not understood: {}", after_colon(what));
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) {
    // "--output: 1 required TEXT missing": an option given last, without its value.
    if (what.ends_with(" missing")) return tr("{} needs a value", what.substr(0, what.find(':')));
    // untranslated: as above
  } else if (dynamic_cast<const CLI::ConversionError*>(&error) && what.starts_with("Could not convert: ")) {
    // "Could not convert: --jobs = abc"
    std::string rest = after_colon(what);
    std::size_t eq = rest.find(" = ");
    if (eq != std::string::npos)
      return tr("\"{}\" is not a valid value for {}", rest.substr(eq + 3), rest.substr(0, eq));
  }
  return {};
}

}  // namespace

std::string usage_error_line(const CLI::ParseError& error, const CLI::App& app) {
  std::string problem = problem_of(error);
  if (problem.empty()) problem = error.what();
  std::vector<CLI::App*> given = app.get_subcommands();
  // untranslated: as above
  if (given.empty() && std::string(error.what()) == "A subcommand is required") {
    std::string names;
    for (const CLI::App* sub : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
    return problem + " — " + tr("the commands are {} (see `huizong --help`)", names);
  }
  std::string help = given.empty() ? "huizong --help" : "huizong " + given.front()->get_name() + " --help";
  return problem + " — " + tr("see `{}`", help);
}

}  // namespace huizong
