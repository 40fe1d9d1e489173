// Data files the user can edit (lexicons/, templates/, styles/) and where they are found:
// a directory given on the command line, then the source tree this binary was built from,
// then the installed share directory. Lexicons are read through LexiconReader, which
// checks their shape: a key no loader asks for (a typo) and a value of the wrong type are
// errors naming the file, line and key, never silently ignored.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace huizong {

class Fingerprint;

// Directory that holds `subdir` (e.g. "lexicons"): `override_dir` if not empty (used as is),
// else <source tree>/subdir, else <install share>/subdir. Throws Error if none exists.
std::filesystem::path data_dir(const std::string& subdir, const std::filesystem::path& override_dir = {});

// Parse a JSON file that may contain // and /* */ comments. Errors name file and line.
nlohmann::json load_json_file(const std::filesystem::path& path);

// Adds JSON text (comments allowed) to `f` without its comments and the blanks between
// tokens, unparsed: a fingerprint of what the file says that a comment or a blank line does
// not change (cheaper than parsing; not canonical beyond that: keys reordered count as a change).
void add_json_tokens(std::string_view json, Fingerprint& f);

// A JSON file with comments, and the line of every value in it (by JSON pointer), so that
// errors about a value can name its line.
class JsonFile {
 public:
  static std::shared_ptr<const JsonFile> load(const std::filesystem::path& path);
  JsonFile(std::string path, std::string text);  // parses; throws Error(input) with the line
  ~JsonFile();
  const std::string& path() const { return path_; }
  const nlohmann::json& root() const { return *root_; }
  const std::string& text() const { return text_; }
  // Line of the value at `pointer` ("/problems/heading/3"); the nearest enclosing value's
  // line when that one is not known; 0 for the whole file.
  int line_of(const std::string& pointer) const;

 private:
  std::string path_, text_;
  std::unique_ptr<nlohmann::json> root_;
  std::vector<std::pair<std::string, int>> lines_;  // pointer -> line, sorted by pointer
};

// A lexicon directory whose files are each read once, however many loaders use them
// (markers.json serves split, outline and classify): Lexicons::load hands one to every
// stage's loader. It converts from the directory's name (empty: the bundled lexicons), so
// a loader can also be given a path.
class LexiconDir {
 public:
  LexiconDir() = default;
  LexiconDir(std::filesystem::path dir) : dir_(std::move(dir)) {}  // NOLINT: a directory name is a LexiconDir
  LexiconDir(const std::string& dir) : dir_(dir) {}                // NOLINT
  LexiconDir(const char* dir) : dir_(dir) {}                       // NOLINT
  // lexicons/<name>.json of data_dir("lexicons", dir), read on first use.
  std::shared_ptr<const JsonFile> file(const std::string& name) const;

 private:
  std::filesystem::path dir_;
  mutable std::map<std::string, std::shared_ptr<const JsonFile>> files_;
};

// Reads one object of a lexicon file. Each getter records the key it was asked for; done()
// throws for any key of the object that no getter asked for (unknown key). A missing key
// gives the fallback; a value of the wrong type throws Error(input) with file:line.
class LexiconReader {
 public:
  // The top object of lexicons/<name>.json of `dir`.
  LexiconReader(const std::string& name, const LexiconDir& dir);
  LexiconReader(std::shared_ptr<const JsonFile> file, std::string pointer);

  bool has(const std::string& key) const;
  std::vector<std::string> strings(const std::string& key) const;
  // The same, each normalised (normalise(), common/text.h): lexicon words are matched
  // against normalised text, so a user may type 下半年，我 with a full-width comma.
  std::vector<std::string> normalised_strings(const std::string& key) const;
  std::string text(const std::string& key, const std::string& fallback = {}) const;
  long long integer(const std::string& key, long long fallback, long long min = 0, long long max = 1'000'000) const;
  // An object of strings, keys in sorted order: {"镇": "镇人民政府", …}.
  std::vector<std::pair<std::string, std::string>> string_map(const std::string& key) const;
  // An object of string lists: {"县": ["我县", …], …}, keys in sorted order.
  std::vector<std::pair<std::string, std::vector<std::string>>> string_lists(const std::string& key) const;
  // A nested object (empty reader for a missing key), or each object of a list.
  LexiconReader object(const std::string& key) const;
  std::vector<LexiconReader> objects(const std::string& key) const;

  // Throws for the first key of this object no getter asked for.
  void done() const;
  // The JSON of this object, or of one key's value, as compact text (comments and layout
  // dropped): what a fingerprint of the lexicon's meaning is taken of.
  std::string json_dump(const std::string& key = {}) const;

  [[noreturn]] void fail(const std::string& key, const std::string& problem, const std::string& hint) const;

 private:
  const nlohmann::json* find(const std::string& key) const;  // nullptr when missing
  std::string pointer_to(const std::string& key) const;

  std::shared_ptr<const JsonFile> file_;
  std::string pointer_;         // of this object in the file (for the line of an error)
  const nlohmann::json* node_;  // this object, inside file_
  mutable std::set<std::string> asked_;
};

}  // namespace huizong
