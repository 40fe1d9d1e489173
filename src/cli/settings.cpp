#include "cli/settings.h"

#include <fmt/core.h>

#include <ostream>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/lexicon.h"
#include "render/outputs.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

// A path of the file, relative to the file's folder; "" stays "" (not set).
std::string beside(const fs::path& file, const std::string& path) {
  if (path.empty()) return {};
  fs::path p(path);
  return (p.is_absolute() ? p : file.parent_path() / p).lexically_normal().string();
}

Settings read_settings(const fs::path& file) {
  LexiconReader r(JsonFile::load(file), "");
  Settings s;
  s.file = file;
  s.office = r.text("office");
  s.title = r.text("title");
  s.templates = beside(file, r.text("templates"));
  s.styles = beside(file, r.text("styles"));
  s.lexicons = beside(file, r.text("lexicons"));
  s.reference_doc = beside(file, r.text("reference_doc"));
  s.order = beside(file, r.text("order"));
  s.outputs = r.strings("outputs");
  for (const std::string& entry : s.outputs)
    if (!known_output_entry(entry))
      r.fail("outputs", tr("no output is called \"{}\"", entry),
             _("write document names (briefing, compendium, problems, plans, comparison), formats (md, html, docx, "
               "xlsx) or file names (briefing.docx)"));
  r.done();
  return s;
}

// Copies every file of `from` (recursively) into `to`, keeping the files already there.
// Returns how many were copied.
int copy_missing(const fs::path& from, const fs::path& to) {
  int copied = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(from)) {
    fs::path target = to / fs::relative(e.path(), from);
    if (e.is_directory()) {
      fs::create_directories(target, ec);
    } else if (e.is_regular_file() && !fs::exists(target, ec)) {
      fs::create_directories(target.parent_path(), ec);
      std::string bytes = read_file_or_throw(e.path(), ExitCode::usage, _("reinstall huizong"));
      write_file_atomically(target, bytes);
      ++copied;
    }
  }
  return copied;
}

}  // namespace

std::optional<Settings> find_settings(const std::string& config) {
  std::error_code ec;
  if (!config.empty()) {
    if (!fs::is_regular_file(config, ec))
      throw Error(ExitCode::usage, config, 0, _("no such settings file"),
                  _("give the path of a huizong.json (`huizong init DIR` writes one)"));
    return read_settings(fs::path(config));
  }
  if (!fs::is_regular_file(kSettingsName, ec)) return std::nullopt;
  return read_settings(fs::path(kSettingsName));
}

std::string expand_title(const std::string& title, const std::string& office) {
  std::string out = title;
  const std::string key = "{office}";
  for (std::size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + office.size()))
    out.replace(at, key.size(), office);
  return out;
}

void init_office(const fs::path& dir, std::ostream& out) {
  std::error_code ec;
  fs::path settings = dir / kSettingsName;
  if (fs::exists(settings, ec))
    throw Error(ExitCode::usage, settings.string(), 0, _("this folder is already set up"),
                _("edit its huizong.json, or choose another folder"));
  fs::create_directories(dir / "in", ec);
  if (ec) throw Error(ExitCode::output, dir.string(), 0, _("cannot create the folder"), _("choose a writable folder"));
  int templates = copy_missing(data_dir("templates"), dir / "templates");
  int styles = copy_missing(data_dir("styles"), dir / "styles");
  int lexicons = copy_missing(data_dir("lexicons"), dir / "lexicons");
  write_file_atomically(
      settings, read_file_or_throw(data_dir("office") / kSettingsName, ExitCode::usage, _("reinstall huizong")));
  std::string d = dir.string();
  while (d.size() > 1 && d.ends_with('/')) d.pop_back();
  out << tr("huizong: set up {}: huizong.json, templates/ ({} files), styles/ ({}), lexicons/ ({}), in/\n", d,
            templates, styles, lexicons)
      << tr("Next:\n"
            "  1. put the units' summaries (.txt, .docx) into {}/in/\n"
            "  2. cd {} && huizong build in/ -o out/      (then open out/briefing.html)\n"
            "  3. edit huizong.json (office, title) and templates/*.mustache, then build again\n",
            d, d);
}

}  // namespace huizong
