#include "pipeline/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>
#include <thread>

#include "common/lexicon.h"
#include "common/text.h"
#include "model/model.h"
#include "outline/outline.h"

namespace huizong {

Lexicons Lexicons::load(const std::string& dir) {
  LexiconDir files(dir);  // each file read once, for every loader and the fingerprint
  Lexicons lex{SplitLexicon::load(files),
               OutlineLexicon::load(files),
               SectionLexicon::load(files),
               ExtractLexicon::load(files),
               {}};
  std::string all;
  for (const char* name :
       {"split", "markers", "sections", "agencies", "regions", "periods", "signature", "topics", "units"})
    all += files.file(name)->root().dump();
  lex.hash = fingerprint(all);
  return lex;
}

namespace {

Report build_report(ReportSpan&& span, const std::string& path, const std::string& id, const Lexicons& lex,
                    const std::vector<LineHint>& hints) {
  Report r;
  r.id = id;
  r.source = {path, span.title_line, span.end_line};
  r.title = span.title;
  r.title_as_written = span.title_as_written;
  r.found_in_toc = span.found_in_toc;
  Outline outline = build_outline(span.body, lex.outline, hints);
  span.body.clear();
  r.sections = classify(outline, lex.sections);
  Extracted ex = extract(span.title, outline, r.sections, lex.extract);
  r.org = std::move(ex.org);
  if (r.org.source == OrgSource::title) r.org.line = span.title_line;
  r.period = ex.period;
  r.plan_period = std::move(ex.plan_period);
  r.topic = std::move(ex.topic);
  r.signature = std::move(ex.signature);
  r.metrics = std::move(ex.metrics);
  Fingerprint content;  // of the title and the lines, one per line
  content.add(span.title);
  r.lines.reserve(outline.blocks.size());
  // Each line falls in the last section that starts at or before it (two may start on one
  // line). Lines and sections both go in line order: one walk, linear in both.
  std::size_t next_section = 0;
  std::optional<SectionKind> section;
  for (Block& b : outline.blocks) {
    while (next_section < r.sections.size() && r.sections[next_section].line <= b.line)
      section = r.sections[next_section++].kind;
    content.add('\n').add(b.text);
    r.lines.push_back({b.line, std::move(b.text), b.rank(), section});
  }
  r.content_hash = content.hex();
  return r;
}

}  // namespace

std::pair<Source, std::vector<Report>> parse_source(const SourceText& text, const Lexicons& lex) {
  SplitResult parts = split(text.lines, lex.split, text.toc_lines, text.hints);
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
    reports.push_back(build_report(std::move(parts.reports[i]), text.path, id, lex, text.hints));
    src.report_ids.push_back(id);
  }
  return {std::move(src), std::move(reports)};
}

namespace {

// Earlier results by path, usable only when parsed with the same lexicons.
class PreviousModel {
 public:
  PreviousModel(const Model* previous, const std::string& lexicons_hash) {
    if (!previous || previous->lexicons_hash != lexicons_hash) return;
    for (const Source& s : previous->sources) sources_[s.path] = &s;
    for (const Report& r : previous->reports) reports_[r.id] = &r;
  }
  // The earlier result of `path` if its bytes are unchanged.
  bool reuse(const std::string& path, const std::string& bytes, FileResult& out) const {
    auto old = sources_.find(path);
    if (old == sources_.end() || old->second->hash != fingerprint(bytes)) return false;
    std::vector<Report> reports;
    for (const std::string& id : old->second->report_ids) {
      auto r = reports_.find(id);
      if (r == reports_.end()) return false;
      reports.push_back(*r->second);
    }
    out = {*old->second, std::move(reports), true, {}};
    return true;
  }

 private:
  std::map<std::string, const Source*> sources_;
  std::map<std::string, const Report*> reports_;
};

// One file's outcome, as a worker leaves it for the consumer.
struct Slot {
  std::optional<FileResult> result;
  std::exception_ptr error;
  bool done = false;
};

// Runs `work` on every index and hands each outcome to `deliver` in index order, with
// `jobs` threads that run at most 2 × jobs files ahead of the consumer (so memory holds a
// few files' results, not the whole corpus). Stops early when `deliver` returns false.
class OrderedWorkers {
 public:
  OrderedWorkers(std::size_t count, unsigned jobs, std::function<Slot(std::size_t)> work)
      : slots_(count), jobs_(jobs), window_(2 * static_cast<std::size_t>(jobs)), work_(std::move(work)) {}

  void run(const std::function<bool(std::size_t, Slot&)>& deliver) {
    std::vector<std::thread> pool;
    for (unsigned k = 0; jobs_ > 1 && k < jobs_; ++k) {
      try {
        pool.emplace_back([this] { work_loop(); });
      } catch (const std::system_error&) {
        break;  // a process or memory limit: carry on with the workers that started
      }
    }
    if (pool.empty()) {
      // One job (or no thread could start) runs on this thread: no hand-over, and its
      // memory comes from the main heap.
      for (std::size_t i = 0; i < slots_.size(); ++i) {
        Slot slot = work_(i);
        if (!deliver(i, slot)) return;
      }
      return;
    }
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      Slot slot = take(i);
      bool ok = deliver(i, slot);
      std::lock_guard lock(mu_);
      delivered_ = i + 1;
      if (!ok) abort_ = true;
      cv_.notify_all();
      if (!ok) break;
    }
    for (auto& t : pool) t.join();
  }

 private:
  void work_loop() {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return abort_ || next_ >= slots_.size() || next_ < delivered_ + window_; });
        if (abort_ || next_ >= slots_.size()) return;
        i = next_++;
      }
      Slot local = work_(i);
      std::lock_guard lock(mu_);
      slots_[i] = std::move(local);
      cv_.notify_all();
    }
  }
  Slot take(std::size_t i) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return slots_[i].done; });
    Slot slot = std::move(slots_[i]);
    slots_[i] = Slot{};
    return slot;
  }

  std::vector<Slot> slots_;
  unsigned jobs_;
  std::size_t window_;
  std::function<Slot(std::size_t)> work_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t next_ = 0, delivered_ = 0;
  bool abort_ = false;
};

}  // namespace

void parse(const std::vector<std::filesystem::path>& files, const Lexicons& lex, const ParseOptions& options,
           const ResultSink& sink, const ErrorSink& on_error) {
  PreviousModel previous(options.previous, lex.hash);
  auto parse_one = [&](std::size_t i) {
    Slot slot;
    try {
      std::string bytes = read_bytes(files[i]);
      FileResult r;
      if (!previous.reuse(display_path(files[i]), bytes, r)) {
        auto [source, reports] = parse_source(decode_file(bytes, files[i]), lex);
        r = {std::move(source), std::move(reports), false, {}};
      }
      // Serialised here, on the worker, before duplicates are known: the rare duplicate
      // is serialised again when delivered.
      if (options.serialize)
        for (const Report& rep : r.reports) r.report_json.push_back(report_to_json_text(rep));
      slot.result = std::move(r);
    } catch (...) {
      slot.error = std::current_exception();
    }
    slot.done = true;
    return slot;
  };

  DuplicateMarker duplicates;
  std::exception_ptr failure;
  // Hands one file's result (or error) to the sink; false once the sink has failed.
  auto deliver = [&](std::size_t i, Slot& slot) {
    try {
      if (slot.error) {
        if (!on_error) std::rethrow_exception(slot.error);
        try {
          std::rethrow_exception(slot.error);
        } catch (const Error& e) {
          on_error(i, e);
        }
        return true;
      }
      FileResult& r = *slot.result;
      for (std::size_t k = 0; k < r.reports.size(); ++k) {
        bool was_duplicate = r.reports[k].duplicate_of.has_value();
        std::string warning = duplicates.mark(r.reports[k]);
        auto& warnings = r.source.warnings;  // a reused source has it already
        if (!warning.empty() && std::find(warnings.begin(), warnings.end(), warning) == warnings.end())
          warnings.push_back(std::move(warning));
        if (options.serialize && (was_duplicate || r.reports[k].duplicate_of))
          r.report_json[k] = report_to_json_text(r.reports[k]);
      }
      sink(i, std::move(r));
    } catch (...) {
      failure = std::current_exception();
    }
    return !failure;
  };

  unsigned jobs = options.jobs ? options.jobs : default_jobs(files);
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(files.size(), 1)));
  OrderedWorkers(files.size(), jobs, parse_one).run(deliver);
  if (failure) std::rethrow_exception(failure);
}

unsigned default_jobs(const std::vector<std::filesystem::path>& files) {
  // A second thread costs a fixed few milliseconds (its start, and the fresh heap its
  // allocator faults in) and saves about the time of the bytes it takes off the first:
  // below a few MB of input one job is faster (samples/, 1.2 MB: 75 ms alone, 118 ms on
  // two). One job per kBytesPerJob of input, at most one per core.
  constexpr std::uintmax_t kBytesPerJob = 4 << 20;
  std::uintmax_t bytes = 0;
  for (const std::filesystem::path& f : files) {
    std::error_code ec;
    std::uintmax_t size = std::filesystem::file_size(f, ec);
    if (!ec) bytes += size;
  }
  const auto cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::clamp<std::uintmax_t>(bytes / kBytesPerJob, 1, cores));
}

Model parse_files(const std::vector<std::filesystem::path>& files, const Lexicons& lex, const ParseOptions& options,
                  ParseStats* stats) {
  Model model;
  model.lexicons_hash = lex.hash;
  ParseStats counts;
  parse(files, lex, options, [&](std::size_t, FileResult&& r) {
    (r.reused ? counts.reused : counts.parsed)++;
    model.sources.push_back(std::move(r.source));
    for (auto& rep : r.reports) model.reports.push_back(std::move(rep));
  });
  if (stats) *stats = counts;
  return model;
}

namespace {

// A report's body as a set of line hashes: each content line normalised, spaces dropped.
std::vector<std::size_t> body_lines(const Report& r) {
  std::vector<std::size_t> out;
  out.reserve(r.lines.size());
  std::string compact;  // one buffer for every line; the text between spaces copied in runs
  for (const ReportLine& l : r.lines) {
    const std::string norm = normalise(l.text);
    compact.clear();
    std::size_t run = 0;
    for (std::size_t i = 0; i < norm.size();) {
      std::size_t start = i;
      if (is_space_cp(decode_utf8(norm, i))) {
        compact.append(norm, run, start - run);
        run = i;
      }
    }
    compact.append(norm, run, norm.size() - run);
    if (!compact.empty()) out.push_back(std::hash<std::string>{}(compact));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string where(const SourceRef& s) {
  return std::filesystem::path(s.path).filename().string() + ":" + std::to_string(s.line);
}

}  // namespace

// The first earlier report sharing at least kSameBodyShare of the longer body's lines.
std::optional<std::size_t> DuplicateMarker::same_body(const std::vector<std::size_t>& lines) const {
  if (lines.size() < kSameBodyMinLines) return std::nullopt;
  std::map<std::size_t, std::size_t> shared;  // index in seen_ -> lines in common
  for (std::size_t h : lines)
    if (auto it = by_line_.find(h); it != by_line_.end())
      for (std::size_t k : it->second) ++shared[k];
  for (const auto& [k, n] : shared) {
    std::size_t longer = std::max(lines.size(), seen_[k].lines);
    if (static_cast<double>(n) >= kSameBodyShare * static_cast<double>(longer)) return k;
  }
  return std::nullopt;
}

std::string DuplicateMarker::mark(Report& r) {
  r.duplicate_of.reset();
  std::optional<std::size_t> first;
  std::vector<std::size_t> lines = body_lines(r);
  auto same_text = first_by_hash_.find(r.content_hash);
  if (same_text != first_by_hash_.end()) first = same_text->second;
  if (!first) first = same_body(lines);
  if (first) {
    const Seen& f = seen_[*first];
    r.duplicate_of = f.id;
    // untranslated: kept in English in the model; translated on display (cli/messages.cpp)
    return fmt::format("the report at {} has {} {}: counted once, with both sources listed", where(r.source),
                       same_text != first_by_hash_.end() ? "the same title and text as" : "the same body as",
                       where(f.source));
  }
  first_by_hash_.emplace(r.content_hash, seen_.size());
  for (std::size_t h : lines) by_line_[h].push_back(seen_.size());
  seen_.push_back({r.id, r.source, lines.size()});
  return {};
}

void mark_duplicates(Model& model) {
  DuplicateMarker marker;
  for (Report& r : model.reports) {
    std::string warning = marker.mark(r);
    for (Source& s : model.sources)
      if (s.path == r.source.path && !warning.empty() &&
          std::find(s.warnings.begin(), s.warnings.end(), warning) == s.warnings.end())
        s.warnings.push_back(warning);
  }
}

}  // namespace huizong
