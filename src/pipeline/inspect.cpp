#include "pipeline/inspect.h"

#include <fmt/core.h>

#include <map>

namespace huizong {

namespace {

constexpr std::size_t kExcerptChars = 40;

// Physical line -> where it went. A ##paidbegin## line is both: its marker in the ledger,
// the rest in its report.
std::map<int, std::string> where_lines_went(const Source& source, const std::vector<Report>& reports) {
  std::map<int, std::string> where;
  // untranslated: inspect's and parse --list's listings name the parser's parts as the
  // model does (stdout, read by scripts)
  for (int l : source.front_matter.lines) where[l] = "front matter";
  for (const LedgerEntry& e : source.ledger)
    where[e.line] = "ledger: " + to_string(e.kind) + (e.whole_line ? "" : " (" + e.text + ") + ");
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Report& r = reports[i];
    std::string tag = fmt::format("report {}", i + 1);
    where[r.source.line] = tag + " title";
    for (const ReportLine& l : r.lines)
      where[l.line] += tag + " · " + (l.section ? to_string(*l.section) : "body") +
                       (l.rank ? fmt::format(" · heading {}", l.rank) : "");
  }
  return where;
}

std::string report_summary(const Report& r, std::size_t number) {
  return fmt::format("report {}: lines {}-{} {} | {}{} | {} {} | plans {}", number, r.source.line, r.source.end_line,
                     r.title, r.org.region, r.org.name.empty() ? "?" : r.org.name,
                     r.period.year ? std::to_string(*r.period.year) : "?", code_name(r.period.span),
                     r.plan_period ? code_name(*r.plan_period) : "-");
}

}  // namespace

Inspection inspect_file(const std::string& file, const Lexicons& lex) {
  SourceText text = read_file(file);
  auto [source, reports] = parse_source(text, lex);
  std::map<int, std::string> where = where_lines_went(source, reports);
  Inspection out;
  out.summary =
      // untranslated: as above
      fmt::format("{}: {} lines, encoding {}, {} report(s)", file, text.lines.size(), text.encoding, reports.size());
  for (std::size_t i = 0; i < reports.size(); ++i) out.reports.push_back(report_summary(reports[i], i + 1));
  for (const Line& line : text.lines) {
    auto it = where.find(line.number);
    std::string w = it != where.end() ? it->second : (is_blank(line.text) ? "blank" : "UNASSIGNED");
    std::string excerpt(utf8::prefix(line.text, kExcerptChars));
    if (excerpt.size() < line.text.size()) excerpt += "…";
    out.lines.push_back(fmt::format("{:>6}  {:<34}  {}", line.number, w, excerpt));
  }
  out.warnings = source.warnings;
  return out;
}

std::string report_list_line(const Report& r) {
  auto opt = [](const std::optional<std::string>& s) { return s ? *s : std::string("-"); };
  std::string plan = r.plan_period ? to_string(*r.plan_period) : "-";
  int problems = 0, plans = 0;
  for (const Section& s : r.sections) {
    if (s.kind == SectionKind::problems) problems += static_cast<int>(s.items.size());
    if (s.kind == SectionKind::plans) plans += static_cast<int>(s.items.size());
  }
  // untranslated: as above
  return fmt::format("{}:{}\t{}{}\t{}\t{}\t{} {}\tplans {}\tproblems {}\tplan items {}{}", r.source.path, r.source.line,
                     r.org.region, r.org.name.empty() ? "?" : r.org.name, opt(r.org.level),
                     r.period.year ? std::to_string(*r.period.year) : "?", code_name(r.period.span), r.title, plan,
                     problems, plans,
                     r.duplicate_of ? "\t(duplicate of " + *r.duplicate_of + ")" : "");  // untranslated: as above
}

}  // namespace huizong
