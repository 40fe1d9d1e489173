#include "render/templates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "common/error.h"
#include "common/file.h"
#include "common/i18n.h"
#include "common/text.h"

namespace huizong {
namespace fs = std::filesystem;

namespace {

// kainjow ends its messages with " at <byte offset>"; the line number replaces it.
std::string without_offset(const std::string& what) {
  std::size_t at = what.rfind(" at ");
  if (at == std::string::npos || at + 4 >= what.size()) return what;
  for (std::size_t i = at + 4; i < what.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(what[i]))) return what;
  return what.substr(0, at);
}

// kainjow's messages (English, with the tag's name in quotes), in the user's language.
std::string library_message(const std::string& what) {
  auto quoted = [&](const char* prefix, std::string& name) {
    if (!what.starts_with(prefix) || !what.ends_with("\"")) return false;
    name = what.substr(std::strlen(prefix), what.size() - std::strlen(prefix) - 1);
    return true;
  };
  std::string name;
  // untranslated: kainjow's own messages, matched to be translated
  if (quoted("Unopened section \"", name)) return tr("Unopened section \"{}\"", name);
  if (quoted("Unclosed section \"", name)) return tr("Unclosed section \"{}\"", name);
  if (what == "Unclosed tag") return _("Unclosed tag");
  if (what == "Invalid set delimiter tag") return _("Invalid set delimiter tag");  // untranslated: as above
  return what;
}

Error template_error(const fs::path& file, int line, const std::string& what) {
  return Error(ExitCode::template_error, file.string(), line, library_message(without_offset(what)),
               _("fix the template (print the bundled one with `huizong render --print-default-template NAME`)"));
}

std::string read_text(const fs::path& p) {
  std::string text;
  if (read_whole_file(p, text) != 0) throw template_error(p, 0, _("cannot read template"));
  return text;
}

// Every {{> name}} tag of `text`: the partial's name and the tag's offset, as the regex
// \{\{>\s*([^}\s]+)\s*\}\} finds them (a scan: std::regex took a third of loading the templates).
std::vector<std::pair<std::string, std::size_t>> partial_tags(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  std::vector<std::pair<std::string, std::size_t>> tags;
  for (std::size_t at = text.find("{{>"); at != std::string_view::npos;) {
    std::size_t i = at + 3;
    while (i < text.size() && space(text[i])) ++i;
    const std::size_t name = i;
    while (i < text.size() && text[i] != '}' && !space(text[i])) ++i;
    const std::size_t name_end = i;
    while (i < text.size() && space(text[i])) ++i;
    if (name_end > name && text.substr(i, 2) == "}}") {
      tags.emplace_back(std::string(text.substr(name, name_end - name)), at);
      at = text.find("{{>", i + 2);
    } else {
      at = text.find("{{>", at + 1);
    }
  }
  return tags;
}

// A partial that includes itself, directly or through others, never ends: the views are
// not recursive, so every level finds the same data again. Found by a depth-first walk
// of the {{> name}} references; the error names the cycle.
void check_no_cycle(const fs::path& dir, const std::map<std::string, std::string>& partials) {
  std::map<std::string, std::vector<std::pair<std::string, int>>> refs;  // partial -> (partial, line)
  for (const auto& [name, text] : partials)
    for (const auto& [ref, offset] : partial_tags(text)) refs[name].emplace_back(ref, line_of_offset(text, offset));
  std::map<std::string, int> state;  // 1: on the current path, 2: done
  std::vector<std::string> path;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    state[name] = 1;
    path.push_back(name);
    for (const auto& [ref, line] : refs[name]) {
      if (state[ref] == 1) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), ref); it != path.end(); ++it) cycle += *it + " -> ";
        throw template_error(
            dir / ("_" + name + ".mustache"), line,
            tr("partial \"{}\" includes itself ({}{}): a partial cannot be used inside itself", ref, cycle, ref));
      }
      if (state[ref] == 0 && partials.count(ref)) visit(ref);
    }
    path.pop_back();
    state[name] = 2;
  };
  for (const auto& [name, text] : partials)
    if (state[name] == 0) visit(name);
}

// Template text cut around its `{{#list}}` section: the text before the section's line,
// the section's lines, the text after its closing line; nullopt unless rendering the three
// in turn (the section's once per element) gives what the whole template gives: the two
// tags alone on their lines at the top level, the list named by no other tag, no partial
// (it could name the list) and no delimiters changed (tags could then hide anywhere).
std::optional<std::array<std::string, 3>> list_parts(const std::string& text, const std::string& list) {
  auto trimmed = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  std::size_t open = std::string::npos, close = std::string::npos;
  for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at)) {
    const bool triple = text.compare(at, 3, "{{{") == 0;
    const std::size_t end = text.find(triple ? "}}}" : "}}", at);
    if (end == std::string::npos) return std::nullopt;
    // As kainjow reads a tag: its contents trimmed, then the sigil, then the name trimmed.
    std::string_view tag = trimmed(std::string_view(text).substr(at + 2, end - at - 2));
    at = end + (triple ? 3 : 2);
    const char sigil = tag.empty() ? ' ' : tag.front();
    if (sigil == '!') continue;                             // a comment
    if (sigil == '>' || sigil == '=') return std::nullopt;  // a partial, changed delimiters
    if (sigil != '\0' && std::strchr("#^/&{", sigil)) tag = trimmed(tag.substr(1));
    if (tag != list && !(tag.starts_with(list) && tag.size() > list.size() && tag[list.size()] == '.')) continue;
    if (sigil == '#' && tag == list && open == std::string::npos)
      open = at;  // just after the tag
    else if (sigil == '/' && tag == list && open != std::string::npos && close == std::string::npos)
      close = at;
    else
      return std::nullopt;
  }
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  const std::string open_tag = "{{#" + list + "}}", close_tag = "{{/" + list + "}}";
  const std::size_t open_at = open - open_tag.size(), close_at = close - close_tag.size();
  // Where the line of a tag that ends at `after` ends (its \n, after a \r or not), or npos.
  auto line_end = [&](std::size_t after) {
    if (after < text.size() && text[after] == '\n') return after;
    if (after + 1 < text.size() && text[after] == '\r' && text[after + 1] == '\n') return after + 1;
    return std::string::npos;
  };
  auto alone = [&](std::size_t tag_at, std::size_t after, const std::string& tag) {
    return text.compare(tag_at, tag.size(), tag) == 0 && (tag_at == 0 || text[tag_at - 1] == '\n') &&
           line_end(after) != std::string::npos;
  };
  if (!alone(open_at, open, open_tag) || !alone(close_at, close, close_tag)) return std::nullopt;
  const std::size_t body = line_end(open) + 1, tail = line_end(close) + 1;
  std::array<std::string, 3> parts{text.substr(0, open_at), text.substr(body, close_at - body), text.substr(tail)};
  // Each part complete on its own: the section is at the top level.
  for (const std::string& part : parts)
    if (!kainjow::mustache::mustache(part).is_valid()) return std::nullopt;
  return parts;
}

// Sends what a template renders to the output and to the caller's `piece`, as a stream
// (kainjow renders with a context stack only into one).
struct RenderSink {
  std::string& out;
  const std::function<void(const std::string&)>& piece;
  RenderSink& operator<<(const std::string& s) {
    out += s;
    if (piece) piece(s);
    return *this;
  }
};

// Stack a render may use before partials nested that deep are cut off: far more than
// real templates need (a few levels), far less than a thread's stack (8 MB).
constexpr std::uintptr_t kMaxRenderStack = 1 << 20;

}  // namespace

int error_line(const std::string& message, const std::string& text) {
  std::size_t at = message.rfind(" at ");
  if (at == std::string::npos) return 0;
  try {
    return line_of_offset(text, std::stoul(message.substr(at + 4)));
  } catch (...) {
    return 0;
  }
}

TemplateSet TemplateSet::load(const fs::path& dir) {
  TemplateSet set;
  set.dir_ = dir;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (!e.is_regular_file() || !name.ends_with(".mustache")) continue;
    std::string stem = name.substr(0, name.size() - std::string(".mustache").size());
    std::string text = read_text(e.path());
    if (stem.starts_with("_")) {
      // _item.md.mustache -> partial "item.md"
      set.partials_[stem.substr(1)] = text;
    } else {
      set.templates_[stem] = text;
    }
  }
  if (ec || set.templates_.empty())
    throw Error(ExitCode::template_error, dir.string(), 0, _("no templates (*.mustache) in directory"),
                _("point --templates at a copy of the bundled templates directory"));
  return from_texts(dir, std::move(set.templates_), std::move(set.partials_));
}

TemplateSet TemplateSet::from_texts(const fs::path& dir, std::map<std::string, std::string> templates,
                                    std::map<std::string, std::string> partials) {
  TemplateSet set;
  set.dir_ = dir;
  set.templates_ = std::move(templates);
  set.partials_ = std::move(partials);
  // Parse every template and partial now, so an edit error is reported before any output.
  auto check = [&](const std::string& name, const std::string& text, bool partial) {
    fs::path file = dir / ((partial ? "_" : "") + name + ".mustache");
    kainjow::mustache::mustache tmpl{text};
    if (!tmpl.is_valid()) throw template_error(file, error_line(tmpl.error_message(), text), tmpl.error_message());
    for (const auto& [ref, offset] : partial_tags(text))
      if (!set.partials_.count(ref))
        throw template_error(file, line_of_offset(text, offset),
                             tr("unknown partial \"{}\" (expected a file _{}.mustache)", ref, ref));
  };
  for (const auto& [name, text] : set.templates_) check(name, text, false);
  for (const auto& [name, text] : set.partials_) check(name, text, true);
  check_no_cycle(dir, set.partials_);
  return set;
}

std::string TemplateSet::source_of(const std::string& name) const {
  auto it = templates_.find(name);
  std::string s = it == templates_.end() ? std::string() : it->second;
  const std::string sep(1, '\0');  // names and texts cannot run into each other
  for (const auto& [pname, ptext] : partials_) s += sep + pname + sep + ptext;
  return s;
}

std::optional<std::unordered_set<std::string>> TemplateSet::names_in(const std::string& name) const {
  const std::string text = source_of(name);
  // A set-delimiter tag ({{=<% %>=}}): the names may then run into delimiters made of any
  // characters; every key is kept.
  for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    std::size_t k = at + 2;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t' || text[k] == '{')) ++k;
    if (k < text.size() && text[k] == '=') return std::nullopt;
  }
  // Two readings, both kept: runs of ASCII name characters (a tag's name between other
  // characters: 【{{agency}}】), and runs of anything but spaces, braces, dots and the tags'
  // sigils (a key such as 2023年度:metrics or 一般公共预算收入:text; kainjow splits a name
  // only at its dots).
  auto ascii_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  auto any_name = [](char c) {
    static constexpr std::string_view kNotInName(" \t\r\n{}.#^/!>&=<\0", 16);  // \0: source_of's separator
    return kNotInName.find(c) == std::string_view::npos;
  };
  std::unordered_set<std::string> names;
  for (auto is_name_char : {+ascii_name, +any_name})
    for (std::size_t i = 0; i < text.size();) {
      if (!is_name_char(text[i])) {
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < text.size() && is_name_char(text[end])) ++end;
      names.emplace(text, i, end - i);
      i = end;
    }
  return names;
}

void TemplateSet::add_partials(kainjow::mustache::data& view, std::string& too_deep) const {
  // load() refuses cycles of {{> name}} tags, but a template can change its delimiters
  // ({{=<% %>=}}) and hide one: a partial is cut off when the render has used more than
  // kMaxRenderStack of stack, and the render fails naming it (no stack overflow).
  const auto base = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  for (const auto& [pname, ptext] : partials_) {
    kainjow::mustache::partial expand = [base, &too_deep, &pname, &ptext]() -> std::string {
      auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
      if (too_deep.empty() && (here > base || base - here < kMaxRenderStack)) return ptext;
      if (too_deep.empty()) too_deep = pname;
      return {};
    };
    view.set(pname, kainjow::mustache::data(expand));
  }
}

void TemplateSet::check_rendered(const std::string& name, const std::string& too_deep,
                                 const kainjow::mustache::mustache& tmpl, const std::string& text) const {
  if (!too_deep.empty())
    throw template_error(dir_ / ("_" + too_deep + ".mustache"), 0,
                         tr("partial \"{}\" is nested too deeply: it includes itself", too_deep));
  if (!tmpl.is_valid())
    throw template_error(dir_ / (name + ".mustache"), error_line(tmpl.error_message(), text), tmpl.error_message());
}

const std::string& TemplateSet::text_of(const std::string& name) const {
  auto it = templates_.find(name);
  if (it == templates_.end())
    throw Error(ExitCode::template_error, (dir_ / (name + ".mustache")).string(), 0, _("template missing"),
                tr("restore it from the bundled templates (huizong render --print-default-template {})", name));
  return it->second;
}

std::string TemplateSet::render(const std::string& name, kainjow::mustache::data&& view,
                                const std::function<std::string(const std::string&)>& escape,
                                const std::function<void(const std::string&)>& piece) const {
  const std::string& text = text_of(name);
  kainjow::mustache::mustache tmpl{text};
  tmpl.set_custom_escape(escape);
  std::string too_deep;
  add_partials(view, too_deep);
  std::string out;  // appended to straight (kainjow's own render goes through a stringstream)
  RenderSink sink{out, piece};
  tmpl.render(view, [&sink](const std::string& s) { sink << s; });
  check_rendered(name, too_deep, tmpl, text);
  return out;
}

bool TemplateSet::renders_by_element(const std::string& name, const std::string& list) const {
  auto it = templates_.find(name);
  return it != templates_.end() && list_parts(it->second, list).has_value();
}

std::string TemplateSet::render_by_element(const std::string& name, kainjow::mustache::data&& rest,
                                           const std::string& list, std::size_t count,
                                           const std::function<kainjow::mustache::data(std::size_t)>& element,
                                           const std::function<std::string(const std::string&)>& escape,
                                           const std::function<void(const std::string&)>& piece,
                                           const std::function<void(kainjow::mustache::data&&)>& done) const {
  if (count == 0) {  // kainjow keeps a newline of an empty section's tag lines: rendered whole
    rest.set(list, kainjow::mustache::data(kainjow::mustache::data::type::list));
    return render(name, std::move(rest), escape, piece);
  }
  const std::string& text = text_of(name);
  std::optional<std::array<std::string, 3>> parts = list_parts(text, list);
  // untranslated: an internal failure (the caller asked renders_by_element first)
  if (!parts) throw std::logic_error(name + " cannot be rendered one element of " + list + " at a time");
  std::array<kainjow::mustache::mustache, 3> tmpl{kainjow::mustache::mustache((*parts)[0]),
                                                  kainjow::mustache::mustache((*parts)[1]),
                                                  kainjow::mustache::mustache((*parts)[2])};
  for (auto& t : tmpl) t.set_custom_escape(escape);
  std::string too_deep;
  add_partials(rest, too_deep);
  std::string out;
  RenderSink sink{out, piece};
  tmpl[0].render(rest, sink);
  // As the whole template's section would: each element on top of the view's context.
  kainjow::mustache::context<std::string> context{&rest};
  for (std::size_t i = 0; i < count && tmpl[1].is_valid(); ++i) {
    kainjow::mustache::data e = element(i);
    context.push(&e);
    tmpl[1].render(context, sink);
    context.pop();
    if (done) done(std::move(e));
  }
  tmpl[2].render(rest, sink);
  for (const auto& t : tmpl) check_rendered(name, too_deep, t, text);
  return out;
}

}  // namespace huizong
