// settings: an office's working folder. huizong.json (JSON with comments, read like a
// lexicon: an unknown key is an error naming file and line) remembers what every command
// would otherwise repeat: the office, the briefing's title, the templates, styles and
// lexicons folders, the reference document, the units' order, which outputs to write.
// It is found in the current folder or given with --config; an option given on the
// command line wins. `huizong init DIR` makes such a folder to start from.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace huizong {

inline constexpr const char* kSettingsName = "huizong.json";

struct Settings {
  std::filesystem::path file;  // the huizong.json read
  std::string office;
  std::string title;  // the briefing's title; {office} is replaced by the office
  // Paths, already resolved against the file's folder (empty: not set).
  std::string templates, styles, lexicons, reference_doc, order;
  std::vector<std::string> outputs;  // empty: every output
};

// `config` (--config FILE) when given, else ./huizong.json when there is one, else nullopt.
// Throws Error(usage) for a --config that does not exist, Error(input) for a bad file.
std::optional<Settings> find_settings(const std::string& config);

// The title with {office} replaced.
std::string expand_title(const std::string& title, const std::string& office);

// `huizong init DIR`: DIR/huizong.json (commented), copies of the bundled templates,
// styles and lexicons to edit, and DIR/in/ for the inputs; files already there are kept.
// Tells on `out` what was made and what to do next. Throws Error(usage) when DIR already
// has a huizong.json, Error(output) when a file cannot be written.
void init_office(const std::filesystem::path& dir, std::ostream& out);

}  // namespace huizong
