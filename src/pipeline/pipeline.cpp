#include "pipeline/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>
#include <thread>

#include "common/lexicon.h"
#include "common/parallel.h"
#include "common/text.h"
#include "common/thread_heap.h"
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

// Hash of a normalised line with its spaces dropped (0 and not kept when nothing is left).
// `compact` is a buffer reused from line to line.
void add_line_hash(std::string_view norm, std::string& compact, std::vector<std::size_t>& out) {
  compact.clear();
  std::size_t run = 0;  // the text between spaces is copied in runs
  const auto* p = reinterpret_cast<const unsigned char*>(norm.data());
  for (std::size_t i = 0; i < norm.size();) {
    const unsigned char c = p[i];
    if (c >= 0xE4 && c <= 0xE9 && i + 2 < norm.size()) {
      i += 3;  // U+4000..U+9FFF (CJK ideographs): never a space; the text is well-formed
      continue;
    }
    std::size_t start = i;
    if (is_space_cp(decode_utf8(norm, i))) {
      compact.append(norm, run, start - run);
      run = i;
    }
  }
  if (run == 0) {
    if (!norm.empty()) out.push_back(std::hash<std::string_view>{}(norm));
    return;
  }
  compact.append(norm, run, norm.size() - run);
  if (!compact.empty()) out.push_back(std::hash<std::string>{}(compact));
}

void sort_unique(std::vector<std::size_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

Report build_report(ReportSpan&& span, const std::string& path, const std::string& id, const Lexicons& lex,
                    const std::vector<LineHint>& hints, std::vector<std::size_t>* body_lines) {
  Report r;
  r.id = id;
  r.source = {path, span.title_line, span.end_line};
  r.title = span.title;
  r.title_as_written = span.title_as_written;
  r.found_in_toc = span.found_in_toc;
  Outline outline = build_outline(std::move(span.body), lex.outline, hints, std::move(span.body_norms));
  std::vector<Line>().swap(span.body);
  std::vector<std::string>().swap(span.body_norms);
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
  std::string compact;
  if (body_lines) body_lines->reserve(outline.blocks.size());
  for (Block& b : outline.blocks) {
    while (next_section < r.sections.size() && r.sections[next_section].line <= b.line)
      section = r.sections[next_section++].kind;
    content.add('\n').add(b.text);
    if (body_lines) add_line_hash(b.norm, compact, *body_lines);  // b.norm is normalise(b.text)
    r.lines.push_back({b.line, std::move(b.text), b.rank(), section});
  }
  if (body_lines) sort_unique(*body_lines);
  r.content_hash = content.hex();
  return r;
}

// A second thread for the reports of one file pays from about twice this much text on.
// Measured on this 2-core VM, best of 5 in turn: 2 MB 69-75 ms on two threads against
// 74-79 ms on one; 1 MB (samples/) 43-57 against 47-55 ms, as often slower as faster: a
// default never slower than -j 1 keeps files under 2 MB on one thread.
constexpr std::size_t kBytesPerReportThread = 1 << 20;

// The reports of one file, built on `threads` threads (each report is independent of the
// others), and with `json` each one's JSON text as well. `spent`: the caller's own
// text.lines, freed once split (the reports hold their lines).
std::pair<Source, std::vector<Report>> parse_source(const SourceText& text, const Lexicons& lex,
                                                    std::vector<std::vector<std::size_t>>* body_lines,
                                                    std::vector<Line>* spent = nullptr, unsigned threads = 1,
                                                    std::vector<std::string>* json = nullptr) {
  SplitResult parts = split(text.lines, lex.split, text.toc_lines, text.hints);
  Source src;
  src.path = text.path;
  src.encoding = text.encoding;
  src.hash = text.hash;
  src.bytes = text.bytes;
  src.line_count = static_cast<int>(text.lines.size());
  if (spent) std::vector<Line>().swap(*spent);
  src.front_matter = std::move(parts.front);
  src.ledger = std::move(parts.ledger);
  src.warnings = std::move(parts.warnings);
  const std::size_t count = parts.reports.size();
  // The path as given keeps ids unique when two folders hold files of the same name.
  for (std::size_t i = 0; i < count; ++i) src.report_ids.push_back(text.path + "#" + std::to_string(i + 1));
  std::vector<Report> reports(count);
  if (body_lines) body_lines->assign(count, {});
  if (json) json->assign(count, {});
  run_indexed(count, threads, [&](std::size_t i) {
    reports[i] = build_report(std::move(parts.reports[i]), text.path, src.report_ids[i], lex, text.hints,
                              body_lines ? &(*body_lines)[i] : nullptr);
    if (json) (*json)[i] = report_to_json_text(reports[i]);
  });
  return {std::move(src), std::move(reports)};
}

}  // namespace

std::pair<Source, std::vector<Report>> parse_source(const SourceText& text, const Lexicons& lex) {
  return parse_source(text, lex, nullptr);
}

namespace {

// Earlier results by path, usable only when parsed with the same lexicons.
class PreviousModel {
 public:
  PreviousModel(Model* previous, const std::string& lexicons_hash) {
    if (!previous || previous->lexicons_hash != lexicons_hash) return;
    for (Source& s : previous->sources) sources_[s.path] = &s;
    for (Report& r : previous->reports) reports_[r.id] = &r;
  }
  // The earlier result of `path` if its bytes are unchanged, its reports moved out of the
  // earlier model (each file is read once: a 100 MB model's reports are not held twice).
  // Called on the workers for different files.
  bool reuse(const std::string& path, const std::string& bytes, FileResult& out) const {
    auto old = sources_.find(path);
    if (old == sources_.end() || old->second->hash != fingerprint(bytes)) return false;
    std::vector<Report*> found;
    for (const std::string& id : old->second->report_ids) {
      auto r = reports_.find(id);
      if (r == reports_.end() || r->second->id.empty()) return false;  // missing, or taken already
      found.push_back(r->second);
    }
    std::vector<Report> reports;
    for (Report* r : found) reports.push_back(std::move(*r));
    out = {*old->second, std::move(reports), true, {}, {}};
    return true;
  }

 private:
  std::map<std::string, Source*> sources_;
  std::map<std::string, Report*> reports_;
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
    pool.reserve(jobs_);
    for (unsigned k = 0; jobs_ > 1 && k < jobs_; ++k) {
      try {
        pool.emplace_back([this] { work_loop(); });
      } catch (...) {  // a process or memory limit (system_error, bad_alloc): the workers that started
        break;
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
    use_huge_pages_for_thread_heap();
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
  const unsigned jobs = parse_jobs(files, options.jobs);
  // One file at a time by default (a small input): a large file's reports are shared out
  // among the cores instead, one thread per kBytesPerReportThread of its text. Never when
  // jobs are asked for.
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  auto report_threads = [&](const SourceText& text) {
    if (options.jobs != 0 || jobs != 1) return 1u;
    return static_cast<unsigned>(std::clamp<std::size_t>(text.bytes / kBytesPerReportThread, 1, cores));
  };
  auto parse_one = [&](std::size_t i) {
    Slot slot;
    try {
      std::string bytes = read_bytes(files[i]);
      FileResult r;
      if (!previous.reuse(display_path(files[i]), bytes, r)) {
        std::vector<std::vector<std::size_t>> body_lines;
        SourceText text = decode_file(bytes, files[i]);
        std::string().swap(bytes);  // decoded: its memory serves the parse
        std::vector<std::string> json;
        auto [source, reports] = parse_source(text, lex, &body_lines, &text.lines, report_threads(text),
                                              options.serialize ? &json : nullptr);
        r = {std::move(source), std::move(reports), false, std::move(json), std::move(body_lines)};
      } else if (options.serialize) {
        for (const Report& rep : r.reports) r.report_json.push_back(report_to_json_text(rep));
      }
      // Serialised on the worker, before duplicates are known: the rare duplicate is
      // serialised again when delivered.
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
        std::string warning = k < r.body_lines.size() ? duplicates.mark(r.reports[k], std::move(r.body_lines[k]))
                                                      : duplicates.mark(r.reports[k]);
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

  OrderedWorkers(files.size(), jobs, parse_one).run(deliver);
  if (failure) std::rethrow_exception(failure);
}

unsigned parse_jobs(const std::vector<std::filesystem::path>& files, unsigned asked) {
  const unsigned jobs = asked ? asked : default_jobs(files);
  return std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(files.size(), 1)));
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

std::vector<std::size_t> body_line_hashes(const Report& r) {
  std::vector<std::size_t> out;
  out.reserve(r.lines.size());
  std::string compact;  // one buffer for every line
  for (const ReportLine& l : r.lines) add_line_hash(normalise(l.text), compact, out);
  sort_unique(out);
  return out;
}

std::string DuplicateMarker::mark(Report& r) { return mark(r, body_line_hashes(r)); }

std::string DuplicateMarker::mark(Report& r, std::vector<std::size_t> lines) {
  r.duplicate_of.reset();
  std::optional<std::size_t> first;
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
