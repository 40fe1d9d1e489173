// view: the aggregate -> the view models the templates lay out, as JSON (cacheable, and
// printable for template authors). The view carries every computed value (numbers,
// labels, sources, Chinese ordinals: common/cn_numeral.h); templates only arrange them. Every item has
// `source` (file:line) and `agency`. Words the views compose (period names, separators,
// the comparison cell) come from lexicons/labels.json. docs/templates.md lists the variables.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "aggregate/aggregate.h"
#include "render/table.h"

namespace huizong {

// The documents, by name: NAME.md.mustache renders NAME.md, and the layout NAME.html.
// File names are fixed here, never taken from input text.
inline constexpr std::array<const char*, 5> kDocumentNames = {"briefing", "compendium", "problems", "plans",
                                                              "comparison"};

// The list of a document's view made one element at a time (ViewHooks::
// document_made_by_element), and rendered so when its template allows
// (TemplateSet::render_by_element): the largest view, never whole in memory.
inline constexpr const char* kCompendiumList = "groups";

// Every view of one model: one per document (by name), and the workbook's tables
// (comparison, problems, plans, metrics, sources). They depend on the model and the
// lexicons only (not on templates, title or date), so they are cached.
struct ModelViews {
  std::map<std::string, nlohmann::json> documents;
  Datasets tables;
};

// `unit_order`: the units' order (aggregate()); empty: as they first appear in the inputs.
ModelViews build_views(const Model& model, const ThemeLexicon& themes, const Labels& labels,
                       const std::vector<std::string>& unit_order = {});

// What build_views tells its caller as it goes, so that a large model's views need not all
// be held at once.
struct ViewHooks {
  // Called with views.tables as soon as they are made (before the documents' views, which
  // only read them from then on): the workbook can be made from them meanwhile.
  std::function<void(const Datasets&)> tables_made;
  // The most rows (items, figures, groups) for the tables to be made before the documents'
  // views; more, and they are made after the views that do not read them (memory).
  std::size_t tables_first_rows = SIZE_MAX;
  // Each document's view, as soon as it is made (instead of into views.documents).
  std::function<void(const std::string&, nlohmann::json&&)> document_made;
  // The same for a view whose largest list is made one element at a time (the compendium's
  // groups): the view without that list, its key, and `element(i)` for i < count. If not
  // set, the view is made whole and given to document_made.
  std::function<void(const std::string&, nlohmann::json&&, const std::string& list_key, std::size_t count,
                     const std::function<nlohmann::json(std::size_t)>& element)>
      document_made_by_element;
  // Called once the reports' lines and sections are read for the last time (by the
  // aggregate, which copies its items' text): the caller may free them; the rest of the
  // model is still read.
  std::function<void()> text_done;
  // When the tables are made after the documents' views: called once the tables have read
  // group i's figures for the last time (the comparison view does not read them), so that
  // the caller may free them (aggregate.h free_figures) while the rest are copied.
  std::function<void(std::size_t group)> figures_read;
  // When the tables are made after the documents' views: called once the items' texts are
  // read for the last time (before the figures' rows, the largest), so that the caller may
  // free them (aggregate.h free_item_text); the groups' item counts are still read.
  std::function<void()> items_read;
};

// The same into `views`, with `hooks`.
void build_views(ModelViews& views, const Model& model, const ThemeLexicon& themes, const Labels& labels,
                 const std::vector<std::string>& unit_order, const ViewHooks& hooks);

// The same from an aggregate made already (AggregateBuilder) and the model's sources;
// hooks.text_done is not called.
void build_views(ModelViews& views, const Aggregate& agg, const std::vector<Source>& sources,
                 const ThemeLexicon& themes, const Labels& labels, const ViewHooks& hooks);

// One row of the comparison (an agency in a period): the workbook's `comparison` dataset
// and the `rows` of comparison.md are both made of these.
Row comparison_row(const AgencyPeriod& g, const Labels& labels);

}  // namespace huizong
