#include "model/assemble.h"

#include <atomic>
#include <exception>
#include <map>
#include <thread>

namespace huizong {

Lexicons Lexicons::load(const std::string& dir) {
  return {SplitLexicon::load(dir), SectionLexicon::load(dir), ExtractLexicon::load(dir)};
}

namespace {

std::string section_at(const std::vector<Section>& sections, int line) {
  // The last section that starts at or before the line (two may start on one line).
  std::string kind;
  for (const Section& s : sections)
    if (s.line <= line) kind = to_string(s.kind);
  return kind;
}

Report build_report(ReportSpan&& span, const std::string& path, const std::string& id, const Lexicons& lex) {
  Report r;
  r.id = id;
  r.source = {path, span.title_line, span.end_line};
  r.title = span.title;
  r.title_as_written = span.title_as_written;
  r.found_in_toc = span.found_in_toc;
  Outline outline = build_outline(span.body);
  span.body.clear();
  r.sections = classify(outline, lex.sections);
  Extracted ex = extract(span.title, outline, r.sections, lex.extract);
  r.org = std::move(ex.org);
  if (r.org.source == "title") r.org.line = span.title_line;
  r.period = ex.period;
  r.plan_period = std::move(ex.plan_period);
  r.topic = std::move(ex.topic);
  r.signature = std::move(ex.signature);
  r.metrics = std::move(ex.metrics);
  std::string all = span.title;
  r.lines.reserve(outline.blocks.size());
  for (Block& b : outline.blocks) {
    all += '\n';
    all += b.text;
    r.lines.push_back({b.line, std::move(b.text), b.rank(), section_at(r.sections, b.line)});
  }
  r.content_hash = fingerprint(all);
  return r;
}

}  // namespace

std::pair<Source, std::vector<Report>> parse_source(const SourceText& text, const Lexicons& lex) {
  SplitResult parts = split(text.lines, lex.split);
  Source src;
  src.path = text.path;
  src.encoding = text.encoding;
  src.hash = text.hash;
  src.bytes = text.bytes;
  src.line_count = static_cast<int>(text.lines.size());
  src.front_matter = std::move(parts.front);
  src.ledger = std::move(parts.ledger);
  src.warnings = std::move(parts.warnings);
  std::vector<Report> reports;
  for (std::size_t i = 0; i < parts.reports.size(); ++i) {
    // The path as given keeps ids unique when two folders hold files of the same name.
    std::string id = text.path + "#" + std::to_string(i + 1);
    reports.push_back(build_report(std::move(parts.reports[i]), text.path, id, lex));
    src.report_ids.push_back(id);
  }
  return {std::move(src), std::move(reports)};
}

Model parse_files(const std::vector<std::filesystem::path>& files, const Lexicons& lex, unsigned jobs) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(files.size(), 1)));
  std::vector<std::pair<Source, std::vector<Report>>> results(files.size());
  std::vector<std::exception_ptr> errors(files.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < files.size();) {
      try {
        results[i] = parse_source(read_file(files[i]), lex);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < jobs; ++k) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  Model model;
  for (auto& [src, reports] : results) {
    model.sources.push_back(std::move(src));
    for (auto& r : reports) model.reports.push_back(std::move(r));
  }
  mark_duplicates(model);
  return model;
}

void mark_duplicates(Model& model) {
  std::map<std::string, std::string> first_by_hash;
  for (Report& r : model.reports) {
    auto [it, inserted] = first_by_hash.emplace(r.content_hash, r.id);
    if (inserted) r.duplicate_of.reset();
    else r.duplicate_of = it->second;
  }
}

}  // namespace huizong
