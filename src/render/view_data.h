// Views as the templates and the view cache see them: JSON (or its CBOR) -> kainjow
// template data, and the workbook's tables <-> JSON.
#pragma once
#include <functional>
#include <kainjow/mustache.hpp>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "render/table.h"

namespace huizong {

// The names a template can look up (TemplateSet::names_in).
using ViewNames = std::unordered_set<std::string>;

nlohmann::json datasets_to_json(const Datasets& d);
// The same bytes as nlohmann::json::to_cbor(datasets_to_json(d)), written piece by piece to
// `out` without building the JSON tree (the tables are the largest view).
void datasets_to_cbor(const Datasets& d, const std::function<void(std::string_view)>& out);
// The tables back from that CBOR, without the JSON tree either; nullopt for bytes that are
// not tables (a damaged cache).
std::optional<Datasets> datasets_from_cbor(std::string_view cbor);

// A JSON view as kainjow data (numbers become text, null becomes false).
kainjow::mustache::data to_mustache(const nlohmann::json& view);
// The same, its text moved out of `view`.
kainjow::mustache::data to_mustache(nlohmann::json&& view);

// The same for a view saved as CBOR (nlohmann::json::to_cbor), without building the JSON
// tree in between; nullopt if the bytes are not valid CBOR.
// Views deeper than a view can be (64 levels) are refused, never a stack overflow.
std::optional<kainjow::mustache::data> cbor_to_mustache(std::string_view cbor);

// A document's view as the view cache keeps it: "C T\n", then the CBOR of the view (C
// bytes), then the texts moved out of it (T bytes). Texts of 16 bytes or more are kept out
// of the CBOR, each as the byte string of its length, for nlohmann reads CBOR text a byte
// at a time; cbor_to_mustache takes such byte strings for empty texts.
std::string view_to_cache_bytes(nlohmann::json&& view);
// The same bytes for the view `rest` with `list_key` set to the `count` elements that
// `element(i)` makes, one at a time, each written and dropped before the next is made (a
// compendium's groups: its view is never whole as a tree).
std::string view_to_cache_bytes(nlohmann::json&& rest, const std::string& list_key, std::size_t count,
                                const std::function<nlohmann::json(std::size_t)>& element);
// The same bytes, handed to `out` in pieces (never whole in memory: staged to a file).
void view_to_cache(nlohmann::json&& view, const std::function<void(std::string_view)>& out);
void view_to_cache(nlohmann::json&& rest, const std::string& list_key, std::size_t count,
                   const std::function<nlohmann::json(std::size_t)>& element,
                   const std::function<void(std::string_view)>& out);
// Those bytes as template data, as cbor_to_mustache of the whole view would give; nullopt
// for anything else (a damaged file). `names`, if given: only the object keys it holds are
// kept (TemplateSet::names_in: those a template can look up), for a render converts every
// kept value (a compendium's items carry fields its template does not show).
std::optional<kainjow::mustache::data> view_from_cache_bytes(std::string_view bytes, const ViewNames* names = nullptr);

// A cached view (view_to_cache_bytes) with one of its top-level lists read one element at a
// time: the view without the list as template data, and each element when asked for (a
// compendium's groups: the view is never whole as template data, only its bytes are held).
class ViewElements {
 public:
  // nullopt when `bytes` are not a cached view holding `list_key` as a list, or are damaged
  // (every element's extent is checked here). `names` as for view_from_cache_bytes.
  static std::optional<ViewElements> read(std::string bytes, const std::string& list_key, const ViewNames* names);
  kainjow::mustache::data rest;  // the view without the list
  std::size_t size() const { return elements_.size(); }
  // Element i as template data; nullopt if its bytes do not read (damaged).
  std::optional<kainjow::mustache::data> element(std::size_t i) const;

 private:
  struct Extent {
    std::size_t begin, end;              // in the CBOR
    std::size_t texts_begin, texts_end;  // of the texts moved out of it
  };
  std::string bytes_;                       // the cache file's
  std::size_t cbor_at_ = 0, texts_at_ = 0;  // where the CBOR and the texts start in it
  std::string_view cbor() const { return std::string_view(bytes_).substr(cbor_at_, texts_at_ - cbor_at_); }
  std::string_view texts() const { return std::string_view(bytes_).substr(texts_at_); }
  std::vector<Extent> elements_;
  ViewNames names_;
  bool keep_all_ = true;
};

}  // namespace huizong
