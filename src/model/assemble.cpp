#include "model/assemble.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
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
  Fingerprint content;  // of the title and the lines, one per line
  content.add(span.title);
  r.lines.reserve(outline.blocks.size());
  for (Block& b : outline.blocks) {
    content.add('\n').add(b.text);
    r.lines.push_back({b.line, std::move(b.text), b.rank(), section_at(r.sections, b.line)});
  }
  r.content_hash = content.hex();
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

void parse_files_each(const std::vector<std::filesystem::path>& files, const Lexicons& lex, unsigned jobs,
                      const Model* previous, const ResultSink& sink, const ErrorSink& on_error, bool serialize) {
  // Earlier results by path, usable only when parsed with the same lexicons.
  std::map<std::string, const Source*> old_sources;
  std::map<std::string, const Report*> old_reports;
  if (previous && previous->lexicons_hash == lex.hash) {
    for (const Source& s : previous->sources) old_sources[s.path] = &s;
    for (const Report& r : previous->reports) old_reports[r.id] = &r;
  }
  auto reuse = [&](const std::string& path, const std::string& bytes, FileResult& out) {
    auto old = old_sources.find(path);
    if (old == old_sources.end() || old->second->hash != fingerprint(bytes)) return false;
    std::vector<Report> reports;
    for (const std::string& id : old->second->report_ids) {
      auto r = old_reports.find(id);
      if (r == old_reports.end()) return false;
      reports.push_back(*r->second);
    }
    out = {*old->second, std::move(reports), true, {}};
    return true;
  };

  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(files.size(), 1)));
  // Results are handed over in input order; workers run at most `window` files ahead of
  // the consumer, so memory holds a few files' results, not the whole corpus.
  const std::size_t window = 2 * static_cast<std::size_t>(jobs);
  struct Slot {
    std::optional<FileResult> result;
    std::exception_ptr error;
    bool done = false;
  };
  std::vector<Slot> slots(files.size());
  std::mutex mu;
  std::condition_variable cv;
  std::size_t next = 0, delivered = 0;
  bool abort = false;

  auto parse_one = [&](std::size_t i) {
    Slot local;
    try {
      std::string bytes = read_bytes(files[i]);
      FileResult r;
      if (!reuse(files[i].string(), bytes, r)) {
        auto [source, reports] = parse_source(decode_file(bytes, files[i]), lex);
        r = {std::move(source), std::move(reports), false, {}};
      }
      if (serialize)
        for (const Report& rep : r.reports) r.report_json.push_back(report_to_json_text(rep));
      local.result = std::move(r);
    } catch (...) {
      local.error = std::current_exception();
    }
    local.done = true;
    return local;
  };
  // Hands one file's result (or error) to the sink; false once the sink has failed.
  std::exception_ptr failure;
  auto deliver = [&](std::size_t i, Slot& slot) {
    try {
      if (slot.error) {
        if (!on_error) std::rethrow_exception(slot.error);
        try {
          std::rethrow_exception(slot.error);
        } catch (const Error& e) {
          on_error(i, e);
        }
      } else {
        sink(i, std::move(*slot.result));
      }
    } catch (...) {
      failure = std::current_exception();
    }
    return !failure;
  };

  if (jobs == 1) {
    // One job runs on this thread: no hand-over, and its memory comes from the main heap.
    for (std::size_t i = 0; i < files.size(); ++i) {
      Slot slot = parse_one(i);
      if (!deliver(i, slot)) break;
    }
    if (failure) std::rethrow_exception(failure);
    return;
  }

  auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return abort || next >= files.size() || next < delivered + window; });
        if (abort || next >= files.size()) return;
        i = next++;
      }
      Slot local = parse_one(i);
      std::lock_guard lock(mu);
      slots[i] = std::move(local);
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < jobs; ++k) pool.emplace_back(worker);
  for (std::size_t i = 0; i < files.size(); ++i) {
    Slot slot;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return slots[i].done; });
      slot = std::move(slots[i]);
      slots[i] = Slot{};
    }
    bool ok = deliver(i, slot);
    std::lock_guard lock(mu);
    delivered = i + 1;
    if (!ok) abort = true;
    cv.notify_all();
    if (!ok) break;
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

Model parse_files(const std::vector<std::filesystem::path>& files, const Lexicons& lex, unsigned jobs,
                  const Model* previous, ParseStats* stats) {
  Model model;
  model.lexicons_hash = lex.hash;
  ParseStats counts;
  parse_files_each(files, lex, jobs, previous, [&](std::size_t, FileResult&& r) {
    (r.reused ? counts.reused : counts.parsed)++;
    model.sources.push_back(std::move(r.source));
    for (auto& rep : r.reports) model.reports.push_back(std::move(rep));
  });
  if (stats) *stats = counts;
  mark_duplicates(model);
  return model;
}

void DuplicateMarker::mark(Report& r) {
  auto [it, inserted] = first_by_hash_.emplace(r.content_hash, r.id);
  if (inserted)
    r.duplicate_of.reset();
  else
    r.duplicate_of = it->second;
}

void mark_duplicates(Model& model) {
  DuplicateMarker marker;
  for (Report& r : model.reports) marker.mark(r);
}

}  // namespace huizong
