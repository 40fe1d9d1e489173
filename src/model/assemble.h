// assemble: wires read -> split -> outline -> classify -> extract for each input file and
// gathers the results into one Model. Files are parsed in parallel; the model lists them
// in the order given.
#pragma once
#include <filesystem>
#include <vector>

#include "model/model.h"
#include "read/read.h"

namespace huizong {

struct Lexicons {
  SplitLexicon split;
  SectionLexicon sections;
  ExtractLexicon extract;
  std::string hash;   // fingerprint of the lexicon files: a parse is reusable only with the same
  static Lexicons load(const std::string& lexicon_dir = {});
};

// One decoded file -> its source record and reports (ids "<file name>#<n>").
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

}  // namespace huizong
