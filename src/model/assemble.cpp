#include "model/assemble.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <thread>

#include "common/lexicon.h"

namespace huizong {

Lexicons Lexicons::load(const std::string& dir) {
  Lexicons lex{SplitLexicon::load(dir), SectionLexicon::load(dir), ExtractLexicon::load(dir), {}};
  std::string all;
  for (const char* name : {"split", "sections", "agencies", "regions", "topics", "units"})
    all += load_lexicon(name, dir).dump();
  lex.hash = fingerprint(all);
  return lex;
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

Model parse_files(const std::vector<std::filesystem::path>& files, const Lexicons& lex, unsigned jobs,
                  const Model* previous, ParseStats* stats) {
  // Earlier results by path, usable only when parsed with the same lexicons.
  std::map<std::string, const Source*> old_sources;
  if (previous && previous->lexicons_hash == lex.hash)
    for (const Source& s : previous->sources) old_sources[s.path] = &s;
  std::map<std::string, const Report*> old_reports;
  if (previous)
    for (const Report& r : previous->reports) old_reports[r.id] = &r;
  auto reusable = [&](const Source& s) {
    return std::all_of(s.report_ids.begin(), s.report_ids.end(), [&](const std::string& id) { return old_reports.count(id); });
  };
  std::vector<char> reused(files.size(), 0);
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(files.size(), 1)));
  std::vector<std::pair<Source, std::vector<Report>>> results(files.size());
  std::vector<std::exception_ptr> errors(files.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < files.size();) {
      try {
        std::string bytes = read_bytes(files[i]);
        auto old = old_sources.find(files[i].string());
        if (old != old_sources.end() && old->second->hash == fingerprint(bytes) && reusable(*old->second)) {
          results[i].first = *old->second;
          reused[i] = 1;
          continue;
        }
        results[i] = parse_source(decode_file(bytes, files[i]), lex);
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
  model.lexicons_hash = lex.hash;
  for (std::size_t i = 0; i < results.size(); ++i) {
    auto& [src, reports] = results[i];
    if (reused[i])
      for (const std::string& id : src.report_ids) reports.push_back(*old_reports.at(id));
    model.sources.push_back(std::move(src));
    for (auto& r : reports) model.reports.push_back(std::move(r));
  }
  if (stats) {
    stats->reused = static_cast<std::size_t>(std::count(reused.begin(), reused.end(), 1));
    stats->parsed = files.size() - stats->reused;
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
