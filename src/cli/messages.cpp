#include "cli/messages.h"

#include <fmt/args.h>
#include <unistd.h>

#include <array>
#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "common/i18n.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDomain = "huizong";

// The locale folder holding huizong's catalogues, relative to the executable first (a
// build or an installation moved elsewhere), then where `cmake --install` puts it.
fs::path locale_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path().parent_path() / "locale");            // build/src/huizong
    candidates.push_back(exe.parent_path().parent_path() / "share" / "locale");  // PREFIX/bin/huizong
  }
  candidates.emplace_back(HUIZONG_INSTALL_LOCALE_DIR);
  for (const fs::path& dir : candidates)
    if (fs::is_regular_file(dir / "zh_CN" / "LC_MESSAGES" / "huizong.mo", ec)) return dir;
  return HUIZONG_INSTALL_LOCALE_DIR;
}

// The language the environment asks for (zh_CN of zh_CN.UTF-8@x), "" for C or none.
std::string language_asked() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    std::string lang(v);
    lang = lang.substr(0, lang.find_first_of(".@"));
    return lang == "C" || lang == "POSIX" ? std::string() : lang;
  }
  return {};
}

}  // namespace

void init_messages() {
  if (std::setlocale(LC_MESSAGES, "") == nullptr) {
    // The locale is not installed: gettext would fall back to C, i.e. English. Under
    // C.UTF-8 (always there) it follows LANGUAGE, which then names the language asked for.
    std::setlocale(LC_MESSAGES, "C.UTF-8");
    const char* language = std::getenv("LANGUAGE");
    std::string asked = language_asked();
    if ((language == nullptr || *language == '\0') && !asked.empty()) ::setenv("LANGUAGE", asked.c_str(), 1);
  }
  ::bindtextdomain(kDomain, locale_dir().c_str());
  ::bind_textdomain_codeset(kDomain, "UTF-8");
  ::textdomain(kDomain);
}

namespace {

// The pieces of `text` standing where `pattern` has {}, or nullopt when it does not match.
std::optional<std::vector<std::string>> match_pattern(const std::string& pattern, const std::string& text) {
  std::vector<std::string> literals;
  std::size_t from = 0;
  for (std::size_t at = pattern.find("{}"); at != std::string::npos; at = pattern.find("{}", from)) {
    literals.push_back(pattern.substr(from, at - from));
    from = at + 2;
  }
  literals.push_back(pattern.substr(from));
  if (!text.starts_with(literals.front())) return std::nullopt;
  std::vector<std::string> values;
  std::size_t pos = literals.front().size();
  for (std::size_t i = 1; i < literals.size(); ++i) {
    bool last = i + 1 == literals.size();
    std::size_t at = last ? text.size() - literals[i].size() : text.find(literals[i], pos);
    if (at == std::string::npos || at < pos || (last && !text.ends_with(literals[i]))) return std::nullopt;
    values.push_back(text.substr(pos, at - pos));
    pos = at + literals[i].size();
  }
  return values;
}

// The warnings the parser keeps in the model (src/split, src/pipeline), as they read.
constexpr std::array<const char*, 4> kModelWarnings = {
    N_("declares {} reports but holds {}"),
    N_("table of contents entry at line {} ({}) has no report in the body"),
    N_("the report at {} has the same title and text as {}: counted once, with both sources listed"),
    N_("the report at {} has the same body as {}: counted once, with both sources listed"),
};

}  // namespace

std::string translated_warning(const std::string& warning) {
  for (const char* pattern : kModelWarnings) {
    std::optional<std::vector<std::string>> values = match_pattern(pattern, warning);
    if (!values) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (const std::string& v : *values) args.push_back(v);
    try {
      return fmt::vformat(::gettext(pattern), args);
    } catch (const fmt::format_error&) {
      return warning;  // a translation with a {} too many
    }
  }
  return warning;
}

}  // namespace huizong
