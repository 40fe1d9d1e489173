// Mustache templates (kainjow) loaded at run time from a directory the user can point at.
// `NAME.mustache` files are templates; `_NAME.mustache` files are partials, used as
// {{> NAME}}. kainjow has no partial loader and renders an unknown partial as empty, so
// partial names are checked before rendering, and its byte-offset errors are turned into
// template file:line.
#pragma once
#include <filesystem>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>

namespace huizong {

class TemplateSet {
 public:
  // Every *.mustache file in `dir`. Throws Error(template_error) if `dir` has none, or a
  // template is not valid Mustache or names a partial that does not exist.
  static TemplateSet load(const std::filesystem::path& dir);
  // The same checks on texts in memory (name -> text; partial names without the "_"), as
  // if read from `dir` (which only names the files in errors).
  static TemplateSet from_texts(const std::filesystem::path& dir, std::map<std::string, std::string> templates,
                                std::map<std::string, std::string> partials);

  bool has(const std::string& name) const { return templates_.count(name) > 0; }
  const std::filesystem::path& dir() const { return dir_; }

  // Render template `name` (file name without .mustache, e.g. "briefing.md") with the
  // given escape for {{var}} ({{{var}}} is never escaped).
  // Partials are added to the view in place (no deep copy); it is left to the caller to
  // free (a large view's destruction can then run beside other work).
  // Each piece of the output is also handed to `piece`, if given, as it is made.
  std::string render(const std::string& name, kainjow::mustache::data&& view,
                     const std::function<std::string(const std::string&)>& escape,
                     const std::function<void(const std::string&)>& piece = nullptr) const;

  // Whether template `name` can be rendered with its `{{#list}}` section one element at a
  // time (render_by_element): the section's tags alone on their lines at the top level, the
  // list named by no other tag, no partials, no changed delimiters.
  bool renders_by_element(const std::string& name, const std::string& list) const;
  // render() of the view `rest` with `list` set to the `count` elements that `element(i)`
  // makes, each made when the section reaches it and then given to `done` if any (else
  // dropped): a compendium's groups, its view never whole. The same output; only if
  // renders_by_element.
  std::string render_by_element(const std::string& name, kainjow::mustache::data&& rest, const std::string& list,
                                std::size_t count, const std::function<kainjow::mustache::data(std::size_t)>& element,
                                const std::function<std::string(const std::string&)>& escape,
                                const std::function<void(const std::string&)>& piece = nullptr,
                                const std::function<void(kainjow::mustache::data&&)>& done = nullptr) const;

  // The text of a template and of every partial: what a render's output depends on.
  std::string source_of(const std::string& name) const;
  // Every name template `name` (with the partials) could look up in its view, a superset:
  // each run of ASCII letters, digits, _ and - in its text, and each run of characters
  // other than spaces, braces, dots and tag sigils (a dotted name gives each part);
  // nullopt (every name) when a template changes its delimiters.
  std::optional<std::unordered_set<std::string>> names_in(const std::string& name) const;

 private:
  const std::string& text_of(const std::string& name) const;  // Error(template_error) if missing
  // The partials set in `view`; `too_deep` names one cut off (nested in itself).
  void add_partials(kainjow::mustache::data& view, std::string& too_deep) const;
  void check_rendered(const std::string& name, const std::string& too_deep, const kainjow::mustache::mustache& tmpl,
                      const std::string& text) const;

  std::filesystem::path dir_;
  std::map<std::string, std::string> templates_;  // name -> text
  std::map<std::string, std::string> partials_;   // name -> text
};

// "Unclosed section "x" at 120" with the template text -> the line holding byte 120.
int error_line(const std::string& kainjow_message, const std::string& text);

}  // namespace huizong
