// inspect: where every physical line of one input went — front matter, the boilerplate
// ledger, which report and which section — so a user can see why a line is where it is
// (`huizong inspect FILE`); and the one-line listing of a report (`huizong parse --list`).
#pragma once
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace huizong {

struct Inspection {
  std::string summary;                // FILE: N lines, encoding E, K report(s)
  std::vector<std::string> reports;   // per report: its lines, title, writer, period, plan period
  std::vector<std::string> lines;     // per physical line: number, where it went, its first characters
  std::vector<std::string> warnings;  // the file's warnings
};

// Reads and parses `file`. Throws Error like parse().
Inspection inspect_file(const std::string& file, const Lexicons& lex);

// source:line, writer, level, year, span, title, plan period and item counts, tab-separated.
std::string report_list_line(const Report& r);

}  // namespace huizong
