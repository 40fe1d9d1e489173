// The model file: parse() streamed into one (`huizong parse`), and the one an earlier
// build left in its output directory (`huizong build` takes unchanged files from it).
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/pipeline.h"

namespace huizong {

struct StreamCounts {
  std::size_t sources = 0, reports = 0, warnings = 0;
};

// Parses `files` into the model file `output` (its directory is created), one input file
// at a time as parse() delivers them, so memory holds only a few; the file replaces
// `output` only when complete. `on_file` sees each file's result before it is written.
// Throws Error(input) when no file could be read (nothing written), and, without
// `on_error`, the first error of parse().
StreamCounts parse_to_model_file(const std::vector<std::filesystem::path>& files, const Lexicons& lex, unsigned jobs,
                                 const std::filesystem::path& output, const std::string& generator,
                                 const std::function<void(const FileResult&)>& on_file, const ErrorSink& on_error);

// Inputs are never overwritten: throws Error(usage) before anything is written when the
// output file `output` is one of `files` (the same file by any path or link), or, with
// `is_directory`, when the output directory is a folder an input lies in.
void check_output_apart_from_inputs(const std::vector<std::filesystem::path>& files,
                                    const std::filesystem::path& output, bool is_directory);

// OUT_DIR/model.json of an earlier build, when it can be reused: a huizong model written by
// `generator` with the lexicons of `lexicons_hash` (another build or other lexicons may
// parse differently, and then everything is parsed again); none when there is none or it
// cannot be read.
struct LastModel {
  std::optional<Model> model;
};
LastModel read_last_model(const std::filesystem::path& model_path, const std::string& generator,
                          const std::string& lexicons_hash);

}  // namespace huizong
