// pipeline: files -> model. Wires read -> split -> outline -> classify -> extract for each
// input file, marks duplicate reports, and hands the results on in input order. `parse`
// and `build` both go through parse(): the first streams the results into a model file,
// the second gathers them into a Model. Files are parsed in parallel.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <vector>

#include "classify/classify.h"
#include "common/error.h"
#include "extract/extract.h"
#include "model/types.h"
#include "read/read.h"
#include "split/split.h"

namespace huizong {

struct Lexicons {
  SplitLexicon split;
  OutlineLexicon outline;
  SectionLexicon sections;
  ExtractLexicon extract;
  std::string hash;  // fingerprint of the lexicon files: a parse is reusable only with the same
  static Lexicons load(const std::string& lexicon_dir = {});
};

// One decoded file -> its source record and reports (ids "<path as given>#<n>").
std::pair<Source, std::vector<Report>> parse_source(const SourceText& text, const Lexicons& lex);

// Marks duplicate reports with duplicate_of: the same title and text, or the same or
// nearly the same body whatever the title (DuplicateMarker).
void mark_duplicates(Model& model);

// The same, one report at a time in model order (for streaming).
class DuplicateMarker {
 public:
  // Marks r as a duplicate of the first earlier report with the same title and text, or
  // whose body shares at least kSameBodyShare of its normalised lines (of the longer of the
  // two, bodies of at least kSameBodyMinLines lines). Returns the warning naming both, ""
  // when r is no duplicate.
  std::string mark(Report& r);
  // The same with the report's body lines already hashed (body_line_hashes of its lines).
  std::string mark(Report& r, std::vector<std::size_t> lines);

  static constexpr double kSameBodyShare = 0.95;
  static constexpr std::size_t kSameBodyMinLines = 3;

 private:
  struct Seen {
    std::string id;
    SourceRef source;
    std::size_t lines = 0;  // distinct normalised lines
  };
  std::optional<std::size_t> same_body(const std::vector<std::size_t>& lines) const;
  std::map<std::string, std::size_t> first_by_hash_;         // content hash -> index in seen_
  std::vector<Seen> seen_;                                   // first reports
  std::map<std::size_t, std::vector<std::size_t>> by_line_;  // line hash -> indices in seen_
};

// A report's body as a set of line hashes (what DuplicateMarker compares): each line's
// normalise()d text with its spaces dropped, hashed; sorted, each once.
std::vector<std::size_t> body_line_hashes(const Report& r);

// One input file's result.
struct FileResult {
  Source source;
  std::vector<Report> reports;  // duplicates marked (duplicate_of) against every earlier file
  bool reused = false;          // taken from the previous model unchanged
  // With ParseOptions::serialize: each report's JSON text (report_to_json_text).
  std::vector<std::string> report_json;
  // Each report's body_line_hashes, made on the worker from the lines' normalised text
  // (empty for a reused file: then made when its duplicates are marked).
  std::vector<std::vector<std::size_t>> body_lines;
};
using ResultSink = std::function<void(std::size_t index, FileResult&& result)>;
using ErrorSink = std::function<void(std::size_t index, const Error& error)>;

// The parse jobs for `files` when none are asked for: one per 4 MB of input (a thread
// costs more than it saves on less), at most one per core.
unsigned default_jobs(const std::vector<std::filesystem::path>& files);
// The files parse() takes side by side: `asked` (-j), else default_jobs(files); never more
// than there are files. One: the files go one at a time.
unsigned parse_jobs(const std::vector<std::filesystem::path>& files, unsigned asked);

struct ParseOptions {
  unsigned jobs = 0;          // threads; 0 = default_jobs(files)
  Model* previous = nullptr;  // an earlier model: unchanged files' reports are moved out of it
  bool serialize = false;     // also make each report's JSON text, on the worker threads
};

// Reads and parses every file. Each file's result goes to `sink` in input order as soon as
// it and all files before it are done, and is then dropped, so memory holds a few files at
// a time. With `previous` (parsed with the same lexicons), a file whose path and content
// hash are unchanged is taken (moved) from it instead of being decoded and parsed again. Without
// `on_error` the first error is thrown (after the files before it were delivered); with
// it, a file that fails is reported there and the others go on.
void parse(const std::vector<std::filesystem::path>& files, const Lexicons& lex, const ParseOptions& options,
           const ResultSink& sink, const ErrorSink& on_error = {});

// parse() gathered into one Model (reports and sources in input order). Throws the first
// Error in input order.
struct ParseStats {
  std::size_t parsed = 0, reused = 0;
};
Model parse_files(const std::vector<std::filesystem::path>& files, const Lexicons& lex,
                  const ParseOptions& options = {}, ParseStats* stats = nullptr);

}  // namespace huizong
