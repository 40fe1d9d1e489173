// Data files the user can edit (lexicons/, templates/, styles/) and where they are found:
// a directory given on the command line, then the source tree this binary was built from,
// then the installed share directory.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace huizong {

// Directory that holds `subdir` (e.g. "lexicons"): `override_dir` if not empty (used as is),
// else <source tree>/subdir, else <install share>/subdir. Throws Error if none exists.
std::filesystem::path data_dir(const std::string& subdir, const std::filesystem::path& override_dir = {});

// Parse a JSON file that may contain // and /* */ comments. Errors name file and line.
nlohmann::json load_json_file(const std::filesystem::path& path);

// lexicons/<name>.json from data_dir("lexicons", dir).
nlohmann::json load_lexicon(const std::string& name, const std::filesystem::path& dir = {});

// A JSON array of strings as a vector; a missing key gives an empty vector.
std::vector<std::string> string_list(const nlohmann::json& j, const std::string& key);

}  // namespace huizong
