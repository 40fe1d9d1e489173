// libFuzzer target: template loading and rendering (TemplateSet, kainjow mustache) on
// templates the user edits. Input: the template text, then partial "a", then partial "b",
// separated by the two bytes \x01\x02 (a missing part is left out). A template that is not
// valid Mustache, names a partial that does not exist or includes itself is an Error
// (exit 4, template_error); rendering what loads must not crash, overflow the stack (a
// partial cycle hidden by changed delimiters) or use unbounded memory.
#include <map>
#include <string>

#include "fuzz_common.h"
#include "render/templates.h"

using namespace huizong;
using kainjow::mustache::data;

namespace {

// A view shaped like the documents' (lists of objects with text, flags, nested lists).
data sample_view() {
  data item = data::type::object;
  item.set("index", "1");
  item.set("text", "检查企业<12>家 & {{x}}");
  item.set("flag", data::type::bool_true);
  data items = data::type::list;
  items.push_back(item);
  items.push_back(item);
  data group = data::type::object;
  group.set("agency", "县审计局");
  group.set("items", items);
  group.set("empty", data::type::list);
  data groups = data::type::list;
  groups.push_back(group);
  data view = data::type::object;
  view.set("title", "汇总");
  view.set("groups", groups);
  view.set("has_groups", data::type::bool_true);
  return view;
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '<' ? std::string("&lt;") : c == '&' ? std::string("&amp;") : std::string(1, c);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data_in, std::size_t size) {
  std::string_view in = fuzz::as_view(data_in, size);
  std::string parts[3];
  for (int k = 0; k < 3; ++k) {
    std::size_t sep = in.find("\x01\x02");
    parts[k] = std::string(in.substr(0, sep));
    if (sep == std::string_view::npos) {
      in = {};
      break;
    }
    in.remove_prefix(sep + 2);
  }
  std::map<std::string, std::string> partials;
  if (!parts[1].empty()) partials["a"] = parts[1];
  if (!parts[2].empty()) partials["b"] = parts[2];
  try {
    TemplateSet set = TemplateSet::from_texts("fuzz", {{"t", parts[0]}}, partials);
    std::string out = set.render("t", sample_view(), escape_html);
    (void)out;
  } catch (const Error& e) {
    FUZZ_CHECK(e.code() == ExitCode::template_error);
    FUZZ_CHECK(!e.problem().empty());
  }
  return 0;
}
