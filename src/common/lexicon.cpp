#include "common/lexicon.h"

#include "common/error.h"
#include "common/file.h"

namespace huizong {
namespace fs = std::filesystem;

fs::path data_dir(const std::string& subdir, const fs::path& override_dir) {
  if (!override_dir.empty()) {
    if (!fs::is_directory(override_dir))
      throw Error(ExitCode::usage, override_dir.string(), 0, "not a directory",
                  "give an existing directory holding " + subdir);
    return override_dir;
  }
  for (const fs::path& base : {fs::path(HUIZONG_SOURCE_DATA_DIR), fs::path(HUIZONG_INSTALL_DATA_DIR)}) {
    fs::path candidate = base / subdir;
    if (fs::is_directory(candidate)) return candidate;
  }
  throw Error(ExitCode::usage, subdir, 0, "data directory not found",
              "reinstall huizong or point at a copy with the matching --" + subdir + " option");
}

nlohmann::json load_json_file(const fs::path& path) {
  std::string text = read_file_or_throw(path, ExitCode::input, "check that the data file exists and is readable");
  try {
    return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a byte offset; the user needs a line.
    std::size_t upto = std::min<std::size_t>(e.byte, text.size());
    int line = 1;
    for (std::size_t i = 0; i < upto; ++i) line += text[i] == '\n';
    throw input_error(path.string(), line, std::string("invalid JSON: ") + e.what(),
                      "fix the syntax (comments // and /* */ are allowed)");
  }
}

nlohmann::json load_lexicon(const std::string& name, const fs::path& dir) {
  return load_json_file(data_dir("lexicons", dir) / (name + ".json"));
}

std::vector<std::string> string_list(const nlohmann::json& j, const std::string& key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  for (const auto& v : *it) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace huizong
