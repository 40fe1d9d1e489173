// build_record: what a build records of its inputs in OUT_DIR/.huizong/build.json, so that
// the next build over the same, unchanged files neither reads them whole nor parses them
// (a no-change rebuild of 100 MB of text would otherwise cost as much as the first). The
// record names each input file (in order), the stamp and fingerprint of its bytes, the
// warnings its parse gave (printed again), the model they made and what made it
// (generator, lexicons). It is staged with the outputs and committed before the state:
// a record without the model.json it names (a killed run) is simply not used.
#pragma once
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace huizong {

struct BuildInput {
  std::string file;   // fingerprint of the path's bytes as given (names need not be UTF-8)
  std::string path;   // the path as the model shows it (Source::path)
  std::string stamp;  // file_stamp when taken, or empty: its bytes are read to check it
  std::string hash;   // fingerprint of its bytes (Source::hash)
  std::vector<std::string> warnings;
};

struct BuildRecord {
  std::string generator, lexicons_hash;
  std::string model_hash;  // the model.json these inputs made
  std::size_t reports = 0;
  std::vector<BuildInput> inputs;
};

// The stamp of an input file to record, taken before it is read: empty when the file was
// changed within the last two seconds before `now` (a change in the same clock tick as
// the stamp would not show in it), so the next build reads it to check.
std::string input_stamp(const std::filesystem::path& file, std::time_t now);

// fingerprint of a path's bytes (BuildInput::file).
std::string input_name_key(const std::filesystem::path& file);

std::string build_record_json(const BuildRecord& record);
// The record in `state_dir` (OUT_DIR/.huizong/build.json); nullopt when missing, damaged
// or of another form.
std::optional<BuildRecord> read_build_record(const std::filesystem::path& state_dir);

// Whether `files` are the record's inputs, as they were: the same names in the same order,
// each with the recorded stamp or else the recorded fingerprint (then read, its stamp taken
// anew into the record and `restamped` set), and the record made by `generator` with
// `lexicons_hash`. Standard input (`-`) is never taken as unchanged.
bool inputs_unchanged(BuildRecord& record, const std::vector<std::filesystem::path>& files,
                      const std::string& generator, const std::string& lexicons_hash, bool& restamped);

}  // namespace huizong
