// assemble: wires read -> split -> outline -> classify -> extract for each input file and
// gathers the results into one Model. Files are parsed in parallel; the model lists them
// in the order given.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <vector>

#include "common/error.h"
#include "model/model.h"
#include "read/read.h"

namespace huizong {

struct Lexicons {
  SplitLexicon split;
  SectionLexicon sections;
  ExtractLexicon extract;
  std::string hash;  // fingerprint of the lexicon files: a parse is reusable only with the same
  static Lexicons load(const std::string& lexicon_dir = {});
};

// One decoded file -> its source record and reports (ids "<path as given>#<n>").
std::pair<Source, std::vector<Report>> parse_source(const SourceText& text, const Lexicons& lex);

// Read and parse every file; `jobs` threads (0 = one per core). Throws the first Error
// in input order (nothing is returned then). With `previous` (an earlier model parsed
// with the same lexicons), a file whose path and content hash are unchanged is taken
// from it instead of being decoded and parsed again.
struct ParseStats {
  std::size_t parsed = 0, reused = 0;
};
Model parse_files(const std::vector<std::filesystem::path>& files, const Lexicons& lex, unsigned jobs = 0,
                  const Model* previous = nullptr, ParseStats* stats = nullptr);

// Marks word-for-word duplicate reports (same title and text) with duplicate_of.
void mark_duplicates(Model& model);

// The same, one report at a time in model order (for streaming).
class DuplicateMarker {
 public:
  void mark(Report& r);

 private:
  std::map<std::string, std::string> first_by_hash_;  // content hash -> id of the first report
};

// One input file's result.
struct FileResult {
  Source source;
  std::vector<Report> reports;
  bool reused = false;  // taken from the previous model unchanged
  // With serialize: each report's JSON text, made on the worker thread (duplicate_of not
  // yet known: a report found to be a duplicate must be serialised again).
  std::vector<std::string> report_json;
};
using ResultSink = std::function<void(std::size_t index, FileResult&& result)>;
using ErrorSink = std::function<void(std::size_t index, const Error& error)>;

// parse_files, streaming: each file's result goes to `sink` in input order as soon as it
// and all files before it are done, and is then dropped, so memory holds a few files at
// a time. Without `on_error` the first error is thrown (after the files before it were
// delivered); with it, a file that fails is reported there and the others go on.
void parse_files_each(const std::vector<std::filesystem::path>& files, const Lexicons& lex, unsigned jobs,
                      const Model* previous, const ResultSink& sink, const ErrorSink& on_error = {},
                      bool serialize = false);

}  // namespace huizong
