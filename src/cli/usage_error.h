// usage_error: CLI11's parse errors (its own English words, "The following argument was
// not expected: …") said in the project's format and the user's language.
#pragma once
#include <string>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace huizong {

// `problem — what to do` for a command line CLI11 refused (printed after "huizong: "):
// what is missing or not understood, and which --help to read. CLI11's own message when
// the error is of a kind not foreseen here.
std::string usage_error_line(const CLI::ParseError& error, const CLI::App& app);

}  // namespace huizong
