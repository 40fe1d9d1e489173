#include "common/lexicon.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/text.h"

namespace huizong {
namespace fs = std::filesystem;
using nlohmann::json;

fs::path data_dir(const std::string& subdir, const fs::path& override_dir) {
  if (!override_dir.empty()) {
    if (!fs::is_directory(override_dir))
      throw Error(ExitCode::usage, override_dir.string(), 0, _("not a directory"),
                  tr("give an existing directory holding {}", subdir));
    return override_dir;
  }
  for (const fs::path& base : {fs::path(HUIZONG_SOURCE_DATA_DIR), fs::path(HUIZONG_INSTALL_DATA_DIR)}) {
    fs::path candidate = base / subdir;
    if (fs::is_directory(candidate)) return candidate;
  }
  throw Error(ExitCode::usage, subdir, 0, _("data directory not found"),
              tr("reinstall huizong or point at a copy with the matching --{} option", subdir));
}

namespace {

// Is a comment (// or /* */) starting at i, and where does it end (the // comment's newline
// stays: it is blank space)?
bool comment_at(std::string_view t, std::size_t i) {
  return t[i] == '/' && i + 1 < t.size() && (t[i + 1] == '/' || t[i + 1] == '*');
}
std::size_t comment_end(std::string_view t, std::size_t i) {
  bool line_comment = t[i + 1] == '/';
  std::size_t end = line_comment ? t.find('\n', i) : t.find("*/", i + 2);
  return end == std::string_view::npos ? t.size() : end + (line_comment ? 0 : 2);
}

}  // namespace

void add_json_tokens(std::string_view t, Fingerprint& f) {
  std::size_t run = 0;  // start of the bytes not yet added
  auto skip = [&](std::size_t from, std::size_t to) {
    f.add(t.substr(run, from - run));
    run = to;
  };
  for (std::size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (c == '"') {
      for (++i; i < t.size() && t[i] != '"'; ++i)
        if (t[i] == '\\') ++i;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      skip(i, i + 1);
      ++i;
    } else if (comment_at(t, i)) {
      std::size_t end = comment_end(t, i);
      skip(i, end);
      i = end;
    } else {
      ++i;
    }
  }
  if (run < t.size()) f.add(t.substr(run));
}

namespace {

// Deeper than any lexicon needs; a file nested deeper is refused before nlohmann recurses.
constexpr int kMaxDepth = 64;

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Walks JSON text (comments allowed, already known to parse) and records the line where
// each value starts, by JSON pointer. A stack frame per open object/array: its pointer,
// the key or index of the value expected next.
class LineIndexer {
 public:
  explicit LineIndexer(std::string_view text) : t_(text) {}

  std::vector<std::pair<std::string, int>> run() {
    while (i_ < t_.size()) step();
    std::sort(out_.begin(), out_.end());
    return std::move(out_);
  }

 private:
  struct Frame {
    std::string pointer;
    bool object;
    std::size_t index = 0;
    std::string key;
  };
  void step() {
    char c = t_[i_];
    if (comment_at(t_, i_)) {
      i_ = comment_end(t_, i_);
      return;
    }
    if (c == '"') return string_token();
    if (c == '{' || c == '[') {
      value_starts();
      std::string ptr = stack_.empty() ? "" : child_pointer();
      stack_.push_back(Frame{ptr, c == '{', 0, {}});
      ++i_;
      return;
    }
    if (c == '}' || c == ']') {
      if (!stack_.empty()) stack_.pop_back();
      ++i_;
      return;
    }
    if (c == ',') {
      if (!stack_.empty() && !stack_.back().object) ++stack_.back().index;
      ++i_;
      return;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':') {
      ++i_;
      return;
    }
    value_starts();  // a number, true, false or null
    while (i_ < t_.size() && std::string_view(",]} \t\r\n/").find(t_[i_]) == std::string_view::npos) ++i_;
  }
  void string_token() {
    std::size_t start = i_++;
    std::string raw;
    while (i_ < t_.size() && t_[i_] != '"') {
      if (t_[i_] == '\\') raw += t_[i_++];
      if (i_ < t_.size()) raw += t_[i_++];
    }
    ++i_;
    std::size_t j = i_;
    while (j < t_.size() && (t_[j] == ' ' || t_[j] == '\t' || t_[j] == '\r' || t_[j] == '\n')) ++j;
    if (!stack_.empty() && stack_.back().object && j < t_.size() && t_[j] == ':') {
      stack_.back().key = json::parse("\"" + raw + "\"").get<std::string>();
      key_line_ = line_at(start);
      return;
    }
    i_ = start;
    value_starts();
    i_ = j;
  }
  std::string child_pointer() const {
    const Frame& f = stack_.back();
    return f.pointer + "/" + (f.object ? escape_pointer_token(f.key) : std::to_string(f.index));
  }
  void value_starts() {
    if (stack_.empty()) return;
    // A key's value is known by the key's line (where a user looks for it).
    int line = stack_.back().object ? key_line_ : line_at(i_);
    out_.emplace_back(child_pointer(), line);
  }

  // line_of_offset(t_, offset), counting on from the last offset asked for (offsets only
  // grow here): counting from the start each time was quadratic in the file's length.
  int line_at(std::size_t offset) {
    offset = std::min(offset, t_.size());
    if (offset < counted_to_) {
      counted_to_ = 0;
      counted_line_ = 1;
    }
    std::string_view span = t_.substr(counted_to_, offset - counted_to_);
    // line_of_offset counts a lone CR, and a CRLF at its LF: the same as counting the
    // LFs and the CRs not followed by an LF, which needs the byte after the span.
    int line = line_of_offset(t_.substr(counted_to_, std::min(t_.size(), offset + 1) - counted_to_), span.size());
    counted_line_ += line - 1;
    counted_to_ = offset;
    return counted_line_;
  }

  std::string_view t_;
  std::size_t i_ = 0;
  std::vector<Frame> stack_;
  int key_line_ = 0;
  std::size_t counted_to_ = 0;
  int counted_line_ = 1;
  std::vector<std::pair<std::string, int>> out_;
};

int nesting_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

const char* type_name(const json& v) {
  if (v.is_string()) return _("a string");
  if (v.is_number()) return _("a number");
  if (v.is_boolean()) return _("true/false");
  if (v.is_array()) return _("a list");
  if (v.is_object()) return _("an object");
  return "null";
}

}  // namespace

JsonFile::JsonFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  if (nesting_depth(text_) > kMaxDepth)
    throw input_error(path_, 0, tr("nested more than {} levels deep", kMaxDepth),
                      _("this is not a huizong data file; restore it from the bundled copy"));
  try {
    root_ = std::make_unique<json>(json::parse(text_, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true));
  } catch (const json::parse_error& e) {
    // nlohmann reports a byte offset; the user needs a line.
    throw input_error(path_, line_of_offset(text_, e.byte), tr("invalid JSON: {}", e.what()),
                      _("fix the syntax (comments // and /* */ are allowed)"));
  } catch (const json::exception& e) {  // a number too large for a double (out_of_range.406) has no offset
    throw input_error(path_, 0, tr("invalid JSON: {}", e.what()), _("write the number with fewer digits"));
  }
  lines_ = LineIndexer(text_).run();
}

JsonFile::~JsonFile() = default;

std::shared_ptr<const JsonFile> JsonFile::load(const fs::path& path) {
  std::string text = read_file_or_throw(path, ExitCode::input, _("check that the data file exists and is readable"));
  return std::make_shared<const JsonFile>(path.string(), std::move(text));
}

int JsonFile::line_of(const std::string& pointer) const {
  for (std::string p = pointer; !p.empty(); p = p.substr(0, p.rfind('/'))) {
    auto it = std::lower_bound(lines_.begin(), lines_.end(), std::make_pair(p, 0));
    if (it != lines_.end() && it->first == p) return it->second;
  }
  return 0;
}

json load_json_file(const fs::path& path) { return JsonFile::load(path)->root(); }

std::shared_ptr<const JsonFile> LexiconDir::file(const std::string& name) const {
  std::shared_ptr<const JsonFile>& f = files_[name];
  if (!f) f = JsonFile::load(data_dir("lexicons", dir_) / (name + ".json"));
  return f;
}

LexiconReader::LexiconReader(const std::string& name, const LexiconDir& dir) : LexiconReader(dir.file(name), "") {}

LexiconReader::LexiconReader(std::shared_ptr<const JsonFile> file, std::string pointer)
    : file_(std::move(file)), pointer_(std::move(pointer)), node_(&file_->root().at(json::json_pointer(pointer_))) {
  if (!node_->is_object())
    throw input_error(file_->path(), file_->line_of(pointer_),
                      tr("expected an object here, found {}", type_name(*node_)),
                      _("compare with the bundled lexicon of the same name"));
}

std::string LexiconReader::pointer_to(const std::string& key) const {
  return pointer_ + "/" + escape_pointer_token(key);
}

const json* LexiconReader::find(const std::string& key) const {
  asked_.insert(key);
  auto it = node_->find(key);
  return it == node_->end() || it->is_null() ? nullptr : &*it;
}

void LexiconReader::fail(const std::string& key, const std::string& problem, const std::string& hint) const {
  std::string where = key.empty() ? "" : "\"" + key + "\": ";
  throw input_error(file_->path(), file_->line_of(key.empty() ? pointer_ : pointer_to(key)), where + problem, hint);
}

bool LexiconReader::has(const std::string& key) const { return find(key) != nullptr; }

std::vector<std::string> LexiconReader::strings(const std::string& key) const {
  std::vector<std::string> out;
  const json* v = find(key);
  if (!v) return out;
  if (!v->is_array()) fail(key, tr("expected a list of strings, found {}", type_name(*v)), _("write [\"…\", \"…\"]"));
  for (const json& s : *v) {
    if (!s.is_string()) fail(key, tr("every entry must be a string, found {}", type_name(s)), _("quote it"));
    out.push_back(s.get<std::string>());
  }
  return out;
}

std::vector<std::string> LexiconReader::normalised_strings(const std::string& key) const {
  std::vector<std::string> out = strings(key);
  for (std::string& w : out) w = normalise(w);
  return out;
}

std::string LexiconReader::text(const std::string& key, const std::string& fallback) const {
  const json* v = find(key);
  if (!v) return fallback;
  if (!v->is_string()) fail(key, tr("expected a string, found {}", type_name(*v)), _("quote it"));
  return v->get<std::string>();
}

long long LexiconReader::integer(const std::string& key, long long fallback, long long min, long long max) const {
  const json* v = find(key);
  if (!v) return fallback;
  if (!v->is_number_integer()) fail(key, tr("expected a whole number, found {}", type_name(*v)), _("e.g. 12"));
  long long n = v->get<long long>();
  if (n < min || n > max) fail(key, _("out of range"), tr("use a number from {} to {}", min, max));
  return n;
}

std::vector<std::pair<std::string, std::string>> LexiconReader::string_map(const std::string& key) const {
  std::vector<std::pair<std::string, std::string>> out;
  const json* v = find(key);
  if (!v) return out;
  if (!v->is_object()) fail(key, tr("expected an object, found {}", type_name(*v)), _("write {\"…\": \"…\"}"));
  for (const auto& [k, s] : v->items()) {
    if (!s.is_string()) fail(key, tr("the value of \"{}\" must be a string", k), _("quote it"));
    out.emplace_back(k, s.get<std::string>());
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> LexiconReader::string_lists(
    const std::string& key) const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  if (!find(key)) return out;
  LexiconReader inner = object(key);
  for (const auto& item : inner.node_->items()) out.emplace_back(item.key(), inner.strings(item.key()));
  return out;
}

LexiconReader LexiconReader::object(const std::string& key) const {
  if (!find(key)) fail(key, _("missing"), _("add it (see the bundled lexicon of the same name)"));
  return LexiconReader(file_, pointer_to(key));
}

std::vector<LexiconReader> LexiconReader::objects(const std::string& key) const {
  std::vector<LexiconReader> out;
  const json* v = find(key);
  if (!v) return out;
  if (!v->is_array()) fail(key, tr("expected a list of objects, found {}", type_name(*v)), _("write [{…}, {…}]"));
  for (std::size_t i = 0; i < v->size(); ++i) out.emplace_back(file_, pointer_to(key) + "/" + std::to_string(i));
  return out;
}

std::string LexiconReader::json_dump(const std::string& key) const {
  return (key.empty() ? *node_ : node_->at(key)).dump();
}

void LexiconReader::done() const {
  for (const auto& item : node_->items()) {
    const std::string& key = item.key();
    if (asked_.count(key)) continue;
    std::string known;
    for (const std::string& k : asked_) known += (known.empty() ? "" : ", ") + k;
    fail(key, _("unknown key"), tr("known keys here: {} (a typo is never ignored)", known));
  }
}

}  // namespace huizong
