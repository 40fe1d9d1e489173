// libFuzzer target: the view cache reader. A cache file under .huizong/ is read back as
// CBOR, straight to template data (view_from_cache_bytes, a document's view) or to tables
// (the workbook's tables: datasets_from_cbor), or one list element at a time (ViewElements:
// the compendium's groups). A damaged or hostile file must come back as "no cache"
// (nullopt), never a crash or a stack overflow; what is accepted is then rendered with the
// bundled templates, as a render would.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/lexicon.h"
#include "fuzz_common.h"
#include "render/templates.h"
#include "render/view_data.h"

using namespace huizong;

namespace {

const TemplateSet& bundled() {
  static const TemplateSet set = TemplateSet::load(data_dir("templates"));
  return set;
}

std::string as_is(const std::string& s) { return s; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::as_view(data, size);
  if (std::optional<Datasets> d = datasets_from_cbor(bytes)) (void)d;  // how the cache reads the tables
  if (std::optional<ViewElements> e = ViewElements::read(std::string(bytes), "groups", nullptr)) {
    // Every element's extent was checked: each must read, and render as the compendium's.
    for (std::size_t i = 0; i < e->size(); ++i) FUZZ_CHECK(e->element(i).has_value());
    try {
      bundled().render_by_element("compendium.md", std::move(e->rest), "groups", e->size(),
                                  [&](std::size_t i) { return *e->element(i); }, as_is);
    } catch (const Error& err) {
      FUZZ_CHECK(err.code() == ExitCode::template_error);
    }
  }
  std::optional<kainjow::mustache::data> view = view_from_cache_bytes(bytes);
  if (!view || !view->is_object()) return 0;
  for (const char* name : {"briefing.md", "problems.md", "plans.md", "comparison.md"}) {
    try {
      bundled().render(name, kainjow::mustache::data(*view), as_is);
    } catch (const Error& e) {
      FUZZ_CHECK(e.code() == ExitCode::template_error);
    }
  }
  return 0;
}
